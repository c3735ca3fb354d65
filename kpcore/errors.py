"""Errors a user may see. Messages name the row and field at fault, never personal data."""
from __future__ import annotations

from dataclasses import dataclass, field


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
    """One reason a row or field was refused. `row` counts data rows from 1 (0 = the file).

    `reason` is the English sentence (the CLI's --json, the rejected-rows CSV and tests read it);
    a screen or terminal shows `reason_in(lang)` and `field_in(lang)`. Made with `Problem.of(row,
    field, N_("... {x} ..."), x=..., label=N_("field's name"))` the reason is a catalog message
    translated first and its parameters put in after (issue 18 §1); a plain `Problem(row, field,
    reason)` is translated when the reason is itself a catalog message (or an import's reason)."""

    row: int
    field: str
    reason: str
    msgid: str | None = field(default=None, compare=False, repr=False)
    params: tuple = field(default=(), compare=False, repr=False)
    label: str | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, row: int, field_: str, msgid: str, *, label: str | None = None, **params) -> "Problem":
        """A problem whose reason is the catalog message `msgid` with named `params` (ids, dates,
        counts; never personal data); `label` the field's name as a catalog message."""
        return cls(row, field_, _format(msgid, _in(params, "en")), msgid, tuple(params.items()), label)

    @classmethod
    def labelled(cls, labels: dict):
        """A module's `problem(field, msgid, row=0, *, label=None, **params)`: a refused field named by
        its label in `labels` (field -> catalog message; `label` overrides it), row 0 for a form."""
        def problem(field_: str, msgid: str, row: int = 0, *, label: str | None = None, **params):
            return cls.of(row, field_, msgid, label=label or labels.get(field_), **params)
        return problem

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        return f"{where}, {self.field}: {self.reason}"

    def reason_in(self, lang: str | None) -> str:
        """The reason in `lang` (fi/sv/en); English when it has no translation that fits."""
        if not lang:
            return self.reason
        from . import i18n

        message = self.msgid or self.reason
        try:
            translated = i18n.gettext(message, lang)
        except (OSError, ValueError):
            return self.reason
        if self.msgid:
            try:
                return translated.format(**_in(dict(self.params), lang)) if self.params else translated
            except (KeyError, IndexError, ValueError):
                return self.reason
        if translated != message:
            return translated
        for translate in REASON_TRANSLATORS:  # e.g. an import's reason with its values put in
            text = translate(self.reason, lang)
            if text != self.reason:
                return text
        return self.reason

    def field_in(self, lang: str | None) -> str:
        """The field's name in `lang`: its label when it has one, else the field as given
        (an import's column is the file's own header)."""
        if self.label and lang:
            from . import i18n

            try:
                return i18n.gettext(self.label, lang)
            except (OSError, ValueError):
                return self.label
        return self.label or self.field

    def text(self, lang: str | None = None, *, with_row: bool = True) -> str:
        """'row N, field: reason' (or 'field: reason') in `lang`."""
        if not lang:
            return str(self) if with_row else f"{self.field}: {self.reason}"
        from . import i18n

        head = f"{self.field_in(lang)}: {self.reason_in(lang)}"
        if not with_row:
            return head
        where = (i18n.gettext(_ROW, lang).format(row=self.row) if self.row else i18n.gettext(_FILE, lang))
        return f"{where}, {head}"


# Functions (reason, lang) -> text for reasons made as finished sentences with values in them;
# kpcore.imports.reasons adds its own when imported (errors imports nothing of kpcore but i18n).
REASON_TRANSLATORS: list = []

_ROW = "row {row}"  # catalog messages (extracted from N_ below)
_FILE = "file"
_MORE = "... and {n} more"
_PROBLEMS = ("{n} problem; nothing was written", "{n} problems; nothing was written")


def _messages():  # for extraction only: the texts above are catalog messages
    from .i18n import N_, NN_

    return N_("row {row}"), N_("file"), N_("... and {n} more"), NN_("{n} problem; nothing was written",
                                                                  "{n} problems; nothing was written")


class ValidationFailed(KpError):
    """Input was refused; `problems` lists every bad row and field. Nothing was written.

    `summary` may be a catalog message with named `params`; `text(lang)` gives the summary and
    every problem in `lang`, `str(exc)` the English."""

    rows = True  # each problem's line names its row ("row 3, email: ...")

    def __init__(self, problems: list[Problem], summary: str | None = None, **params):
        self.problems = list(problems)
        self.summary, self.summary_params = summary, params
        super().__init__(self._compose(None))

    def _compose(self, lang: str | None) -> str:
        from . import i18n

        n = len(self.problems)
        if self.summary is None:
            head = (f"{n} problem(s); nothing was written" if not lang else
                    i18n.ngettext(*_PROBLEMS, n, lang).format(n=n))
        elif not lang:
            head = _format(self.summary, _in(self.summary_params, "en"))
        else:
            head = KpError(self.summary, **self.summary_params).text(lang)
        lines = [head] + [f"  {p.text(lang, with_row=self.rows)}" for p in self.problems[:200]]
        if n > 200:
            more = f"  ... and {n - 200} more" if not lang else "  " + i18n.gettext(_MORE, lang).format(n=n - 200)
            lines.append(more)
        return "\n".join(lines)

    def text(self, lang: str | None = None) -> str:
        if self.args != (self._compose(None),):
            return str(self)  # its text was replaced after raising
        return self._compose(lang)


def invalid(problems: list[Problem], summary: str | None = None, **params) -> ValidationFailed:
    """ValidationFailed for one form or command (no rows): 'summary' then 'field: reason' lines;
    `summary` may be a catalog message with named `params` (None: the usual count of problems)."""
    exc = ValidationFailed(problems, summary, **params)
    exc.rows = False
    exc.args = (exc._compose(None),)
    return exc


class Said(str):
    """A finding that is not an error (a line of `kp audit verify`): the English sentence as a str
    (JSON, tests, logs read it), `.text(lang)` the catalog message in `lang` with its parameters
    put in after, exactly as KpError.text does. `Said(N_("event {seq}: ..."), seq=7)`; a parameter
    that is itself a Said (or any text of the language) is given as its `.text`."""

    msgid: str
    params: dict

    def __new__(cls, msgid: str, **params):
        self = super().__new__(cls, str(KpError(msgid, **params)))
        self.msgid, self.params = msgid, params
        return self

    def text(self, lang: str | None = None) -> str:
        return KpError(self.msgid, **self.params).text(lang)

    def __reduce__(self):  # pickled (the dashboard's read cache) as what it is
        return _said, (self.msgid, self.params)


def _said(msgid: str, params: dict) -> Said:
    return Said(msgid, **params)
