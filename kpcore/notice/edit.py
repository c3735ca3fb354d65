"""The DPO's edits of the company's facts behind the notice, each one audited write:
`update_controller`, `set_statement`, `update_purpose`, `update_source`,
`add_recipient` / `update_recipient` / `remove_recipient`, and `confirm_item` / `confirm_all`
for proposed values (statement.confirmed, purpose.basis_confirmed / retention_confirmed,
recipient.confirmed); `editor_facts` is what the dashboard's editor shows.
"""
from __future__ import annotations

import re
from typing import Any

from .. import retention
from ..db import Query, Register
from ..errors import NotFound, Problem, Refused, ValidationFailed
from ..i18n import N_, NP_
from ..models import LEGAL_BASES
from ..safety import CONTROL_REASON, ONE_LINE_REASON, has_control, not_one_line
from .terms import EEA, ITEM_KEYS, ITEM_STATEMENTS, LANGS, NOTICE_STATEMENTS

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MAX_TEXT = 10_000


# The fields' names as a refusal shows them (issue 18 §1); a field not named here reads as its code.
FIELD_LABELS = {
    "name": NP_("field", "name"), "street": NP_("field", "street address"), "postcode": NP_("field", "postcode"),
    "city": NP_("field", "city"), "email": NP_("field", "email"), "phone": NP_("field", "phone"),
    "business_id": NP_("field", "business ID"), "dpo_name": NP_("field", "data protection officer"),
    "dpo_email": NP_("field", "data protection officer's email"),
    "dpo_phone": NP_("field", "data protection officer's phone"), "lang": NP_("field", "language"),
    "legal_basis": NP_("field", "legal basis"), "retention_anchor": NP_("field", "retention counted from"),
    "retention_months": NP_("field", "retention period (months)"),
    "direct_marketing": NP_("field", "direct marketing"), "publicly_available": NP_("field", "publicly available"),
    "is_processor": NP_("field", "processor"), "country": NP_("field", "country"),
    "purposes": NP_("field", "purposes"),
    "legitimate_interest_fi": NP_("field", "legitimate interest (Finnish)"),
    "legitimate_interest_en": NP_("field", "legitimate interest (English)"),
    "legitimate_interest_sv": NP_("field", "legitimate interest (Swedish)"),
    "provision_fi": NP_("field", "provision of data (Finnish)"),
    "provision_en": NP_("field", "provision of data (English)"),
    "provision_sv": NP_("field", "provision of data (Swedish)"),
    "name_fi": NP_("field", "name (Finnish)"), "name_en": NP_("field", "name (English)"),
    "name_sv": NP_("field", "name (Swedish)"), "group_sv": NP_("field", "group (Swedish)"),
    "subjects_sv": NP_("field", "data subjects (Swedish)"),
    "description_fi": NP_("field", "description (Finnish)"), "description_en": NP_("field", "description (English)"),
    "description_sv": NP_("field", "description (Swedish)"),
    "role_fi": NP_("field", "role (Finnish)"), "role_en": NP_("field", "role (English)"),
    "role_sv": NP_("field", "role (Swedish)"),
    "safeguard_fi": NP_("field", "safeguard (Finnish)"), "safeguard_en": NP_("field", "safeguard (English)"),
    "safeguard_sv": NP_("field", "safeguard (Swedish)"),
}


def _refuse(summary: str, problems: list[tuple], **params):
    """Refuse an edit: `summary` (a catalog message with `params`) then 'field: reason' lines; each
    problem is (field, reason) or (field, reason, {parameters}), the reason a catalog message."""
    made = [Problem.of(0, f, r, label=FIELD_LABELS.get(f), **(rest[0] if rest else {})) for f, r, *rest in problems]
    exc = ValidationFailed(made, summary, **params)
    exc.rows = False  # a form's fields, no rows
    exc.args = (exc._compose(None),)
    raise exc


def _only(summary: str, changes: dict, allowed, **params) -> None:
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        _refuse(summary, [(k, N_("cannot be changed here")) for k in unknown], **params)


def _clean(value) -> str | None:
    if value is None:
        return None
    text = str(value).replace("\r\n", "\n").strip()
    return text or None


