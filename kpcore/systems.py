"""The map of the company's systems (#12): where personal data really lives and who runs it.

A system holds some purposes and data categories, is run by the company or by a processor
(a recipient, with its country and, outside the EU/EEA, the transfer safeguard), keeps the
data for a stated time, and a request is carried out there by a connector
(kpcore.connectors) or by hand (instructions for the DPO).

The map is the one truth about recipients: a recipient that runs a system receives exactly
the purposes of the systems it runs (view `recipient_use`), so the privacy notice (Art.
13(1)(e)-(f), 14(1)(e)-(f)), the Art. 30(1)(d)-(e) record and the access report (Art.
15(1)(c)) name the processors that really hold the data. Recipients that run no system
(a vendor receiving escalated tickets) keep the purposes linked to them by hand.

Connector settings in the register are never secret (host, folders, file, column mapping);
passwords come from the environment or a 0600 file beside the register (see
kpcore.connectors.secret).
"""
from __future__ import annotations

import json
import re

from . import i18n
from .db import Query, Register
from .errors import NotFound, Problem, Refused, ValidationFailed, invalid
from .i18n import N_, NP_
from .seed import REGISTER_SYSTEM, seed_map  # noqa: F401  (the initial map is every new register's)

KINDS = {
    "register": NP_("system kind", "This register"),
    "mailbox": NP_("system kind", "Mailbox"),
    "crm": NP_("system kind", "CRM"),
    "helpdesk": NP_("system kind", "Helpdesk"),
    "web_analytics": NP_("system kind", "Web analytics"),
    "newsletter": NP_("system kind", "Newsletter tool"),
    "file_share": NP_("system kind", "File share"),
    "backups": NP_("system kind", "Backups"),
    "other": NP_("system kind", "Other"),
}
CONNECTORS = {
    "manual": NP_("connector", "By hand (instructions for the DPO)"),
    "register": NP_("connector", "This register"),
    "imap": NP_("connector", "IMAP mailbox"),
    "table": NP_("connector", "Table export (CSV/XLSX)"),
}
FIELDS = ("name", "kind", "retention_fi", "retention_en", "connector", "settings", "allow_delete",
          "instructions_fi", "instructions_en", "retention_sv", "instructions_sv")


# The fields' names as a refusal shows them (issue 18 §1).
FIELD_LABELS = {"settings": NP_("field", "connector settings"), "name": NP_("field", "name"),
                "kind": NP_("field", "kind"), "connector": NP_("field", "connector"),
                "instructions": NP_("field", "instructions"), "purposes": NP_("field", "purposes"),
                "categories": NP_("field", "data categories"), "processor name": NP_("field", "processor's name"),
                "processor": NP_("field", "processor")}


def _problems_error(summary: str, problems: list[tuple], **params) -> ValidationFailed:
    """'summary' (a catalog message with `params`) then 'field: reason' lines; each problem is
    (field, reason) or (field, reason, {parameters}), the reason a catalog message where it can be."""
    return invalid([Problem.of(0, f, r, label=FIELD_LABELS.get(f), **(rest[0] if rest else {}))
                    for f, r, *rest in problems], summary, **params)


# -- reading -------------------------------------------------------------------------

def _decorate(row: dict) -> dict:
    row["settings"] = json.loads(row.get("settings") or "{}")
    return row


def category_names(q) -> dict[str, dict]:
    """Each ordinary data category's key -> its row (name_fi, name_sv, name_en), for tables that
    list a system's categories in words (the views pick the screen's language)."""
    return {c["key"]: c for c in q.all("system_categories_named")}


def list_systems(q: Query) -> list[dict]:
    """Every system with its purposes, categories and processor (country, safeguard)."""
    return [_decorate(r) for r in q.all("systems_list", {"id": None})]


