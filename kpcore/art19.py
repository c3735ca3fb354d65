"""Art. 19: telling each recipient of a person's data about their erasure, rectification or
restriction — a checklist on the request.

"The controller shall communicate any rectification or erasure of personal data or restriction
of processing carried out in accordance with Article 16, Article 17(1) and Article 18 to each
recipient to whom the personal data have been disclosed, unless this proves impossible or involves
disproportionate effort." (Art. 19.) The list is built by ONE function, `checklist_for`, from the
recipients and processors of the person's purposes (view recipient_use: the systems map of #12
decides who receives a purpose); further kinds of item (the company's own systems) are added there. The DPO marks each item told (with the day) or records
why it is not told; a request cannot be closed while an item is open (kpcore.requests.close).
"""
from __future__ import annotations

import datetime as dt

from . import i18n
from .db import Register
from .errors import NotFound, Problem, Refused, invalid
from .i18n import N_, NP_
from .request_history import record_event
from .safety import has_control


def checklist_for(q, contact_ids: list[int], purposes: list[str] | None = None) -> list[dict]:
    """The recipients to tell: every recipient/processor of the purposes the persons are in (or of
    `purposes` when given). Items: {kind, ref, name, role_fi, role_en}."""
    if purposes is None:
        purposes = [r[0] for r in q.sql("SELECT DISTINCT purpose FROM contact_purpose WHERE list_contains(?, contact_id)",
                                        [list(contact_ids)]).fetchall()] if contact_ids else []
    if not purposes:
        return []
    rows = q.sql("""SELECT DISTINCT r.id, r.name, r.role_fi, r.role_en FROM recipient r
                    JOIN recipient_use rp ON rp.recipient_id = r.id
                    WHERE list_contains(?, rp.purpose) ORDER BY r.name, r.id""", [purposes]).fetchall()
    return [{"kind": "recipient", "ref": str(r[0]), "name": r[1], "role_fi": r[2], "role_en": r[3]} for r in rows]


def attach(w, request_id: int, items: list[dict]) -> int:
    """Put the items on the request's checklist (items already there are kept as they are)."""
    n = 0
    for it in items:
        n += w.sql("""INSERT INTO request_notification (request_id, kind, ref, name)
                      SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM request_notification
                          WHERE request_id = ? AND kind = ? AND ref = ?)""",
                   [request_id, it["kind"], it["ref"], it["name"], request_id, it["kind"], it["ref"]]).fetchall()[0][0]
    return n


KIND_TEXT = {"recipient": NP_("art19 item", "recipient")}


def _kind(kind: str):
    """An item's kind in the reader's language (a message parameter)."""
    return lambda lang: i18n.gettext(KIND_TEXT[kind], lang) if kind in KIND_TEXT else kind


def items(q, request_id: int) -> list[dict]:
    cur = q.sql("SELECT kind, ref, name, told_on, not_told_reason FROM request_notification WHERE request_id = ? "
                "ORDER BY kind, name, ref", [request_id])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def open_items(q, request_id: int) -> list[dict]:
    return [i for i in items(q, request_id) if i["told_on"] is None and not i["not_told_reason"]]


def mark(reg: Register, actor: str, request_id: int, ref: str, *, kind: str = "recipient", on: dt.date | None = None,
         reason: str | None = None, today: dt.date | None = None) -> dict:
    """Mark one item told on `on` (default today), or record `reason` why it is not told
    (impossible or disproportionate effort, Art. 19)."""
    today = today or dt.date.today()
    reason = (reason or "").strip() or None
    problems = []
    if reason is None and on is None:
        on = today
    if on is not None and on > today:
        problems.append(Problem.of(0, "on", N_("the date is in the future"), label=NP_("field", "date")))
    if reason is not None and (has_control(reason) or len(reason) > 1000):
        problems.append(Problem.of(0, "reason", N_("control characters or longer than 1000 characters"),
                                   label=NP_("field", "reason")))
    if problems:
        raise invalid(problems, N_("Nothing was changed"))
    with reg.write(actor) as w:
        row = w.sql("SELECT status FROM subject_request WHERE id = ?", [int(request_id)]).fetchall()
        if not row:
            raise NotFound(N_("request {id}: no such request"), id=request_id)
        n = w.sql("""UPDATE request_notification SET told_on = ?, not_told_reason = ?
                     WHERE request_id = ? AND kind = ? AND ref = ?""",
                  [None if reason else on, reason, int(request_id), kind, str(ref)]).fetchall()[0][0]
        if not n:
            raise NotFound(N_("request {id}: no {kind} {ref} on its Art. 19 checklist"), id=request_id,
                           kind=_kind(kind), ref=ref)
        record_event(w, int(request_id), "art19_told" if not reason else "art19_not_told", f"{kind} {ref}")
        w.audit("request.art19", "request", int(request_id), {"kind": kind, "ref": str(ref), "told": reason is None})
        return {"open": len(open_items(w, int(request_id)))}


def require_none_open(q, request_id: int) -> None:
    """Art. 19: a request is not closed while a recipient is neither told nor excused."""
    left = open_items(q, request_id)
    if left:
        raise Refused(N_("request {id}: {n} recipient(s) on the Art. 19 checklist are not yet told ({items}); mark "
                         "each told (kp request tell ID REF --on DATE) or record why not (--reason)"),
                      id=request_id, n=len(left), items=lambda lang: ", ".join(_kind(i["kind"])(lang) + " " + i["ref"] for i in left))
