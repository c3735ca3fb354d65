"""The register of subject requests (Art. 12, 15-22): intake, status, deadlines, history.

Each request keeps the requester's identity as given, the register persons it matches
(request_subject), a status and the full history of every change (request_event). The
due date is stored and recomputed by kpcore.deadlines on every change, so the list, the
dashboard and the compliance check all read the same day.

Status moves:
    received ─┬─> awaiting_identity ──> in_progress / extended (identity arrived)
              ├─> in_progress ──> extended
              └─> completed / refused  (from any open status)
An extension needs a reason and is possible only within the first month (Art. 12(3)).
Audit events name the request and counts only; the request's own rows hold the identity.
"""
from __future__ import annotations

import datetime as dt
import functools

from . import deadlines, fmt
from .i18n import N_, NP_
from .db import Query, Register
from .errors import NotFound, Problem, Refused, invalid  # noqa: F401  (requests.invalid, as before)
from .identity import EMAIL, PHONE, normalise_phone  # noqa: F401  (requests.normalise_phone, as before)
from .models import CHANNELS, OPEN_STATUSES, REQUEST_TYPES, request_status_text, request_type_text
from .request_history import event as _event
from .request_history import record_event  # noqa: F401  (requests.record_event, as before)
from .safety import CONTROL_REASON, has_control


def _today(today: dt.date | None) -> dt.date:
    return today or dt.date.today()


# The fields' names as a refusal shows them (issue 18 §1).
FIELD_LABELS = {"name": NP_("field", "name"), "email": NP_("field", "email"), "phone": NP_("field", "phone"),
                "ip": NP_("field", "IP address"), "type": NP_("field", "type"), "channel": NP_("field", "channel"),
                "received": NP_("field", "received on"), "language": NP_("field", "language"),
                "on": NP_("field", "date"), "reason": NP_("field", "reason"), "to": NP_("field", "passed to")}


problem = Problem.labelled(FIELD_LABELS)  # a refused field, named by its label


def _day(d: dt.date):
    """A date in the reader's language (a message parameter): 1.12.2026 / 2026-12-01."""
    return functools.partial(fmt.date, d)


# -- reading -------------------------------------------------------------------------

def _with_clock(row: dict, today: dt.date | None) -> dict:
    row.update(deadlines.clock(row["due_on"], status=row["status"], id_requested_on=row.get("id_requested_on"),
                               id_received_on=row.get("id_received_on"), today=today))
    row["first_month_end"] = deadlines.first_month_end(row["received_on"], row.get("id_requested_on"),
                                                       row.get("id_received_on"))
    row["open"] = row["status"] in OPEN_STATUSES
    return row


def get(q: Query, request_id: int, today: dt.date | None = None) -> dict:
    """One request with its matched persons, history, days left and overdue flag."""
    row = q.one("request_get", {"id": int(request_id)})
    if row is None:
        raise NotFound(N_("request {id}: no such request"), id=request_id)
    row = _with_clock(row, today)
    row["subjects"] = q.all("request_subjects", {"id": row["id"]})
    row["events"] = q.all("request_events", {"id": row["id"]})
    from . import art19
    row["art19"] = art19.items(q, row["id"])  # #11: recipients to tell, told or excused
    return row


def list_requests(q: Query, pending: bool = False, today: dt.date | None = None) -> list[dict]:
    """Requests, open ones first by due date (the DPO's queue)."""
    return [_with_clock(r, today) for r in q.all("request_list", {"pending": pending})]


def type_label(key: str, lang: str = "fi") -> str:
    return request_type_text(key, lang)


def status_label(key: str, lang: str = "fi") -> str:
    return request_status_text(key, lang)


# -- writing -------------------------------------------------------------------------

def _save(w, row: dict) -> dict:
    """Recompute the due date from the row's facts and store the row's state."""
    row["due_on"] = deadlines.due_date(row["received_on"], extended=row.get("extended_on") is not None,
                                       id_requested_on=row.get("id_requested_on"),
                                       id_received_on=row.get("id_received_on"))
    w.run("request_update", {k: row.get(k) for k in (
        "id", "status", "due_on", "id_requested_on", "id_received_on", "extended_on", "extension_reason",
        "extension_notified_on", "answered_on", "refusal_reason")})
    return row


