"""Carrying a request out across the systems map (#12): running a task's connector, and with it the
register's own erasure (Art. 17) and stop of direct marketing (Art. 21(3)).

The layer above the rule modules. Each of those owns one thing and none of them imports this one
back (tests/test_import_graph.py, issue 18 §4):
    requests       the request record: intake, status, deadlines, closing (which asks tasks and art19)
    tasks          the request's tasks, one per relevant system: which systems, results, hand checks
    art19          the recipients to tell of an erasure, rectification or restriction (Art. 19)
    erasure        erasure, rectification, objection and restriction in this register
    connectors     searching and deleting in the other systems (IMAP, table exports)
    workflow       running a task: the connector, or the register's erasure for the register's task
A connector failure is stored as the task's error, the task stays open and ConnectorError is
raised (its message names no person).
"""
from __future__ import annotations

import datetime as dt
import json

from . import connectors, tasks
from .db import Register
from .errors import Refused
from .i18n import N_, gettext


def run_task(reg: Register, actor: str, task_id: int, *, progress=None) -> dict:
    """Run a connector task and store its result; on a connector failure the error is stored (its
    English text and, as data, its catalog message: said in the reader's language), the task stays
    open and ConnectorError is raised (its message names no person). `progress` receives a
    connectors.Status to say in its reader's language."""
    from . import systems

    with reg.read() as q:
        t = tasks.open_task(q, task_id)
        if t["method"] == "manual":
            raise Refused(N_("task {id} is carried out by hand: record who checked, when and what was found"), id=task_id)
        system = systems.find(q, t["system_id"])
        person, _, _ = tasks.person_of(q, t["request_id"])
    conn = connectors.for_system(system, connectors.Context(reg.path, actor))
    if progress:  # a Status: the caller says it in its reader's language
        action = t["action"]
        progress(connectors.Status(N_("task {id}: {action} in system {system}"), id=task_id, system=system["id"],
                                   action=lambda lang: gettext(tasks.ACTIONS[action], lang)))
    try:
        if t["action"] == "stop_marketing":  # only the register's own task runs (others are by hand)
            from . import erasure

            erasure.object_to_marketing(reg, actor, person.emails[0] if person.emails else None,
                                        request_id=t["request_id"])
            with reg.read() as q:
                return tasks.get(q, task_id)
        if t["action"] == "delete":
            result = erase_in_register(reg, actor, person) if system["connector"] == "register" \
                else conn.delete(person)
        else:
            result = conn.search(person)
    except connectors.ConnectorError as exc:
        with reg.write(actor, "request.task.failed", "task", task_id,
                       {"request": t["request_id"], "system": t["system_id"]}) as w:
            if w.one("task_get", {"id": int(task_id)})["status"] == "open":
                w.run("task_error", {"id": int(task_id), "error": str(exc), "error_data": connectors.error_data(exc)})
        raise
    with reg.write(actor) as w:
        if w.one("task_get", {"id": int(task_id)})["status"] != "open":  # e.g. erasure completed it already
            w.audit("request.task.run", "task", task_id, {"request": t["request_id"], "count": result.count})
            return tasks.get(w, task_id)
        w.run("task_done", {"id": int(task_id), "found": result.found, "count": result.count,
                            **result.summary.columns(), "findings": json.dumps(result.items, ensure_ascii=False,
                                                                              default=str),
                            "by": actor, "at": dt.datetime.now().replace(microsecond=0), "evidence": None})
        w.audit("request.task.run", "task", task_id, {"request": t["request_id"], "system": t["system_id"],
                                                       "found": result.found, "count": result.count})
        return tasks.get(w, task_id)


def run_tasks(reg: Register, actor: str, request_id: int, *, progress=None) -> dict:
    """Run every open connector task of a request; returns {'done': n, 'failed': [(task, message)]}."""
    with reg.read() as q:
        todo = [t for t in tasks.for_request(q, request_id) if t["status"] == "open" and t["method"] != "manual"]
    out = {"done": 0, "failed": [], "manual_open": 0}
    for t in todo:
        try:
            run_task(reg, actor, t["id"], progress=progress)
            out["done"] += 1
        except (connectors.ConnectorError, Refused) as exc:
            out["failed"].append((t["id"], str(exc)))
    with reg.read() as q:
        out["manual_open"] = sum(1 for t in tasks.for_request(q, request_id)
                                 if t["status"] == "open" and t["method"] == "manual")
    return out


def erase_in_register(reg: Register, actor: str, person: connectors.Person) -> connectors.Result:
    """The register's deletion task: kpcore.erasure (Art. 17, which also suppresses re-imports),
    as a connector result."""
    from . import erasure

    email = person.emails[0] if person.emails else None
    counts = erasure.erase(reg, actor, email, request_id=person.request_id)
    n = counts["contacts"] + counts["visits"]
    return connectors.Result(found=bool(n), count=n,
                             summary=connectors.Summary("register_erased", {"people": counts["contacts"],
                                                                            "visits": counts["visits"]}),
                             items=[counts])
