"""Errors a user may see. Messages name the row and field at fault, never personal data."""
from __future__ import annotations

from dataclasses import dataclass


class KpError(Exception):
    """Base of every error kpcore raises on purpose; the CLI prints it without a traceback.

    Raised with a catalog message and its named parameters (issue #16 §4: no English on a
    Finnish screen), `raise RegisterBusy(N_("The register is busy: {what}."), what=...)`:
    `str(exc)` is the English text, `exc.text(lang)` the message translated first and its
    parameters put in after, so a translation can place them where its language wants them.
    A plain text (an f-string, no parameters) still works and reads the same in every language,
    unless it is itself a catalog message. Parameters are ids, paths and counts, never personal data;
    a parameter that is itself a text in the reader's language (a status's label, not its code) is
    given as a function of the language, `status=functools.partial(request_status_text, code)`."""

    exit_code = 1

    def __init__(self, *args, **params):
        self.msgid = args[0] if len(args) == 1 and isinstance(args[0], str) else None
        self.params = params
        if self.msgid is not None and params:
            args = (_format(self.msgid, _in(params, "en")),)
        super().__init__(*args)

    def text(self, lang: str | None = None) -> str:
        """The message in `lang` (fi/sv/en), parameters substituted after translation; the English
        text when the message is not in the catalogs or its translation does not fit its parameters."""
        english = str(self)
        if self.msgid is None or self.args != (_format(self.msgid, _in(self.params, "en")),) or not lang:
            return english  # no message of its own, or its text was replaced after raising (invalid())
        from . import i18n

        try:
            translated = i18n.gettext(self.msgid, lang)
        except (OSError, ValueError):
            return english
        if not self.params:
            return translated
        try:
            return translated.format(**_in(self.params, lang))
        except (KeyError, IndexError, ValueError):
            return english  # a translation naming a parameter the raise does not give


def _in(params: dict, lang: str) -> dict:
    """The parameters with each language-dependent one (a function of the language) in `lang`."""
    return {k: v(lang) if callable(v) else v for k, v in params.items()}


def _format(message: str, params: dict) -> str:
    if not params:
        return message
    try:
        return message.format(**params)
    except (KeyError, IndexError, ValueError):
        return message


class RegisterMissing(KpError):
    """The register file does not exist."""


class RegisterBusy(KpError):
    """Another program kept the register locked for longer than we were willing to wait."""

    exit_code = 75  # EX_TEMPFAIL: try again later


class RegisterUnwritable(KpError):
    """The file or its folder is read-only, or the disk is full."""


class SchemaMismatch(KpError):
    """The register was written by another version of kpcore."""


class NotFound(KpError):
    """A named object (request, engagement, person) is not in the register."""


class Refused(KpError):
    """A rule of the register forbids the change (minimisation, special categories, ...)."""


@dataclass(frozen=True)
class Problem:
    """One reason a row or field was refused. `row` counts data rows from 1 (0 = the file)."""

    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        return f"{where}, {self.field}: {self.reason}"


class ValidationFailed(KpError):
    """Input was refused; `problems` lists every bad row and field. Nothing was written."""

    def __init__(self, problems: list[Problem], summary: str | None = None):
        self.problems = list(problems)
        head = summary or f"{len(self.problems)} problem(s); nothing was written"
        lines = [head] + [f"  {p}" for p in self.problems[:200]]
        if len(self.problems) > 200:
            lines.append(f"  ... and {len(self.problems) - 200} more")
        super().__init__("\n".join(lines))


def invalid(problems: list[Problem], summary: str) -> ValidationFailed:
    """ValidationFailed for one form or command (no rows): 'summary' then 'field: reason' lines."""
    exc = ValidationFailed(problems, summary)
    exc.args = ("\n".join([summary] + [f"  {p.field}: {p.reason}" for p in problems]),)
    return exc
