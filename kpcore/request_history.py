"""A request's history (request_event): one line for every change and for every action done on the
request elsewhere (report built, erasure done, a recipient told under Art. 19). The modules that act
on a request write their lines here, below kpcore.requests, so none of them imports the request
workflow back (issue 18 §4)."""
from __future__ import annotations

from .errors import NotFound
from .i18n import N_


def event(w, request_id: int, action: str, status: str, note: str | None = None) -> None:
    """One history line with the request's status after the change."""
    w.run("request_event_add", {"id": request_id, "action": action, "status": status, "note": note, "actor": w.actor})


def record_event(w, request_id: int, action: str, note: str | None = None) -> None:
    """A history line for an action done elsewhere (report built, erasure done), status unchanged."""
    row = w.one("request_get", {"id": int(request_id)})
    if row is None:
        raise NotFound(N_("request {id}: no such request"), id=request_id)
    event(w, row["id"], action, row["status"], note)


# The notes the program itself writes, by the event they belong to (issue #16 §4: no English in the
# Finnish history). The history keeps the English note as written (the CLI's --json and older
# registers read it); a screen shows note_text(), which finds the message the note was made from and
# puts its values in the translation, a day as the language writes it. A note the DPO wrote (a
# closing note, an extension's reason) and a note of a shape not listed here are shown as written.
NOTES = {
    "received": N_("matched {n}"),
    "identity_requested": N_("asked {on}"),
    "identity_received": N_("arrived {on}; paused {days} days"),
    "ip_confirmed": N_("confirmed {on}"),
    "passed_to_controller": N_("on {on}"),
    "person_linked": N_("contact {id}"),
    "erased": N_("{persons} person(s), {links} link(s)"),
    "erased_partly": N_("{links} link(s); kept: {kept}"),
    "objection_applied": N_("{n} link(s) removed"),
}


def note_text(action: str, note: str | None, lang: str) -> str:
    """A history line's note in `lang` (fi/sv/en): a note the program wrote is translated, its
    values put in (ISO days as the language writes them); any other note as written."""
    import datetime as dt
    import re

    from . import fmt, i18n

    if not note or action not in NOTES:
        return note or ""
    message = NOTES[action]
    found = i18n.values_in(note, message)
    if found is None:
        return note
    values = {k: fmt.date(dt.date.fromisoformat(v), lang) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) else v
              for k, v in found.items()}
    try:
        return i18n.gettext(message, lang).format(**values)
    except (KeyError, IndexError, ValueError):
        return note