def _check_text(problems, name, value, required=True, one_line=False):
    if value is None:
        if required:
            problems.append((name, N_("must not be empty")))
    elif len(value) > MAX_TEXT:
        problems.append((name, N_("is longer than {limit} characters"), {"limit": MAX_TEXT}))
    elif one_line and not_one_line(value):  # a name or an address line heads the notice and letters
        problems.append((name, ONE_LINE_REASON))
    elif has_control(value):  # #15 §1: C0 but tab and line break, DEL and C1 (kpcore.safety)
        problems.append((name, CONTROL_REASON))


CONTROLLER_FIELDS = ("name", "street", "postcode", "city", "email", "phone", "business_id", "dpo_name", "dpo_email",
                     "dpo_phone")


def update_controller(reg: Register, actor: str, changes: dict) -> list[str]:
    """Change the controller's and DPO's contact details. Returns the changed field names."""
    _only(N_("controller: nothing was changed."), changes, CONTROLLER_FIELDS)
    with reg.write(actor) as w:
        row = w.one("notice_controller")
        new = {k: row[k] for k in CONTROLLER_FIELDS}
        new.update({k: _clean(v) for k, v in changes.items()})
        problems: list[tuple[str, str]] = []
        for k in CONTROLLER_FIELDS:
            _check_text(problems, k, new[k], required=k in ("name", "street", "postcode", "city", "email", "dpo_email"),
                        one_line=True)
        for k in ("email", "dpo_email"):
            if new[k] and not _EMAIL.fullmatch(new[k]):
                problems.append((k, N_("is not an email address")))
        if new["postcode"] and not re.fullmatch(r"\d{5}", new["postcode"]):
            problems.append(("postcode", N_("must be five digits (a Finnish postcode)")))
        if problems:
            _refuse(N_("controller: nothing was changed."), problems)
        changed = [k for k in CONTROLLER_FIELDS if new[k] != row[k]]
        if not changed:
            w.audit("notice.controller.unchanged", "controller", 1)
            return []
        w.run("notice_update_controller", new)
        w.audit("notice.controller.update", "controller", 1, {"fields": changed})
        return changed


def statement_keys(q: Query) -> list[str]:
    keys = {r["key"] for r in q.all("notice_statements", {"lang": "fi"})} | set(NOTICE_STATEMENTS)
    return sorted(keys)


def propose_swedish(reg: Register, actor: str) -> dict:
    """Swedish proposals for a register made before Swedish existed (issue 18): the seed's Swedish
    statements, unconfirmed, for each statement that has no Swedish yet and whose Finnish is still the
    seed's (a reworded Finnish gets no Swedish that would say something else). The migration cannot add
    these rows (it keeps row counts); the DPO asks for them here. Nothing is confirmed. Returns counts."""
    from .. import seed

    added, skipped = [], []
    with reg.write(actor) as w:
        rows = {(r[0], r[1]): r[2] for r in w.sql("SELECT key, lang, body FROM statement").fetchall()}
        for key, sv in seed.STATEMENTS_SV.items():
            if (key, "sv") in rows:
                continue
            if rows.get((key, "fi")) != seed.STATEMENTS[key][0]:
                skipped.append(key)
                continue
            w.run("notice_insert_statement", {"key": key, "lang": "sv", "body": sv, "confirmed": False})
            added.append(key)
        w.audit("notice.propose_swedish", "statement", None, {"added": len(added), "skipped": sorted(skipped)})
    return {"added": sorted(added), "skipped": sorted(skipped)}


def set_statement(reg: Register, actor: str, key: str, lang: str, body: str, confirm: bool = True) -> None:
    """Write a statement's text in one language. The DPO writing it confirms it."""
    if lang not in ("fi", "en", "sv"):
        _refuse(N_("statement {key}: nothing was changed."), [("lang", N_("must be fi, en or sv"))], key=key)
    body = _clean(body)
    problems: list[tuple[str, str]] = []
    _check_text(problems, f"{key}.{lang}", body)
    with reg.write(actor) as w:
        if key not in statement_keys(w):
            raise NotFound(N_("statement {key} does not exist; known keys: {known}"), key=repr(key),
                           known=", ".join(statement_keys(w)))
        if problems:
            _refuse(N_("statement {key}: nothing was changed."), problems, key=key)
        existing = {r["lang"]: r for r in w.all("notice_statement_langs", {"key": key})}
        params = {"key": key, "lang": lang, "body": body, "confirmed": bool(confirm)}
        w.run("notice_update_statement" if lang in existing else "notice_insert_statement", params)
        w.audit("notice.statement.update", "statement", key, {"lang": lang, "confirmed": bool(confirm)})


