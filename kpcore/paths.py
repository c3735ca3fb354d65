"""Where the register lives by default, without importing DuckDB (the dashboard's sign-in page
checks the file before anything opens it)."""
from __future__ import annotations

import os
from pathlib import Path


def default_path() -> Path:
    """$KP_DB, else $XDG_DATA_HOME/kuntaplus/register.duckdb (~/.local/share/...)."""
    if os.environ.get("KP_DB"):
        return Path(os.environ["KP_DB"]).expanduser()
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "kuntaplus" / "register.duckdb"
