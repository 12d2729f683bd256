"""``kg stats``: counts per class, per responsibility dimension and per report section."""

from __future__ import annotations

from .store import Store

__all__ = ["CLASSES", "stats"]

# (class, zh, en) in the order a summary lists them.
CLASSES = [
    ("csr:Program", "项目", "programs"),
    ("csr:Organization", "外部组织", "external organizations"),
    ("csr:TencentUnit", "腾讯业务单元", "Tencent units"),
    ("csr:Product", "腾讯产品与平台", "Tencent products"),
    ("csr:Person", "人物", "people"),
    ("csr:Place", "地点", "places"),
    ("csr:Event", "事件", "events"),
    ("csr:Award", "荣誉", "awards"),
    ("csr:Standard", "标准", "standards"),
    ("csr:Observation", "数据", "figures"),
    ("csr:Partnership", "合作关系", "partnerships"),
    ("csr:StakeholderGroup", "利益相关方", "stakeholder groups"),
    ("csr:StakeholderDemand", "利益相关方诉求", "stakeholder demands"),
    ("csr:ReportSection", "章节", "sections"),
    ("csr:IndicatorIndexEntry", "指标索引条目", "indicator index rows"),
    ("csr:Indicator", "指标", "indicators"),
    ("csr:Rating", "评级", "ratings"),
    ("csr:Framework", "报告框架", "the report's frameworks"),
    ("csr:FrameworkConcept", "框架概念", "framework concepts"),
]


def stats(store: Store) -> dict:
    """Counts: ``classes`` (class -> n; csr:Organization counts outside organizations only,
    not Tencent or its units: the same line as ``csr:reporterSide`` on partnerships),
    ``dimensions`` (dimension en label -> programs), ``sections`` (section -> entities sourced
    from it), ``triples``."""
    values = " ".join(c for c, _, _ in CLASSES)
    rows = store.select(f"""
        SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {{
          VALUES ?class {{ {values} }}
          ?x a ?class .
          FILTER(?class != csr:Organization || NOT EXISTS {{
            ?x csr:kind ?k . ?k skos:inScheme csrs:tencent-kind }})
        }} GROUP BY ?class""")
    by_class = {str(r["class"]): int(r["n"]) for r in rows}
    classes = {}
    for curie, zh, en in CLASSES:
        iri = curie.replace("csr:", "https://w3id.org/csr-kg/ontology#")
        classes[curie] = {"zh": zh, "en": en, "count": by_class.get(iri, 0)}
    dims = store.select("""
        SELECT ?dim ?zh ?en (COUNT(DISTINCT ?p) AS ?n) WHERE {
          ?dim skos:inScheme csrs:dimension ; skos:prefLabel ?zh, ?en .
          FILTER(lang(?zh) = "zh" && lang(?en) = "en")
          OPTIONAL { ?p csr:dimension ?dim }
        } GROUP BY ?dim ?zh ?en ORDER BY ?dim""")
    sections = store.select("""
        SELECT ?sec ?zh ?en ?page (COUNT(DISTINCT ?x) AS ?n) WHERE {
          ?sec a csr:ReportSection ; csr:startPage ?page ; csr:sectionOrder ?order ;
               rdfs:label ?zh, ?en .
          FILTER(lang(?zh) = "zh" && lang(?en) = "en")
          OPTIONAL { ?x dcterms:source ?sec }
        } GROUP BY ?sec ?zh ?en ?page ?order ORDER BY ?order""")
    triples = store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {
        "triples": int(triples.rows[0]["n"]),
        "classes": classes,
        "dimensions": [{"zh": str(r["zh"]), "en": str(r["en"]), "programs": int(r["n"])}
                       for r in dims],
        "sections": [{"zh": str(r["zh"]), "en": str(r["en"]), "page": int(r["page"]),
                      "sourced": int(r["n"])} for r in sections],
    }