PURPOSE_FIELDS = ("legal_basis", "legitimate_interest_fi", "legitimate_interest_en", "retention_anchor",
                  "retention_months", "provision_fi", "provision_en", "direct_marketing",
                  "name_sv", "group_sv", "subjects_sv", "legitimate_interest_sv", "provision_sv")
# Swedish texts (issue 18): the DPO writing any of them confirms the purpose's Swedish (sv_confirmed),
# as writing a basis field confirms the basis; a proposed translation is a gap of the Swedish notice only.
PURPOSE_SV_FIELDS = {"name_sv", "group_sv", "subjects_sv", "legitimate_interest_sv", "provision_sv"}
BASIS_FIELDS = {"legal_basis", "legitimate_interest_fi", "legitimate_interest_en", "provision_fi", "provision_en",
                "direct_marketing"}
RETENTION_FIELDS = {"retention_anchor", "retention_months"}


def _stored(w, row: dict) -> dict:
    """The purpose row as stored: its retention sentences generated from the rule (kpcore.retention)."""
    return {k: row[k] for k in PURPOSE_FIELDS} | {"sv_confirmed": bool(row.get("sv_confirmed"))} | {
        f"retention_{lang}": retention.purpose_sentence(row, lang, retention.ip_full_days(w))
        for lang in ("fi", "en", "sv")}


def update_purpose(reg: Register, actor: str, key: str, changes: dict, confirm: bool = True) -> list[str]:
    """Change a purpose's legal basis, legitimate interest, retention or provision.

    What the DPO writes counts as confirmed: a change of a basis field confirms the basis
    (and the provision statement, which follows from it), a change of a retention field
    confirms the retention. Returns the changed field names.
    """
    _only(N_("purpose {key}: nothing was changed."), changes, PURPOSE_FIELDS, key=key)
    with reg.write(actor) as w:
        row = w.one("notice_purpose", {"key": key})
        if not row:
            raise NotFound(N_("purpose {key} does not exist"), key=repr(key))
        new = {k: row[k] for k in PURPOSE_FIELDS}
        problems: list[tuple[str, str]] = []
        for k, v in changes.items():
            if k == "retention_months":
                try:
                    new[k] = int(v)
                    if new[k] <= 0 or str(v).strip() not in (str(new[k]), f"{new[k]}.0"):
                        raise ValueError
                except (TypeError, ValueError):
                    problems.append((k, N_("must be a whole number of months above zero")))
            elif k == "retention_anchor":
                if v not in retention.ANCHORS:
                    problems.append((k, N_("must be one of {values}"), {"values": ", ".join(retention.ANCHORS)}))
                new[k] = v
            elif k == "direct_marketing":
                new[k] = bool(v)
            else:
                new[k] = _clean(v)
        if new["legal_basis"] not in LEGAL_BASES:
            problems.append(("legal_basis", N_("must be one of {values}"), {"values": ", ".join(LEGAL_BASES)}))
        for k in ("legitimate_interest_fi", "legitimate_interest_en"):
            _check_text(problems, k, new[k], required=new["legal_basis"] == "legitimate_interests")
        for k in ("provision_fi", "provision_en", *sorted(PURPOSE_SV_FIELDS)):
            _check_text(problems, k, new[k], required=False)
        if problems:
            _refuse(N_("purpose {key}: nothing was changed."), problems, key=key)
        changed = [k for k in PURPOSE_FIELDS if new[k] != row[k]]
        touched = set(changes)
        new["basis_confirmed"] = row["basis_confirmed"] or bool(confirm and touched & BASIS_FIELDS)
        new["retention_confirmed"] = row["retention_confirmed"] or bool(confirm and touched & RETENTION_FIELDS)
        new["sv_confirmed"] = bool(row.get("sv_confirmed")) or bool(confirm and touched & PURPOSE_SV_FIELDS)
        new = _stored(w, new | {"key": key}) | {k: new[k] for k in ("basis_confirmed", "retention_confirmed",
                                                                     "sv_confirmed")}
        new["key"] = key
        w.run("notice_update_purpose", new)
        w.audit("notice.purpose.update", "purpose", key,
                {"fields": changed, "basis_confirmed": new["basis_confirmed"],
                 "retention_confirmed": new["retention_confirmed"], "sv_confirmed": new["sv_confirmed"]})
        return changed


