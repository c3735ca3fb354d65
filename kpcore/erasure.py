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
import json
from pathlib import Path

import duckdb

from . import i18n
from . import requests as reqs
from . import suppression
from .db import Register
from .errors import KpError, NotFound, Problem, Refused
from .i18n import N_, NP_
from .requests import EMAIL, PHONE, invalid, normalise_phone

RECTIFIABLE = ("name", "email", "phone", "organisation", "title")

# The fields' names as a refusal shows them (issue 18 §1).
FIELD_LABELS = {"name": NP_("field", "name"), "email": NP_("field", "email"), "phone": NP_("field", "phone"),
                "organisation": NP_("field", "organisation"), "title": NP_("field", "title"),
                "ground": NP_("field", "Art. 17(1) ground"), "exception": NP_("field", "Art. 17(3) exception")}


problem = Problem.labelled(FIELD_LABELS)  # a refused field, named by its label


def _find(q, email: str | None, request_id: int | None) -> tuple[list[dict], dict | None]:
    """The persons to act on: by email, else the persons the request was matched to."""
    request = None
    if request_id is not None:
        request = q.one("request_get", {"id": int(request_id)})
        if request is None:
            raise NotFound(N_("request {id}: no such request"), id=request_id)
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
        raise KpError(N_("The erasure itself is saved, but rewriting the register file failed "
                         "({error}); deleted values may remain in the file's free "
                         "space until the erasure is run again."), error=str(exc).split(' See also ')[0]) from None


# Art. 17(1): the grounds for erasure, as codes (the letter says them from here).
GROUNDS = {
    "a": N_("17(1)(a): the data are no longer necessary for the purposes for which they were collected"),
    "b": N_("17(1)(b): the person withdrew consent and there is no other legal ground"),
    "c": N_("17(1)(c): the person objected (Art. 21) and there are no overriding grounds, or it is direct marketing"),
    "d": N_("17(1)(d): the data have been unlawfully processed"),
    "e": N_("17(1)(e): the data must be erased to comply with a legal obligation"),
    "f": N_("17(1)(f): the data were collected in relation to information society services offered to a child"),
}
# Art. 17(3) exceptions (and the running contract, for which 17(1)(a) does not apply: the data are
# still necessary). Each applies to named purposes: those links are kept, the rest erased.
EXCEPTIONS = {
    "legal_obligation": N_("17(3)(b): compliance with a legal obligation (e.g. the Accounting Act 1336/1997)"),
    "legal_claims": N_("17(3)(e): the establishment, exercise or defence of legal claims"),
    "running_contract": N_("a running customer contract's obligations: the data are still necessary (17(1)(a) is not met)"),
    "freedom_of_expression": N_("17(3)(a): freedom of expression and information"),
    "public_health": N_("17(3)(c): public interest in public health"),
    "archiving": N_("17(3)(d): archiving in the public interest, research or statistics"),
}
WEB_PURPOSE = "web_analytics"


def _check_grounds(ground: str | None, exceptions: list[tuple[str, list[str]]], purposes: set[str]) -> None:
    problems = []
    if ground not in GROUNDS:
        problems.append(problem("ground", N_("give the Art. 17(1) ground: one of {values}"), values=", ".join(GROUNDS)))
    for code, ps in exceptions:
        if code not in EXCEPTIONS:
            problems.append(problem("exception", N_("unknown exception {code} (one of: {values})"), code=repr(code),
                                    values=", ".join(EXCEPTIONS)))
        if not ps:
            problems.append(problem("exception", N_("{code}: name the purpose(s) it keeps"), code=code))
        for p in ps:
            if p not in purposes:
                problems.append(problem("exception", N_("{code}: unknown purpose {purpose}"), code=code, purpose=repr(p)))
    if problems:
        raise invalid(problems, N_("Nothing was erased"))