def add(reg: Register, actor: str, *, type: str, email: str | None = None, name: str | None = None,
        phone: str | None = None, received_on: dt.date | None = None, channel: str = "email",
        ip: str | None = None, today: dt.date | None = None, language: str | None = None) -> dict:
    """Record a new request and match it to the register's persons by email and phone.

    `language` (fi, sv, en; issue 18): the language the requester wants the answer in. It is kept on
    the request and becomes the matched persons' preferred language (the latest thing they told us);
    not given, the answer is in the person's language, else Finnish (kpcore.contacts.output_language)."""
    today = _today(today)
    received_on = received_on or today
    controls = [problem(f, CONTROL_REASON) for f, v in (("name", name), ("email", email), ("phone", phone), ("ip", ip))
                if has_control(v)]
    if controls:  # #15 §1: NUL, ESC, BEL ... are refused, naming the field
        raise invalid(controls, N_("The request was not recorded"))
    email = email.strip().lower() if email and email.strip() else None
    name = name.strip() if name and name.strip() else None
    phone = normalise_phone(phone)
    ip = ip.strip() if ip and ip.strip() else None
    problems = []
    if type not in REQUEST_TYPES:
        problems.append(problem("type", N_("must be one of {values}"), values=", ".join(REQUEST_TYPES)))
    if channel not in CHANNELS:
        problems.append(problem("channel", N_("must be one of {values}"), values=", ".join(CHANNELS)))
    if email is None and phone is None and name is None:
        problems.append(problem("email", N_("give at least the requester's email, phone or name")))
    if email is not None and not EMAIL.match(email):
        problems.append(problem("email", N_("is not an e-mail address")))
    if phone is not None and not PHONE.match(phone):
        problems.append(problem("phone", N_("is not a phone number (use +358401234567 or 040 123 4567)")))
    if received_on > today:
        problems.append(problem("received", N_("is in the future")))
    from .contacts import language as parse_language
    try:
        language = parse_language(language)
    except ValueError as exc:
        problems.append(problem("language", str(exc)))  # a catalog message (contacts.language)
    if problems:
        raise invalid(problems, N_("The request was not recorded"))
    due = deadlines.due_date(received_on)
    with reg.write(actor) as w:
        rid = w.value("request_insert", {"type": type, "channel": channel, "received_on": received_on, "name": name,
                                         "email": email, "phone": phone, "ip": ip, "due_on": due,
                                         "language": language})
        matched = set()
        if email:
            c = w.one("request_contact_by_email", {"email": email})
            if c:
                matched.add(c["id"])
        if phone:
            matched |= {c["id"] for c in w.all("request_contacts_by_phone", {"phone": phone})}
        for cid in sorted(matched):
            w.run("request_link_subject", {"id": rid, "contact_id": cid})
        if matched and language:
            w.sql("UPDATE contact SET language = ? WHERE list_contains(?, id)", [language, sorted(matched)])
        if matched:  # Art. 14(3)(b): answering uses the data to communicate with the person
            w.sql("""UPDATE contact_purpose SET first_communication_on = least(coalesce(first_communication_on, ?), ?)
                     WHERE list_contains(?, contact_id) AND collected_on <= ?""",
                  [received_on, received_on, sorted(matched), received_on])
        _event(w, rid, "received", "received", f"matched {len(matched)}")
        w.audit("request.add", "request", rid, {"type": type, "channel": channel, "matched": len(matched),
                                                "language": language})
        from . import tasks  # one task per relevant system of the map (#12)

        tasks.ensure(w, rid)
        return get(w, rid, today=today)


