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
    return [sys.executable, "-m", "kpcore.serve", "run", str(dashboard_dir() / "app.py"),
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


# What the dashboard's first runs import (preload()): the favicon's image libraries, the register,
# the password hasher, the first table's and chart's (the contacts view: altair alone took 0.35 s of
# its first visit), and the modules of the sign-in and the overview.
PRELOAD = ("numpy", "PIL.Image", "duckdb", "argon2", "pandas", "pyarrow", "altair",
           "kpcore.db", "kpcore.auth", "kpcore.sessions", "kpcore.overview", "kpcore.compliance",
           "kpcore.breach.case", "kpcore.notice.requirements", "kpcore.safety", "kpcore.fmt")


def preload() -> None:
    """Imports, before the server answers, what the first browser's first runs would otherwise
    import while a person waits (issue 16 §6; measured on the 1M register: the first sign-in
    form's run took 0.46 s in a new server, 0.006 s in a warm one, and the first page after
    sign-in paid the rest): the favicon's image libraries (st.set_page_config), DuckDB, the
    password hasher, pandas, pyarrow and altair (the first table and chart), the modules of the
    sign-in and the overview, and the three catalogs. A server started once a day pays it once, at
    its start.

    Streamlit's one-time check whether it runs in a REPL (inspect.stack() over the script
    thread's frames, 0.1 s in the first run) is answered here: it does not."""
    import importlib

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:  # an optional library missing: its first use says so, as before
            pass
    from . import i18n

    for lang in i18n.LANGS:
        i18n.translator(lang)
    try:
        from PIL import Image

        Image.preinit()  # the favicon's first read imported Pillow's image plugins (17 ms)
    except ImportError:
        pass
    _warm_register(os.environ.get("KP_DB"))
    try:
        import streamlit.delta_generator as dg

        dg._use_warning_has_been_displayed = True  # started by `streamlit run`: nothing to warn of
    except ImportError:
        pass


def _warm_register(path: str | None) -> None:
    """Opens the register once before the server answers and notes its data stamp
    (kpcore.db keeps it while the file is unchanged). The sign-in form's first run in a new server
    opened the 1M register twice, 75 ms each (DuckDB's first database in the process), after the
    form was drawn but before its last messages left. Read-only, closed at once, and never waiting:
    a register busy with another program's write, missing or unreadable is the sign-in form's to
    report, as before."""
    if not path:
        return
    try:
        Register(path, wait_seconds=0).data_stamp()
    except Exception:  # noqa: BLE001 - only a head start: the first run reads it again and says what is wrong
        pass


def warm_up(port: int, timeout: float = 60.0) -> bool:
    """Once the server on this port answers, visits its sign-in page once, as a browser without a
    cookie would (Streamlit's own protocol over its websocket on 127.0.0.1), and leaves. True if
    the page's script ran to its end.

    The first visitor of a new server paid for everything done the first time in the process
    (issue 16 §6; measured on the 1M register, a fresh server against one visited before: the
    password field 0.2-0.25 s later): Streamlit's first session and script run, the first
    opening of the register, and the overview's reads, which the sign-in form begins. Now the
    server pays them itself, right after it starts. The visit signs nobody in, shows nothing to
    anyone, and records nothing in the audit trail (drawing the sign-in form does not); it
    connects from this machine to this machine."""
    import time
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    try:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
        from websockets.sync.client import connect

        with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                     open_timeout=10, max_size=None) as ws:
            ask = BackMsg()
            ask.rerun_script.query_string = ""
            ask.rerun_script.page_script_hash = ""
            ws.send(ask.SerializeToString())
            while time.monotonic() < deadline:
                msg = ForwardMsg()
                msg.ParseFromString(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
                if msg.WhichOneof("type") == "script_finished":
                    return True
    except Exception:  # noqa: BLE001 - only a head start: the first person's visit does it all, as before
        return False
    return False


def oidc_configured(args: list[str]) -> bool:
    """Whether the dashboard this command starts signs people in with an identity provider: an
    [auth] section in a secrets file Streamlit reads (--secrets.files, else ~/.streamlit and
    ./.streamlit secrets.toml; dashboard/auth.py oidc_configured asks Streamlit the same). A file
    that cannot be read counts as yes: the plain sign-in page is then served, as before."""
    import tomllib

    files = _options(args, "--secrets.files")
    if not files:
        files = [str(Path.home() / ".streamlit" / "secrets.toml"), str(Path.cwd() / ".streamlit" / "secrets.toml")]
    for name in files:
        path = Path(name)
        if not path.is_file():
            continue
        try:
            if "auth" in tomllib.loads(path.read_text(encoding="utf-8")):
                return True
        except (OSError, ValueError):
            return True
    return False


def _options(args: list[str], name: str) -> list[str]:
    """The values given to option `name` in Streamlit's command line (`--name value`), in order."""
    return [value for flag, value in zip(args, args[1:]) if flag == name]


def _port(args: list[str]) -> int | None:
    ports = _options(args, "--server.port")
    try:
        return int(ports[0]) if ports else None
    except ValueError:
        return None


def main(args: list[str]) -> None:
    """`python -m kpcore.serve run app.py --option value ...`: Streamlit's own command line,
    after preload(); once the server answers, warm_up() visits it (in a thread)."""
    preload()
    port = _port(args)
    if args[:1] == ["run"] and port:
        import threading

        threading.Thread(target=warm_up, args=(port,), daemon=True, name="kp-warm-up").start()
    from .shell import serve_index

    # the sign-in page's language, style and element scripts from its first byte, and its form
    # (not where the company's identity provider signs people in: that page offers its button too)
    serve_index(form=not oidc_configured(args))
    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", *args]
    streamlit_main(prog_name="streamlit")


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


if __name__ == "__main__":
    main(sys.argv[1:])
