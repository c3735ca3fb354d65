"""The `kp` command: a thin door into kpcore.

Each domain keeps its subcommands in its own module here (`register(subparsers, common)`),
and each handler imports what it needs when it runs, so that `kp sar` never pays for
pandas or streamlit.
"""
from __future__ import annotations

import argparse
import os
import sys

# Modules that add subcommands, in the order `kp --help` lists them.
COMMAND_MODULES = ["base", "contacts", "requests", "systems", "notice", "processors", "compliance", "breaches", "admin"]


def build_parser() -> argparse.ArgumentParser:
    from importlib import import_module

    from . import common

    parser = argparse.ArgumentParser(
        prog="kp", description="The GDPR register of KuntaPlus-projektipalvelu (DPO's tool).",
        epilog="The register file: --db PATH, or $KP_DB, or ~/.local/share/kuntaplus/register.duckdb.")
    parser.add_argument("--version", action="version", version=f"kp {__import__('kpcore').__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMAND_MODULES:
        import_module(f"{__name__}.{name}").register(sub, common.db_parent())
    return parser


class _TerminalSafe:
    """stdout for a terminal: every write goes through kpcore.safety.terminal."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        from ..safety import terminal

        return self._stream.write(terminal(text))

    def __getattr__(self, name):  # flush, buffer (binary output such as a PDF), fileno, ...
        return getattr(self._stream, name)


def main(argv: list[str] | None = None) -> int:
    from ..errors import KpError
    from ..safety import terminal

    # Every file kp creates (the register, its WAL, backups, exports, PDFs, rejected rows) is
    # readable by its owner only (#15 §6); `kp serve` passes the umask on to the dashboard.
    os.umask(os.umask(0o077) | 0o077)
    # Register text printed to a terminal never acts: ESC sequences, BEL, bidi overrides show
    # as <U+001B> ... (#15 §1). Pipes and files get the text unchanged (CSV keeps its CR LF).
    if sys.stdout.isatty() and not isinstance(sys.stdout, _TerminalSafe):
        sys.stdout = _TerminalSafe(sys.stdout)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result = args.handler(args)
        return int(result or 0)
    except KpError as exc:
        print(f"kp: {terminal(exc)}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:  # an output file on a full disk, a folder that is not there: no traceback
        where = f" ({terminal(exc.filename)})" if getattr(exc, "filename", None) else ""
        print(f"kp: {terminal(exc.strerror or exc)}{where}; nothing more was written.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kp: interrupted; nothing half-written was kept.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
