"""Turn the checked entries of one report (:class:`kg.load.ReportData`) into RDF triples.

Every IRI is minted here, from the entry's id and kind: ``id/program/weicun``,
``id/org/gac-group``, ``id/section/tencent-csr-2019/s2-3``. Partnerships and observations are
nodes of their own so that a role, a date and a source can hang on them.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD as XSD_NS

from .load import ReportData, parse_date
from .namespaces import CSR, CSRS, DCTERMS, ID, PINYIN_LANG, PREFIXES, RDF, RDFS, SCHEMA, SKOS

__all__ = ["IRI_PATHS", "ORG_CLASSES", "entity_iri", "pinyin", "report_to_graph"]

# File -> the path segment of its entities' IRIs.
IRI_PATHS = {
    "programs.yaml": "program", "organizations.yaml": "org", "tencent.yaml": "tencent",
    "people.yaml": "person", "places.yaml": "place", "events.yaml": "event",
    "awards.yaml": "award", "standards.yaml": "standard", "units.yaml": "unit",
    "stakeholders.yaml": "stakeholder", "demand": "demand", "ratings.yaml": "rating",
    "frameworks.yaml": "framework", "concept": "concept",
}
ORG_CLASSES = {
    "company": CSR.Company, "government": CSR.GovernmentBody, "foundation": CSR.Foundation,
    "ngo": CSR.NGO, "academic": CSR.AcademicInstitution, "hospital": CSR.Hospital,
    "international": CSR.InternationalOrganization, "media": CSR.MediaOrganization,
    "association": CSR.Association, "other": CSR.Organization,
}
FILE_CLASSES = {
    "programs.yaml": CSR.Program, "people.yaml": CSR.Person, "places.yaml": CSR.Place,
    "events.yaml": CSR.Event, "awards.yaml": CSR.Award, "standards.yaml": CSR.Standard,
    "stakeholders.yaml": CSR.StakeholderGroup, "ratings.yaml": CSR.Rating,
}
# people.yaml field -> the person's role in the report itself (each a section list).
PERSON_ROLES = {"message_in": CSR.messageIn, "quoted_in": CSR.quotedIn,
                "report_team_in": CSR.reportTeamIn}
UNIT_KINDS = {"company", "unit", "department", "lab"}
CJK_RE = re.compile(r"[\u3400-\u9fff]")
CURATOR_LINKS = {"dimensions": (CSR.dimension, "dimension"),
                 "roles": (CSR.responsibilityRole, "role"),
                 "drivers": (CSR.driver, "driver"),
                 "objects": (CSR.responsibilityObject, "object")}


def entity_iri(data: ReportData, ident: str) -> URIRef:
    """The IRI of any id of the report (entity, section, unit, observation...)."""
    file = data.kind_of(ident)
    rid = data.report_id
    if file == "sections.yaml":
        return ID[f"section/{rid}/{ident}"]
    if file == "observations.yaml":
        return ID[f"observation/{rid}/{ident}"]
    return ID[f"{IRI_PATHS[file]}/{ident}"]


def scheme_iri(scheme: str, code: str) -> URIRef:
    return CSRS[f"{scheme}/{code}"]


def date_literal(value) -> Literal:
    text, xsd_type = parse_date(value)
    return Literal(text, datatype=XSD_NS[xsd_type])


def decimal_literal(value) -> Literal:
    text = format(value, "f") if isinstance(value, float) else str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".") or "0"
    return Literal(text, datatype=XSD_NS.decimal)


def _labels(g: Graph, node: URIRef, entry: dict, prop=RDFS.label) -> None:
    for lang in ("zh", "en"):
        if entry.get(lang):
            g.add((node, prop, Literal(str(entry[lang]).strip(), lang=lang)))


def pinyin(text: str) -> str:
    """Toneless pinyin written together, lower case, other characters kept: 为村 -> weicun."""
    from pypinyin import lazy_pinyin

    return re.sub(r"\s+", "", "".join(lazy_pinyin(text))).lower()


def _pinyin_labels(g: Graph, node: URIRef, texts) -> None:
    """The pinyin of every Chinese label or alias, as a skos:hiddenLabel for search."""
    for text in texts:
        if text and CJK_RE.search(str(text)):
            g.add((node, SKOS.hiddenLabel, Literal(pinyin(str(text)), lang=PINYIN_LANG)))


def _langmap(g: Graph, node: URIRef, prop: URIRef, value: dict | None) -> None:
    for lang, text in (value or {}).items():
        g.add((node, prop, Literal(text.strip(), lang=lang)))


def report_to_graph(data: ReportData, schemes: dict[str, dict[str, tuple[str, str]]]) -> Graph:
    """All the triples of one report (they go into the report's named graph).

    ``schemes`` maps scheme key -> code -> (zh label, en label), from ``ontology/schemes.ttl``.
    """
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    iri = lambda ident: entity_iri(data, ident)  # noqa: E731
    report = ID[f"report/{data.report_id}"]
    structure = ID[f"section/{data.report_id}"]

    def sources(node: URIRef, entry: dict) -> None:
        for sec in entry.get("sources", []):
            g.add((node, DCTERMS.source, iri(sec)))

    def entity(node: URIRef, entry: dict, cls: URIRef) -> None:
        g.add((node, RDF.type, cls))
        _labels(g, node, entry)
        _pinyin_labels(g, node, [entry.get("zh"), *entry.get("aliases", [])])
        for alias in entry.get("aliases", []):
            alias = str(alias)
            g.add((node, SKOS.altLabel,
                   Literal(alias, lang="zh") if CJK_RE.search(alias) else Literal(alias)))
        _langmap(g, node, DCTERMS.description, entry.get("description"))
        sources(node, entry)
        if entry.get("part_of"):
            g.add((node, DCTERMS.isPartOf, iri(entry["part_of"])))
        for ident in entry.get("covers", []):  # programs and tencent.yaml entries only
            g.add((node, CSR.covers, iri(ident)))

    # The report and its structure.
    r = data.report
    g.add((report, RDF.type, CSR.Report))
    _labels(g, report, r)
    g.add((report, DCTERMS.title, Literal(r["zh"], lang="zh")))
    g.add((report, DCTERMS.title, Literal(r["en"], lang="en")))
    _langmap(g, report, DCTERMS.description, r.get("description"))
    g.add((report, CSR.publishedBy, iri(r["publisher"])))
    period = r["period"]
    g.add((report, CSR.startDate, date_literal(period["from"])))
    g.add((report, CSR.endDate, date_literal(period["to"])))
    if r.get("edition"):
        g.add((report, CSR.edition, Literal(int(r["edition"]))))
    if r.get("published"):
        g.add((report, DCTERMS.issued, date_literal(r["published"])))
    for std in r.get("based_on", []):
        g.add((report, CSR.basedOn, iri(std)))
    g.add((structure, RDF.type, SKOS.ConceptScheme))
    g.add((structure, RDFS.label, Literal(f"{r['zh']} 章节结构", lang="zh")))
    g.add((structure, RDFS.label, Literal(f"{r['en']}: structure", lang="en")))

    by_id = {sec["id"]: sec for sec in data.of("sections.yaml")}
    for order, sec in enumerate(data.of("sections.yaml"), start=1):
        node = iri(sec["id"])
        # A sub-section (sub-heading, case box, infographic...) prints no page of its own: it
        # inherits the range of its nearest ancestor that does, and its path runs from there.
        chain, paged = [sec], sec
        while "page" not in paged:
            paged = by_id[paged["part_of"]]
            chain.insert(0, paged)
        for lang in ("zh", "en"):
            g.add((node, CSR.sectionPath,
                   Literal(" › ".join(str(s[lang]) for s in chain), lang=lang)))
        if paged is not sec:
            g.add((node, CSR.pagesInherited, Literal(True)))
        if sec.get("kind"):
            g.add((node, CSR.kind, scheme_iri("section-kind", sec["kind"])))
        g.add((node, RDF.type, CSR.ReportSection))
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, structure))
        g.add((node, SKOS.notation, Literal(sec["id"])))
        _labels(g, node, sec)
        g.add((node, CSR.inReport, report))
        g.add((node, CSR.sectionOrder, Literal(order)))
        g.add((node, CSR.startPage, Literal(paged["page"])))
        if paged.get("last_page"):
            g.add((node, CSR.endPage, Literal(paged["last_page"])))
        if sec.get("part_of"):
            g.add((node, DCTERMS.isPartOf, iri(sec["part_of"])))
            g.add((node, SKOS.broader, iri(sec["part_of"])))
        else:
            g.add((node, SKOS.topConceptOf, structure))

    for unit in data.of("units.yaml"):
        node = iri(unit["id"])
        g.add((node, RDF.type, CSR.Unit))
        g.add((node, SKOS.notation, Literal(unit["id"])))
        _labels(g, node, unit)

    # Entities.
    publisher = r["publisher"]
    for file, cls in FILE_CLASSES.items():
        for e in data.of(file):
            entity(iri(e["id"]), e, cls)
    for e in data.of("organizations.yaml"):
        node = iri(e["id"])
        entity(node, e, CSR.Organization)
        g.add((node, RDF.type, ORG_CLASSES[e["kind"]]))
        g.add((node, CSR.kind, scheme_iri("organization-kind", e["kind"])))
        if e.get("located_in"):
            g.add((node, SCHEMA.location, iri(e["located_in"])))
    for e in data.of("tencent.yaml"):
        node = iri(e["id"])
        kind = e.get("kind", "product")
        if kind not in UNIT_KINDS:
            entity(node, e, CSR.Product)
        elif e["id"] == publisher:  # the reporting company itself is no unit of its own
            entity(node, e, CSR.Organization)
        else:
            entity(node, e, CSR.TencentUnit)
        if kind == "company":
            g.add((node, RDF.type, CSR.Organization))
            g.add((node, RDF.type, CSR.Company))
        g.add((node, CSR.kind, scheme_iri("tencent-kind", kind)))

    for e in data.of("programs.yaml"):
        node = iri(e["id"])
        if e.get("kind"):
            g.add((node, CSR.kind, scheme_iri("program-kind", e["kind"])))
        if e.get("started"):
            g.add((node, CSR.startDate, date_literal(e["started"])))
        if e.get("ended"):
            g.add((node, CSR.endDate, date_literal(e["ended"])))
        if e.get("grew_out_of"):
            g.add((node, CSR.grewOutOf, iri(e["grew_out_of"])))
        for ident in e.get("run_by", []):
            g.add((node, CSR.runBy, iri(ident)))
        for ident in e.get("places", []):
            g.add((node, CSR.operatesIn, iri(ident)))
        for key, (prop, scheme) in CURATOR_LINKS.items():
            for code in e.get(key, []):
                g.add((node, prop, scheme_iri(scheme, code)))
        for ident in e.get("stakeholders", []):
            g.add((node, CSR.concernsStakeholder, iri(ident)))
        for ident in e.get("answers", []):
            g.add((node, CSR.answersDemand, iri(ident)))

    for e in data.of("frameworks.yaml"):  # the report's own frameworks, as SKOS schemes
        node = iri(e["id"])
        entity(node, e, CSR.Framework)
        g.add((node, RDF.type, SKOS.ConceptScheme))
        for ident in e.get("links", []):
            g.add((node, CSR.statedFor, iri(ident)))
        for c in e.get("concepts", []):
            cnode = iri(c["id"])
            entity(cnode, {**c, "sources": c.get("sources") or e["sources"]},
                   CSR.FrameworkConcept)
            g.add((cnode, RDF.type, SKOS.Concept))
            g.add((cnode, SKOS.notation, Literal(c["id"])))
            _labels(g, cnode, c, SKOS.prefLabel)
            g.add((cnode, SKOS.inScheme, node))
            g.add((node, SKOS.hasTopConcept, cnode))
            if c.get("matches"):
                g.add((cnode, SKOS.exactMatch, CSRS[c["matches"]]))
            for ident in c.get("links", []):
                g.add((cnode, CSR.statedFor, iri(ident)))

    for e in data.of("people.yaml"):
        node = iri(e["id"])
        for role in e.get("roles", []):
            g.add((node, SCHEMA.jobTitle, Literal(role["zh"], lang="zh")))
            g.add((node, SCHEMA.jobTitle, Literal(role["en"], lang="en")))
            if role.get("org"):
                g.add((node, SCHEMA.affiliation, iri(role["org"])))
        if e.get("quoted") or e.get("quoted_in"):
            g.add((node, CSR.quoted, Literal(True)))
        for key, prop in PERSON_ROLES.items():
            for sec in e.get(key, []):
                g.add((node, prop, iri(sec)))
    for e in data.of("places.yaml"):
        node = iri(e["id"])
        if e.get("kind"):
            g.add((node, CSR.kind, scheme_iri("place-kind", e["kind"])))
        if e.get("within"):
            g.add((node, SCHEMA.containedInPlace, iri(e["within"])))
    for e in data.of("events.yaml"):
        node = iri(e["id"])
        if e.get("kind"):
            g.add((node, CSR.kind, scheme_iri("event-kind", e["kind"])))
        if e.get("date"):
            g.add((node, DCTERMS.date, date_literal(e["date"])))
        if e.get("start"):
            g.add((node, CSR.startDate, date_literal(e["start"])))
        if e.get("end"):
            g.add((node, CSR.endDate, date_literal(e["end"])))
        if e.get("place"):
            g.add((node, SCHEMA.location, iri(e["place"])))
    for e in data.of("awards.yaml"):
        node = iri(e["id"])
        if e.get("conferred_by"):
            g.add((node, CSR.conferredBy, iri(e["conferred_by"])))
        for ident in e.get("recipients", []):
            g.add((node, CSR.recipient, iri(ident)))
        if e.get("date"):
            g.add((node, DCTERMS.date, date_literal(e["date"])))
        if e.get("rank") is not None:
            g.add((node, CSR.rank, Literal(e["rank"])))
        _langmap(g, node, CSR.note, e.get("note"))
    for e in data.of("standards.yaml"):
        if e.get("publisher"):
            g.add((iri(e["id"]), DCTERMS.publisher, iri(e["publisher"])))

    _stakeholders(g, data, iri)
    _partnerships(g, data, iri, schemes["partner-role"])
    _observations(g, data, iri)
    _indicator_index(g, data, iri)
    _ratings(g, data, iri, report, schemes["criterion"])
    return g


def _label_of(data: ReportData, ident: str, lang: str) -> str:
    return str(data.index[ident][1][lang])


def _stakeholders(g: Graph, data: ReportData, iri) -> None:
    for group in data.of("stakeholders.yaml"):
        node = iri(group["id"])
        _langmap(g, node, CSR.communicationPractice, group.get("practice"))
        for ident in group.get("practice_by", []):
            g.add((node, CSR.practiceBy, iri(ident)))
        for d in group.get("demands", []):
            dnode = iri(d["id"])
            g.add((node, CSR.hasDemand, dnode))
            g.add((dnode, RDF.type, CSR.StakeholderDemand))
            _labels(g, dnode, d)
            _pinyin_labels(g, dnode, [d.get("zh")])
            g.add((dnode, CSR.tier, scheme_iri("tier", d["tier"])))
            for sec in group.get("sources", []):
                g.add((dnode, DCTERMS.source, iri(sec)))


def reporter_side(data: ReportData, ident: str, seen: frozenset = frozenset()) -> bool:
    """Whether ``ident`` is the reporting company's own side: the company, one of its units or
    products (tencent.yaml), a program run only by those, or a person who holds a role there."""
    file, entry = data.index[ident]
    if file == "tencent.yaml":
        return True
    if ident in seen:
        return False
    seen = seen | {ident}
    if file == "programs.yaml":
        runners = entry.get("run_by", [])
        return bool(runners) and all(reporter_side(data, r, seen) for r in runners)
    if file == "people.yaml":
        return any(role.get("org") and reporter_side(data, role["org"], seen)
                   for role in entry.get("roles", []))
    return False


def _partnerships(g: Graph, data: ReportData, iri, roles: dict) -> None:
    for p in data.of("partnerships.yaml"):
        key = f"{p['subject']}--{p['partner']}--{p['role']}"
        node = ID[f"partnership/{data.report_id}/{key}"]
        g.add((node, RDF.type, CSR.Partnership))
        g.add((node, CSR.partnershipIn, iri(p["subject"])))
        g.add((node, CSR.partner, iri(p["partner"])))
        g.add((node, CSR.role, scheme_iri("partner-role", p["role"])))
        g.add((node, CSR.reporterSide, Literal(reporter_side(data, p["partner"]))))
        if p.get("since"):
            g.add((node, CSR.since, date_literal(p["since"])))
        for sec in p["sources"]:
            g.add((node, DCTERMS.source, iri(sec)))
        _langmap(g, node, CSR.note, p.get("note"))
        role_zh, role_en = roles[p["role"]]
        g.add((node, RDFS.label, Literal(
            f"{_label_of(data, p['partner'], 'zh')} — {_label_of(data, p['subject'], 'zh')}"
            f"（{role_zh}）", lang="zh")))
        g.add((node, RDFS.label, Literal(
            f"{_label_of(data, p['partner'], 'en')} — {_label_of(data, p['subject'], 'en')}"
            f" ({role_en.lower()})", lang="en")))


def _observations(g: Graph, data: ReportData, iri) -> None:
    for o in data.of("observations.yaml"):
        node = iri(o["id"])
        g.add((node, RDF.type, CSR.Observation))
        g.add((node, CSR.observedEntity, iri(o["subject"])))
        _langmap(g, node, CSR.measure, o["measure"])
        for lang in ("zh", "en"):
            measure = o["measure"].get(lang) or o["measure"].get("en" if lang == "zh" else "zh")
            sep = "：" if lang == "zh" else ": "
            g.add((node, RDFS.label,
                   Literal(f"{_label_of(data, o['subject'], lang)}{sep}{measure}", lang=lang)))
        g.add((node, RDF.value, decimal_literal(o["value"])))
        g.add((node, CSR.unit, iri(o["unit"])))
        if o.get("qualifier"):
            g.add((node, CSR.qualifier, scheme_iri("qualifier", o["qualifier"])))
        if o.get("as_of"):
            g.add((node, CSR.asOf, date_literal(o["as_of"])))
        period = o.get("period")
        if period is not None:
            start, end = ((period.get("from"), period.get("to")) if isinstance(period, dict)
                          else (period, period))
            g.add((node, CSR.periodStart, date_literal(start)))
            g.add((node, CSR.periodEnd, date_literal(end)))
        for sec in o["sources"]:
            g.add((node, DCTERMS.source, iri(sec)))
        _langmap(g, node, CSR.note, o.get("note"))


def _indicator_index(g: Graph, data: ReportData, iri) -> None:
    for n, row in enumerate(data.of("indicators.yaml"), start=1):
        node = ID[f"index-entry/{data.report_id}/{n}"]
        sec = row["section"]
        g.add((node, RDF.type, CSR.IndicatorIndexEntry))
        g.add((node, CSR.indexedSection, iri(sec)))
        g.add((node, CSR.indexedPage, Literal(row["page"])))
        g.add((node, DCTERMS.source, iri("indicator-index") if "indicator-index" in data.index
               else iri(sec)))
        g.add((node, RDFS.label, Literal(f"指标索引：{_label_of(data, sec, 'zh')}", lang="zh")))
        g.add((node, RDFS.label,
               Literal(f"Indicator index: {_label_of(data, sec, 'en')}", lang="en")))
        for code in row["codes"]:
            code = str(code)
            ind = ID[f"indicator/cass-csr-4/{code}"]
            g.add((node, CSR.indicator, ind))
            g.add((ind, RDF.type, CSR.Indicator))
            g.add((ind, SKOS.notation, Literal(code)))
            g.add((ind, SKOS.inScheme, CSRS["cass-family"]))
            g.add((ind, SKOS.broader, scheme_iri("cass-family", code[0])))
            g.add((ind, RDFS.label, Literal(f"CASS-CSR 4.0 指标 {code}", lang="zh")))
            g.add((ind, RDFS.label, Literal(f"CASS-CSR 4.0 indicator {code}", lang="en")))


def _ratings(g: Graph, data: ReportData, iri, report: URIRef, criteria: dict) -> None:
    for rating in data.of("ratings.yaml"):
        node = iri(rating["id"])
        g.add((node, CSR.ratedReport, report))
        if rating.get("rated_by"):
            g.add((node, CSR.ratedBy, iri(rating["rated_by"])))
        for std in rating.get("basis", []):
            g.add((node, CSR.ratingBasis, iri(std)))
        if rating.get("date"):
            g.add((node, DCTERMS.date, date_literal(rating["date"])))
        if rating.get("stars") is not None:
            g.add((node, CSR.stars, Literal(rating["stars"])))
        for c in rating.get("criteria", []):
            cnode = ID[f"rating/{rating['id']}/{c['criterion']}"]
            g.add((node, CSR.criterionRating, cnode))
            g.add((cnode, RDF.type, CSR.CriterionRating))
            g.add((cnode, CSR.criterion, scheme_iri("criterion", c["criterion"])))
            g.add((cnode, CSR.stars, Literal(c["stars"])))
            _langmap(g, cnode, DCTERMS.description, c.get("summary"))
            for sec in rating.get("sources", []):
                g.add((cnode, DCTERMS.source, iri(sec)))
            crit_zh, crit_en = criteria[c["criterion"]]
            g.add((cnode, RDFS.label, Literal(
                f"{_label_of(data, rating['id'], 'zh')}：{crit_zh}", lang="zh")))
            g.add((cnode, RDFS.label, Literal(
                f"{_label_of(data, rating['id'], 'en')}: {crit_en}", lang="en")))
