"""Loads sql/schema.sql and the named queries of sql/queries/*.sql (`-- name: x` blocks).

The SQL ships inside the installed package as kpcore.sql (mapped from the top-level sql/
folder by pyproject.toml); in a source checkout without an install it is read from ../sql.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

_NAME = re.compile(r"^--\s*name:\s*([a-z_][a-z0-9_]*)\s*$", re.M)


def source_root() -> Path | None:
    """The checkout this kpcore was imported from, when it is one (not an installed copy)."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() and (root / "sql" / "schema.sql").is_file() else None


def sql_dir() -> Path:
    root = source_root()
    if root is not None:  # a checkout uses its own sql/, whatever else is installed
        return root / "sql"
    try:
        path = Path(str(resources.files("kpcore.sql")))
        if (path / "schema.sql").is_file():
            return path
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "sql"


def schema_sql() -> str:
    return (sql_dir() / "schema.sql").read_text(encoding="utf-8")


def parse_named(text: str, origin: str = "<sql>") -> dict[str, str]:
    """Split a file into {name: statement}. Text before the first name is a comment."""
    queries: dict[str, str] = {}
    marks = list(_NAME.finditer(text))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        body = text[m.end():end].strip()
        if not body:
            raise ValueError(f"{origin}: query {m.group(1)} is empty")
        if m.group(1) in queries:
            raise ValueError(f"{origin}: query {m.group(1)} is defined twice")
        queries[m.group(1)] = body.rstrip().rstrip(";")
    return queries


@lru_cache(maxsize=1)
def named_queries() -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted((sql_dir() / "queries").glob("*.sql")):
        for name, body in parse_named(path.read_text(encoding="utf-8"), path.name).items():
            if name in out:
                raise ValueError(f"{path.name}: query {name} is defined in another file too")
            out[name] = body
    return out


def query(name: str) -> str:
    try:
        return named_queries()[name]
    except KeyError:
        raise KeyError(f"no named query {name!r} in sql/queries") from None


_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


def params_of(sql: str) -> list[str]:
    """The $named parameters a query uses."""
    return sorted(set(_PARAM.findall(re.sub(r"'[^']*'", "''", sql))))
