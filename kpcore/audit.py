"""The audit trail (Art. 5(2) accountability): queries with filters, and chain verification.

kpcore.db appends every event with `hash = sha256(prev_hash + canonical JSON of the event)`,
`prev_hash` being the previous event's hash (zeros for the first). `verify` recomputes
the chain from the first event: an edited event no longer matches its hash, a deleted
or reordered one breaks the link between neighbours or the run of sequence numbers.
Removing events from the very end leaves a shorter chain that is still consistent; to
catch that, compare the tip (`VerifyResult.tip`, printed by `kp audit verify`) with one
noted earlier, for example in a backup manifest (`kp backup` records it) or a report.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from . import i18n
from .db import GENESIS_HASH, audit_hash
from .errors import Said
from .i18n import N_, NP_

MAX_PROBLEMS = 50


# What each audit action and object type is called in the dashboard (fi, en). The codes stay
# in the log (and in `kp audit`); people read these. An action not listed here is named from
# its object and its last word (action_text), so a new event never shows as a bare code.
ACTION_TEXT = {
    "access.denied": N_("Refused attempt"),
    "auth.signin": N_("Sign-in"),
    "auth.signin_failed": N_("Failed sign-in"),
    "auth.locked": N_("Account locked"),
    "auth.signout": N_("Sign-out"),
    "user.add": N_("User added"),
    "user.disable": N_("User disabled"),
    "user.enable": N_("User enabled"),
    "user.passwd": N_("Password changed"),
    "register.create": N_("Register created"),
    "register.backup": N_("Backup taken"),
    "register.restore": N_("Backup restored"),
    "register.migrate": N_("Register schema upgraded"),
    "register.compact": N_("Register file compacted"),
    "demo.populate": N_("Demo data created"),
    "person.view": N_("Person's data viewed"),
    "person.erase": N_("Person erased (Art. 17)"),
    "contact.language": N_("Person's language recorded"),
    "notice.category.update": N_("Data category changed"),
    "notice.propose_swedish": N_("Swedish proposals added to the notice facts"),
    "person.rectify": N_("Person's data rectified (Art. 16)"),
    "person.restrict": N_("Processing restricted (Art. 18)"),
    "person.unrestrict": N_("Restriction lifted"),
    "person.object": N_("Objection recorded (Art. 21)"),
    "person.object.applied": N_("Objection applied (Art. 21)"),
    "contacts.import": N_("Contacts imported"),
    "contacts.export": N_("Contacts exported"),
    "contacts.notice_sent": N_("Art. 14 notice dates recorded"),
    "contact.notice_sent": N_("Art. 14 notice date recorded"),
    "contact.customer": N_("Customer organisation recorded"),
    "contact.last_contact": N_("Last contact recorded"),
    "contact.last_training": N_("Last training or support recorded"),
    "request.add": N_("Request recorded"),
    "request.started": N_("Request started"),
    "request.identity_requested": N_("Identity check asked for"),
    "request.identity_received": N_("Identity confirmed"),
    "request.extended": N_("Deadline extended (Art. 12(3))"),
    "request.completed": N_("Request answered"),
    "request.refused": N_("Request refused"),
    "request.link_person": N_("Request linked to a person"),
    "request.forwarded": N_("Request forwarded to the controller"),
    "request.ip_confirmed": N_("IP address confirmed"),
    "request.letter.refusal": N_("Refusal letter printed"),
    "request.letter.extension": N_("Extension notice printed"),
    "sar.report": N_("Access report printed"),
    "sar.export.pdf": N_("Access report downloaded (PDF)"),
    "sar.export.json": N_("Portable data downloaded (JSON)"),
    "sar.export.csv": N_("Portable data downloaded (CSV)"),
    "notice.publish": N_("Privacy notice published"),
    "notice.confirm": N_("Notice items confirmed"),
    "notice.download": N_("Privacy notice downloaded"),
    "notice.controller.update": N_("Controller details changed"),
    "notice.purpose.update": N_("Purpose changed"),
    "notice.source.update": N_("Source changed"),
    "notice.statement.update": N_("Notice text changed"),
    "notice.recipient.add": N_("Recipient added"),
    "notice.recipient.update": N_("Recipient changed"),
    "notice.recipient.remove": N_("Recipient removed"),
    "engagement.create": N_("Engagement recorded"),
    "engagement.update": N_("Engagement changed"),
    "engagement.terms": N_("Agreement terms recorded (Art. 28)"),
    "engagement.clauses": N_("Agreement clauses recorded (Art. 28)"),
    "engagement.end": N_("Engagement ended"),
    "engagement.access": N_("Access recorded"),
    "engagement.access.ticket": N_("Access request reference recorded"),
    "customer.create": N_("Customer added"),
    "customer.update": N_("Customer changed"),
    "customer.contract_end": N_("Customer agreement end recorded"),
    "breach.add": N_("Breach recorded"),
    "breach.update": N_("Breach updated"),
    "breach.assess": N_("Risk assessed"),
    "breach.decide": N_("Notification decided"),
    "breach.notify": N_("Authority notified (Art. 33)"),
    "breach.supplement": N_("Notification supplemented"),
    "breach.tell_people": N_("People told (Art. 34)"),
    "breach.tell_controllers": N_("Controllers told"),
    "breach.ack": N_("Receipt acknowledged"),
    "breach.facts": N_("Breach facts recorded"),
    "breach.people": N_("People concerned recorded"),
    "breach.engagements": N_("Engagements linked"),
    "breach.secure_sent": N_("Secure message sent"),
    "retention.purge": N_("Past-retention data purged"),
    "retention.purge_contacts": N_("Past-retention people purged"),
    "report.export": N_("Quarterly report downloaded"),
    "quarter.issue": N_("Quarter issued"),
    "web.truncate_ips": N_("IP addresses truncated"),
    "subprocessor.change": N_("Sub-processor change recorded"),
    "subprocessor.notices": N_("Sub-processor change notified"),
    "subprocessor.objection": N_("Sub-processor objection recorded"),
    "subprocessor.outcome": N_("Sub-processor change outcome"),
    "system.add": N_("System added"),
    "system.update": N_("System changed"),
    "system.remove": N_("System removed"),
    "system.unlink": N_("System link removed"),
    "contact.first_communication": N_("First communication recorded"),
    "contact.source_detail": N_("Source detail recorded"),
    "person.erase.contact": N_("Person erased (Art. 17)"),
    "person.rectify.email": N_("Email address rectified"),
    "person.rectify.email.restore": N_("Email rectification undone"),
    "person.rectify.email.unlink": N_("Old email address unlinked"),
    "notice.recipient.unlink": N_("Recipient unlinked from a purpose"),
    "notice.controller.unchanged": N_("Controller details checked"),
    "user.email": N_("User's email set"),
    "request.tasks": N_("Request tasks created"),
    "request.task.run": N_("Task run in a system"),
    "request.task.manual": N_("Task done by hand"),
    "request.task.failed": N_("Task failed"),
    "request.task.not_applicable": N_("Task not applicable"),
    "marketing.consent_withdrawn": N_("Consent withdrawn"),
    "marketing.export": N_("Marketing list downloaded"),
    "marketing.opt_out_file": N_("Opt-out list imported"),
    "register.reapply_erasures": N_("Erasures and opt-outs re-applied to a restored backup"),
    "request.letter.erasure": N_("Erasure letter printed"),
    "suppression.lift": N_("Suppression lifted with a reason"),
}
OBJECT_TEXT = {
    "app_user": NP_("audit object", "User"), "breach": NP_("audit object", "Breach"), "contact": NP_("audit object", "Person"),
    "controller": NP_("audit object", "Controller"), "customer": NP_("audit object", "Customer"),
    "engagement": NP_("audit object", "Engagement"), "notice": NP_("audit object", "Privacy notice"),
    "page": NP_("audit object", "Page"), "purpose": NP_("audit object", "Purpose"), "recipient": NP_("audit object", "Recipient"),
    "register": NP_("audit object", "Register"), "report": NP_("audit object", "Report"), "request": NP_("audit object", "Request"),
    "source": NP_("audit object", "Source"), "statement": NP_("audit object", "Notice text"),
    "system": NP_("audit object", "System"), "quarter": NP_("audit object", "Quarter"), "user": NP_("audit object", "User"),
    "task": NP_("audit object", "Task"),
}
_VERB_TEXT = {"add": NP_("audit verb", "added"), "create": NP_("audit verb", "created"), "update": NP_("audit verb", "changed"),
              "remove": NP_("audit verb", "removed"), "delete": NP_("audit verb", "deleted"), "view": NP_("audit verb", "viewed"),
              "export": NP_("audit verb", "exported"), "import": NP_("audit verb", "imported"), "unlink": NP_("audit verb", "unlinked"),
              "confirm": NP_("audit verb", "confirmed"), "end": NP_("audit verb", "ended")}


def action_text(action: str, lang: str = "fi") -> str:
    """The action's name for people: from ACTION_TEXT, else its object and last word
    ('system.unlink' -> 'Järjestelmä: irrotettu'), else its object with the code's last word."""
    if action in ACTION_TEXT:
        return i18n.gettext(ACTION_TEXT[action], lang)
    for prefix in sorted((a for a in ACTION_TEXT if action.startswith(a + ".")), key=len, reverse=True):
        return i18n.gettext(ACTION_TEXT[prefix], lang)
    head, _, last = action.partition(".")
    last = last.rsplit(".", 1)[-1]
    subject = object_text(head.rstrip("s"), lang) if head.rstrip("s") in OBJECT_TEXT else head
    verb = i18n.pgettext("audit verb", _VERB_TEXT[last], lang) if last in _VERB_TEXT else last.replace("_", " ")
    return f"{subject}: {verb}" if verb else subject


