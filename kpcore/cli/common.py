"""What every subcommand shares: the --db option, the acting user, JSON output, dates."""
from __future__ import annotations

import argparse
import datetime as dt
import decimal
import getpass
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import N_, ui_lang  # noqa: F401  (common.ui_lang for every subcommand)
from ..fmt import parse_date  # noqa: F401  (common.parse_date for every subcommand)

if TYPE_CHECKING:
    from ..db import Register


def db_parent() -> argparse.ArgumentParser:
    """A parent parser giving every subcommand --db PATH."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--db", metavar="PATH", help=N_("register file (default: $KP_DB or ~/.local/share/kuntaplus/register.duckdb)"))
    return p


def register(args) -> Register:
    from ..db import Register  # DuckDB loads when a command opens the register, not to build the parser

    return Register(args.db)


def actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no user name in some containers
        return "cli"


def _(message: str) -> str:
    """A message of kp in the terminal's language (ui_lang): the English msgid from the catalogs
    (kpcore/locale), read the first time a message is shown, never to build the parser."""
    from .. import i18n

    return i18n.gettext(message, ui_lang())


def ngettext(singular: str, plural: str, n: int) -> str:
    from .. import i18n

    return i18n.ngettext(singular, plural, n, ui_lang())


def changed(fields, none: str | None = None) -> str:
    """'name, street changed', or what an edit that changed no value did."""
    if fields:
        return _("{fields} changed").format(fields=", ".join(fields))
    return none or _("confirmed, no value changed")


def number(n: int) -> str:
    """A whole number as the terminal's language writes it: 12 345 in Finnish and Swedish, 12,345 in
    English (as kpcore.fmt.number writes them, without loading Babel for one line of kp's output)."""
    text = f"{int(n):,}"
    return text if ui_lang() == "en" else text.replace(",", " ")


def _default(o):
    if isinstance(o, (dt.date, dt.datetime)):
        return o.isoformat()
    if isinstance(o, decimal.Decimal):
        return float(o)
    if isinstance(o, Path):
        return str(o)
    raise TypeError(type(o).__name__)


def emit_json(obj) -> None:
    """JSON as it is: past kp's text escaping (kpcore.cli._TerminalSafe), since json.dump already
    writes control characters as \\u001b and the data must stay exact."""
    out = getattr(sys.stdout, "raw", sys.stdout)
    json.dump(obj, out, ensure_ascii=False, indent=2, default=_default)
    out.write("\n")


def write_output(data: bytes, out: str | None, default_name: str) -> None:
    """Write bytes to -o FILE ('-' = stdout), or to default_name in the current folder."""
    if out == "-":
        sys.stdout.buffer.write(data)
        return
    path = Path(out or default_name)
    from ..safety import write_private
    write_private(path, data)  # exports hold personal data: owner-only
    print(_("wrote {path} ({size} bytes)").format(path=path, size=number(len(data))), file=sys.stderr)