def answer_language(q, request_id: int | None = None, email: str | None = None, explicit: str | None = None) -> str:
    """The language of a report or letter to a requester (issue 18): an explicit choice wins; else the
    language the request asked for; else the person's own (the request's person, or the one with this
    email); else Finnish."""
    from .contacts import output_language

    if explicit:
        return output_language(None, explicit)
    if request_id is not None:
        row = q.sql("SELECT language FROM subject_request WHERE id = ?", [int(request_id)]).fetchall()
        if row and row[0][0]:
            return output_language(row[0][0])
        row = q.sql("SELECT c.language FROM request_subject rs JOIN contact c ON c.id = rs.contact_id "
                    "WHERE rs.request_id = ? AND c.language IS NOT NULL ORDER BY c.id LIMIT 1", [int(request_id)]).fetchall()
        if row:
            return output_language(row[0][0])
    if email:
        row = q.sql("SELECT language FROM contact WHERE email = ?", [email.strip().lower()]).fetchall()
        if row:
            return output_language(row[0][0])
    return output_language(None)


def _open_row(w, request_id: int) -> dict:
    row = w.one("request_get", {"id": int(request_id)})
    if row is None:
        raise NotFound(N_("request {id}: no such request"), id=request_id)
    if row["status"] not in OPEN_STATUSES:
        raise Refused(N_("request {id} is {status}; a closed request cannot be changed"), id=request_id,
                      status=functools.partial(request_status_text, row["status"]))
    return row


def _check_day(row: dict, on: dt.date, field: str, today: dt.date) -> None:
    if on < row["received_on"]:
        raise invalid([problem(field, N_("{on} is before the request was received ({received})"), on=_day(on),
                               received=_day(row["received_on"]))], N_("request {id}: not changed"), id=row["id"])
    if on > today:
        raise invalid([problem(field, N_("{on} is in the future"), on=_day(on))], N_("request {id}: not changed"),
                      id=row["id"])


def _change(reg: Register, actor: str, request_id: int, event: str, today: dt.date, apply) -> dict:
    """One status change: apply(row) checks the rule, updates the row and returns the history note;
    the due date is recomputed, the row stored, the event added, all in one audited transaction."""
    with reg.write(actor, f"request.{event}", "request", request_id) as w:
        return _change_in(w, request_id, event, today, apply)


def _change_in(w, request_id: int, event: str, today: dt.date, apply) -> dict:
    """`_change` inside a transaction the caller holds (e.g. the report that answers the request)."""
    row = _open_row(w, request_id)
    note = apply(row)
    from . import tasks  # #12: answered only once carried out in every system; refused: nowhere

    if row["status"] == "completed":
        tasks.require_finished(w, row["id"])
        from . import art19  # #11: not answered while a recipient is neither told nor excused (Art. 19)
        art19.require_none_open(w, row["id"])
    elif row["status"] == "refused":
        tasks.close_on_refusal(w, row["id"])
    _save(w, row)
    _event(w, row["id"], event, row["status"], note)
    return get(w, row["id"], today=today)


def _reason(reason: str | None, request_id: int, why: str, summary: str) -> str:
    """The reason's text; refused (`why`, under `summary`, both catalog messages) when missing."""
    reason = (reason or "").strip()
    if not reason:
        raise invalid([problem("reason", why)], summary, id=request_id)
    if has_control(reason):  # #15 §1: it is printed in letters and shown in the dashboard
        raise invalid([problem("reason", CONTROL_REASON)], summary, id=request_id)
    return reason


def await_identity(reg: Register, actor: str, request_id: int, *, on: dt.date | None = None,
                   today: dt.date | None = None) -> dict:
    """Proof of identity asked for (Art. 12(6)): the clock stops from `on`."""
    today = _today(today)
    on = on or today

    def apply(row):
        if row["id_requested_on"] is not None:
            raise Refused(N_("request {id}: identity was already asked for on {day}"), id=request_id,
                          day=row["id_requested_on"])
        _check_day(row, on, "on", today)
        row.update(id_requested_on=on, status="awaiting_identity")
        return f"asked {on}"
    return _change(reg, actor, request_id, "identity_requested", today, apply)


