"""Test-only launcher (never shipped: tests/ is not in the wheel): runs `kp` or the dashboard's
Streamlit server with the cheap argon2 profile switched on in that process.

    python tests/cheap_hashes.py kp ARGS...         as `python -m kpcore.cli ARGS...`
    python tests/cheap_hashes.py streamlit ARGS...  as `python -m kpcore.serve ARGS...` (Streamlit)

The cheap profile is chosen only by calling kpcore.auth.use_cheap_hashes_for_tests(); no
environment variable chooses it (#15 §6), so the suite's subprocesses start through here.
`kp serve` started through here starts its Streamlit server through here too.
"""
from __future__ import annotations

import os
import sys

HERE = os.path.abspath(__file__)


def _as_python_m() -> None:
    """sys.path as `python -m` gives it: the current directory first (a checkout's own kpcore)."""
    sys.path[0] = os.getcwd()


def main() -> None:
    _as_python_m()
    mode, args = sys.argv[1], sys.argv[2:]
    from kpcore import auth

    auth.use_cheap_hashes_for_tests()
    if mode == "kp":
        from kpcore import serve
        from kpcore.cli import main as kp_main

        real_command = serve.command

        def command(*a, **kw):
            cmd = real_command(*a, **kw)
            assert cmd[1:3] == ["-m", "kpcore.serve"], cmd
            return [sys.executable, HERE, "streamlit", *cmd[3:]]

        serve.command = command
        sys.argv = ["kp", *args]
        sys.exit(kp_main())
    if mode == "streamlit":
        from kpcore import serve

        serve.main(args)
        return
    raise SystemExit(f"cheap_hashes.py: unknown mode {mode!r}")


if __name__ == "__main__":
    main()
