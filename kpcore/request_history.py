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
