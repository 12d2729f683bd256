"""Synthetic CSR graphs shaped like the report's, at any size, for the scale benchmark.

The real graph holds one report (about 17,000 triples). A synthetic graph of N triples holds a
sector of made-up reports with the same kinds of thing, the same properties, the same IRI
patterns and about the same proportions: programs run by units or foundations, with
dimensions, stakeholder groups, demands, places and lineage; n-ary partnerships with roles
and ``csr:reporterSide``; figures with values, units, dates and qualifiers; report sections
with printed pages that everything is sourced to; zh and en labels made of a syllable list,
with their pinyin as ``skos:hiddenLabel``. Partners are drawn with a skew (a few organizations
work with many programs), as in the real report. The ontology graph is copied from the real
build's dump, so the canned queries find the schemes.

Everything comes from one seeded random generator: the same size and seed give the same file.
Files are written once into ``benchmarks/data/`` (git-ignored) and reused.

    .venv/bin/python benchmarks/synthetic.py 100k    # writes benchmarks/data/synthetic-100k.trig
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from bisect import bisect_left
from itertools import accumulate
from pathlib import Path

__all__ = ["GENERATOR_VERSION", "SIZES", "ensure", "generate", "parse_size"]

HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / "data"
REAL_DUMP = HERE.parent / "build" / "tencent-csr-2019.trig"
ONTOLOGY_GRAPH = "https://w3id.org/csr-kg/graph/ontology"
GENERATOR_VERSION = 4  # bump when the output changes, so cached files are made again
SEED = 2019

SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}

PREFIXES = {
    "csr": "https://w3id.org/csr-kg/ontology#",
    "csrs": "https://w3id.org/csr-kg/scheme/",
    "id": "https://w3id.org/csr-kg/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "program": "https://w3id.org/csr-kg/id/program/",
    "organization": "https://w3id.org/csr-kg/id/org/",
    "tencent": "https://w3id.org/csr-kg/id/tencent/",
    "person": "https://w3id.org/csr-kg/id/person/",
    "place": "https://w3id.org/csr-kg/id/place/",
    "event": "https://w3id.org/csr-kg/id/event/",
    "award": "https://w3id.org/csr-kg/id/award/",
    "stakeholder": "https://w3id.org/csr-kg/id/stakeholder/",
    "demand": "https://w3id.org/csr-kg/id/demand/",
    "unit": "https://w3id.org/csr-kg/id/unit/",
}

# (hanzi, pinyin): enough syllables that made-up names rarely collide
SYLLABLES = [tuple(s.split(":")) for s in """
腾:teng 讯:xun 公:gong 益:yi 乡:xiang 村:cun 教:jiao 育:yu 科:ke 技:ji 文:wen 化:hua 数:shu
字:zi 生:sheng 态:tai 环:huan 保:bao 健:jian 康:kang 医:yi 疗:liao 助:zhu 学:xue 基:ji 金:jin
平:ping 台:tai 行:xing 动:dong 城:cheng 智:zhi 慧:hui 云:yun 安:an 全:quan 青:qing 年:nian
老:lao 人:ren 儿:er 童:tong 水:shui 山:shan 林:lin 海:hai 河:he 湖:hu 江:jiang 新:xin 华:hua
中:zhong 民:min 社:she 共:gong 创:chuang 未:wei 来:lai 光:guang 明:ming 爱:ai 心:xin 善:shan
美:mei 好:hao 信:xin 息:xi 网:wang 络:luo 联:lian 研:yan 究:jiu 大:da 小:xiao 东:dong 西:xi
南:nan 北:bei 春:chun 秋:qiu 星:xing 火:huo 种:zhong 子:zi 书:shu 路:lu 桥:qiao 田:tian
园:yuan 家:jia 庭:ting 福:fu 寿:shou 乐:le 和:he 远:yuan 志:zhi 愿:yuan 梦:meng 想:xiang
筑:zhu 启:qi 航:hang 益:yi 微:wei 众:zhong 筹:chou 互:hu 惠:hui 润:run 泽:ze 雨:yu 露:lu
""".split()]

PROGRAM_SUFFIX = [("计划", "jihua", "Plan"), ("行动", "xingdong", "Campaign"),
                  ("项目", "xiangmu", "Project"), ("平台", "pingtai", "Platform"),
                  ("基金", "jijin", "Fund"), ("课堂", "ketang", "Classroom")]
ORG_KINDS = [  # organization-kind, class, zh suffix, pinyin, en suffix, weight
    ("company", "Company", "公司", "gongsi", "Co., Ltd.", 26),
    ("government", "GovernmentBody", "局", "ju", "Bureau", 17),
    ("academic", "AcademicInstitution", "大学", "daxue", "University", 15),
    ("association", "Association", "协会", "xiehui", "Association", 12),
    ("foundation", "Foundation", "基金会", "jijinhui", "Foundation", 9),
    ("media", "MediaOrganization", "报社", "baoshe", "Daily", 9),
    ("international", "InternationalOrganization", "国际组织", "guojizuzhi",
     "International", 8),
    ("hospital", "Hospital", "医院", "yiyuan", "Hospital", 5),
    ("ngo", "NGO", "公益中心", "gongyizhongxin", "Centre", 4),
    ("other", None, "中心", "zhongxin", "Center", 5),
]
PLACE_LEVELS = [  # place-kind, zh suffix, pinyin, en suffix, share of the places
    ("province", "省", "sheng", "Province", 0.10),
    ("city", "市", "shi", "City", 0.25),
    ("county", "县", "xian", "County", 0.30),
    ("village", "村", "cun", "Village", 0.35),
]
PARTNER_ROLES = (["partner"] * 8 + ["organizer"] * 5 + ["funder"] * 4 + ["co-builder"] * 4
                 + ["technology-provider"] * 3 + ["donor"] * 3 + ["supporter"] * 3
                 + ["implementer", "co-organizer", "guidance", "participant", "initiator",
                    "operator", "research-partner", "media-partner", "signatory", "member",
                    "beneficiary", "recipient", "customer", "investor", "co-founder"])
PROGRAM_KINDS = ["project", "program", "platform", "initiative", "campaign", "fund", "plan",
                 "course", "competition", "alliance", "exhibition", "publication", "award",
                 "standard"]
TENCENT_KINDS = ["unit", "department", "lab", "platform", "brand", "company"]
EVENT_KINDS = ["conference", "campaign-day", "competition", "exhibition", "ceremony", "other",
               "meeting", "forum", "launch", "disaster"]
DIMENSIONS = ["economy", "culture", "politics-livelihood", "ecology", "society"]
ROLES = ["ecosystem-builder", "toolbox", "connector"]
DRIVERS = ["culture", "technology"]
OBJECTS = ["government", "industry", "employees", "users"]
QUALIFIERS = ["more-than", "at-least", "up-to", "approx", "less-than", "nearly"]
TIERS = ["must", "should", "may"]
CRITERIA = ["process", "materiality", "completeness", "balance", "comparability",
            "readability", "innovation"]
GROUPS = [("government", "政府", "zhengfu", "Government"),
          ("users", "用户", "yonghu", "Users"),
          ("employees", "员工", "yuangong", "Employees"),
          ("partners", "合作伙伴", "hezuohuoban", "Partners"),
          ("communities", "社区", "shequ", "Communities"),
          ("shareholders", "股东", "gudong", "Shareholders"),
          ("environment", "环境", "huanjing", "Environment")]
UNITS = [  # notation, zh, en, money?
    ("CNY", "元", "yuan", True), ("USD", "美元", "US dollars", True),
    ("HKD", "港元", "Hong Kong dollars", True), ("EUR", "欧元", "euros", True),
    ("person", "人", "people", False), ("person-time", "人次", "person-times", False),
    ("school", "所学校", "schools", False), ("village", "个村", "villages", False),
    ("item", "项", "items", False), ("hour", "小时", "hours", False),
    ("ton", "吨", "tonnes", False), ("account", "个账户", "accounts", False),
    ("donation", "笔", "donations", False), ("percent", "%", "per cent", False),
]
MEASURES = [("受益人数", "people reached"), ("捐款总额", "money raised"),
            ("参与人次", "participations"), ("覆盖学校", "schools covered"),
            ("培训时长", "training hours"), ("减排量", "emissions avoided"),
            ("投入资金", "funds committed"), ("志愿者人数", "volunteers"),
            ("月活跃账户数", "monthly active accounts"), ("捐赠笔数", "donations")]


class _Names:
    """Made-up Chinese names with their pinyin and an English rendering."""

    def __init__(self, rnd: random.Random):
        self.rnd = rnd

    def stem(self, lo: int = 2, hi: int = 3) -> tuple[str, str, str]:
        picks = [self.rnd.choice(SYLLABLES) for _ in range(self.rnd.randint(lo, hi))]
        zh = "".join(h for h, _ in picks)
        py = "".join(p for _, p in picks)
        en = " ".join(p.capitalize() for _, p in picks[:1]) + "".join(p for _, p in picks[1:])
        return zh, py, en


class _Writer:
    """Compact TriG, one block per subject, counting the triples it writes."""

    def __init__(self, out):
        self.out = out
        self.triples = 0

    def subject(self, s: str, pairs: list[tuple[str, str]]) -> None:
        pairs = list(dict.fromkeys(pairs))  # a random pick may repeat a statement
        if not pairs:
            return
        body = " ;\n    ".join(f"{p} {_term(o)}" for p, o in pairs)
        self.out.write(f"{_term(s)} {body} .\n")
        self.triples += len(pairs)


_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_-]+")


def _term(t: str) -> str:
    """A CURIE whose local part Turtle cannot write plainly (``/``, ``.``) as a full IRI."""
    if t[0] in '"<':
        return t
    prefix, local = t.split(":", 1)
    return t if _PLAIN_LOCAL.fullmatch(local) else f"<{PREFIXES[prefix]}{local}>"


def _lit(text: str, lang: str | None = None) -> str:
    esc = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{esc}"@{lang}' if lang else f'"{esc}"'


def _typed(value, datatype: str) -> str:
    return f'"{value}"^^xsd:{datatype}'


def _labels(zh: str, en: str, pinyin: str | None = None) -> list[tuple[str, str]]:
    pairs = [("rdfs:label", _lit(zh, "zh")), ("rdfs:label", _lit(en, "en"))]
    if pinyin:
        pairs.append(("skos:hiddenLabel", _lit(pinyin, "zh-latn-pinyin")))
    return pairs


def _ontology_lines() -> list[str]:
    """The real ontology graph's triples, in N-Triples syntax, from the real build's dump."""
    import pyoxigraph as ox

    if not REAL_DUMP.is_file():
        raise SystemExit(f"{REAL_DUMP} is missing: run '.venv/bin/kg build' first")
    lines = []
    for q in ox.parse(path=str(REAL_DUMP), format=ox.RdfFormat.TRIG):
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == ONTOLOGY_GRAPH:
            lines.append(f"{q.subject} {q.predicate} {q.object} .\n")
    return lines


def parse_size(text: str) -> int:
    """``10k``, ``100k``, ``1M`` or a plain number of triples."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([kKmM]?)", text.strip())
    if not m:
        raise ValueError(f"not a size: {text!r} (write 10k, 100k, 1M or a number)")
    factor = {"": 1, "k": 1_000, "m": 1_000_000}[m.group(2).lower()]
    return int(float(m.group(1)) * factor)


