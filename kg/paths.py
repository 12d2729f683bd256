"""Where the project keeps its inputs and outputs by default.

The data, ontology and build folders sit beside the package in a checkout (the project is
installed in editable mode). ``KG_STORE`` overrides the store location.
"""

import os
from pathlib import Path

__all__ = ["ROOT", "DATA_DIR", "ONTOLOGY_DIR", "BUILD_DIR", "default_store", "report_dirs"]

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
ONTOLOGY_DIR = ROOT / "ontology"
BUILD_DIR = ROOT / "build"


def default_store() -> Path:
    """The embedded store's folder: ``$KG_STORE`` or ``build/store`` in the checkout."""
    return Path(os.environ.get("KG_STORE") or BUILD_DIR / "store")


def report_dirs(data_dir: Path = DATA_DIR) -> list[Path]:
    """Every report folder (a folder holding ``report.yaml``) under ``data_dir``, sorted."""
    return sorted(p.parent for p in Path(data_dir).glob("*/report.yaml"))