def identity_received(reg: Register, actor: str, request_id: int, *, on: dt.date | None = None,
                      today: dt.date | None = None) -> dict:
    """Proof of identity arrived: the deadline moves later by the days the clock stood still."""
    today = _today(today)
    on = on or today

    def apply(row):
        if row["id_requested_on"] is None or row["status"] != "awaiting_identity":
            raise Refused(N_("request {id}: identity was not asked for; record that first (await-id)"), id=request_id)
        if on < row["id_requested_on"]:
            raise invalid([problem("on", N_("{on} is before identity was asked for ({asked})"), on=_day(on),
                                   asked=_day(row["id_requested_on"]))], N_("request {id}: not changed"), id=request_id)
        _check_day(row, on, "on", today)
        row.update(id_received_on=on, status="extended" if row["extended_on"] else "in_progress")
        return f"arrived {on}; paused {deadlines.paused_days(row['id_requested_on'], on)} days"
    return _change(reg, actor, request_id, "identity_received", today, apply)


def start(reg: Register, actor: str, request_id: int, *, today: dt.date | None = None) -> dict:
    """Mark a received request as being worked on."""
    def apply(row):
        if row["status"] != "received":
            raise Refused(N_("request {id} is {status}, not newly received"), id=request_id,
                          status=functools.partial(request_status_text, row["status"]))
        row["status"] = "in_progress"
    return _change(reg, actor, request_id, "started", _today(today), apply)


def extend(reg: Register, actor: str, request_id: int, *, reason: str, on: dt.date | None = None,
           today: dt.date | None = None) -> dict:
    """Art. 12(3): three months from receipt, with a reason, decided within the first month."""
    today = _today(today)
    on = on or today

    def apply(row):
        text = _reason(reason, request_id, N_("an extension needs a reason the person is told"),
                       N_("request {id}: not extended"))
        if row["extended_on"] is not None:
            raise Refused(N_("request {id} was already extended on {day}"), id=request_id, day=row["extended_on"])
        if row["status"] == "awaiting_identity":
            raise Refused(N_("request {id}: the clock is paused for identity; extend once identity has arrived"),
                          id=request_id)
        _check_day(row, on, "on", today)
        last = deadlines.first_month_end(row["received_on"], row["id_requested_on"], row["id_received_on"])
        if on > last:
            raise Refused(N_("request {id}: the first month ended on {day}; an extension must be decided and "
                             "told within it (Art. 12(3))"), id=request_id, day=last)
        row.update(extended_on=on, extension_reason=text, extension_notified_on=on, status="extended")
        return text
    return _change(reg, actor, request_id, "extended", today, apply)


def _closing(request_id: int, on: dt.date, note: str | None, today: dt.date):
    def apply(row):
        if row["status"] == "awaiting_identity":
            raise Refused(N_("request {id} is waiting for proof of identity; record its arrival or refuse "
                             "the request"), id=request_id)
        _check_day(row, on, "on", today)
        row.update(status="completed", answered_on=on)
        return note
    return apply


def close(reg: Register, actor: str, request_id: int, *, on: dt.date | None = None, note: str | None = None,
          today: dt.date | None = None) -> dict:
    """The request has been answered (completed) on `on`."""
    today = _today(today)
    return _change(reg, actor, request_id, "completed", today, _closing(request_id, on or today, note, today))


def close_in(w, request_id: int, *, on: dt.date, note: str | None, today: dt.date) -> dict:
    """`close` inside the caller's transaction (the access report that answers the request)."""
    return _change_in(w, request_id, "completed", today, _closing(request_id, on, note, today))


def check_closable(q, request_id: int, on: dt.date, today: dt.date) -> dict:
    """The request row, or the reason it cannot be closed on `on` (nothing written)."""
    row = _open_row(q, request_id)
    _closing(request_id, on, None, today)(dict(row))
    from . import tasks  # #12: answered only once carried out in every system

    tasks.require_finished(q, row["id"])
    from . import art19
    art19.require_none_open(q, row["id"])
    return row


