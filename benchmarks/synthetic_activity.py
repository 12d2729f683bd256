"""What the sector does, in a synthetic graph (``synthetic.py``): programs with their lineage
and parts, events and awards, n-ary partnerships and figures (observations)."""

from __future__ import annotations

import random

from synthetic_trig import _labels, _lit, _typed, _Writer
from synthetic_vocab import (DIMENSIONS, DRIVERS, EVENT_KINDS, MEASURES, OBJECTS,
                             PARTNER_ROLES, PROGRAM_KINDS, PROGRAM_SUFFIX, QUALIFIERS, ROLES,
                             UNITS, _Names)


def build_activities(w: _Writer, rnd: random.Random, names: _Names, c: dict[str, int],
                     sector: dict) -> tuple[str, str | None, str]:
    """Write the programs, events, awards, partnerships and figures on top of ``sector`` (from
    ``synthetic_sector.build_sector``); returns the anchor program, a program the anchor
    organization works with (or None) and the anchor program's Chinese label."""
    R = sector["R"]
    report_of, source, popular_org = (sector["report_of"], sector["source"],
                                      sector["popular_org"])
    roots, groups, demands = sector["roots"], sector["groups"], sector["demands"]
    places_by_level, local_places = sector["places_by_level"], sector["local_places"]
    orgs, units, products, persons = (sector["orgs"], sector["units"], sector["products"],
                                      sector["persons"])

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

    return anchor, works_with, anchor_label
