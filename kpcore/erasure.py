"""Carrying out requests on a person: erasure (Art. 17), rectification (16), objection to
direct marketing (21(2)-(3)) and restriction (18).

Erasure leaves no trace of the person: their contact row, purpose links and request links
go; their requests keep only what is not personal (type, dates, status) with the
requester's name, email, phone and IP set to NULL and `redacted` true; visits from the IP
the requester gave go; salted hashes of the email and phone join the suppression list so
no import brings them back; the audit event holds ids and counts only. Afterwards the
register is CHECKPOINTed so the deleted values leave the write-ahead log.

DuckDB checks a foreign key against the committed state, so a contact cannot be deleted
(or its UNIQUE email changed) in the transaction that deletes the rows referring to it.
Erasure therefore commits in two steps: first everything that refers to the person
(with the suppression entry, so nothing can re-import them meanwhile), then the contact
row itself. Both are audited; running the erasure again finishes an interrupted one.
Last, the register file is rewritten (`compact`): DuckDB leaves freed blocks as they were,
so without it the deleted bytes would stay readable in the file.
"""
from __future__ import annotations

import datetime as dt

import duckdb

from . import requests as reqs
from . import suppression
from .db import Register
from .errors import KpError, NotFound, Problem, Refused
from .requests import EMAIL, PHONE, invalid, normalise_phone

RECTIFIABLE = ("name", "email", "phone", "organisation", "title")


def _find(q, email: str | None, request_id: int | None) -> tuple[list[dict], dict | None]:
    """The persons to act on: by email, else the persons the request was matched to."""
    request = None
    if request_id is not None:
        request = q.one("request_get", {"id": int(request_id)})
        if request is None:
            raise NotFound(f"request {request_id}: no such request")
    people = []
    if email and email.strip():
        c = q.one("request_contact_by_email", {"email": email})
        if c:
            people.append(c)
    if not people and request is not None:
        people = q.all("request_subjects", {"id": request["id"]})
    return people, request


def checkpoint(reg: Register) -> None:
    """Fold the write-ahead log into the file so deleted values are not left in the .wal."""
    reg.checkpoint()


def compact(reg: Register, actor: str) -> None:
    """Rewrite the register file so the erased person's old bytes leave its free space too."""
    reg.record(actor, "register.compact", "register", None)
    try:
        reg.rewrite_file()
    except duckdb.Error as exc:
        raise KpError("The erasure itself is saved, but rewriting the register file failed "
                      f"({str(exc).split(' See also ')[0]}); deleted values may remain in the file's free "
                      "space until the erasure is run again.") from None