def object_text(object_type: str | None, lang: str = "fi") -> str:
    if not object_type:
        return ""
    return i18n.pgettext("audit object", OBJECT_TEXT[object_type], lang) if object_type in OBJECT_TEXT else object_type


# The words for an event's detail (issue 16 §4: no raw key=value on a Finnish screen). Every key
# a write puts in a detail has a name here (tests/test_audit_words.py reads the code to check).
DETAIL_TEXT = {
    "added": NP_("audit detail", "added"), "audit_tip_seq": NP_("audit detail", "last log event"),
    "backup_created_at": NP_("audit detail", "backup taken"), "basis_confirmed": NP_("audit detail", "basis confirmed"),
    "categories": NP_("audit detail", "data categories"), "channel": NP_("audit detail", "channel"),
    "clauses": NP_("audit detail", "clauses"), "confirmed": NP_("audit detail", "confirmed"),
    "connector": NP_("audit detail", "connector"), "contact_id": NP_("audit detail", "person"), "contact_ids": NP_("audit detail", "people"),
    "contacts": NP_("audit detail: henkilöitä", "people"), "count": NP_("audit detail", "count"), "created": NP_("audit detail", "created"),
    "customer": NP_("audit detail", "customer"), "customer_id": NP_("audit detail", "customer"), "days": NP_("audit detail", "days"),
    "decision": NP_("audit detail", "decision"), "ends_on": NP_("audit detail", "ends on"), "engagement": NP_("audit detail", "engagement"),
    "engagements": NP_("audit detail", "engagements"), "exceptions": NP_("audit detail", "exceptions"),
    "failed_count": NP_("audit detail", "failed attempts"), "fields": NP_("audit detail", "fields"),
    "format": NP_("audit detail", "format"), "found": NP_("audit detail", "found"), "from": NP_("audit detail", "from"),
    "ground": NP_("audit detail", "ground"), "had_ticket": NP_("audit detail", "had a ticket"), "hash": NP_("audit detail", "hash"),
    "hours": NP_("audit detail", "hours"), "in_scope": NP_("audit detail", "in scope"), "in_time": NP_("audit detail", "in time"),
    "item": NP_("audit detail", "item"), "kept_purposes": NP_("audit detail", "purposes kept"),
    "kind": NP_("audit detail", "kind"), "lang": NP_("audit detail", "language"), "language": NP_("audit detail", "language"), "left": NP_("audit detail", "left"), "level": NP_("audit detail", "level"),
    "lifted": NP_("audit detail", "suppressions lifted"), "lines": NP_("audit detail", "lines"), "links": NP_("audit detail", "links"),
    "links_removed": NP_("audit detail", "links removed"), "matched": NP_("audit detail", "people matched"),
    "minutes": NP_("audit detail", "minutes"), "no": NP_("audit detail", "no"), "notify": NP_("audit detail", "notify"),
    "on": NP_("audit detail", "date"), "outcome": NP_("audit detail", "outcome"), "outside_eea": NP_("audit detail", "outside the EEA"),
    "page": NP_("audit detail", "page"), "processor": NP_("audit detail", "processor"), "purpose": NP_("audit detail", "purpose"),
    "purposes": NP_("audit detail", "purposes"), "purposes_erased": NP_("audit detail", "purposes erased"),
    "reason": NP_("audit detail", "reason"), "ref": NP_("audit detail", "reference"), "request": NP_("audit detail", "request"),
    "required": NP_("audit detail", "required"), "retention_confirmed": NP_("audit detail", "retention confirmed"),
    "role": NP_("audit detail", "role"), "rows": NP_("audit detail", "rows"), "schema_version": NP_("audit detail", "schema version"),
    "seed": NP_("audit detail", "seed"), "sent_on": NP_("audit detail", "sent on"), "sequences": NP_("audit detail", "sequences"),
    "set": NP_("audit detail", "set"), "steps": NP_("audit detail", "steps"), "suggested": NP_("audit detail", "suggested"), "sv_confirmed": NP_("audit detail", "Swedish confirmed"),
    "skipped": NP_("audit detail", "skipped"),
    "system": NP_("audit detail", "system"), "tables": NP_("audit detail", "tables"), "ticket": NP_("audit detail", "ticket"),
    "to": NP_("audit detail", "to"), "today": NP_("audit detail", "date"), "told": NP_("audit detail", "told"), "type": NP_("audit detail", "type"),
    "unconfirmed_items": NP_("audit detail", "unconfirmed items"), "unset": NP_("audit detail", "not set"),
    "version": NP_("audit detail", "version"), "via": NP_("audit detail", "via"), "visits": NP_("audit detail", "visits"),
    "was": NP_("audit detail", "was"), "yes": NP_("audit detail", "yes"), "wait_seconds": NP_("audit detail", "wait in seconds"),
}
# Codes a detail's value may hold, by what they are (a value not listed is shown as it is).
VALUE_TEXT = {
    "dpo": NP_("audit value", "DPO"), "viewer": NP_("audit value", "viewer"),
    "password": NP_("audit value", "password"), "oidc": NP_("audit value", "company account"),
    "dashboard": NP_("audit value", "dashboard"), "cli": NP_("audit value", "command line"),
    "email": NP_("audit value", "email"), "letter": NP_("audit value", "letter"), "phone": NP_("audit value", "phone"),
    "web": NP_("audit value", "web form"), "in_person": NP_("audit value", "in person"), "other": NP_("audit value", "other"),
    "bad_password": NP_("audit value", "wrong password"), "unknown_user": NP_("audit value", "unknown user name"),
    "unknown_account": NP_("audit value", "unknown account"), "disabled": NP_("audit value", "disabled"),
    "locked": NP_("audit value", "locked"), "user": NP_("audit value", "user"), "timeout": NP_("audit value", "idle timeout"),
    "complete": NP_("audit value", "complete"), "partial": NP_("audit value", "partial"), "preliminary": NP_("audit value", "preliminary"),
    "fi": NP_("audit value", "Finnish"), "en": NP_("audit value", "English"), "sv": NP_("audit value", "Swedish"),
    "unlikely": NP_("audit value", "unlikely to result in a risk"), "risk": NP_("audit value", "risk"),
    "high": NP_("audit value", "high risk"), "system": NP_("audit value", "system"),
    "active": NP_("audit value", "active"), "planned": NP_("audit value", "planned"), "ended": NP_("audit value", "ended"),
    "access": NP_("audit value", "access"), "rectification": NP_("audit value", "rectification"),
    "erasure": NP_("audit value", "erasure"), "restriction": NP_("audit value", "restriction"),
    "portability": NP_("audit value", "portability"), "objection": NP_("audit value", "objection"),
}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?")
_LIST_MAX = 8
# Keys whose numbers are identifiers (#12345), not amounts (12 345).
_ID_KEYS = {"audit_tip_seq", "contact_id", "contact_ids", "customer", "customer_id", "engagement", "request", "seed",
            "schema_version", "ticket", "version", "item", "ref", "processor", "system"}


