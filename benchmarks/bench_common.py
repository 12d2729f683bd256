"""What the parts of the scale benchmark (``run.py``) share: paths, the engines' names, the
threshold of a slow query, logging, memory readings and the way milliseconds are shown."""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV_BIN = Path(sys.executable).parent
OXIGRAPH = VENV_BIN / "oxigraph"
ENGINES = ("oxigraph", "endpoint", "rdflib")
ENGINE_NAMES = {"oxigraph": "embedded Oxigraph", "endpoint": "Oxigraph server (HTTP)",
                "rdflib": "rdflib in memory"}
SLOW = 1.0  # seconds: a query whose first run takes longer is timed once


def log(*parts) -> None:
    print(time.strftime("%H:%M:%S"), *parts, file=sys.stderr, flush=True)


def peak_rss_mb() -> float:
    """This process's peak resident set so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def proc_status_mb(pid: int, field: str) -> float | None:
    """VmHWM (peak) or VmRSS of another process, from /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def ms(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    v = seconds * 1000
    return f"{v:.2f}" if v < 10 else f"{v:.1f}" if v < 1000 else f"{v:,.0f}"

