"""A task's result summary as data, said in the reader's language (issue 18 §1).

GDPR Art. 12(1): the controller provides the information of Art. 15 "in a concise, transparent,
intelligible and easily accessible form, using clear and plain language": the access report says
what each system held in the report's language, not half in another one.

A connector (and the register's own erasure / objection steps) returns a `Summary`: a message
kind and its numbers and names, never a sentence. The task stores it as JSON in
``request_task.summary_data``; the screens, the CLI and the access report render it with
`text(task, lang)` from catalog messages with real plural forms ("1 rivi" / "2 riviä",
"1 rad" / "2 rader"). The plain ``summary`` column keeps the Finnish sentence for any reader that
does not know the data (and is the DPO's own note for a task done by hand: printed as written).

Tasks done by an older kpcore carry only ``summary`` = "suomeksi / in English": `text` recognises
those sentences (by their English half) and says them again in the reader's language; an
unrecognised one gives its Finnish half to a Finnish or Swedish reader and its English half to an
English one (a Swedish reader gets the count of the messages or rows found, said in Swedish,
where the task's findings tell which). The summary holds no personal data beyond what the old sentence held (counts, dates,
the export file's name).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ..i18n import N_, NN_, gettext, ngettext

# message kind -> how it is said. A plural message is (singular, plural) with "{n}".
MESSAGES = {
    "imap_found": N_("{messages} {folders}"),
    "imap_found_span": N_("{messages} {folders}, {first}–{last}"),
    "imap_none": N_("no messages"),
    "imap_no_address": N_("no e-mail address to search for"),
    "imap_deleted": N_("{deleted} ({moved})"),
    "register_found": N_("{people}, {visits}"),
    "register_none": N_("nothing in the register"),
    "register_erased": N_("{people}, {visits}"),
    "register_objected": NN_("direct marketing stopped, {n} purpose link removed",
                             "direct marketing stopped, {n} purpose links removed"),
    "table_found": NN_("{n} row in the export {file}", "{n} rows in the export {file}"),
    "table_none": N_("no rows in the export {file}"),
}
PARTS = {
    "messages": NN_("{n} message", "{n} messages"),
    "folders": NN_("in {n} folder", "in {n} folders"),
    "deleted": NN_("deleted {n} message", "deleted {n} messages"),
    "moved": NN_("{n} moved to the trash, which was emptied", "{n} moved to the trash, which was emptied"),
    "people": NN_("{n} person", "{n} people"),
    "visits": NN_("{n} web visit", "{n} web visits"),
    "erased_people": NN_("erased {n} person", "erased {n} people"),
    "erased_visits": NN_("{n} visit", "{n} visits"),
    "rows": NN_("{n} row", "{n} rows"),
}


@dataclass(frozen=True)
class Summary:
    """What a connector's run came to: a message kind (MESSAGES) and its numbers and names."""

    kind: str
    args: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.kind not in MESSAGES:
            raise ValueError(f"unknown summary kind {self.kind!r}")

    def render(self, lang: str) -> str:
        return render(self.kind, self.args, lang)

    def to_json(self) -> str:
        return json.dumps({"kind": self.kind, **self.args}, ensure_ascii=False, sort_keys=True)

    def columns(self) -> dict:
        """The task_done parameters: the Finnish sentence and the data."""
        return {"summary": self.render("fi"), "summary_data": self.to_json()}

    @classmethod
    def from_json(cls, text: str | None) -> Summary | None:
        try:
            data = json.loads(text) if text else None
            if not isinstance(data, dict):
                return None
            kind = data.pop("kind", None)
            return cls(kind, data) if kind in MESSAGES else None
        except ValueError:
            return None


def _n(part: str, n: int, lang: str) -> str:
    return ngettext(*PARTS[part], int(n), lang).format(n=int(n))


def render(kind: str, args: dict, lang: str) -> str:
    """The summary of `kind` with `args` in `lang` (fi, sv, en)."""
    msg = MESSAGES[kind]
    a = dict(args)
    if kind in ("imap_found", "imap_found_span"):
        a = {"messages": _n("messages", a["n"], lang), "folders": _n("folders", a["folders"], lang),
             "first": a.get("first", ""), "last": a.get("last", "")}
    elif kind == "imap_deleted":
        a = {"deleted": _n("deleted", a["deleted"], lang), "moved": _n("moved", a["moved"], lang)}
    elif kind == "register_found":
        a = {"people": _n("people", a["people"], lang), "visits": _n("visits", a["visits"], lang)}
    elif kind == "register_erased":
        a = {"people": _n("erased_people", a["people"], lang), "visits": _n("erased_visits", a["visits"], lang)}
    if isinstance(msg, tuple):
        return ngettext(*msg, int(a["n"]), lang).format(**a)
    return gettext(msg, lang).format(**a)


