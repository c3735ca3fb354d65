"""The `kp` command: a thin door into kpcore.

Each domain keeps its subcommands in its own module here (`register(subparsers, common)`),
and each handler imports what it needs when it runs, so that `kp sar` never pays for
pandas or streamlit.
"""
from __future__ import annotations

import argparse
import os
import sys

# Every command as (name, the module here that adds it, its one-line help), in the order `kp --help`
# lists them. The parser is built from these light declarations: a command's module is imported,
# and its arguments built, only when that command runs (or asks for its own --help), so `kp --help`
# and `kp sar` do not pay for every subcommand (issue 18 §5). tests/test_cli_startup.py holds these
# lines equal to what the modules register.
COMMANDS = [
    ("init", "base", "create a register holding the company's facts"),
    ("serve", "base", "start the dashboard on 127.0.0.1"),
    ("import", "contacts", "import data from a file (contacts)"),
    ("contacts", "contacts", "contacts by purpose and source, search, Art. 14 notice dates"),
    ("customers", "contacts", "customer organisations and their agreements' end (retention anchor)"),
    ("web", "contacts", "web analytics"),
    ("request", "requests", "subject requests: add, list, show, extend, identity, close, refuse, tasks"),
    ("sar", "requests", "the access report (Art. 15) for one person, as PDF"),
    ("erase", "requests", "erase a person (Art. 17): preview, confirmation, ground, exceptions, Art. 19 checklist; "
                          "suppresses re-imports"),
    ("system", "systems", "the systems map: where personal data lives and who runs it"),
    ("notice", "notice", "the privacy notice (tietosuojaseloste): print, check, publish"),
    ("processor", "processors", "engagements as a processor in customers' systems (Art. 28)"),
    ("record", "processors", "the record of processing activities (Art. 30)"),
    ("check", "compliance", "list compliance findings (exit 3 if any is high severity)"),
    ("report", "compliance", "the quarterly compliance report (PDF)"),
    ("breach", "compliance", "the breach register (Art. 33)"),
    ("subprocessor", "breaches", "sub-processor changes told to controllers (Art. 28(2), 28(4))"),
    ("user", "admin", "dashboard users: add, list, disable, passwd"),
    ("audit", "admin", "the audit trail: verify its hash chain, list events"),
    ("backup", "admin", "write a consistent snapshot (Parquet + manifest) into DIR"),
    ("restore", "admin", "build a NEW register file from a backup folder"),
    ("purge", "admin", "apply retention: delete what is past each purpose's period"),
    ("migrate", "admin", "upgrade a register from an older schema version, keeping every row"),
]
# Modules that add subcommands, in the order `kp --help` lists them.
COMMAND_MODULES = list(dict.fromkeys(module for _, module, _ in COMMANDS))


def _command(argv: list[str] | None) -> str | None:
    """The command named on the line: the first word that is not an option (kp's own options,
    -h and --version, take no value)."""
    for word in sys.argv[1:] if argv is None else argv:
        if not word.startswith("-"):
            return word
    return None


def build_parser(argv: list[str] | None = None, *, full: bool = False) -> argparse.ArgumentParser:
    """The `kp` parser. Only the module of the command in `argv` (or every module, `full`)
    registers its real subcommands; every other command is a one-line entry for `kp --help`."""
    from importlib import import_module

    parser = argparse.ArgumentParser(
        prog="kp", description="The GDPR register of KuntaPlus-projektipalvelu (DPO's tool).",
        epilog="The register file: --db PATH, or $KP_DB, or ~/.local/share/kuntaplus/register.duckdb.")
    parser.add_argument("--version", action="version", version=f"kp {__import__('kpcore').__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    command = _command(argv)
    # A word that is no declared command: every module registers (a command added to a module but
    # not yet to COMMANDS still runs; a mistyped one gets argparse's list of every command).
    full = full or (command is not None and command not in {name for name, _, _ in COMMANDS})
    wanted = {module for name, module, _ in COMMANDS if full or name == command}
    for module in COMMAND_MODULES:
        if module in wanted:
            from . import common

            import_module(f"{__name__}.{module}").register(sub, common.db_parent())
        else:
            for name, _, text in (c for c in COMMANDS if c[1] == module):
                sub.add_parser(name, help=text, add_help=False)
    return parser


class _TerminalSafe:
    """kp's text output: every write goes through kpcore.safety.terminal. The one place the
    CLI escapes register text (#15 §1); machine formats bypass it on purpose: JSON is written to
    `.raw` (json escapes control characters itself, and the data must stay exact), files and
    `-o -` bytes to `.buffer`."""

    def __init__(self, stream):
        self._stream = stream
        self.raw = stream

    def write(self, text: str) -> int:
        from ..safety import terminal

        return self._stream.write(terminal(text))

    def __getattr__(self, name):  # flush, buffer (binary output such as a PDF), fileno, ...
        return getattr(self._stream, name)


def main(argv: list[str] | None = None) -> int:
    # Every file kp creates (the register, its WAL, backups, exports, PDFs, rejected rows) is
    # readable by its owner only (#15 §6); `kp serve` passes the umask on to the dashboard.
    # Restored when the command returns, like the streams: a program (or test) calling main() in
    # its own process keeps its umask.
    umask = os.umask(0o077)
    os.umask(umask | 0o077)
    # Register text kp prints never acts, whether it reaches a terminal at once or later through a
    # pipe, a log or `less -R`: ESC sequences, BEL, bidi overrides show as <U+001B> ... (#15 §1).
    # One policy in one place: stdout and stderr are wrapped for this command, and restored after.
    streams = sys.stdout, sys.stderr
    if not isinstance(sys.stdout, _TerminalSafe):
        sys.stdout = _TerminalSafe(sys.stdout)
    if not isinstance(sys.stderr, _TerminalSafe):
        sys.stderr = _TerminalSafe(sys.stderr)
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = streams
        os.umask(umask)


def _run(argv: list[str] | None) -> int:
    from ..errors import KpError

    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        result = args.handler(args)
        return int(result or 0)
    except KpError as exc:
        print(f"kp: {exc}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:  # an output file on a full disk, a folder that is not there: no traceback
        from .common import _

        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        print("kp: " + _("{error}; nothing more was written.").format(error=f"{exc.strerror or exc}{where}"),
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        from .common import _

        print("kp: " + _("interrupted; nothing half-written was kept."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