def find(q: Query, ref) -> dict:
    """A system by id or by exact name."""
    text = str(ref).strip()
    row = q.one("system_get", {"id": int(text), "name": None}) if text.isdigit() else None
    if row is None:
        row = q.one("system_get", {"id": None, "name": text})
    if row is None:
        raise NotFound(N_("system {name}: no such system (kp system list shows them)"), name=repr(text))
    return _decorate(row)


def unfilled(q: Query) -> bool:
    """True while the map holds nothing but this register: the DPO has a map to fill (Art. 30)."""
    return all(s["kind"] == "register" for s in q.all("systems_list", {"id": None}))


def graph_dot(systems: list[dict], lang: str = "fi") -> str:
    """The map as a Graphviz DOT text: purposes -> systems -> processors. Labels are quoted
    DOT strings with quotes, backslashes and angle brackets neutralised (register text is data)."""
    def q(text) -> str:
        t = re.sub(r"[\x00-\x1f\x7f]", " ", str(text))
        return '"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"'

    own = i18n.gettext("KuntaPlus (own)", lang)
    lines = ["digraph map {", "  rankdir=LR;", '  node [fontname="DejaVu Sans", fontsize=10];']
    purposes: dict[str, str] = {}
    procs: dict[str, str] = {}
    for s in systems:
        for key, name in zip(s["purposes"], s.get(f"purpose_names_{lang}") or s["purpose_names_fi"]):  # no Swedish facts yet: Finnish
            purposes[key] = name
        pname = s["processor_name"] or own
        if s["processor_name"] and s["outside_eea"]:
            pname += " " + i18n.gettext("({country}, outside EU/EEA)", lang).format(country=s["processor_country"])
        elif s["processor_name"]:
            pname += f" ({s['processor_country']})"
        procs[f"r{s['processor_id'] or 0}"] = pname
    for key, name in purposes.items():
        lines.append(f"  {q('p:' + key)} [label={q(name)}, shape=box, style=filled, fillcolor=\"#e8f0fe\"];")
    for s in systems:
        lines.append(f"  {q('s:' + str(s['id']))} [label={q(s['name'])}, shape=ellipse, style=filled, fillcolor=\"#fef7e0\"];")
    for pid, name in procs.items():
        lines.append(f"  {q(pid)} [label={q(name)}, shape=component, style=filled, fillcolor=\"#e6f4ea\"];")
    for s in systems:
        for key in s["purposes"]:
            lines.append(f"  {q('p:' + key)} -> {q('s:' + str(s['id']))};")
        lines.append(f"  {q('s:' + str(s['id']))} -> {q('r' + str(s['processor_id'] or 0))};")
    lines.append("}")
    return "\n".join(lines)


# -- writing -------------------------------------------------------------------------

def _check_settings(connector: str, settings: dict, problems: list) -> None:
    from . import connectors

    problems.extend(("settings", reason) for reason in connectors.check_settings(connector, settings))