def update_source(reg: Register, actor: str, key: str, changes: dict, confirm: bool = True) -> list[str]:
    """Change how a source is described in the notice (and whether it is public). Writing its
    Swedish name or description confirms the source's Swedish (sv_confirmed)."""
    allowed = ("description_fi", "description_en", "publicly_available", "name_sv", "description_sv")
    _only(N_("source {key}: nothing was changed."), changes, allowed, key=key)
    with reg.write(actor) as w:
        row = w.one("notice_source", {"key": key})
        if not row:
            raise NotFound(N_("source {key} does not exist"), key=repr(key))
        new = {k: row[k] for k in allowed}
        for k, v in changes.items():
            new[k] = bool(v) if k == "publicly_available" else _clean(v)
        problems: list[tuple[str, str]] = []
        for k in ("description_fi", "description_en"):
            _check_text(problems, k, new[k])
        for k in ("name_sv", "description_sv"):
            _check_text(problems, k, new[k], required=False)
        if problems:
            _refuse(N_("source {key}: nothing was changed."), problems, key=key)
        changed = [k for k in allowed if new[k] != row[k]]
        sv_confirmed = bool(row.get("sv_confirmed")) or bool(confirm and set(changes) & {"name_sv", "description_sv"})
        w.run("notice_update_source", {**new, "key": key, "sv_confirmed": sv_confirmed})
        w.audit("notice.source.update", "source", key, {"fields": changed})
        return changed


def update_category(reg: Register, actor: str, key: str, changes: dict) -> list[str]:
    """Name a data category in Finnish, English or Swedish (name_fi / name_en / name_sv): the
    notice's lists of data (Art. 13(1)(c)... 14(1)(d)) print these names. Finnish and English
    are required; a Swedish name may be removed (the Swedish notice then shows item 5 missing)."""
    allowed = ("name_fi", "name_en", "name_sv")
    _only(N_("category {key}: nothing was changed."), changes, allowed, key=key)
    with reg.write(actor) as w:
        row = w.sql("SELECT key, kind, name_fi, name_en, name_sv FROM data_category WHERE key = ?", [key]).fetchall()
        if not row:
            raise NotFound(N_("category {key} does not exist"), key=repr(key))
        old = dict(zip(("key", "kind", "name_fi", "name_en", "name_sv"), row[0]))
        new = {k: old[k] for k in allowed} | {k: _clean(v) for k, v in changes.items()}
        problems: list[tuple[str, str]] = []
        for k in allowed:
            _check_text(problems, k, new[k], required=k != "name_sv")
        if problems:
            _refuse(N_("category {key}: nothing was changed."), problems, key=key)
        changed = [k for k in allowed if new[k] != old[k]]
        w.sql("UPDATE data_category SET name_fi = ?, name_en = ?, name_sv = ? WHERE key = ?",
              [new["name_fi"], new["name_en"], new["name_sv"], key])
        w.audit("notice.category.update", "data_category", key, {"fields": changed})
        return changed


RECIPIENT_FIELDS = ("name", "role_fi", "role_en", "is_processor", "country", "safeguard_fi", "safeguard_en",
                    "role_sv", "safeguard_sv", "name_sv", "name_en")
RECIPIENT_SV_FIELDS = {"role_sv", "safeguard_sv", "name_sv"}


def _recipient_values(row: dict, changes: dict, purposes, known_purposes) -> tuple[dict, list]:
    new = {k: row.get(k) for k in RECIPIENT_FIELDS}
    for k, v in changes.items():
        new[k] = bool(v) if k == "is_processor" else _clean(v)
    new["country"] = (new["country"] or "FI").upper()
    new["is_processor"] = True if new["is_processor"] is None else bool(new["is_processor"])
    problems: list[tuple[str, str]] = []
    for k in ("name", "role_fi", "role_en"):
        _check_text(problems, k, new[k], one_line=k == "name")
    if not re.fullmatch(r"[A-Z]{2}", new["country"]):
        problems.append(("country", N_("must be a two-letter country code (FI, SE, US, ...)")))
    new["outside_eea"] = new["country"] not in EEA
    for k in ("safeguard_fi", "safeguard_en"):
        _check_text(problems, k, new[k], required=new["outside_eea"])
    for k in sorted(RECIPIENT_SV_FIELDS):  # Swedish missing: a gap of the Swedish notice only
        _check_text(problems, k, new[k], required=False, one_line=k == "name_sv")
    _check_text(problems, "name_en", new["name_en"], required=False, one_line=True)  # none: the name as it is
    if purposes is not None:
        bad = sorted(set(purposes) - set(known_purposes))
        if bad:
            problems.append(("purposes", N_("unknown purpose(s): {keys}"), {"keys": ", ".join(bad)}))
    return new, problems