def _plan(q, email: str | None, request_id: int | None, exceptions: list[tuple[str, list[str]]]) -> dict:
    """What an erasure would do, read from the register: the basis of both the preview and the
    erasure itself, so the two cannot differ."""
    people, request = _find(q, email, request_id)
    if not people and request is None and not (email and email.strip()):
        raise invalid([problem("email", N_("give the person's email or a request id"))], N_("Nothing was erased"))
    ids = [p["id"] for p in people]
    links = q.sql("SELECT contact_id, purpose FROM contact_purpose WHERE list_contains(?, contact_id) "
                  "ORDER BY purpose", [ids]).fetchall() if ids else []
    kept_by: dict[str, list[str]] = {}
    for code, ps in exceptions:
        for p in ps:
            kept_by.setdefault(p, []).append(code)
    person_purposes = sorted({p for _, p in links})
    kept = sorted(p for p in person_purposes if p in kept_by)
    erased = [p for p in person_purposes if p not in kept_by]
    complete = not kept
    emails = {p["email"] for p in people} | ({email.strip().lower()} if email and email.strip() else set())
    phones = {p["phone"] for p in people if p["phone"]}
    ips: set[str] = set()
    if request is not None:
        if request["requester_email"]:
            emails.add(request["requester_email"].lower())
        if request["requester_phone"]:
            phones.add(request["requester_phone"])
        if request["requester_ip"]:
            ips.add(request["requester_ip"])
    req_ids = {r[0] for r in q.sql(
        "SELECT id FROM subject_request WHERE requester_email IS NOT NULL AND list_contains(?, lower(requester_email))"
        " UNION SELECT request_id FROM request_subject WHERE list_contains(?, contact_id)",
        [sorted(emails), ids]).fetchall()}
    if request is not None:
        req_ids.add(request["id"])
    for r in q.sql("SELECT DISTINCT requester_ip FROM subject_request WHERE list_contains(?, id) "
                   "AND requester_ip IS NOT NULL", [sorted(req_ids)]).fetchall():
        ips.add(r[0])
    erase_visits = complete or WEB_PURPOSE not in kept
    visits = q.sql("SELECT count(*) FROM web_visit WHERE list_contains(?, ip)", [sorted(ips)]).fetchall()[0][0] \
        if ips and erase_visits else 0
    from . import art19
    return {"people": people, "ids": ids, "request": request, "emails": emails, "phones": phones, "ips": ips,
            "req_ids": req_ids, "links": links, "kept": kept, "kept_by": kept_by, "erased_purposes": erased,
            "complete": complete, "visits": visits, "erase_visits": erase_visits,
            "files": rejected_files_holding(q, emails),
            "tell": art19.checklist_for(q, ids, (person_purposes if complete else erased)
                                        + ([WEB_PURPOSE] if visits and WEB_PURPOSE not in person_purposes else []))}


def rejected_files_holding(q, emails: set[str]) -> list[str]:
    """Rejected-rows files an import wrote (still on disk) that hold one of the addresses."""
    out = []
    for (path,) in q.sql("SELECT path FROM rejected_file ORDER BY path").fetchall():
        try:
            text = Path(path).read_bytes().decode("utf-8", errors="replace").lower()
        except OSError:
            continue
        if any(e and e in text for e in emails):
            out.append(path)
    return out