def _values(w, row: dict, changes: dict, purposes, categories, what: str) -> tuple[dict, list]:
    new = {k: row.get(k) for k in FIELDS}
    new["allow_delete"] = bool(new["allow_delete"])
    for k, v in changes.items():
        if k == "allow_delete":
            new[k] = bool(v)
        elif k == "settings":
            new[k] = v if isinstance(v, dict) else v
        else:
            new[k] = v.strip() if isinstance(v, str) and v.strip() else None
    problems: list[tuple[str, str]] = []
    if isinstance(new["settings"], str):
        try:
            new["settings"] = json.loads(new["settings"] or "{}")
        except ValueError:
            problems.append(("settings", N_("is not JSON (e.g. {\"host\": \"imap.example.fi\"})")))
            new["settings"] = {}
    new["settings"] = new["settings"] or {}
    if not new["name"]:
        problems.append(("name", N_("is required")))
    elif len(new["name"]) > 200 or re.search(r"[\x00-\x1f\x7f]", new["name"]):
        problems.append(("name", N_("must be one line of at most 200 characters")))
    if new["kind"] not in KINDS:
        problems.append(("kind", N_("must be one of {values}"), {"values": ", ".join(KINDS)}))
    new["connector"] = new["connector"] or "manual"
    if new["connector"] not in CONNECTORS:
        problems.append(("connector", N_("must be one of {values}"), {"values": ", ".join(CONNECTORS)}))
    else:
        _check_settings(new["connector"], new["settings"], problems)
    if new["connector"] == "manual" and not (new["instructions_fi"] or new["instructions_en"]) and changes:
        problems.append(("instructions", N_("a system carried out by hand needs instructions for the DPO "
                                            "(--instructions-fi)")))
    for k in ("password", "secret", "token", "api_key"):
        if k in new["settings"]:
            problems.append(("settings", N_("{key} is a secret: put it in the environment or the 0600 connectors "
                                            "file beside the register, never in the register"), {"key": repr(k)}))
    if purposes is not None:
        known = {p["key"] for p in w.all("purposes")}
        bad = sorted(set(purposes) - known)
        if bad:
            problems.append(("purposes", N_("unknown purpose(s): {keys}"), {"keys": ", ".join(bad)}))
    if categories is not None:
        cats = {c["key"]: c["kind"] for c in w.all("system_categories_known")}
        bad = sorted(c for c in categories if c not in cats)
        if bad:
            problems.append(("categories", N_("unknown data categories: {keys}"), {"keys": ", ".join(bad)}))
        banned = sorted(c for c in categories if cats.get(c, "ordinary") != "ordinary")
        if banned:
            problems.append(("categories", N_("special categories (Art. 9) and credentials are not processed: {keys}"),
                             {"keys": ", ".join(banned)}))
    return new, problems


def _processor(w, processor, new_processor: dict | None, problems: list) -> int | None:
    """The recipient running the system: an existing one by id or name, or a new one."""
    if new_processor:
        from . import notice

        known = [p["key"] for p in w.all("purposes")]
        values = {k: v for k, v in new_processor.items() if k in notice.RECIPIENT_FIELDS}
        values.setdefault("role_fi", "Henkilötietojen käsittelijä")
        values.setdefault("role_en", "Processor")
        values.setdefault("role_sv", "Personuppgiftsbiträde")  # a proposal: unconfirmed Swedish
        rec, bad = notice._recipient_values({}, values, None, known)
        problems.extend(("processor " + f, *rest) for f, *rest in bad)
        if bad:
            return None
        if w.one("system_recipient_by_name", {"name": rec["name"]}):
            problems.append(("processor name", N_("a recipient of that name exists; name it with --processor")))
            return None
        rid = w.value("notice_next_recipient_id")
        w.run("notice_insert_recipient", {**rec, "id": rid, "confirmed": True, "sv_confirmed": False})
        w.audit("notice.recipient.add", "recipient", rid, {"outside_eea": rec["outside_eea"], "via": "system"})
        return rid
    if processor in (None, "", "none", "-"):
        return None
    text = str(processor).strip()
    row = w.one("notice_recipient", {"id": int(text)}) if text.isdigit() else None
    row = row or w.one("system_recipient_by_name", {"name": text})
    if row is None:
        problems.append(("processor", N_("no recipient {name}; add one with --new-processor NAME --country XX"),
                         {"name": repr(text)}))
        return None
    return row["id"]


def _link(w, sid: int, purposes, categories) -> None:
    if purposes is not None:
        w.run("system_unlink_purposes", {"id": sid})
        for p in dict.fromkeys(purposes):
            w.run("system_link_purpose", {"id": sid, "purpose": p})
    if categories is not None:
        w.run("system_unlink_categories", {"id": sid})
        for c in dict.fromkeys(categories):
            w.run("system_link_category", {"id": sid, "category": c})


