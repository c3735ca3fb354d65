"""Every request, carried out in every system of the map (#12).

A request gets one task per relevant system:
- access, rectification, restriction, portability: a search in every system holding any of
  the person's purposes (Art. 15(1): "the personal data", wherever the controller keeps it);
- erasure: a deletion in each of those systems (Art. 17(1); Art. 19 then tells the recipients);
- objection to direct marketing: stopping it in the marketing systems (Art. 21(2)-(3)).
When the register does not know the person (no purposes to go by), every system gets a task:
the reading that protects the person, since their mail or tickets may still be anywhere.

A connector task runs on a click or `kp request run-tasks ID` and stores what it found; a
failure (server down, login refused) is stored as the task's error and the task stays open.
A manual task records who checked, when, what was found and an evidence note. A request
cannot be completed while a task is open, unless the DPO marks the task not applicable with a
reason (Art. 5(2): the controller shows that the request was carried out everywhere).
Audit events hold task, request and system ids and counts only; the findings (the person's
messages' subjects and correspondents) live in the task row, as the rest of the request does.
"""
from __future__ import annotations

import datetime as dt
import json

from . import connectors, i18n
from .connectors.summary import Summary
from .db import Query, Register
from .errors import NotFound, Problem, Refused, invalid
from .i18n import N_, NP_

ACTIONS = {
    "search": NP_("task action", "Search"),
    "delete": NP_("task action", "Deletion"),
    "stop_marketing": NP_("task action", "Stop direct marketing"),
}
STATUSES = {
    "open": NP_("task status", "Open"),
    "done": NP_("task status", "Done"),
    "not_applicable": NP_("task status", "Not applicable"),
}


# The fields' names as a refusal shows them (issue 18 §1).
FIELD_LABELS = {"checked_by": NP_("field", "checked by"), "summary": NP_("field", "what was found"),
                "evidence": NP_("field", "evidence"), "checked_at": NP_("field", "checked at"),
                "count": NP_("field", "count"), "reason": NP_("field", "reason")}


def problem(field: str, msgid: str, **params) -> Problem:
    """A refused field of a task form: `msgid` a catalog message, parameters put in after."""
    return Problem.of(0, field, msgid, label=FIELD_LABELS.get(field), **params)


def _status(code: str):
    """A task status's label in the reader's language (a message parameter)."""
    return lambda lang: i18n.gettext(STATUSES[code], lang) if code in STATUSES else code


def action_for(request_type: str) -> str:
    return {"erasure": "delete", "objection": "stop_marketing"}.get(request_type, "search")


def person_of(q: Query, request_id: int) -> tuple[connectors.Person, list[str], dict]:
    """Whom the request's tasks look for (every address, phone and name the request and its matched
    persons give), the purposes that choose the systems, and the request row."""
    req = q.one("request_get", {"id": int(request_id)})
    if req is None:
        raise NotFound(N_("request {id}: no such request"), id=request_id)
    emails, phones, names = [], [], []
    if req["requester_email"]:
        emails.append(req["requester_email"].lower())
    if req["requester_phone"]:
        phones.append(req["requester_phone"])
    if req["requester_name"]:
        names.append(req["requester_name"])
    purposes: list[str] = []
    for c in q.all("task_request_people", {"id": int(request_id)}):
        emails.append(c["email"])
        if c["phone"]:
            phones.append(c["phone"])
        names.append(c["name"])
        purposes.extend(c["purposes"] or [])
    if req["requester_ip"]:
        purposes.append("web_analytics")
    person = connectors.Person(emails=tuple(dict.fromkeys(emails)), phones=tuple(dict.fromkeys(phones)),
                               names=tuple(dict.fromkeys(names)),
                               ips=(req["requester_ip"],) if req["requester_ip"] else (), request_id=int(request_id))
    return person, sorted(set(purposes)), req


def relevant_systems(q: Query, request_type: str, purposes: list[str]) -> list[dict]:
    from . import systems

    every = systems.list_systems(q)
    if request_type == "objection":
        return [s for s in every if s["marketing"]]
    if not purposes:
        return every
    return [s for s in every if set(s["purposes"]) & set(purposes)]


def _method(system: dict, action: str) -> str:
    if system["connector"] == "register":  # the register carries out every kind of request itself
        return "register"
    if system["connector"] == "manual" or action == "stop_marketing":
        return "manual"
    if action == "delete" and not connectors.can_delete(system):
        return "manual"
    return system["connector"]


def ensure(w, request_id: int) -> int:
    """Add the missing tasks of an open request (intake, a person linked later). Returns how many."""
    person, purposes, req = person_of(w, request_id)
    action = action_for(req["type"])
    have = {(t["system_id"], t["action"]) for t in w.all("tasks_of_request", {"id": int(request_id)})}
    added = 0
    for s in relevant_systems(w, req["type"], purposes):
        if (s["id"], action) in have:
            continue
        method = _method(s, action)
        tid = w.value("task_insert", {"request_id": int(request_id), "system_id": s["id"], "system_name": s["name"],
                                      "action": action, "method": method})
        added += 1
        if method == "register" and action == "search":
            # The register's own search is a few point lookups: done at intake, in this transaction.
            from .connectors.register import search_in

            r = search_in(w, person)
            w.run("task_done", {"id": tid, "found": r.found, "count": r.count, **r.summary.columns(),
                                "findings": json.dumps(r.items, default=str), "by": w.actor,
                                "at": dt.datetime.now().replace(microsecond=0), "evidence": None})
    if added:
        w.audit("request.tasks", "request", request_id, {"added": added})
    return added


