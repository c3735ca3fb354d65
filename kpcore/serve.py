"""Starts the Streamlit dashboard on 127.0.0.1 for one register."""
from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

from .db import Register
from .errors import KpError
from .i18n import N_


def dashboard_dir() -> Path:
    from .sqlfiles import source_root

    root = source_root()
    if root is not None:  # a checkout serves its own dashboard/
        return root / "dashboard"
    try:
        path = Path(str(resources.files("kpcore.dashboard")))
        if (path / "app.py").is_file():
            return path
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "dashboard"


def command(port: int, secrets: str | None = None) -> list[str]:
    extra = ["--secrets.files", str(Path(secrets).resolve())] if secrets else []
    return [sys.executable, "-m", "streamlit", "run", str(dashboard_dir() / "app.py"),
            "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
            "--client.toolbarMode", "minimal", "--theme.base", "light",
            # no full garbage collection after every script run: Streamlit's default runs
            # gc.collect(2) after each run, holding the GIL 0.1-0.5 s with a big register's
            # cached reads in memory, which delayed the run's last messages to the browser
            # and every rerun (sign-in -> overview) by as much; Python's own GC still runs
            "--runner.postScriptGC", "false",
            # no traceback in the browser: a KpError is shown by the views as its plain message
            "--client.showErrorDetails", "none",
            # the dashboard's upload bounded as `kp import` is (kpcore.imports.max_file_bytes)
            "--server.maxUploadSize", str(upload_mb()), *extra]


def upload_mb() -> int:
    """The dashboard's upload limit in whole megabytes (Streamlit's --server.maxUploadSize; the
    file uploader's line "At most N MB" says it)."""
    from .imports import max_file_bytes

    return max(1, -(-max_file_bytes() // (1024 * 1024)))


def serve(register: Register, port: int = 8501, secrets: str | None = None, lang: str = "en") -> int:
    """Start the dashboard in this process; `lang` is the language of the line it prints (kp's terminal's)."""
    if not register.exists():
        raise KpError(N_("No register at {path}. Create one first: kp init --demo --db {path}"), path=str(register.path))
    if secrets and not Path(secrets).is_file():
        raise KpError(N_("No secrets file at {path}."), path=str(secrets))
    env = dict(os.environ, KP_DB=str(register.path.resolve()))
    from . import i18n

    print(i18n.gettext(N_("KuntaPlus DPO dashboard: {url}  (register {path}; Ctrl-C stops)"), lang).format(
        url=f"http://127.0.0.1:{port}", path=register.path), flush=True)
    # Streamlit takes this process over, so Ctrl-C and SIGTERM reach it directly and no
    # orphaned server is left behind when whoever started `kp serve` stops it.
    os.execve(sys.executable, command(port, secrets), env)
    return 0  # not reached