def _value_text(value, lang: str, key: str = "") -> str:
    from . import fmt

    if value is None:
        return "–"
    if isinstance(value, bool):
        return i18n.pgettext("audit value", "yes", lang) if value else i18n.pgettext("audit value", "no", lang)
    if isinstance(value, (int, float)) and key in _ID_KEYS:
        return str(value)
    if isinstance(value, (int, float)):
        return fmt.number(value, lang, 0 if isinstance(value, int) else 1)
    if isinstance(value, (list, tuple)):
        shown = [_value_text(v, lang, key) for v in value[:_LIST_MAX]]
        more = len(value) - _LIST_MAX
        return ", ".join(shown) + (f" … (+{more})" if more > 0 else "") if shown else "–"
    if isinstance(value, dict):
        return "(" + detail_text(value, lang) + ")"
    text = str(value)
    if text in VALUE_TEXT:
        return i18n.gettext(VALUE_TEXT[text], lang)
    try:
        if _ISO_TIME.fullmatch(text):
            return fmt.datetime(dt.datetime.fromisoformat(text).replace(tzinfo=None), lang)
        if _ISO_DAY.fullmatch(text):
            return fmt.date(dt.date.fromisoformat(text), lang)
    except ValueError:
        pass
    return text


def detail_text(detail: dict | str | None, lang: str = "fi") -> str:
    """An event's detail in words: 'rooli: tietosuojavastaava · kanava: yrityksen tunnus'
    for {"role": "dpo", "channel": "oidc"} (or its JSON text, as the register holds it);
    kyllä/ei, dates as 1.12.2026, long lists cut."""
    if isinstance(detail, str):
        try:
            detail = json.loads(detail)
        except ValueError:
            return detail
    if not isinstance(detail, dict):
        return "" if detail is None else str(detail)
    if not detail:
        return ""
    parts = []
    for key, value in detail.items():
        name = i18n.gettext(DETAIL_TEXT[key], lang) if key in DETAIL_TEXT else key.replace("_", " ")
        parts.append(f"{name}: {_value_text(value, lang, key)}")
    return " · ".join(parts)