# -- reading -------------------------------------------------------------------------

def _decorate(t: dict) -> dict:
    t["findings"] = json.loads(t["findings"]) if t.get("findings") else []
    return t


def for_request(q: Query, request_id: int) -> list[dict]:
    """The request's tasks with their system's kind, processor and instructions."""
    return [_decorate(t) for t in q.all("tasks_of_request", {"id": int(request_id)})]


def get(q: Query, task_id: int) -> dict:
    t = q.one("task_get", {"id": int(task_id)})
    if t is None:
        raise NotFound(N_("task {id}: no such task"), id=task_id)
    return _decorate(t)


def open_count(q: Query, request_id: int) -> int:
    return q.value("tasks_open_count", {"id": int(request_id)}) or 0


def require_finished(w, request_id: int) -> None:
    """Art. 5(2), 12(3): a request is answered only once it was carried out in every system."""
    n = open_count(w, request_id)
    if n:
        raise Refused(N_("request {id} has {n} open task(s) in the systems map; finish them "
                         "(kp request tasks {id}) or mark them not applicable with a reason"), id=request_id, n=n)


# -- writing -------------------------------------------------------------------------

def open_task(w, task_id: int) -> dict:
    """The task, if it is still open and its request too (else Refused)."""
    t = get(w, task_id)
    if t["status"] != "open":
        raise Refused(N_("task {id} is {status} already"), id=task_id, status=_status(t["status"]))
    req = w.one("request_get", {"id": t["request_id"]})
    if req["status"] in ("completed", "refused"):
        raise Refused(N_("task {id}: request {request} is closed"), id=task_id, request=t["request_id"])
    return t


def record_manual(reg: Register, actor: str, task_id: int, *, checked_by: str, found: bool, summary: str,
                  evidence: str, checked_at: dt.datetime | None = None, count: int | None = None) -> dict:
    """A check done by hand (or a connector task the DPO did by hand): who, when, what, evidence."""
    checked_at = checked_at or dt.datetime.now().replace(microsecond=0)
    problems = []
    if not (checked_by or "").strip():
        problems.append(problem("checked_by", N_("say who checked")))
    if not (summary or "").strip():
        problems.append(problem("summary", N_("say what was found (or that nothing was)")))
    if not (evidence or "").strip():
        problems.append(problem("evidence", N_("note the evidence (a screenshot's name, a ticket number, ...)")))
    if checked_at > dt.datetime.now() + dt.timedelta(minutes=5):
        problems.append(problem("checked_at", N_("is in the future")))
    if count is not None and count < 0:
        problems.append(problem("count", N_("cannot be negative")))
    if problems:
        raise invalid(problems, N_("task {id}: not recorded"), id=task_id)
    with reg.write(actor) as w:
        t = open_task(w, task_id)
        w.run("task_done", {"id": int(task_id), "found": bool(found), "count": count, "summary": summary.strip(), "summary_data": None,
                            "findings": None, "by": checked_by.strip(), "at": checked_at, "evidence": evidence.strip()})
        w.audit("request.task.manual", "task", task_id, {"request": t["request_id"], "system": t["system_id"],
                                                          "found": bool(found)})
        return get(w, task_id)


def not_applicable(reg: Register, actor: str, task_id: int, *, reason: str) -> dict:
    """The task does not concern this request (e.g. no IP address was given for the analytics)."""
    if not (reason or "").strip():
        raise invalid([problem("reason", N_("say why the task does not apply"))], N_("task {id}: not changed"),
                      id=task_id)
    with reg.write(actor) as w:
        t = open_task(w, task_id)
        w.run("task_not_applicable", {"id": int(task_id), "reason": reason.strip(), "by": actor,
                                      "at": dt.datetime.now().replace(microsecond=0)})
        w.audit("request.task.not_applicable", "task", task_id, {"request": t["request_id"], "system": t["system_id"]})
        return get(w, task_id)


def mark_register_objected(w, request_id: int, removed: int) -> None:
    """kpcore.erasure stopped direct marketing in this register (Art. 21(3)): its task is done (same transaction)."""
    for t in w.all("tasks_of_request", {"id": int(request_id)}):
        if t["status"] == "open" and t["action"] == "stop_marketing" and t["system_kind"] == "register":
            w.run("task_done", {"id": t["id"], "found": bool(removed), "count": removed,
                                **Summary("register_objected", {"n": removed}).columns(),
                                "findings": None, "by": w.actor, "at": dt.datetime.now().replace(microsecond=0),
                                "evidence": None})


def mark_register_erased(w, request_id: int, counts: dict) -> None:
    """kpcore.erasure erased the person in this register: its deletion task is done (same transaction)."""
    for t in w.all("tasks_of_request", {"id": int(request_id)}):
        if t["status"] == "open" and t["action"] == "delete" and t["system_kind"] == "register":
            n = counts.get("contacts", 0) + counts.get("visits", 0)
            w.run("task_done", {"id": t["id"], "found": bool(n), "count": n,
                                **Summary("register_erased", {"people": counts.get("contacts", 0),
                                                              "visits": counts.get("visits", 0)}).columns(),
                                "findings": json.dumps([counts]), "by": w.actor,
                                "at": dt.datetime.now().replace(microsecond=0), "evidence": None})


def close_on_refusal(w, request_id: int) -> None:
    """A refused request (Art. 12(5)) is carried out nowhere: its open tasks are not applicable."""
    w.run("tasks_close_on_refusal", {"id": int(request_id), "by": w.actor, "at": dt.datetime.now().replace(microsecond=0)})
