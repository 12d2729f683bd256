"""The kinds of thing a user can name on the command line (``--type program``), and the class
each stands for. Search, cards, paths and subgraph selection all read this one table."""

from __future__ import annotations

from .namespaces import CSR

__all__ = ["ENTITY_TYPES", "SEARCHED_BY_DEFAULT", "type_names", "type_of_class"]

# name -> class IRI. Organization covers its subclasses (Company, Foundation...).
ENTITY_TYPES = {
    "program": CSR.Program,
    "organization": CSR.Organization,
    "unit": CSR.TencentUnit,
    "product": CSR.Product,
    "person": CSR.Person,
    "place": CSR.Place,
    "event": CSR.Event,
    "award": CSR.Award,
    "standard": CSR.Standard,
    "stakeholder": CSR.StakeholderGroup,
    "demand": CSR.StakeholderDemand,
    "indicator": CSR.Indicator,
    "section": CSR.ReportSection,
    "report": CSR.Report,
    "rating": CSR.Rating,
    "framework": CSR.Framework,
    "concept": CSR.FrameworkConcept,
    "figure": CSR.Observation,
    "partnership": CSR.Partnership,
}

# Figures and partnerships are labelled after the entities they are about, so a search for
# 为村 would drown in them; they are found only when asked for by --type.
SEARCHED_BY_DEFAULT = tuple(t for t in ENTITY_TYPES if t not in ("figure", "partnership"))


def type_names() -> str:
    return ", ".join(ENTITY_TYPES)


_ORGANIZATION_KINDS = ("Company", "GovernmentBody", "Foundation", "NGO", "AcademicInstitution",
                       "Hospital", "InternationalOrganization", "MediaOrganization",
                       "Association")


def type_of_class(cls: str) -> str:
    """The type name of a class, given as a CURIE (``csr:Company`` -> ``organization``)."""
    local = cls.split(":", 1)[-1]
    if local in _ORGANIZATION_KINDS:
        return "organization"
    for name, iri in ENTITY_TYPES.items():
        if str(iri).endswith("#" + local):
            return name
    raise KeyError(cls)
