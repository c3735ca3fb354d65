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


def test_views_read_only_through_importable_kpcore_functions():
    """ui.read caches by the function's module and name; a function defined in a view script
    lives in Streamlit's __main__ and cannot be found again (the erasure form failed so)."""
    import re

    bad = []
    for view in (ROOT / "dashboard").rglob("*.py"):
        text = view.read_text(encoding="utf-8")
        for name in re.findall(r"ui\.read\((\w+)\s*[,)]", text):
            if re.search(rf"^def {name}\(", text, re.M):
                bad.append(f"{view.name}: {name}")
    assert bad == []


def test_every_data_file_kpcore_reads_is_package_data():
    """A data file under kpcore/ (the common-password list of #15 §6, the PDF fonts) is installed
    only when a package-data pattern names it; a wheel without it fails at the first use."""
    import fnmatch

    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    missing = []
    for f in (ROOT / "kpcore").rglob("*"):
        if not f.is_file() or f.suffix in (".py", ".pyc") or "__pycache__" in f.parts:
            continue
        rel = f.relative_to(ROOT / "kpcore")
        # the package owning the file: the deepest directory with an __init__.py
        pkg_dir = f.parent
        while not (pkg_dir / "__init__.py").is_file():
            pkg_dir = pkg_dir.parent
        pkg = ".".join(pkg_dir.relative_to(ROOT).parts)
        inside = f.relative_to(pkg_dir).as_posix()
        if not any(fnmatch.fnmatch(inside, pat) for pat in data.get(pkg, [])):
            missing.append(str(rel))
    assert (ROOT / "kpcore" / "data" / "common-passwords.txt.gz").is_file()
    assert missing == []