def confirm_ip(reg: Register, actor: str, request_id: int, *, on: dt.date | None = None,
               today: dt.date | None = None) -> dict:
    """Art. 15(4): the DPO has confirmed that the address the requester gave is the requester's own
    (not a shared office or public network). Only then does the access report include the visits."""
    today = _today(today)
    on = on or today
    with reg.write(actor, "request.ip_confirmed", "request", request_id) as w:
        row = w.one("request_get", {"id": int(request_id)})
        if row is None:
            raise NotFound(N_("request {id}: no such request"), id=request_id)
        if not row["requester_ip"]:
            raise Refused(N_("request {id} has no IP address to confirm"), id=request_id)
        _check_day(row, on, "on", today)
        w.sql("UPDATE subject_request SET ip_confirmed_on = ? WHERE id = ?", [on, row["id"]])
        _event(w, row["id"], "ip_confirmed", row["status"], f"confirmed {on}")
        return get(w, row["id"], today=today)


def record_forwarding(reg: Register, actor: str, request_id: int, *, to: str, on: dt.date | None = None,
                      today: dt.date | None = None) -> dict:
    """Processor role (Art. 28(3)(e)): the request was passed to the controller (the customer) on `on`,
    to `to` (whom). Until this is recorded the letter says the request WILL be passed on."""
    today = _today(today)
    on = on or today
    to = (to or "").strip()
    if not to:
        raise invalid([problem("to", N_("say to whom the request was passed (the customer's contact)"))],
                      N_("request {id}: not changed"), id=request_id)
    with reg.write(actor, "request.forwarded", "request", request_id) as w:
        row = w.one("request_get", {"id": int(request_id)})
        if row is None:
            raise NotFound(N_("request {id}: no such request"), id=request_id)
        _check_day(row, on, "on", today)
        w.sql("UPDATE subject_request SET forwarded_on = ?, forwarded_to = ? WHERE id = ?", [on, to, row["id"]])
        _event(w, row["id"], "passed_to_controller", row["status"], f"on {on}")
        return get(w, row["id"], today=today)


def refuse(reg: Register, actor: str, request_id: int, *, reason: str, on: dt.date | None = None,
           today: dt.date | None = None) -> dict:
    """Art. 12(4)-(5): refused with reasons; the letter states them with the remedies."""
    today = _today(today)
    on = on or today

    def apply(row):
        text = _reason(reason, request_id, N_("a refusal must state its reasons (Art. 12(4))"),
                       N_("request {id}: not refused"))
        _check_day(row, on, "on", today)
        row.update(status="refused", answered_on=on, refusal_reason=text)
    return _change(reg, actor, request_id, "refused", today, apply)


def link_person(reg: Register, actor: str, request_id: int, contact_id: int, *, today: dt.date | None = None) -> dict:
    """Match a request to a register person the intake did not find by email or phone."""
    with reg.write(actor, "request.link_person", "request", request_id, {"contact_id": int(contact_id)}) as w:
        row = w.one("request_get", {"id": int(request_id)})
        if row is None:
            raise NotFound(N_("request {id}: no such request"), id=request_id)
        if w.one("request_contact_by_id", {"id": int(contact_id)}) is None:
            raise NotFound(N_("person {id}: no such person"), id=contact_id)
        w.run("request_link_subject", {"id": row["id"], "contact_id": int(contact_id)})
        _event(w, row["id"], "person_linked", row["status"], f"contact {int(contact_id)}")
        if row["status"] in OPEN_STATUSES:
            from . import tasks

            tasks.ensure(w, row["id"])
        return get(w, row["id"], today=today)


def letter_pdf(q: Query, request_id: int, kind: str, *, lang: str | None = None, today: dt.date | None = None) -> bytes:
    """The refusal letter or extension notice of a request in the register (kpcore.pdf.letters builds it).
    `lang` None: the request's language, else the person's, else Finnish (issue 18)."""
    from .pdf.letters import extension_notice, refusal_letter

    lang = answer_language(q, request_id, explicit=lang)
    req = get(q, request_id, today=today)
    controller = q.one("controller")
    if kind == "refusal":
        statements = {r["key"]: r["body"] for r in q.all("sar_statements", {"lang": lang})}
        return refusal_letter(controller, req, statements, lang=lang, today=today)
    return extension_notice(controller, req, lang=lang, today=today)