def erase(reg: Register, actor: str, email: str | None, *, request_id: int | None = None,
          today: dt.date | None = None, compact_file: bool = True, progress=None) -> dict:
    """Erase a person everywhere; returns counts (no personal data)."""
    today = today or dt.date.today()
    with reg.write(actor) as w:
        people, request = _find(w, email, request_id)
        if not people and request is None and not (email and email.strip()):
            raise invalid([Problem(0, "email", "give the person's email or a request id")], "Nothing was erased")
        ids = [p["id"] for p in people]
        # Every address and number that identified them, from the register and the request.
        emails = {p["email"] for p in people} | ({email.strip().lower()} if email and email.strip() else set())
        phones = {p["phone"] for p in people if p["phone"]}
        ips = set()
        if request is not None:
            if request["requester_email"]:
                emails.add(request["requester_email"].lower())
            if request["requester_phone"]:
                phones.add(request["requester_phone"])
            if request["requester_ip"]:
                ips.add(request["requester_ip"])
        suppressed = 0
        for e in sorted(emails):
            suppressed += suppression.suppress(w, email=e, phone=None, reason="erased")
        for ph in sorted(phones):
            suppressed += suppression.suppress(w, email=None, phone=ph, reason="erased")
        # Their requests: matched to them, made from their address, or the one named.
        req_ids = {r[0] for r in w.sql(
            "SELECT id FROM subject_request WHERE requester_email IS NOT NULL AND list_contains(?, lower(requester_email))"
            " UNION SELECT request_id FROM request_subject WHERE list_contains(?, contact_id)",
            [sorted(emails), ids]).fetchall()}
        if request is not None:
            req_ids.add(request["id"])
        for r in w.sql("SELECT DISTINCT requester_ip FROM subject_request WHERE list_contains(?, id) "
                       "AND requester_ip IS NOT NULL", [sorted(req_ids)]).fetchall():
            ips.add(r[0])
        links = w.sql("DELETE FROM contact_purpose WHERE list_contains(?, contact_id)", [ids]).fetchall()[0][0]
        w.sql("DELETE FROM request_subject WHERE list_contains(?, contact_id)", [ids]).fetchall()
        visits = w.sql("DELETE FROM web_visit WHERE list_contains(?, ip)", [sorted(ips)]).fetchall()[0][0] if ips else 0
        w.sql("""UPDATE subject_request SET requester_name = NULL, requester_email = NULL, requester_phone = NULL,
                 requester_ip = NULL, redacted = true WHERE list_contains(?, id)""", [sorted(req_ids)]).fetchall()
        for rid in sorted(req_ids):
            reqs.record_event(w, rid, "erased", f"{len(ids)} person(s), {links} link(s)")
        counts = {"contacts": len(ids), "links": links, "requests_redacted": len(req_ids), "visits": visits,
                  "suppressed": suppressed}
        if request is not None:  # #12: the register's deletion task is done with the erasure itself
            from . import tasks

            tasks.mark_register_erased(w, request["id"], counts)
        w.audit("person.erase", "request" if request is not None else "contact",
                request["id"] if request is not None else (ids[0] if ids else None),
                {**counts, "contact_ids": ids})
    if ids:
        with reg.write(actor, "person.erase.contact", "contact", ids[0], {"contact_ids": ids}) as w:
            w.sql("DELETE FROM contact WHERE list_contains(?, id)", [ids]).fetchall()
    if request is not None and request["status"] in ("received", "in_progress", "extended"):
        from . import tasks

        with reg.read() as q:
            still_open = tasks.open_count(q, request["id"])
        if not still_open:  # other systems' deletion tasks keep the request open until done (#12)
            reqs.close(reg, actor, request["id"], note="erasure carried out", today=today)
    checkpoint(reg)
    if compact_file:
        if progress:
            progress("rewriting the register file so the erased bytes are gone (a large register takes a while)")
        compact(reg, actor)
    return counts


def _one_person(w, email: str | None, request_id: int | None) -> dict:
    people, _ = _find(w, email, request_id)
    if not people:
        raise NotFound("no person in the register matches that email or request")
    if len(people) > 1:
        raise Refused(f"the request matches {len(people)} persons; give the email of the one to change")
    return people[0]


def rectify(reg: Register, actor: str, email: str | None, changes: dict, *, request_id: int | None = None) -> dict:
    """Art. 16: correct the person's fields. Returns the changed field names (never their values)."""
    unknown = [k for k in changes if k not in RECTIFIABLE]
    problems = [Problem(0, k, f"cannot be rectified here (fields: {', '.join(RECTIFIABLE)})") for k in unknown]
    clean: dict = {}
    for k, v in changes.items():
        if k in unknown:
            continue
        v = v.strip() if isinstance(v, str) else v
        if k == "email":
            v = (v or "").lower()
            if not EMAIL.match(v):
                problems.append(Problem(0, "email", "is not an e-mail address"))
        elif k == "phone":
            v = normalise_phone(v)
            if v is not None and not PHONE.match(v):
                problems.append(Problem(0, "phone", "is not a phone number (use +358401234567)"))
        elif k == "name" and not v:
            problems.append(Problem(0, "name", "cannot be empty"))
        clean[k] = v if v != "" else None
    if problems:
        raise invalid(problems, "Nothing was changed")
    with reg.read() as q:
        person = _one_person(q, email, request_id)
        changed = {k: v for k, v in clean.items() if person.get(k) != v}
        purposes = [r["purpose"] for r in q.all("sar_links", {"id": person["id"]})]
        allowed = {r["category"] for r in q.all("sar_categories", {"purposes": purposes})} if purposes else set(RECTIFIABLE)
        refused = [k for k, v in changed.items() if v is not None and k not in allowed]
        if refused:  # Art. 5(1)(c): e.g. no phone for a person only in group 2 (expert_user)
            raise invalid([Problem(0, k, "none of the person's purposes allows this data (minimisation)")
                           for k in refused], "Nothing was changed")
        if "email" in changed:
            other = q.one("request_contact_by_email", {"email": changed["email"]})
            if other is not None:
                raise Refused("email: another person in the register already has that address")
    if not changed:
        return {"contact_id": person["id"], "fields": []}
    detail = {"fields": sorted(changed)}
    plain = {k: v for k, v in changed.items() if k != "email"}
    with reg.write(actor, "person.rectify", "contact", person["id"], detail) as w:
        if plain:
            sets = ", ".join(f"{k} = ?" for k in plain)  # keys are from RECTIFIABLE, never user text
            w.sql(f"UPDATE contact SET {sets}, updated_at = current_timestamp WHERE id = ?", [*plain.values(), person["id"]])
        if request_id is not None:
            reqs.record_event(w, request_id, "rectified", ", ".join(sorted(changed)))
    if "email" in changed:
        _change_email(reg, actor, person["id"], changed["email"])
    return {"contact_id": person["id"], "fields": sorted(changed)}