def _scrub_file(path: str, emails: set[str]) -> int:
    """Remove the rows holding one of the addresses from a rejected-rows CSV (kept 0600)."""
    import csv
    import io

    from .safety import write_private
    raw = Path(path).read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig", errors="replace")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    keep = [r for r in rows if not any(c.strip().lower() in emails for c in r)]
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(keep)
    write_private(path, (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8"))
    return len(rows) - len(keep)


def preview(reg: Register, email: str | None, *, request_id: int | None = None,
            exceptions: list[tuple[str, list[str]]] = ()) -> dict:
    """What `erase` would remove and where, and who must be told (Art. 19): tables with counts,
    files, recipients, what an exception keeps. No personal data beyond file paths."""
    exceptions = list(exceptions)
    with reg.read() as q:
        _check_grounds("a", exceptions, {p["key"] for p in q.all("purposes")})
        plan = _plan(q, email, request_id, exceptions)
        erased_links = [p for _, p in plan["links"] if p not in plan["kept"]]
        tables = {
            "contact": len(plan["ids"]) if plan["complete"] else 0,
            "contact_purpose": len(erased_links),
            "request_subject": q.sql("SELECT count(*) FROM request_subject WHERE list_contains(?, contact_id)",
                                     [plan["ids"]]).fetchall()[0][0] if plan["complete"] and plan["ids"] else 0,
            "subject_request (redacted)": len(plan["req_ids"]) if plan["complete"] else 0,
            "web_visit": plan["visits"],
        }
    return {"people": len(plan["ids"]), "outcome": "complete" if plan["complete"] else "partial",
            "tables": tables, "purposes_erased": sorted(set(erased_links)),
            "purposes_kept": {p: plan["kept_by"][p] for p in plan["kept"]},
            "suppression": ["*"] if plan["complete"] else sorted(set(erased_links)),
            "files": plan["files"], "tell": plan["tell"],
            "request": plan["request"]["id"] if plan["request"] is not None else None}


def erase(reg: Register, actor: str, email: str | None, *, request_id: int | None = None, ground: str | None = None,
          exceptions: list[tuple[str, list[str]]] = (), today: dt.date | None = None, compact_file: bool = True,
          progress=None) -> dict:
    """Erase a person (Art. 17) on the recorded ground; returns counts (no personal data).

    `exceptions` [(code, [purpose, ...])]: Art. 17(3) exceptions (or a running contract) that keep
    the person's links in those purposes: the erasure is then partial, the person stays in the
    register for those purposes only, and the suppression is per erased purpose. A complete erasure
    deletes the person everywhere, suppresses every purpose ('*'), and leaves the minimal
    accountability record (Art. 5(2)): the request's id, type, dates, ground and outcome, with the
    requester's identity replaced by a keyed hash. The recipients of the person's purposes go on the
    request's Art. 19 checklist; the request is closed only when none is open.
    """
    today = today or dt.date.today()
    exceptions = [(c, list(ps)) for c, ps in exceptions]
    with reg.read() as q:
        _check_grounds(ground, exceptions, {p["key"] for p in q.all("purposes")})
        plan = _plan(q, email, request_id, exceptions)
    if plan["request"] is None:  # the accountability record needs a request: one is made for it
        first = sorted(plan["emails"])[0] if plan["emails"] else None
        new = reqs.add(reg, actor, type="erasure", email=first, today=today)
        request_id = new["id"]
    else:
        request_id = plan["request"]["id"]
    complete = plan["complete"]
    with reg.write(actor) as w:
        plan = _plan(w, email, request_id, exceptions)  # again, inside the transaction
        ids, req_ids = plan["ids"], plan["req_ids"]
        request = plan["request"]
        from . import art19
        told = art19.attach(w, request["id"], plan["tell"])
        targets = [suppression.ALL_PURPOSES] if complete else plan["erased_purposes"]
        suppressed = 0
        for p in targets:
            for e in sorted(plan["emails"]):
                suppressed += suppression.suppress(w, email=e, phone=None, reason="erased" if complete else "objected",
                                                   purpose=p, detail="erasure")
            for ph in sorted(plan["phones"]):
                suppressed += suppression.suppress(w, email=None, phone=ph, reason="erased" if complete else "objected",
                                                   purpose=p, detail="erasure")
        if complete:
            links = w.sql("DELETE FROM contact_purpose WHERE list_contains(?, contact_id)", [ids]).fetchall()[0][0]
            w.sql("DELETE FROM request_subject WHERE list_contains(?, contact_id)", [ids]).fetchall()
        else:
            links = w.sql("DELETE FROM contact_purpose WHERE list_contains(?, contact_id) AND list_contains(?, purpose)",
                          [ids, plan["erased_purposes"]]).fetchall()[0][0]
        visits = w.sql("DELETE FROM web_visit WHERE list_contains(?, ip)", [sorted(plan["ips"])]).fetchall()[0][0] \
            if plan["ips"] and plan["erase_visits"] else 0
        identity = None
        if plan["emails"]:
            key_email = (request["requester_email"] or sorted(plan["emails"])[0]).lower()
            identity = suppression.digest_with(suppression._key(w), suppression.salt(w), "email", key_email)
        w.sql("""UPDATE subject_request SET erasure_ground = ?, erasure_exceptions = ?, erasure_outcome = ?,
                 requester_hash = coalesce(requester_hash, ?) WHERE id = ?""",
              [ground, json.dumps([{"code": c, "purposes": ps} for c, ps in exceptions]) if exceptions else None,
               "complete" if complete else "partial", identity, request["id"]])
        if complete:
            w.sql("""UPDATE subject_request SET requester_name = NULL, requester_email = NULL, requester_phone = NULL,
                     requester_ip = NULL, redacted = true WHERE list_contains(?, id)""", [sorted(req_ids)]).fetchall()
            for rid in sorted(req_ids):
                reqs.record_event(w, rid, "erased", f"{len(ids)} person(s), {links} link(s)")
        else:
            reqs.record_event(w, request["id"], "erased_partly",
                              f"{links} link(s); kept: {', '.join(plan['kept'])}")
        counts = {"contacts": len(ids) if complete else 0, "links": links,
                  "requests_redacted": len(req_ids) if complete else 0, "visits": visits, "suppressed": suppressed,
                  "outcome": "complete" if complete else "partial", "request": request["id"], "to_tell": told,
                  "files": len(plan["files"])}
        from . import tasks  # #12: the register's deletion task is done with the erasure itself
        tasks.mark_register_erased(w, request["id"], counts)
        w.audit("person.erase", "request", request["id"],
                {**counts, "contact_ids": ids, "ground": ground, "exceptions": [c for c, _ in exceptions],
                 "kept_purposes": plan["kept"]})
        files, emails = plan["files"], set(plan["emails"])
    if ids and complete:
        with reg.write(actor, "person.erase.contact", "contact", ids[0], {"contact_ids": ids}) as w:
            w.sql("DELETE FROM contact WHERE list_contains(?, id)", [ids]).fetchall()
    for f in files:  # rows never imported: no exception keeps them
        try:
            _scrub_file(f, emails)
        except OSError:
            counts["files_not_scrubbed"] = counts.get("files_not_scrubbed", 0) + 1
    with reg.read() as q:
        status = q.one("request_get", {"id": request["id"]})["status"]
        open_left = len(art19.open_items(q, request["id"]))
        tasks_open = tasks.open_count(q, request["id"])
    # Art. 19 recipients to tell and other systems' deletion tasks (#12) keep the request open until done
    if status in ("received", "in_progress", "extended") and not open_left and not tasks_open:
        reqs.close(reg, actor, request["id"], note="erasure carried out", today=today)
    counts["art19_open"] = open_left
    checkpoint(reg)
    if compact_file:
        if progress:
            progress("rewriting the register file so the erased bytes are gone (a large register takes a while)")
        compact(reg, actor)
    return counts


def _one_person(w, email: str | None, request_id: int | None) -> dict:
    people, _ = _find(w, email, request_id)
    if not people:
        raise NotFound(N_("no person in the register matches that email or request"))
    if len(people) > 1:
        raise Refused(N_("the request matches {n} persons; give the email of the one to change"), n=len(people))
    return people[0]


def rectify(reg: Register, actor: str, email: str | None, changes: dict, *, request_id: int | None = None) -> dict:
    """Art. 16: correct the person's fields. Returns the changed field names (never their values)."""
    unknown = [k for k in changes if k not in RECTIFIABLE]
    problems = [problem(k, N_("cannot be rectified here (fields: {fields})"), fields=", ".join(RECTIFIABLE))
                for k in unknown]
    clean: dict = {}
    for k, v in changes.items():
        if k in unknown:
            continue
        v = v.strip() if isinstance(v, str) else v
        if k == "email":
            v = (v or "").lower()
            if not EMAIL.match(v):
                problems.append(problem("email", N_("is not an e-mail address")))
        elif k == "phone":
            v = normalise_phone(v)
            if v is not None and not PHONE.match(v):
                problems.append(problem("phone", N_("is not a phone number (use +358401234567)")))
        elif k == "name" and not v:
            problems.append(problem("name", N_("cannot be empty")))
        clean[k] = v if v != "" else None
    if problems:
        raise invalid(problems, N_("Nothing was changed"))
    with reg.read() as q:
        person = _one_person(q, email, request_id)
        changed = {k: v for k, v in clean.items() if person.get(k) != v}
        purposes = [r["purpose"] for r in q.all("sar_links", {"id": person["id"]})]
        allowed = {r["category"] for r in q.all("sar_categories", {"purposes": purposes})} if purposes else set(RECTIFIABLE)
        refused = [k for k, v in changed.items() if v is not None and k not in allowed]
        if refused:  # Art. 5(1)(c): e.g. no phone for a person only in group 2 (expert_user)
            raise invalid([problem(k, N_("none of the person's purposes allows this data (minimisation)"))
                           for k in refused], N_("Nothing was changed"))
        if "email" in changed:
            other = q.one("request_contact_by_email", {"email": changed["email"]})
            if other is not None:
                raise Refused(N_("email: another person in the register already has that address"))
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


def reapply(reg: Register, actor: str) -> dict:
    """Make the register agree with its suppression list (after a restore re-applied the erasure
    ledger, kpcore.backup): every person whose email or phone is suppressed for all purposes is
    erased (links, request links, requests redacted, their requests' web visits, the contact row);
    a person suppressed for one purpose loses that purpose's link. Counts only."""
    with reg.write(actor) as w:
        params = suppression.sql_params(w)
        if not params:
            w.audit("register.reapply_erasures", "register", None, {"contacts": 0, "links": 0})
            return {"contacts": 0, "links": 0, "requests_redacted": 0, "visits": 0}
        h_email, h_phone = suppression.sql_hash("c.email"), suppression.sql_hash("c.phone")
        w.sql(f"""CREATE OR REPLACE TEMP TABLE kp_reapply AS
                  SELECT c.id, s.purpose FROM contact c JOIN suppression s
                    ON s.hash = {h_email} OR (c.phone IS NOT NULL AND s.hash = {h_phone})""", params)
        ids = [r[0] for r in w.sql("SELECT DISTINCT id FROM kp_reapply WHERE purpose = '*' ORDER BY id").fetchall()]
        links = w.sql("""DELETE FROM contact_purpose WHERE (contact_id, purpose) IN
                         (SELECT id, purpose FROM kp_reapply WHERE purpose <> '*')""").fetchall()[0][0]
        h_req = suppression.sql_hash("lower(r.requester_email)")
        req_ids = sorted({r[0] for r in w.sql(
            f"""SELECT r.id FROM subject_request r JOIN suppression s ON s.purpose = '*'
                 AND r.requester_email IS NOT NULL AND s.hash = {h_req}""", params).fetchall()}
            | {r[0] for r in w.sql("SELECT request_id FROM request_subject WHERE list_contains(?, contact_id)",
                                   [ids]).fetchall()})
        ips = [r[0] for r in w.sql("SELECT DISTINCT requester_ip FROM subject_request WHERE list_contains(?, id) "
                                   "AND requester_ip IS NOT NULL", [req_ids]).fetchall()]
        links += w.sql("DELETE FROM contact_purpose WHERE list_contains(?, contact_id)", [ids]).fetchall()[0][0]
        w.sql("DELETE FROM request_subject WHERE list_contains(?, contact_id)", [ids]).fetchall()
        visits = w.sql("DELETE FROM web_visit WHERE list_contains(?, ip)", [ips]).fetchall()[0][0] if ips else 0
        w.sql("""UPDATE subject_request SET requester_name = NULL, requester_email = NULL, requester_phone = NULL,
                 requester_ip = NULL, redacted = true WHERE list_contains(?, id)""", [req_ids]).fetchall()
        w.sql("DROP TABLE kp_reapply")
        counts = {"contacts": len(ids), "links": links, "requests_redacted": len(req_ids), "visits": visits}
        w.audit("register.reapply_erasures", "register", None, {**counts, "contact_ids": ids})
    if ids:
        with reg.write(actor, "person.erase.contact", "contact", ids[0], {"contact_ids": ids}) as w:
            w.sql("DELETE FROM contact WHERE list_contains(?, id)", [ids]).fetchall()
    return counts


def purposes_of(q, contact_id: int) -> list[dict]:
    """The person's purpose links (for the erasure form's Art. 17(3) exceptions, per purpose)."""
    return q.all("sar_links", {"id": contact_id})


def letter_pdf(q, request_id: int, *, to: str | None = None, lang: str | None = None,
               today: dt.date | None = None) -> bytes:
    """The erasure letter of a request whose erasure was carried out (`erase`); kpcore.pdf.letters builds it.
    `lang` None: the request's language, else the person's (read before the erasure by the caller
    when it matters: the person is gone after it), else Finnish (issue 18)."""
    from .pdf.letters import erasure_letter

    lang = reqs.answer_language(q, request_id, explicit=lang)
    req = reqs.get(q, request_id, today=today)
    if not req.get("erasure_outcome"):
        raise Refused(N_("request {id}: no erasure has been carried out on it"), id=request_id)
    names = {p["key"]: (p["name_fi"], p["name_en"], p.get("name_sv") or p["name_fi"]) for p in q.all("purposes")}
    i = {"fi": 0, "en": 1, "sv": 2}[lang]
    kept = []
    if req["erasure_outcome"] == "partial":
        for ex in json.loads(req.get("erasure_exceptions") or "[]"):
            for p in ex["purposes"]:
                kept.append((names.get(p, (p, p, p))[i], i18n.label(EXCEPTIONS, ex["code"], lang)))
    ground = i18n.label(GROUNDS, req["erasure_ground"], lang)
    return erasure_letter(q.one("controller"), req, ground=ground, kept=kept, to=to, lang=lang, today=today)
