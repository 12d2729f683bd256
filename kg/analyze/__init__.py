"""Linkage analytics over the :mod:`kg.netx` projection of a selection: measures per entity,
brokerage roles, communities and coverage matrices. Each module does one job; the functions
here return an :class:`Analysis` (plain rows, notes and parameters) that ``kg analyze`` writes
as a table, CSV or JSON. :mod:`kg.analyze.rdf` writes the scores as RDF (the analytics
graph); :func:`scores_for` gives a measure's scores for a page (saved or computed).

>>> from kg.analyze import measures                                      # doctest: +SKIP
>>> measures(selection.graph, readings=False).rows[0]["entity"]          # doctest: +SKIP
"""

from __future__ import annotations

from .brokering import brokers
from .clusters import communities, louvain
from .gould_fernandez import ROLES, brokerage
from .graph import directed, kind_of, kinds, undirected
from .matrices import COVERAGES, coverage
from .result import Analysis
from .scores import scores_for
from .structure import (
                        EXACT_BELOW,
                        SEED,
                        betweenness,
                        bridge_counts,
                        cut_points,
                        measures,
                        structural_holes,
)

__all__ = [
                        "COVERAGES",
                        "EXACT_BELOW",
                        "ROLES",
                        "SEED",
                        "Analysis",
                        "betweenness",
                        "bridge_counts",
                        "brokerage",
                        "brokers",
                        "communities",
                        "coverage",
                        "cut_points",
                        "directed",
                        "kind_of",
                        "kinds",
                        "louvain",
                        "measures",
                        "scores_for",
                        "structural_holes",
                        "undirected",
]
