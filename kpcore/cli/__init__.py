"""The `kp` command: a thin door into kpcore.

Each domain keeps its subcommands in its own module here (`register(subparsers, common)`),
and each handler imports what it needs when it runs, so that `kp sar` never pays for
pandas or streamlit.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import sys


def N_(message: str) -> str:  # noqa: N802 - marks a catalog message (kpcore.i18n.N_) without importing it
    return message


# Every command as (name, the module here that adds it, its one-line help), in the order `kp --help`
# lists them. The parser is built from these light declarations: a command's module is imported,
# and its arguments built, only when that command runs (or asks for its own --help), so `kp --help`
# and `kp sar` do not pay for every subcommand (issue 18 §5). tests/test_cli_startup.py holds these
# lines equal to what the modules register.
COMMANDS = [
    ("init", "base", N_("create a register holding the company's facts")),
    ("serve", "base", N_("start the dashboard on 127.0.0.1")),
    ("import", "contacts", N_("import data from a file (contacts)")),
    ("contacts", "contacts", N_("contacts by purpose and source, search, Art. 14 notice dates")),
    ("customers", "contacts", N_("customer organisations and their agreements' end (retention anchor)")),
    ("web", "contacts", N_("web analytics")),
    ("request", "requests", N_("subject requests: add, list, show, extend, identity, close, refuse, tasks")),
    ("sar", "requests", N_("the access report (Art. 15) for one person, as PDF")),
    ("erase", "requests", N_("erase a person (Art. 17): preview, confirmation, ground, exceptions, Art. 19 checklist; "
                             "suppresses re-imports")),
    ("system", "systems", N_("the systems map: where personal data lives and who runs it")),
    ("notice", "notice", N_("the privacy notice (tietosuojaseloste): print, check, publish")),
    ("processor", "processors", N_("engagements as a processor in customers' systems (Art. 28)")),
    ("record", "processors", N_("the record of processing activities (Art. 30)")),
    ("check", "compliance", N_("list compliance findings (exit 3 if any is high severity)")),
    ("report", "compliance", N_("the quarterly compliance report (PDF)")),
    ("breach", "compliance", N_("the breach register (Art. 33)")),
    ("subprocessor", "breaches", N_("sub-processor changes told to controllers (Art. 28(2), 28(4))")),
    ("user", "admin", N_("dashboard users: add, list, disable, passwd")),
    ("audit", "admin", N_("the audit trail: verify its hash chain, list events")),
    ("backup", "admin", N_("write a consistent snapshot (Parquet + manifest) into DIR")),
    ("restore", "admin", N_("build a NEW register file from a backup folder")),
    ("purge", "admin", N_("apply retention: delete what is past each purpose's period")),
    ("migrate", "admin", N_("upgrade a register from an older schema version, keeping every row")),
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


def ui_lang() -> str:
    """The language of messages meant for the person at the terminal: $KP_LANG, else the
    locale ($LC_ALL, $LC_MESSAGES, $LANG) when it is Finnish, Swedish or English, else Finnish
    (Finnish first)."""
    for var in ("KP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = (os.environ.get(var) or "").lower()
        for lang in ("fi", "sv", "en"):
            if value.startswith(lang):
                return lang
    return "fi"


def _help_wanted(argv: list[str] | None) -> bool:
    """`kp --help` (or -h) with no command: kp's own page, shown in the terminal's language."""
    words = sys.argv[1:] if argv is None else argv
    return _command(argv) is None and any(w in ("-h", "--help") for w in words)


def _any_help(argv: list[str] | None) -> bool:
    """-h or --help anywhere on the line (`kp sar --help`, `kp notice publish -h`): a help page."""
    words = sys.argv[1:] if argv is None else argv
    return any(w in ("-h", "--help") for w in words)


@contextlib.contextmanager
def _in_terminal_language(wanted: bool, argv: list[str] | None = None):
    """While a help page is built and printed, it is in the terminal's language: argparse's own
    words ('usage:', 'options', ...; argparse looks its `_` up when it runs), and every help text,
    description and epilog the subcommands declare with N_ (English msgids, translated here when
    the page is formatted). The catalog is read only for a help page: no other command loads it
    to build its parser (issue 18 §5)."""
    if not wanted:
        yield lambda text: text
        return
    from .. import i18n

    lang = ui_lang()
    required = " " + N_("(required)")
    subcommand = _command(argv) is not None

    def _(text: str) -> str:
        if not text:
            return text
        if subcommand and text == SUBCOMMAND_POSITIONALS:
            return i18n.pgettext("subcommand help", text, lang)
        out = i18n.gettext(text, lang)
        if out == text and text.endswith(required):  # an option's help + " (required)": two messages
            return _(text[:-len(required)]) + " " + i18n.gettext(required[1:], lang)
        return out

    formatter = argparse.HelpFormatter
    before = argparse._, formatter._get_help_string, formatter._format_text
    get_help_string, format_text = before[1], before[2]
    argparse._ = _
    formatter._get_help_string = lambda self, action: _(get_help_string(self, action))
    formatter._format_text = lambda self, text: format_text(self, _(text))
    metavar_formatter, action_name = formatter._metavar_formatter, argparse._get_action_name
    if subcommand:  # its placeholders too: --db POLKU, --file FIL (kp's own page has only KOMENTO);
        # kpcore/cli/metavars.py is imported only when a page or an error is formatted
        def _metavar_formatter(self, action, default):
            from .metavars import in_language

            return in_language(metavar_formatter, lang)(self, action, default)

        def _get_action_name(argument):
            from .metavars import action_name_in_language

            return action_name_in_language(action_name, lang)(argument)

        formatter._metavar_formatter, argparse._get_action_name = _metavar_formatter, _get_action_name
    try:
        yield _
    finally:
        argparse._, formatter._get_help_string, formatter._format_text = before
        formatter._metavar_formatter, argparse._get_action_name = metavar_formatter, action_name


def NP_(context: str, message: str) -> str:  # noqa: N802 - marks a message with a context (kpcore.i18n.NP_)
    return message


# argparse's words on kp's help page, for the catalogs (argparse asks for them by these msgids)
ARGPARSE_WORDS = (N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"))
# On a subcommand's own page the positional arguments are its operands (EMAIL, ID ...), not kp's COMMAND
SUBCOMMAND_POSITIONALS = NP_("subcommand help", "positional arguments")


def build_parser(argv: list[str] | None = None, *, full: bool = False) -> argparse.ArgumentParser:
    """The `kp` parser. Only the module of the command in `argv` (or every module, `full`)
    registers its real subcommands; every other command is a one-line entry for `kp --help`."""
    with _in_terminal_language(not full and _any_help(argv), argv) as t:
        return _build_parser(argv, full, t)


def _build_parser(argv: list[str] | None, full: bool, t) -> argparse.ArgumentParser:
    from importlib import import_module

    parser = argparse.ArgumentParser(
        prog="kp", description=t(N_("The GDPR register of KuntaPlus-projektipalvelu (DPO's tool).")),
        epilog=t(N_("The register file: --db PATH, or $KP_DB, or ~/.local/share/kuntaplus/register.duckdb.")))
    parser.add_argument("--version", action="version", version=f"kp {__import__('kpcore').__version__}",
                        help=t(N_("show program's version number and exit")))
    sub = parser.add_subparsers(dest="command", metavar=t(N_("COMMAND")))
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
                sub.add_parser(name, help=t(text), add_help=False)
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


def _light_exit() -> None:
    """When the process exits, the interpreter's last full garbage collection walks every object
    of every module kp imported (DuckDB's and ReportLab's Python layers, ~10 ms of `kp sar`,
    issue 18 §5) to free memory the exit frees anyway. At exit (atexit runs before it) those
    objects are frozen out of its way. Nothing of kp's needs it: the register's connections,
    files and outputs are closed by `with` blocks before the command returns, and what must run
    at exit (logging's flush, tempfile and weakref finalizers) runs through atexit itself."""
    import atexit
    import gc

    atexit.register(gc.freeze)


def main(argv: list[str] | None = None) -> int:
    # Every file kp creates (the register, its WAL, backups, exports, PDFs, rejected rows) is
    # readable by its owner only (#15 §6); `kp serve` passes the umask on to the dashboard.
    # Restored when the command returns, like the streams: a program (or test) calling main() in
    # its own process keeps its umask.
    umask = os.umask(0o077)
    os.umask(umask | 0o077)
    if argv is None:  # kp run as the program (the `kp` script, python -m kpcore.cli), not called in-process
        _light_exit()
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
    # the help page is printed (and kp exits) in here; so is argparse's error for a wrong line, in the
    # terminal's language (kpcore/cli/parse_errors.py); a line that parses calls no `_`: no catalog read
    with _in_terminal_language(True, argv):
        args = parser.parse_args(argv)
    try:
        result = args.handler(args)
        return int(result or 0)
    except KpError as exc:
        print(f"kp: {exc.text(ui_lang())}", file=sys.stderr)  # in the terminal's language (#16 §4)
        return exc.exit_code
    except BrokenPipeError:  # `kp request list | head`: the reader has what it wanted (before OSError, its base)
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error when Python exits
        return 0
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


if __name__ == "__main__":
    sys.exit(main())
