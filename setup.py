"""The one build step pyproject.toml cannot say: the wheel carries the report's data and the
ontology. They stay at the top of the checkout (data/, ontology/); building the wheel copies
them into the package as kg/_data/data and kg/_data/ontology, where kg.paths finds them when
the project is installed rather than checked out. The editable install (make run, make test)
copies nothing: kg.paths reads the checkout there. MANIFEST.in puts both folders in the sdist,
so a wheel built from the sdist carries them too."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
CARRIED = ("data", "ontology")  # top-level folders the wheel carries under kg/_data/
SKIPPED = shutil.ignore_patterns("__pycache__", "*.py[cod]", ".*")


class BuildWithData(build_py):
    """build_py, then data/ and ontology/ copied into the built package's _data folder."""

    def run(self):
        super().run()
        if self.editable_mode:
            return
        for name in CARRIED:
            target = Path(self.build_lib) / "kg" / "_data" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(HERE / name, target, ignore=SKIPPED)

    def get_outputs(self, include_bytecode=True):
        outputs = super().get_outputs(include_bytecode)
        if self.editable_mode:
            return outputs
        carried = Path(self.build_lib) / "kg" / "_data"
        return outputs + [str(p) for p in sorted(carried.rglob("*")) if p.is_file()]


setup(cmdclass={"build_py": BuildWithData})