def add(reg: Register, actor: str, values: dict, *, purposes: list[str], categories: list[str] | None = None,
        processor=None, new_processor: dict | None = None) -> dict:
    """Add a system to the map (confirmed: the DPO named it). One transaction."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise Refused(N_("unknown system field(s): {fields}"), fields=", ".join(sorted(unknown)))
    with reg.write(actor) as w:
        new, problems = _values(w, {}, values, purposes, categories or [], "new system")
        if new["name"] and w.one("system_get", {"id": None, "name": new["name"]}):
            problems.append(("name", N_("a system of that name exists (kp system set changes it)")))
        pid = _processor(w, processor, new_processor, problems)
        if problems:
            raise _problems_error(N_("new system: not saved"), problems)
        sid = w.value("system_insert", {**new, "settings": json.dumps(new["settings"], sort_keys=True),
                                        "processor_id": pid, "confirmed": True})
        _link(w, sid, purposes, categories or [])
        w.audit("system.add", "system", sid, {"kind": new["kind"], "connector": new["connector"],
                                              "processor": pid, "purposes": sorted(set(purposes))})
        return _decorate(w.one("system_get", {"id": sid, "name": None}))


def update(reg: Register, actor: str, ref, changes: dict, *, purposes: list[str] | None = None,
           categories: list[str] | None = None, processor=None, new_processor: dict | None = None,
           clear_processor: bool = False) -> list[str]:
    """Change a system; returns the names of what changed. Saving confirms it."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise Refused(N_("unknown system field(s): {fields}"), fields=", ".join(sorted(unknown)))
    with reg.write(actor) as w:
        row = find(w, ref)
        new, problems = _values(w, row, changes, purposes, categories, f"system {row['id']}")
        other = w.one("system_get", {"id": None, "name": new["name"]}) if new["name"] else None
        if other and other["id"] != row["id"]:
            problems.append(("name", N_("another system has that name")))
        pid = row["processor_id"]
        if clear_processor:
            pid = None
        elif processor is not None or new_processor:
            pid = _processor(w, processor, new_processor, problems)
        if problems:
            raise _problems_error(N_("system {id}: not saved"), problems, id=row["id"])
        changed = [k for k in FIELDS if new[k] != row[k]]
        if pid != row["processor_id"]:
            changed.append("processor")
        if purposes is not None and set(purposes) != set(row["purposes"]):
            changed.append("purposes")
        if categories is not None and set(categories) != set(row["categories"]):
            changed.append("categories")
        w.run("system_update", {**new, "settings": json.dumps(new["settings"], sort_keys=True), "processor_id": pid,
                                "id": row["id"], "confirmed": True})
        _link(w, row["id"], purposes if "purposes" in changed else None,
              categories if "categories" in changed else None)
        w.audit("system.update", "system", row["id"], {"fields": changed})
        return changed


def remove(reg: Register, actor: str, ref) -> None:
    """Remove a system from the map. Refused while a request's task there is open (finish it or
    mark it not applicable first); finished tasks keep the system's name as history."""
    with reg.read() as q:
        row = find(q, ref)
        if row["kind"] == "register":
            raise Refused(N_("this register cannot be removed from the map: it is where the map itself is kept"))
        open_tasks = q.value("system_open_tasks", {"id": row["id"]})
    if open_tasks:
        raise Refused(N_("system {id} has {n} open request task(s); finish them or mark them not applicable first"),
                      id=row["id"], n=open_tasks)
    # Two transactions: DuckDB refuses to delete a row whose referencing rows were deleted
    # in the same transaction.
    with reg.write(actor, "system.unlink", "system", row["id"]) as w:
        w.run("system_unlink_purposes", {"id": row["id"]})
        w.run("system_unlink_categories", {"id": row["id"]})
    with reg.write(actor, "system.remove", "system", row["id"]) as w:
        w.run("system_delete", {"id": row["id"]})


def form_choices(q: Query) -> dict:
    """The systems form's choices: purposes, data categories (named) and the notice's recipients
    (the dashboard caches them per data version instead of reading them on every run)."""
    return {"purposes": q.all("purposes"), "categories": q.all("system_categories_named"),
            "recipients": q.all("notice_recipients")}