@dataclass
class VerifyResult:
    ok: bool
    events: int
    tip_seq: int | None
    tip_hash: str | None
    first_bad_seq: int | None = None
    problems: list[str] = field(default_factory=list)
    anchored_seq: int | None = None  # the latest anchor outside the register (kpcore.anchor)

    def as_dict(self) -> dict:
        return {"ok": self.ok, "events": self.events, "tip_seq": self.tip_seq, "tip_hash": self.tip_hash,
                "first_bad_seq": self.first_bad_seq, "problems": self.problems,
                "anchored_seq": self.anchored_seq}


def events(q, *, actor: str | None = None, action: str | None = None, object_type: str | None = None,
           object_id: str | None = None, start: dt.date | None = None, end: dt.date | None = None,
           limit: int = 500, offset: int = 0) -> list[dict]:
    """Events newest first. `action` matches a prefix ("auth." = every sign-in event);
    `start`/`end` are days, both included."""
    params = {"actor": actor or None, "action": action or None, "object_type": object_type or None,
              "object_id": None if object_id in (None, "") else str(object_id), "start": start, "end": end}
    rows = q.all("audit_events", {**params, "limit": int(limit), "offset": int(offset)})
    for r in rows:
        r["detail"] = json.loads(r["detail"]) if r["detail"] else None
    return rows


