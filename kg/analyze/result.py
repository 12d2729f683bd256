"""The plain result of one analysis: rows of Python values, the columns in order, and the
notes and parameters that say how it was computed (a sampled betweenness says so)."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Analysis"]


@dataclass
class Analysis:
    """One analysis of one selection.

    ``rows`` hold str, int, float, bool or None values keyed by ``columns``; ``notes`` are
    sentences a reader needs to read the rows right; ``parameters`` are what produced them
    (readings, seed, sample size...), so that a run can be repeated."""

    name: str
    columns: list[str]
    rows: list[dict]
    notes: list[str] = field(default_factory=list)
    parameters: dict = field(default_factory=dict)

    def top(self, n: int | None) -> Analysis:
        """The first ``n`` rows (all of them for None or 0), notes and parameters kept."""
        rows = self.rows if not n else self.rows[:n]
        return Analysis(self.name, self.columns, rows, self.notes, self.parameters)

    def to_dict(self) -> dict:
        return {"analysis": self.name, "parameters": self.parameters, "notes": self.notes,
                "columns": self.columns, "rows": self.rows}