def _counts(scale: float) -> dict[str, int]:
    """How many of each kind of thing at ``scale`` (1.0 is about the size of the real report)."""
    def n(base):
        return max(1, round(base * scale))

    return {"reports": max(1, round(scale)), "programs": n(240), "orgs": n(110),
            "units": n(50), "products": n(160), "places": max(8, n(70)), "events": n(60),
            "persons": n(40), "awards": n(20), "partnerships": n(300), "observations": n(350)}


def _generate(out, scale: float, graph: str, seed: int) -> tuple[int, dict]:
    """Write the synthetic graph (without the ontology) as TriG statements inside ``GRAPH``;
    returns the number of triples and the anchors the benchmark uses as query parameters."""
    rnd = random.Random(seed)
    names = _Names(rnd)
    c = _counts(scale)
    w = _Writer(out)
    R = c["reports"]
    out.write(f"<{graph}> {{\n")

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

    # ---- programs
    programs: list[list[str]] = [[] for _ in range(R)]
    P = c["programs"]
    anchor = "program:synthetic-00000"
    for i in range(P):
        r = report_of(i, P)
        programs[r].append(f"program:synthetic-{i:05d}")
    for i in range(P):
        r = report_of(i, P)
        iri = f"program:synthetic-{i:05d}"
        mine = programs[r]
        j = mine.index(iri) if i < 8 else None
        zh, py, en = names.stem()
        sz, sp, se = rnd.choice(PROGRAM_SUFFIX)
        if i == 0:
            anchor_label = zh + sz
        pairs = [("rdf:type", "csr:Program"), *_labels(zh + sz, f"{en} {se}", py + sp),
                 ("csr:kind", f"csrs:program-kind/{rnd.choice(PROGRAM_KINDS)}"),
                 ("dcterms:description", _lit(f"{zh}{sz}致力于{names.stem()[0]}。", "zh")),
                 ("dcterms:description", _lit(f"A {se.lower()} for {names.stem()[2]}.", "en"))]
        if rnd.random() < 0.3:
            pairs.append(("skos:altLabel", _lit(zh, "zh")))
            pairs.append(("skos:hiddenLabel", _lit(py, "zh-latn-pinyin")))
        if rnd.random() < 0.2 or j is not None:
            pairs.append(("csr:startDate", _typed(rnd.randint(2008, 2019), "gYear")))
        if rnd.random() < 0.02:
            pairs.append(("csr:endDate", _typed(2019, "gYear")))
        if rnd.random() < 0.55 or j is not None:
            runner = orgs[0] if j == 0 else (rnd.choice(units[r]) if rnd.random() < 0.7
                                             else popular_org())
            pairs.append(("csr:runBy", runner))
        for d in rnd.sample(DIMENSIONS, rnd.choice((1, 1, 1, 2, 2, 3))):
            pairs.append(("csr:dimension", f"csrs:dimension/{d}"))
        for g in rnd.sample(groups[r], rnd.choice((1, 1, 2, 2, 3))):
            pairs.append(("csr:concernsStakeholder", g))
        for d in rnd.sample(demands[r], rnd.choice((0, 1, 1, 2))):
            pairs.append(("csr:answersDemand", d))
        if rnd.random() < 0.05 or j == 0:
            pairs.append(("csr:responsibilityRole", f"csrs:role/{rnd.choice(ROLES)}"))
        if rnd.random() < 0.03 or j == 0:
            pairs.append(("csr:driver", f"csrs:driver/{rnd.choice(DRIVERS)}"))
        if rnd.random() < 0.03:
            pairs.append(("csr:responsibilityObject", f"csrs:object/{rnd.choice(OBJECTS)}"))
        if j is not None:
            # the anchor's family: 0 grew out of 1, which grew out of 2; 3 and 4 are parts of
            # 0 and 5 is a part of 3; so lineage and parts have something to follow
            if j in (0, 1):
                pairs.append(("csr:grewOutOf", mine[j + 1]))
            if j in (3, 4):
                pairs.append(("dcterms:isPartOf", anchor))
            if j == 5:
                pairs.append(("dcterms:isPartOf", mine[3]))
        else:
            k = mine.index(iri)
            if k > 8 and rnd.random() < 0.03:
                pairs.append(("csr:grewOutOf", mine[rnd.randrange(8, k)]))
            if k > 8 and rnd.random() < 0.12:
                pairs.append(("dcterms:isPartOf", mine[rnd.randrange(8, k)]))
        if rnd.random() < 0.15 or j == 0:
            first = places_by_level[2][0] if j == 0 else rnd.choice(local_places)
            pairs.append(("csr:operatesIn", first))
            if rnd.random() < 0.3:
                pairs.append(("csr:operatesIn", rnd.choice(local_places)))
        pairs += source(r)
        w.subject(iri, pairs)

    # ---- events and awards
    events: list[list[str]] = [[] for _ in range(R)]
    for i in range(c["events"]):
        r = report_of(i, c["events"])
        iri = f"event:synthetic-{i:05d}"
        zh, py, en = names.stem()
        pairs = [("rdf:type", "csr:Event"),
                 ("csr:kind", f"csrs:event-kind/{rnd.choice(EVENT_KINDS)}"),
                 *_labels(zh + "大会", f"{en} Conference", py + "dahui"),
                 ("dcterms:isPartOf", rnd.choice(programs[r]))]
        if rnd.random() < 0.7:
            pairs.append(("dcterms:date", _typed(f"2019-{rnd.randint(1, 12):02d}-"
                                                  f"{rnd.randint(1, 28):02d}", "date")))
        else:
            pairs.append(("csr:startDate", _typed(f"2019-{rnd.randint(1, 6):02d}-01", "date")))
            pairs.append(("csr:endDate", _typed(f"2019-{rnd.randint(7, 12):02d}-01", "date")))
        if rnd.random() < 0.6:
            pairs.append(("schema:location", rnd.choice(local_places)))
        w.subject(iri, pairs + source(r, 1))
        events[r].append(iri)
    for i in range(c["awards"]):
        r = report_of(i, c["awards"])
        zh, py, en = names.stem()
        pairs = [("rdf:type", "csr:Award"), *_labels(zh + "奖", f"{en} Award", py + "jiang"),
                 ("csr:recipient", rnd.choice(programs[r] + units[r])),
                 ("csr:conferredBy", popular_org()),
                 ("dcterms:date", _typed(f"2019-{rnd.randint(1, 12):02d}-15", "date"))]
        if rnd.random() < 0.5:
            pairs.append(("csr:rank", _typed(rnd.randint(1, 10), "integer")))
        w.subject(f"award:synthetic-{i:05d}", pairs + source(r, 1))

    # ---- partnerships (n-ary): mostly outside partners on programs
    partnered: dict[str, int] = {}
    works_with = None
    for i in range(c["partnerships"]):
        r = report_of(i, c["partnerships"])
        if i < 4:
            subject, r = anchor, 0
        else:
            x = rnd.random()
            subject = (rnd.choice(programs[r]) if x < 0.8
                       else rnd.choice(products[r] or programs[r]) if x < 0.9
                       else rnd.choice(events[r] or programs[r]) if x < 0.95
                       else rnd.choice(units[r]))
        if i < 3:
            partner, side = orgs[i], "false"
        elif i == 3 or rnd.random() < 0.22:
            partner, side = rnd.choice(units[r] + products[r]), "true"
        elif rnd.random() < 0.04:
            partner, side = rnd.choice(persons[r] or orgs), "false"
        else:
            partner, side = popular_org(), "false"
        if i == 4:
            partner, side = orgs[0], "false"  # the anchor organization also works elsewhere
        role = "organizer" if i == 0 else rnd.choice(PARTNER_ROLES)
        if partner == orgs[0] and subject.startswith("program:") and works_with is None \
                and subject != anchor:
            works_with = subject
        key = f"{subject.split(':', 1)[1]}--{partner.split(':', 1)[1]}--{role}"
        partnered[key] = partnered.get(key, 0) + 1
        if partnered[key] > 1:
            key += f"-{partnered[key]}"
        iri = f"id:partnership/synthetic-r{r:03d}/{key}"
        pairs = [("rdf:type", "csr:Partnership"), ("csr:partnershipIn", subject),
                 ("csr:partner", partner), ("csr:role", f"csrs:partner-role/{role}"),
                 ("csr:reporterSide", _typed(side, "boolean")),
                 *_labels(f"{partner.split(':', 1)[1]} — {subject.split(':', 1)[1]}（{role}）",
                          f"{partner.split(':', 1)[1]} — {subject.split(':', 1)[1]} ({role})")]
        if rnd.random() < 0.07:
            pairs.append(("csr:since", _typed(rnd.randint(2010, 2019), "gYear")))
        if rnd.random() < 0.25:
            pairs.append(("csr:note", _lit(f"{names.stem()[0]}合作。", "zh")))
            pairs.append(("csr:note", _lit("Named as a partner.", "en")))
        w.subject(iri, pairs + source(r, rnd.choice((1, 1, 1, 2))))

    # ---- figures (observations); a few restate another figure a little differently
    previous: list[tuple] = []
    for i in range(c["observations"]):
        r = report_of(i, c["observations"])
        if i < 3:
            entity, r = anchor, 0
        else:
            x = rnd.random()
            entity = (rnd.choice(programs[r]) if x < 0.6 else roots[r] if x < 0.7
                      else rnd.choice(products[r] or programs[r]) if x < 0.85
                      else rnd.choice(events[r] or programs[r]) if x < 0.92 else popular_org())
        code = rnd.choice(UNITS)[0]
        mzh, men = rnd.choice(MEASURES)
        value = rnd.choice((rnd.randint(1, 999), rnd.randint(1000, 10 ** 6),
                            rnd.randint(10 ** 6, 10 ** 10)))
        when = ("asOf", _typed(f"2019-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}", "date")) \
            if rnd.random() < 0.35 else ("period", _typed(rnd.choice((2018, 2019, 2019)), "gYear"))
        if previous and rnd.random() < 0.03:  # restated: same entity, unit and date, close value
            entity, r, code, mzh, men, value, when = rnd.choice(previous)
            value = int(value * rnd.uniform(0.85, 1.0)) or 1
        previous.append((entity, r, code, mzh, men, value, when))
        if len(previous) > 50:
            previous.pop(0)
        iri = f"id:observation/synthetic-r{r:03d}/obs-{i:06d}"
        name = entity.split(":", 1)[1]
        pairs = [("rdf:type", "csr:Observation"), ("csr:observedEntity", entity),
                 ("csr:measure", _lit(mzh, "zh")), ("csr:measure", _lit(men, "en")),
                 ("rdf:value", _typed(value, "decimal")), ("csr:unit", f"unit:{code}"),
                 *_labels(f"{name}：{mzh}", f"{name}: {men}")]
        if when[0] == "asOf":
            pairs.append(("csr:asOf", when[1]))
        else:
            pairs += [("csr:periodStart", when[1]), ("csr:periodEnd", when[1])]
        if rnd.random() < 0.45:
            pairs.append(("csr:qualifier", f"csrs:qualifier/{rnd.choice(QUALIFIERS)}"))
        if rnd.random() < 0.2:
            pairs.append(("csr:note", _lit(f"{names.stem()[0]}口径。", "zh")))
            pairs.append(("csr:note", _lit("As printed.", "en")))
        w.subject(iri, pairs + source(r, rnd.choice((1, 1, 1, 2))))

    out.write("}\n")
    anchors = {
        "program": anchor, "organization": orgs[0], "works_with_program": works_with or anchor,
        "place": places_by_level[0][0], "group": groups[0][0], "section": leaves[0][0],
        "unit": roots[0],
    }
    full = {k: _expand(v) for k, v in anchors.items()}
    full["program_label"] = anchor_label  # what a person would type into kg search
    return w.triples, full