# The English halves older kpcore wrote ("suomeksi / in English"), read back into data.
_LEGACY = [
    (re.compile(r"(\d+) message\(s\) in (\d+) folder\(s\)(?: (\d{4}-\d\d-\d\d)–(\d{4}-\d\d-\d\d))?"),
     lambda m: Summary("imap_found_span", {"n": int(m[1]), "folders": int(m[2]), "first": m[3], "last": m[4]})
     if m[3] else Summary("imap_found", {"n": int(m[1]), "folders": int(m[2])})),
    (re.compile(r"no messages"), lambda m: Summary("imap_none")),
    (re.compile(r"no address(?: to search for)?"), lambda m: Summary("imap_no_address")),
    (re.compile(r"deleted (\d+) message\(s\) \(moved (\d+) to Trash and expunged\)"),
     lambda m: Summary("imap_deleted", {"deleted": int(m[1]), "moved": int(m[2])})),
    (re.compile(r"(\d+) person\(s\), (\d+) web visit\(s\)"),
     lambda m: Summary("register_found", {"people": int(m[1]), "visits": int(m[2])})),
    (re.compile(r"nothing in the register"), lambda m: Summary("register_none")),
    (re.compile(r"erased (\d+) person\(s\), (\d+) visit\(s\)"),
     lambda m: Summary("register_erased", {"people": int(m[1]), "visits": int(m[2])})),
    (re.compile(r"direct marketing stopped, (\d+) purpose link\(s\) removed"),
     lambda m: Summary("register_objected", {"n": int(m[1])})),
    (re.compile(r"(\d+) row\(s\) in the export (.+)"),
     lambda m: Summary("table_found", {"n": int(m[1]), "file": m[2]})),
    (re.compile(r"no rows in the export (.+)"), lambda m: Summary("table_none", {"file": m[1]})),
]


def legacy(summary: str) -> Summary | None:
    """The data of an older connector sentence "suomeksi / in English"; None if it is not one."""
    parts = (summary or "").split(" / ")
    if len(parts) != 2:
        return None
    english = parts[1].strip()
    for pattern, make in _LEGACY:
        m = pattern.fullmatch(english)
        if m:
            return make(m)
    return None


def text(task: dict, lang: str) -> str:
    """A done task's summary in `lang`: from its data, else an older "fi / en" sentence said again
    (or its half in the reader's language), else as written (a DPO's own note is data)."""
    s = Summary.from_json(task.get("summary_data"))
    if s is not None:
        return s.render(lang)
    summary = task.get("summary") or ""
    if task.get("method") == "manual":
        return summary
    s = legacy(summary)
    if s is not None:
        return s.render(lang)
    parts = summary.split(" / ")
    if len(parts) != 2:
        return summary
    if lang == "sv":  # an older sentence this kpcore does not know: Swedish counts what was found ...
        counted = _counted(task, lang)
        if counted:
            return counted
    return parts[1] if lang == "en" else parts[0]  # ... else the reader's half (Finnish for Swedish)


# What a connector found, counted, by the kind of its items (a mail box's messages, an export's rows).
FOUND_ITEMS = {"subject": "messages", "values": "rows"}


def _counted(task: dict, lang: str) -> str | None:
    items = task.get("findings") or []
    if isinstance(items, str):
        try:
            items = json.loads(items)
        except ValueError:
            return None
    first = items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else {}
    part = next((FOUND_ITEMS[k] for k in FOUND_ITEMS if k in first), None)
    if part is None:
        return None
    return _n(part, task.get("match_count") or len(items), lang)


# A refused request's tasks (Art. 12(5)) are closed by kpcore.tasks.close_on_refusal with this reason;
# older kpcore stored it as the two-language sentence beside it.
REFUSED = N_("the request was refused (Art. 12(5))")
REFUSED_STORED = ("request refused", "request refused / pyyntö hylätty")


def error(task: dict, lang: str) -> str:
    """A task's last failure in `lang`: from its data (kpcore.connectors.error_data), else the stored
    message as written (a failure stored by an older kpcore). The data must be a catalog message whose
    English reads as the stored `error`, or the stored text is shown."""
    stored = task.get("error") or ""
    try:
        data = json.loads(task.get("error_data") or "null")
    except ValueError:
        return stored
    if not isinstance(data, dict) or not isinstance(data.get("msgid"), str) or not isinstance(data.get("params"), dict):
        return stored
    from ..errors import KpError
    from ..i18n import translator

    try:
        if data["msgid"] not in translator(lang)._catalog:  # only this kpcore's own messages are formatted
            return stored
    except (OSError, ValueError):
        return stored
    params = {k: v for k, v in data["params"].items() if isinstance(v, (str, int, float))}
    exc = KpError(data["msgid"], **params)
    return exc.text(lang) if str(exc) == stored else stored


def reason(task: dict, lang: str) -> str:
    """Why a task is not applicable, in `lang`: the refusal's reason from the catalog, a DPO's own
    reason as written (it is data)."""
    stored = task.get("na_reason") or ""
    return gettext(REFUSED, lang) if stored in REFUSED_STORED else stored
