"""Schema versions: refuses registers from a newer kpcore, upgrades older ones."""
from __future__ import annotations

from .errors import SchemaMismatch


def require_current(register, found: int) -> None:
    from .db import SCHEMA_VERSION

    if found > SCHEMA_VERSION:
        raise SchemaMismatch(
            f"{register.path} was written by a newer kpcore (schema {found}, this one knows "
            f"{SCHEMA_VERSION}). Upgrade kpcore; the register was not changed.")
    raise SchemaMismatch(
        f"{register.path} has schema version {found}; this kpcore needs {SCHEMA_VERSION}. "
        f"Run: kp migrate --db {register.path}")