def _expand(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return PREFIXES[prefix] + local


class _Counter:
    def write(self, text: str) -> None:
        pass


def generate(target: int, path: Path, seed: int = SEED) -> dict:
    """Write a synthetic dataset of about ``target`` triples (ontology graph included) as TriG
    at ``path``; returns its metadata (triples, scale, anchors, seconds)."""
    started = time.perf_counter()
    ontology = _ontology_lines()
    graph = f"https://w3id.org/csr-kg/graph/synthetic-{path.stem.split('-', 1)[-1]}"
    want = max(target - len(ontology), 1000)
    # triples grow linearly with the scale: measure two small scales, solve for the target
    t1, _ = _generate(_Counter(), 1.0, graph, seed)
    t2, _ = _generate(_Counter(), 2.0, graph, seed)
    scale = max(0.05, 1.0 + (want - t1) / (t2 - t1))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        for p, ns in PREFIXES.items():
            out.write(f"@prefix {p}: <{ns}> .\n")
        out.write(f"\n<{ONTOLOGY_GRAPH}> {{\n")
        out.writelines(ontology)
        out.write("}\n\n")
        triples, anchors = _generate(out, scale, graph, seed)
    tmp.replace(path)
    meta = {"target": target, "triples": triples + len(ontology), "synthetic": triples,
            "ontology": len(ontology), "scale": round(scale, 4), "seed": seed,
            "version": GENERATOR_VERSION, "graph": graph, "counts": _counts(scale),
            "anchors": anchors, "seconds": round(time.perf_counter() - started, 2)}
    path.with_suffix(".json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    return meta


def ensure(size: str, data_dir: Path = DATA_DIR, seed: int = SEED) -> tuple[Path, dict]:
    """The cached TriG file for ``size`` (``10k``, ``100k``, ``1M``...) and its metadata,
    generated first if missing or made by another generator version or seed."""
    path = data_dir / f"synthetic-{size}.trig"
    meta_path = path.with_suffix(".json")
    if path.is_file() and meta_path.is_file():
        meta = json.loads(meta_path.read_text())
        if meta.get("version") == GENERATOR_VERSION and meta.get("seed") == seed:
            return path, meta
    return path, generate(parse_size(size), path, seed)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", default=list(SIZES), help="10k, 100k, 1M or a number")
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    for size in args.sizes:
        parse_size(size)
        path, meta = ensure(size, seed=args.seed)
        print(f"{path.relative_to(HERE.parent)}: {meta['triples']:,} triples "
              f"({meta['synthetic']:,} synthetic + {meta['ontology']:,} ontology), "
              f"scale {meta['scale']}, made in {meta['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