def add_recipient(reg: Register, actor: str, values: dict, purposes: list[str]) -> int:
    """Add a recipient (a processor or other recipient) for some purposes; confirmed, as the DPO named it."""
    _only(N_("new recipient: nothing was changed."), values, RECIPIENT_FIELDS)
    with reg.write(actor) as w:
        known = [p["key"] for p in w.all("notice_purposes")]
        new, problems = _recipient_values({}, values, purposes, known)
        if problems:
            _refuse(N_("new recipient: nothing was changed."), problems)
        rid = w.value("notice_next_recipient_id")
        w.run("notice_insert_recipient", {**new, "id": rid, "confirmed": True,
                                          "sv_confirmed": bool(new.get("role_sv"))})
        for p in dict.fromkeys(purposes):
            w.run("notice_link_recipient_purpose", {"id": rid, "purpose": p})
        w.audit("notice.recipient.add", "recipient", rid, {"purposes": sorted(set(purposes)),
                                                             "outside_eea": new["outside_eea"]})
        return rid


def update_recipient(reg: Register, actor: str, rid: int, changes: dict, purposes: list[str] | None = None,
                     confirm: bool = True) -> list[str]:
    _only(N_("recipient {id}: nothing was changed."), changes, RECIPIENT_FIELDS, id=rid)
    with reg.write(actor) as w:
        row = w.one("notice_recipient", {"id": int(rid)})
        if not row:
            raise NotFound(N_("recipient {id} does not exist"), id=rid)
        known = [p["key"] for p in w.all("notice_purposes")]
        new, problems = _recipient_values(row, changes, purposes, known)
        if problems:
            _refuse(N_("recipient {id}: nothing was changed."), problems, id=rid)
        runs = w.all("systems_of_recipient", {"id": int(rid)})
        if runs and purposes is not None and set(purposes) != {r["purpose"] for r in w.all("recipient_use_of", {"id": int(rid)})}:
            # One truth (#12): the purposes of a processor running systems come from the map.
            raise Refused(N_("recipient {id} runs system(s) {systems}: its purposes come from the systems map; "
                             "change the systems' purposes (kp system set) instead"), id=rid,
                          systems=", ".join(str(s["id"]) for s in runs))
        changed = [k for k in RECIPIENT_FIELDS if new[k] != row[k]]
        sv_confirmed = bool(row.get("sv_confirmed")) or bool(confirm and set(changes) & RECIPIENT_SV_FIELDS)
        w.run("notice_update_recipient", {**new, "id": int(rid), "confirmed": bool(row["confirmed"] or confirm),
                                          "sv_confirmed": sv_confirmed})
        if purposes is not None and not runs:
            old = {r["purpose"] for r in w.all("notice_recipient_purposes", {"id": int(rid)})}
            for p in sorted(old - set(purposes)):
                w.run("notice_unlink_recipient_purpose", {"id": int(rid), "purpose": p})
            for p in sorted(set(purposes) - old):
                w.run("notice_link_recipient_purpose", {"id": int(rid), "purpose": p})
            if old != set(purposes):
                changed.append("purposes")
        w.audit("notice.recipient.update", "recipient", rid, {"fields": changed, "confirmed": bool(row["confirmed"] or confirm)})
        return changed


def remove_recipient(reg: Register, actor: str, rid: int) -> None:
    """Remove a recipient. Two transactions: DuckDB refuses to delete a row whose
    referencing rows were deleted in the same transaction."""
    with reg.read() as q:
        if not q.one("notice_recipient", {"id": int(rid)}):
            raise NotFound(N_("recipient {id} does not exist"), id=rid)
        runs = q.all("systems_of_recipient", {"id": int(rid)})
        if runs:
            raise Refused(N_("recipient {id} runs system(s) {systems} of the systems map; give those systems "
                             "another processor (kp system set) or remove them first"), id=rid,
                          systems=", ".join(str(s["id"]) for s in runs))
    with reg.write(actor, "notice.recipient.unlink", "recipient", rid) as w:
        w.run("notice_unlink_recipient_purposes", {"id": int(rid)})
    with reg.write(actor, "notice.recipient.remove", "recipient", rid) as w:
        w.run("notice_delete_recipient", {"id": int(rid)})