def count(q, **filters) -> int:
    params = {"actor": filters.get("actor") or None, "action": filters.get("action") or None,
              "object_type": filters.get("object_type") or None,
              "object_id": None if filters.get("object_id") in (None, "") else str(filters["object_id"]),
              "start": filters.get("start"), "end": filters.get("end")}
    return int(q.value("audit_count", params))


def page(q, filters: tuple, limit: int = 500) -> tuple[int, list[dict]]:
    """(how many events match, the newest `limit` of them); `filters` as ((key, value), ...)
    so that the dashboard can cache it."""
    f = dict(filters)
    return count(q, **f), events(q, **f, limit=limit)


def verify_summary(q) -> dict:
    return verify(q).as_dict()


def facets(q) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"actor": [], "action": [], "object_type": []}
    for r in q.all("audit_facets"):
        out[r["facet"]].append(r["value"])
    return out


def verify(q, *, batch: int = 20_000) -> VerifyResult:
    """Recompute the hash chain over every event, in sequence order (streams the log)."""
    cur = q.sql("SELECT seq, event_at, actor, action, object_type, object_id, detail, prev_hash, hash"
                " FROM audit_log ORDER BY seq")
    result = VerifyResult(ok=True, events=0, tip_seq=None, tip_hash=None)
    prev_hash, prev_seq = GENESIS_HASH, 0

    def bad(seq, text, **params):
        if result.first_bad_seq is None:
            result.first_bad_seq = seq
        result.ok = False
        if len(result.problems) < MAX_PROBLEMS:  # each a catalog message: `kp audit verify` in fi/sv (issue 18 §1)
            result.problems.append(Said(text, seq=seq, **params))

    while True:
        rows = cur.fetchmany(batch)
        if not rows:
            break
        for seq, event_at, actor, action, object_type, object_id, detail, stored_prev, stored_hash in rows:
            result.events += 1
            if seq != prev_seq + 1:
                bad(seq, N_("event {seq}: follows event {prev}: events are missing") if seq > prev_seq + 1 else
                    N_("event {seq}: follows event {prev}: sequence repeats"), prev=prev_seq)
            if stored_prev != prev_hash:
                bad(seq, N_("event {seq}: does not link to the event before it (an event was deleted, inserted or "
                            "moved)"))
            body = {"seq": seq, "at": event_at.isoformat(sep=" ") if isinstance(event_at, dt.datetime) else str(event_at),
                    "actor": actor, "action": action, "object_type": object_type, "object_id": object_id,
                    "detail": detail}
            if audit_hash(stored_prev, body) != stored_hash:
                bad(seq, N_("event {seq}: its content does not match its hash (the event was edited)"))
            prev_hash, prev_seq = stored_hash, seq
    if result.events:
        result.tip_seq, result.tip_hash = prev_seq, prev_hash
    from . import anchor

    anchor.check(q, result)  # the chain against its latest anchor outside the register
    return result
