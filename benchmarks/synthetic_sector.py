"""The sector's standing records in a synthetic graph (``synthetic.py``): units of measure and
indicators, the reports with their sections, stakeholder groups, demands, ratings and indicator
index; places, outside organizations, Tencent-side units and products, and people."""

from __future__ import annotations

import random
from bisect import bisect_left
from itertools import accumulate

from synthetic_trig import _labels, _lit, _typed, _Writer
from synthetic_vocab import (CRITERIA, GROUPS, ORG_KINDS, PLACE_LEVELS, TENCENT_KINDS, TIERS,
                             UNITS, _Names)


def build_sector(w: _Writer, rnd: random.Random, names: _Names, c: dict[str, int]) -> dict:
    """Write the records every program, event, partnership and figure points to; returns them
    (and the helpers that pick among them) for ``synthetic_activity.build_activities``."""
    R = c["reports"]

    def report_of(i: int, total: int) -> int:
        return i * R // total

    # ---- units of measure, indicators (shared by every report)
    for code, zh, en, _ in UNITS:
        w.subject(f"unit:{code}", [("rdf:type", "csr:Unit"), ("skos:notation", _lit(code)),
                                   *_labels(zh, en)])
    families = ["M", "P", "S", "G", "A", "E"]
    indicators = []
    for i in range(88):
        code = f"{families[i % 6]}{i // 6 + 1}.{i % 5 + 1}"
        iri = f"id:indicator/synthetic/{code}"
        indicators.append(iri)
        zh, py, en = names.stem(3, 4)
        w.subject(iri, [("rdf:type", "csr:Indicator"), ("skos:notation", _lit(code)),
                        ("skos:inScheme", "csrs:cass-family"),
                        ("skos:broader", f"csrs:cass-family/{families[i % 6]}"),
                        *_labels(f"{zh}披露", f"Disclosure of {en}")])

    # ---- reports and their sections, stakeholder groups and demands
    sections: list[list[str]] = []     # per report: every section
    leaves: list[list[str]] = []       # per report: the subsections
    roots: list[str] = []              # per report: the reporting company (a unit)
    groups: list[list[str]] = []
    demands: list[list[str]] = []
    for r in range(R):
        rid = f"synthetic-r{r:03d}"
        roots.append(f"tencent:{rid}")
        zh, py, en = names.stem(2, 2)
        w.subject(f"id:report/{rid}", [
            ("rdf:type", "csr:Report"), ("csr:edition", _typed(rnd.randint(1, 12), "integer")),
            ("csr:startDate", _typed("2019-01-01", "date")),
            ("csr:endDate", _typed("2019-12-31", "date")),
            ("csr:publishedBy", roots[r]),
            *_labels(f"{zh}集团社会责任报告（2019）", f"{en} Group CSR Report 2019")])
        w.subject(roots[r], [
            ("rdf:type", "csr:TencentUnit"), ("rdf:type", "csr:Organization"),
            ("rdf:type", "csr:Company"), ("csr:kind", "csrs:tencent-kind/company"),
            *_labels(f"{zh}集团", f"{en} Group", f"{py}jituan")])
        scheme = f"id:section/{rid}"
        secs, subs, order, page = [], [], 0, 1
        for ch in range(1, 7):
            chap = f"id:section/{rid}/ch{ch}"
            order += 1
            pages = rnd.randint(8, 16)
            cz, _, ce = names.stem(2, 3)
            w.subject(chap, [
                ("rdf:type", "csr:ReportSection"), ("rdf:type", "skos:Concept"),
                ("csr:inReport", f"id:report/{rid}"),
                ("csr:sectionOrder", _typed(order, "integer")),
                ("csr:startPage", _typed(page, "integer")),
                ("csr:endPage", _typed(page + pages - 1, "integer")),
                ("skos:notation", _lit(f"ch{ch}")), ("skos:inScheme", scheme),
                ("skos:topConceptOf", scheme), *_labels(f"第{ch}章 {cz}", f"Chapter {ch}: {ce}")])
            secs.append(chap)
            start = page
            for s in range(1, 5):
                sec = f"id:section/{rid}/s{ch}-{s}"
                order += 1
                end = min(start + rnd.randint(1, 4), page + pages - 1)
                sz, _, se = names.stem(2, 3)
                w.subject(sec, [
                    ("rdf:type", "csr:ReportSection"), ("rdf:type", "skos:Concept"),
                    ("csr:inReport", f"id:report/{rid}"),
                    ("csr:sectionOrder", _typed(order, "integer")),
                    ("csr:startPage", _typed(start, "integer")),
                    ("csr:endPage", _typed(end, "integer")), ("dcterms:isPartOf", chap),
                    ("skos:broader", chap), ("skos:notation", _lit(f"s{ch}-{s}")),
                    ("skos:inScheme", scheme), *_labels(f"{ch}.{s} {sz}", f"{ch}.{s} {se}")])
                secs.append(sec)
                subs.append(sec)
                start = end
            page += pages
        sections.append(secs)
        leaves.append(subs)
        gs, ds = [], []
        for code, gzh, gpy, gen in GROUPS:
            g = f"stakeholder:{rid}-{code}"
            mine = []
            for tier in TIERS:
                d = f"demand:{rid}-{code}-{tier}"
                mine.append(d)
                dz, dpy, de = names.stem(3, 4)
                w.subject(d, [("rdf:type", "csr:StakeholderDemand"),
                              ("csr:tier", f"csrs:tier/{tier}"),
                              ("dcterms:source", subs[0]), *_labels(f"{dz}诉求", f"Demand for {de}",
                                                                    f"{dpy}suqiu")])
            w.subject(g, [("rdf:type", "csr:StakeholderGroup"),
                          *[("csr:hasDemand", d) for d in mine],
                          ("csr:communicationPractice",
                           _lit(f"{gzh}沟通：{names.stem()[0]}会议", "zh")),
                          ("csr:communicationPractice", _lit(f"Meetings with {gen.lower()}", "en")),
                          ("dcterms:source", subs[0]), *_labels(gzh, gen, gpy)])
            gs.append(g)
            ds.extend(mine)
        groups.append(gs)
        demands.append(ds)
        # the report's rating and its indicator index
        rating = f"id:rating/{rid}"
        crs = []
        for k, crit in enumerate(CRITERIA):
            cr = f"id:rating/{rid}/{crit}"
            crs.append(cr)
            w.subject(cr, [("rdf:type", "csr:CriterionRating"),
                           ("csr:criterion", f"csrs:criterion/{crit}"),
                           ("csr:stars", _typed(rnd.randint(3, 5), "decimal")),
                           ("dcterms:description", _lit(f"{names.stem()[0]}表现良好", "zh")),
                           ("dcterms:description", _lit(f"Good on {crit}", "en"))])
        w.subject(rating, [("rdf:type", "csr:Rating"), ("csr:ratedReport", f"id:report/{rid}"),
                           ("csr:ratedBy", "organization:synthetic-o00000"),
                           ("dcterms:date", _typed("2020-05-20", "date")),
                           ("csr:stars", _typed(rnd.choice(["4", "4.5", "5"]), "decimal")),
                           *[("csr:criterionRating", cr) for cr in crs]])
        for k in range(21):
            sec = rnd.choice(secs)
            w.subject(f"id:index/{rid}/e{k:02d}", [
                ("rdf:type", "csr:IndicatorIndexEntry"), ("csr:indexedSection", sec),
                ("csr:indexedPage", _typed(rnd.randint(1, 90), "integer")),
                *[("csr:indicator", ind) for ind in rnd.sample(indicators, rnd.randint(1, 2))]])

    def source(r: int, k: int | None = None) -> list[tuple[str, str]]:
        k = k if k is not None else rnd.choice((1, 1, 1, 2, 2, 3))
        return [("dcterms:source", s) for s in rnd.sample(leaves[r], k)]

    # ---- places: a hierarchy shared by every report
    places_by_level: list[list[str]] = []
    n = c["places"]
    for lv, (kind, zs, ps, es, share) in enumerate(PLACE_LEVELS):
        mine = []
        for i in range(max(1, round(n * share))):
            iri = f"place:synthetic-{kind}-{i:05d}"
            zh, py, en = names.stem(2, 2)
            pairs = [("rdf:type", "csr:Place"), ("csr:kind", f"csrs:place-kind/{kind}"),
                     *_labels(zh + zs, f"{en} {es}", py + ps)]
            if lv:
                parent = places_by_level[lv - 1][0 if i == 0 else rnd.randrange(
                    len(places_by_level[lv - 1]))]
                pairs.append(("schema:containedInPlace", parent))
            w.subject(iri, pairs)
            mine.append(iri)
        places_by_level.append(mine)
    local_places = [p for level in places_by_level[1:] for p in level]

    # ---- outside organizations (a pool shared by the sector) and Tencent-side units
    kinds_cum = list(accumulate(k[5] for k in ORG_KINDS))
    orgs = []
    for i in range(c["orgs"]):
        pick = bisect_left(kinds_cum, rnd.uniform(0, kinds_cum[-1]))
        kind, cls, zs, ps, es, _ = ORG_KINDS[0 if i == 0 else pick]
        iri = f"organization:synthetic-o{i:05d}"
        zh, py, en = names.stem()
        pairs = [("rdf:type", "csr:Organization")]
        if cls:
            pairs.append(("rdf:type", f"csr:{cls}"))
        pairs += [("csr:kind", f"csrs:organization-kind/{kind}"),
                  *_labels(zh + zs, f"{en} {es}", py + ps),
                  ("dcterms:description", _lit(f"一家{zs}，参与{names.stem()[0]}等项目。", "zh")),
                  ("dcterms:description", _lit(f"A {kind} working on social programs.", "en")),
                  *source(rnd.randrange(R), 1)]
        w.subject(iri, pairs)
        orgs.append(iri)
    # partners are drawn with a skew: the first organizations work with many programs
    org_cum = list(accumulate(1 / (i + 1) ** 0.7 for i in range(len(orgs))))

    def popular_org() -> str:
        return orgs[min(bisect_left(org_cum, rnd.uniform(0, org_cum[-1])), len(orgs) - 1)]

    units: list[list[str]] = [[roots[r]] for r in range(R)]
    for i in range(c["units"]):
        r = report_of(i, c["units"])
        iri = f"tencent:synthetic-r{r:03d}-u{i:05d}"
        zh, py, en = names.stem()
        kind = rnd.choice(TENCENT_KINDS)
        pairs = [("rdf:type", "csr:TencentUnit"), ("csr:kind", f"csrs:tencent-kind/{kind}"),
                 ("dcterms:isPartOf", roots[r]),
                 *_labels(zh + "事业部", f"{en} Unit", py + "shiyebu"),
                 *source(r, 1)]
        w.subject(iri, pairs)
        units[r].append(iri)
    products: list[list[str]] = [[] for _ in range(R)]
    for i in range(c["products"]):
        r = report_of(i, c["products"])
        iri = f"tencent:synthetic-r{r:03d}-p{i:05d}"
        zh, py, en = names.stem()
        w.subject(iri, [("rdf:type", "csr:Product"), ("csr:kind", "csrs:tencent-kind/product"),
                        *_labels(zh, en, py),
                        ("dcterms:description", _lit(f"{zh}是一款产品。", "zh")),
                        ("dcterms:description", _lit(f"{en} is a product.", "en")),
                        *source(r, 1)])
        products[r].append(iri)

    # ---- people
    persons: list[list[str]] = [[] for _ in range(R)]
    for i in range(c["persons"]):
        r = report_of(i, c["persons"])
        iri = f"person:synthetic-{i:05d}"
        zh, py, en = names.stem(2, 3)
        where = orgs[0] if i % 4 == 0 else (rnd.choice(units[r]) if i % 2 else popular_org())
        pairs = [("rdf:type", "csr:Person"), *_labels(zh, en, py), ("schema:affiliation", where),
                 ("schema:jobTitle", _lit("负责人", "zh")), ("schema:jobTitle", _lit("Head", "en")),
                 *source(r, 1)]
        if i % 3 == 0:
            pairs.append(("csr:quoted", _typed("true", "boolean")))
        w.subject(iri, pairs)
        persons[r].append(iri)

    return {"R": R, "report_of": report_of, "source": source, "popular_org": popular_org,
            "leaves": leaves, "roots": roots, "groups": groups, "demands": demands,
            "places_by_level": places_by_level, "local_places": local_places, "orgs": orgs,
            "units": units, "products": products, "persons": persons}
