"""Where the project keeps its inputs and outputs by default.

In a checkout (the package beside ``pyproject.toml``, ``data/`` and ``ontology/``, as the
editable install of ``make run`` has it) the data and ontology are read from there and the
store and dumps go to ``build/``. Installed from the wheel or sdist (``pipx install``, ``pip
install``), the data and ontology are the copies the wheel carries in ``kg/_data/`` (setup.py
puts them there) and the store and dumps go to the user's data folder
(``platformdirs.user_data_path("csr-kg")``: ``$XDG_DATA_HOME/csr-kg`` or
``~/.local/share/csr-kg`` on Linux); nothing is ever written into the installed package.
``KG_STORE`` overrides the store location in both.
"""

import os
from pathlib import Path

__all__ = ["PACKAGE", "ROOT", "IN_CHECKOUT", "DATA_DIR", "ONTOLOGY_DIR", "BUILD_DIR",
           "default_store", "report_dirs"]

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent  # the checkout in a checkout; site-packages when installed
IN_CHECKOUT = ((ROOT / "pyproject.toml").is_file() and (ROOT / "data").is_dir()
               and (ROOT / "ontology").is_dir())

if IN_CHECKOUT:
    DATA_DIR = ROOT / "data"
    ONTOLOGY_DIR = ROOT / "ontology"
    BUILD_DIR = ROOT / "build"
else:
    import platformdirs

    DATA_DIR = PACKAGE / "_data" / "data"
    ONTOLOGY_DIR = PACKAGE / "_data" / "ontology"
    BUILD_DIR = platformdirs.user_data_path("csr-kg", appauthor=False)


def default_store() -> Path:
    """The embedded store's folder: ``$KG_STORE``, else ``store`` in :data:`BUILD_DIR`."""
    return Path(os.environ.get("KG_STORE") or BUILD_DIR / "store")


def report_dirs(data_dir: Path = DATA_DIR) -> list[Path]:
    """Every report folder (a folder holding ``report.yaml``) under ``data_dir``, sorted."""
    return sorted(p.parent for p in Path(data_dir).glob("*/report.yaml"))
