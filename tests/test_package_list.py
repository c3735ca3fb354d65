"""Every kpcore subpackage ships in the wheel: pyproject lists packages by hand, and a package
missing there installs with `pip install .` but fails at the first import (kpcore.breach and
kpcore.connectors were left out once)."""
from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_kpcore_package_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "kpcore").rglob("__init__.py")
               if "__pycache__" not in p.parts}
    assert on_disk - listed == set()