def confirm_item(reg: Register, actor: str, item: int, lang: str | None = None) -> dict:
    """Confirm the proposed values behind one of the 15 items (statements in `lang`, or
    in every language when None). With lang None or 'sv' the Swedish texts of the purposes
    (items 3, 4, 5, 12), recipients (6, 7) and sources (13) are confirmed too (sv_confirmed):
    confirming only the Finnish leaves the Swedish notice's gaps open. Returns counts."""
    if item not in ITEM_KEYS:
        raise NotFound(N_("item {item} does not exist; items are 1-15"), item=item)
    counts = {"statements": 0, "purposes": 0, "recipients": 0, "sources": 0}
    with reg.write(actor) as w:
        for key in ITEM_STATEMENTS.get(item, ()):
            before = [r for r in w.all("notice_statement_langs", {"key": key})
                      if not r["confirmed"] and (lang is None or r["lang"] == lang)]
            if before:
                w.run("notice_confirm_statement", {"key": key, "lang": lang})
                counts["statements"] += len(before)
        sv = lang in (None, "sv")
        if item in (3, 4, 5, 8, 12):
            for p in w.all("notice_purposes"):
                if item == 4 and p["legal_basis"] != "legitimate_interests":
                    continue
                flags = [] if item == 5 else ["retention_confirmed" if item == 8 else "basis_confirmed"]
                if sv and item != 8:
                    flags.append("sv_confirmed")
                row = w.one("notice_purpose", {"key": p["key"]})
                todo = [f for f in flags if not row[f]]
                if todo:
                    for f in todo:
                        row[f] = True
                    w.run("notice_update_purpose", _stored(w, row) | {
                        "key": p["key"], "basis_confirmed": row["basis_confirmed"],
                        "retention_confirmed": row["retention_confirmed"]})
                    counts["purposes"] += 1
        if item in (6, 7):
            for r in w.all("notice_recipients"):
                if item == 7 and not r["outside_eea"]:
                    continue
                if not r["confirmed"] or (sv and not r["sv_confirmed"]):
                    row = w.one("notice_recipient", {"id": r["id"]})
                    w.run("notice_update_recipient", {k: row[k] for k in RECIPIENT_FIELDS} | {
                        "id": r["id"], "outside_eea": row["outside_eea"], "confirmed": True,
                        "sv_confirmed": bool(row.get("sv_confirmed")) or sv})
                    counts["recipients"] += 1
        if item == 13 and sv:
            for src in w.all("notice_sources"):
                if not src["sv_confirmed"]:
                    row = w.one("notice_source", {"key": src["key"]})
                    w.run("notice_update_source", {k: row[k] for k in ("description_fi", "description_en",
                                                                       "publicly_available", "name_sv",
                                                                       "description_sv")}
                          | {"key": src["key"], "sv_confirmed": True})
                    counts["sources"] += 1
        w.audit("notice.confirm", "notice_item", item, {"item": item, "lang": lang, **counts})
    return counts


def confirm_all(reg: Register, actor: str) -> dict:
    """Confirm every proposed value behind the notice (the DPO has read them all)."""
    total = {"statements": 0, "purposes": 0, "recipients": 0, "sources": 0}
    for n in ITEM_KEYS:
        for k, v in confirm_item(reg, actor, n).items():
            total[k] += v
    return total


def editor_facts(q: Query) -> dict[str, Any]:
    """The editable facts behind the notice, both languages (for the dashboard's editor)."""
    statements: dict[str, dict] = {}
    for lang in LANGS:
        for r in q.all("notice_statements", {"lang": lang}):
            statements.setdefault(r["key"], {})[lang] = {"body": r["body"], "confirmed": r["confirmed"]}
    return {
        "controller": q.one("notice_controller") or {},
        "statements": statements,
        "purposes": retention.with_sentences(q, q.all("notice_purposes")),
        "sources": q.all("notice_sources"),
        "processor_categories": q.all("notice_processor_role_categories"),
        "recipients": q.all("notice_recipients"),
    }
