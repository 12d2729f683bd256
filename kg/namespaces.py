"""IRIs of the project: the ``csr:`` vocabulary as a closed namespace, and the id scheme.

``CSR`` is a :class:`rdflib.namespace.DefinedNamespace`, so a typo such as ``CSR.partnr``
fails loudly; ``tests/test_ontology.py`` checks that it agrees with ``ontology/csr.ttl``.
"""

import re

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["CSR", "CSRS", "BASE", "ID", "GRAPH", "ONTOLOGY_GRAPH", "PREFIXES", "PINYIN_LANG",
           "curie", "report_graph", "SCHEMA", "ORG", "PROV", "DCTERMS", "SKOS", "RDFS", "RDF",
           "XSD", "OWL", "FOAF"]

BASE = "https://w3id.org/csr-kg/"


class CSR(DefinedNamespace):
    """The csr-kg ontology terms (``ontology/csr.ttl``)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Report: URIRef
    ReportSection: URIRef
    Program: URIRef
    Organization: URIRef
    Company: URIRef
    GovernmentBody: URIRef
    Foundation: URIRef
    NGO: URIRef
    AcademicInstitution: URIRef
    Hospital: URIRef
    InternationalOrganization: URIRef
    MediaOrganization: URIRef
    Association: URIRef
    TencentUnit: URIRef
    Product: URIRef
    Person: URIRef
    Place: URIRef
    Event: URIRef
    Award: URIRef
    Partnership: URIRef
    Observation: URIRef
    StakeholderGroup: URIRef
    StakeholderDemand: URIRef
    Standard: URIRef
    Indicator: URIRef
    IndicatorIndexEntry: URIRef
    Rating: URIRef
    CriterionRating: URIRef
    Unit: URIRef
    Framework: URIRef
    FrameworkConcept: URIRef
    # properties
    startPage: URIRef
    endPage: URIRef
    inReport: URIRef
    sectionOrder: URIRef
    sectionPath: URIRef
    pagesInherited: URIRef
    kind: URIRef
    startDate: URIRef
    endDate: URIRef
    grewOutOf: URIRef
    runBy: URIRef
    operatesIn: URIRef
    covers: URIRef
    quoted: URIRef
    roleInReport: URIRef
    messageIn: URIRef
    quotedIn: URIRef
    reportTeamIn: URIRef
    publishedBy: URIRef
    basedOn: URIRef
    edition: URIRef
    conferredBy: URIRef
    recipient: URIRef
    rank: URIRef
    partnershipIn: URIRef
    partner: URIRef
    role: URIRef
    since: URIRef
    reporterSide: URIRef
    note: URIRef
    observedEntity: URIRef
    measure: URIRef
    unit: URIRef
    qualifier: URIRef
    asOf: URIRef
    periodStart: URIRef
    periodEnd: URIRef
    hasDemand: URIRef
    tier: URIRef
    communicationPractice: URIRef
    practiceBy: URIRef
    indexedSection: URIRef
    indicator: URIRef
    indexedPage: URIRef
    ratedBy: URIRef
    ratedReport: URIRef
    ratingBasis: URIRef
    statedFor: URIRef
    stars: URIRef
    criterionRating: URIRef
    criterion: URIRef
    curatorReading: URIRef
    dimension: URIRef
    responsibilityRole: URIRef
    driver: URIRef
    responsibilityObject: URIRef
    concernsStakeholder: URIRef
    answersDemand: URIRef
    # analytics (kg analyze --save): scores and the parameters of their run
    score: URIRef
    degree: URIRef
    betweenness: URIRef
    constraint: URIRef
    effectiveSize: URIRef
    bridgeCount: URIRef
    articulationPoint: URIRef
    community: URIRef
    brokerage: URIRef
    brokerageRole: URIRef
    method: URIRef
    readings: URIRef
    seed: URIRef
    sampleSize: URIRef
    selection: URIRef


CSRS = Namespace(BASE + "scheme/")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
ONTOLOGY_GRAPH = GRAPH["ontology"]

SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")

PREFIXES = {
    "csr": str(CSR._NS), "csrs": str(CSRS), "id": str(ID), "graph": str(GRAPH),
    "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "owl": str(OWL), "skos": str(SKOS),
    "prov": str(PROV), "dcterms": str(DCTERMS), "schema": str(SCHEMA), "org": str(ORG),
    "foaf": str(FOAF),
    # one prefix per kind of entity, so that queries can say program:weicun
    "program": str(ID["program/"]), "organization": str(ID["org/"]),
    "tencent": str(ID["tencent/"]), "person": str(ID["person/"]), "place": str(ID["place/"]),
    "event": str(ID["event/"]), "award": str(ID["award/"]), "standard": str(ID["standard/"]),
    "stakeholder": str(ID["stakeholder/"]), "demand": str(ID["demand/"]),
    "unit": str(ID["unit/"]), "framework": str(ID["framework/"]),
    "concept": str(ID["concept/"]),
    # one prefix per concept scheme, so that a concept prints as role:toolbox (a "/" cannot
    # stand unescaped in a prefixed name: csrs:role/toolbox would not parse back)
    **{name: str(CSRS[f"{name}/"]) for name in (
        "cass-family", "criterion", "dimension", "driver", "event-kind", "object",
        "organization-kind", "partner-role", "place-kind", "program-kind", "qualifier", "role",
        "section-kind", "tencent-kind", "tier")},
}


# The language tag of the pinyin the build writes as skos:hiddenLabel (for search).
PINYIN_LANG = "zh-latn-pinyin"

# Longest namespace first, so that id/program/weicun reads program:weicun, not id:program/...
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def curie(iri) -> str:
    """``program:weicun`` for an IRI under one of our prefixes whose rest is a valid local
    name; ``<iri>`` for any other IRI, so that what kg prints can be pasted into SPARQL.

    >>> curie("https://w3id.org/csr-kg/ontology#runBy")
    'csr:runBy'
    >>> curie("https://w3id.org/csr-kg/id/section/tencent-csr-2019/s3-3")
    '<https://w3id.org/csr-kg/id/section/tencent-csr-2019/s3-3>'
    """
    iri = str(iri)
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and _LOCAL_NAME.fullmatch(iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


# A SPARQL/Turtle PN_LOCAL without escapes, kept to ASCII: letters, digits, "_", and "-" or
# "." inside (never a "/", "#", "%" or a final ".").
_LOCAL_NAME = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")


def report_graph(report_id: str) -> URIRef:
    """The named graph that holds one report's facts."""
    return GRAPH[report_id]