def _change_email(reg: Register, actor: str, contact_id: int, new_email: str) -> None:
    """DuckDB cannot change a UNIQUE key that other rows refer to in one transaction: the
    links are lifted out and committed, then the email changes and the links return."""
    with reg.write(actor, "person.rectify.email.unlink", "contact", contact_id) as w:
        links = w.sql("SELECT * FROM contact_purpose WHERE contact_id = ?", [contact_id]).fetchall()
        cols = [d[0] for d in w.cursor.description]
        subjects = [r[0] for r in w.sql("SELECT request_id FROM request_subject WHERE contact_id = ?", [contact_id]).fetchall()]
        w.sql("DELETE FROM contact_purpose WHERE contact_id = ?", [contact_id])
        w.sql("DELETE FROM request_subject WHERE contact_id = ?", [contact_id])

    def relink(w):
        if links:
            w.cursor.executemany(f"INSERT INTO contact_purpose ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                                 [list(r) for r in links])
        for rid in subjects:
            w.sql("INSERT INTO request_subject VALUES (?, ?)", [rid, contact_id])

    try:
        with reg.write(actor, "person.rectify.email", "contact", contact_id, {"links": len(links)}) as w:
            w.sql("UPDATE contact SET email = ?, updated_at = current_timestamp WHERE id = ?", [new_email, contact_id])
            relink(w)
    except BaseException:
        with reg.write(actor, "person.rectify.email.restore", "contact", contact_id, {"links": len(links)}) as w:
            relink(w)  # nothing is lost: the links go back under the old address
        raise


def object_to_marketing(reg: Register, actor: str, email: str | None, *, request_id: int | None = None) -> dict:
    """Art. 21(2)-(3): drop the direct-marketing links and suppress re-adding them."""
    with reg.read() as q:
        person = _one_person(q, email, request_id)
        dm = [p["key"] for p in q.all("purposes") if p["direct_marketing"]]
    with reg.write(actor, "person.object", "contact", person["id"]) as w:
        removed = w.sql("DELETE FROM contact_purpose WHERE contact_id = ? AND list_contains(?, purpose)",
                        [person["id"], dm]).fetchall()[0][0]
        for purpose in dm:
            suppression.suppress(w, email=person["email"], phone=person["phone"], reason="objected", purpose=purpose)
        if request_id is not None:
            reqs.record_event(w, request_id, "objection_applied", f"{removed} link(s) removed")
            from . import tasks  # #12: the register's own stop-marketing task is done with it

            tasks.mark_register_objected(w, request_id, removed)
        w.audit("person.object.applied", "contact", person["id"], {"links_removed": removed, "purposes": dm})
    return {"contact_id": person["id"], "links_removed": removed, "purposes": dm}


def restrict(reg: Register, actor: str, email: str | None, *, request_id: int | None = None,
             restricted: bool = True) -> dict:
    """Art. 18: mark the person so exports and marketing lists skip them (or lift the mark)."""
    with reg.read() as q:
        person = _one_person(q, email, request_id)
    with reg.write(actor, "person.restrict" if restricted else "person.unrestrict", "contact", person["id"]) as w:
        w.sql("UPDATE contact SET restricted = ?, updated_at = current_timestamp WHERE id = ?", [restricted, person["id"]])
        if request_id is not None:
            reqs.record_event(w, request_id, "restricted" if restricted else "restriction_lifted")
    return {"contact_id": person["id"], "restricted": restricted}
