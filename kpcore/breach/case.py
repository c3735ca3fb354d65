"""A breach case: facts, risk assessment, decision, notifications in phases, people told, NIS2.

Art. 33(1): notify the Ombudsman within 72 hours of becoming aware unless the breach is
unlikely to result in a risk; a later notification carries the reasons for the delay.
Art. 33(4): the information may be given in phases (a preliminary notice, then supplements).
Art. 33(5): every breach is documented with the decision and why.
Art. 34: high risk -> the people are told without undue delay, unless 34(3)(a)-(c) applies.
Every write is one transaction with its audit event; audit details hold ids, field names
and counts, never the texts.
"""
from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from .. import breaches
from ..db import Query, Register
from ..errors import NotFound, Refused, ValidationFailed
from .. import i18n
from ..i18n import N_, NP_
from ..safety import CONTROL_REASON, has_control
from . import risk as risk_mod
from .texts import ART34_GROUNDS, NOTIFICATION_KINDS  # noqa: F401  (bcase.NOTIFICATION_KINDS for the views)
from .timing import hours_between

Problem = breaches.BreachProblem
problem, refuse_control = breaches.problem, breaches.refuse_control

# field -> (kind, label: an English msgid); the facts a case adds to kpcore.breaches.FIELDS
CASE_FIELDS: dict[str, tuple[str, str]] = {
    "how": ("text", N_("How it happened and was found")),
    "cause": ("text", N_("Cause")),
    "timeline": ("text", N_("Timeline")),
    "subject_categories": ("text", N_("Categories of people")),
    "breach_types": ("types", N_("Type of breach")),
    "ongoing": ("bool", N_("Still ongoing")),
    "measures_planned": ("text", N_("Measures planned")),
    "contact_point": ("text", N_("Contact point")),
    "sensitive_details": ("text", N_("Sensitive details (separately by secure message)")),
}
NIS2_SETTING = "nis2_company_in_scope"


def _fail(problems: list[Problem], what: str, **params):
    """`what`: a catalog message naming what was refused ("the decision"), with `params`."""
    raise ValidationFailed(problems, what, n=len(problems), **params)


def _coerce_case(name: str, value) -> Any:
    kind = CASE_FIELDS[name][0]
    if has_control(value):  # #15 §1: NUL, ESC, BEL ... are refused, naming the field
        raise ValueError(CONTROL_REASON)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if kind == "bool":
        return breaches._bool(value)
    if kind == "types":
        items = value if isinstance(value, (list, tuple)) else str(value).replace(";", ",").split(",")
        items = [str(i).strip().lower() for i in items if str(i).strip()]
        bad = [i for i in items if i not in risk_mod.BREACH_TYPES]
        if bad:
            raise breaches.Bad(N_("{value} is not one of {values}"), value=repr(bad[0]),
                               values=", ".join(risk_mod.BREACH_TYPES))
        return ",".join(dict.fromkeys(items))
    return str(value).strip()


def _split(data: dict) -> tuple[dict, dict, list[Problem]]:
    core, case, problems = {}, {}, []
    for name, value in data.items():
        if name in CASE_FIELDS:
            try:
                case[name] = _coerce_case(name, value)
            except ValueError as exc:
                problems.append(breaches.refused(name, exc, label=CASE_FIELDS[name][1]))
        else:
            core[name] = value
    return core, case, problems


def _save_case(w, breach_id: int, case: dict) -> None:
    if not case:
        return
    w.sql("INSERT INTO breach_case (breach_id) VALUES (?) ON CONFLICT DO NOTHING", [breach_id])
    w.sql(f"UPDATE breach_case SET {', '.join(f'{k} = ?' for k in case)} WHERE breach_id = ?",
          [*case.values(), breach_id])


def open_case(reg: Register, actor: str, facts: dict, *, now: dt.datetime | None = None) -> int:
    """Record a new breach with its facts (core fields of kpcore.breaches plus CASE_FIELDS)."""
    core, case, problems = _split(facts)
    with reg.write(actor) as w:
        if problems:
            core_problems = breaches._coerce_all(core)[1]
            _fail(problems + core_problems, N_("{n} problem(s) in the breach; nothing was saved"))
        bid = breaches.add_in(w, core, now=now)
        w.sql("INSERT INTO breach_case (breach_id) VALUES (?)", [bid])
        _save_case(w, bid, case)
        if case:
            w.audit("breach.facts", "breach", bid, {"fields": sorted(k for k, v in case.items() if v is not None)})
    return bid


def set_facts(reg: Register, actor: str, breach_id: int, facts: dict, *, now: dt.datetime | None = None) -> list[str]:
    """Change facts of a case (core and case fields in one transaction); returns the changed field names."""
    core, case, problems = _split(facts)
    with reg.write(actor) as w:
        if problems:
            _fail(problems, N_("{n} problem(s) in breach #{id}; nothing was saved"), id=breach_id)
        changed = breaches.update_in(w, breach_id, core, now=now, audit=False) if core else []
        old = w.one("breach_case_get", {"id": breach_id}) or {}
        changed += [k for k, v in case.items() if old.get(k) != v]
        _save_case(w, breach_id, case)
        w.audit("breach.update", "breach", breach_id, {"fields": sorted(changed)})
    return changed


def _risk_text(level: str, lang: str) -> str:
    """A risk level's name in `lang` (a refusal's parameter put in after translation)."""
    return i18n.gettext(risk_mod.LEVEL_TEXT[level], lang) if level in risk_mod.LEVEL_TEXT else level


def _breach(w, breach_id: int) -> dict:
    b = w.one("breach_get", {"id": breach_id})
    if b is None:
        raise NotFound(N_("No breach #{id} in the register."), id=breach_id)
    return b


def assess(reg: Register, actor: str, breach_id: int, factors: risk_mod.Factors, *, level: str | None = None,
           justification: str, now: dt.datetime | None = None) -> dict:
    """Record a risk assessment (EDPB Guidelines 9/2022) and set the breach's risk level.

    The level defaults to the suggestion; the DPO's justification is required (Art. 33(5)).
    Returns {'level', 'suggested', 'score', 'reasons'}.
    """
    refuse_control({"justification": justification}, N_("the risk assessment: nothing was saved"))
    now = now or dt.datetime.now()
    problems = [problem(f, m, **params) for f, m, params in factors.problems()]
    if level is not None and level not in risk_mod.LEVELS:
        problems.append(problem("level", N_("must be one of {values}"), values=", ".join(risk_mod.LEVELS)))
    if not (justification or "").strip():
        problems.append(problem("justification", N_("the DPO's justification is required (Art. 33(5))")))
    with reg.write(actor) as w:
        _breach(w, breach_id)
        if problems:
            _fail(problems, N_("{n} problem(s) in the risk assessment; nothing was saved"))
        suggested, reasons = risk_mod.suggest(factors)
        chosen = level or suggested
        w.sql("""INSERT INTO breach_assessment (breach_id, assessed_at, actor, breach_types, malicious, data_nature,
                 identification, consequences, vulnerable, people, records, score, suggested, level, justification)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
              [breach_id, now.replace(microsecond=0), actor, ",".join(factors.breach_types), factors.malicious,
               factors.data_nature, factors.identification, factors.consequences, factors.vulnerable,
               factors.people, factors.records, risk_mod.score(factors), suggested, chosen, justification.strip()])
        breaches.update_in(w, breach_id, {"risk": chosen}, now=now, audit=False)
        _save_case(w, breach_id, {"breach_types": ",".join(factors.breach_types)})
        w.audit("breach.assess", "breach", breach_id, {"level": chosen, "suggested": suggested})
    return {"level": chosen, "suggested": suggested, "score": risk_mod.score(factors), "reasons": reasons}


def decide(reg: Register, actor: str, breach_id: int, *, notify: bool, reason: str,
           now: dt.datetime | None = None) -> None:
    """The decision whether to notify the Ombudsman, with its reason (Art. 33(1), 33(5)).

    Not notifying is allowed only when the breach is assessed unlikely to result in a risk:
    a breach assessed as risk or high risk must be notified (33(1)), and without an
    assessment the reading that protects the person is that a risk cannot be ruled out.
    """
    refuse_control({"reason": reason}, N_("breach #{id}: nothing was saved"), id=breach_id)
    with reg.write(actor) as w:
        b = _breach(w, breach_id)
        problems = []
        if b["processor_role"]:
            raise Refused(N_("Breach #{id} happened in the processor role: the controllers decide whether to "
                             "notify the Ombudsman; tell them (kp breach tell-controllers), Art. 33(2)."), id=breach_id)
        if not (reason or "").strip():
            problems.append(problem("reason", N_("the decision needs its reason (Art. 33(5))"),
                                    label=breaches.LABELS["decision_reason"]))
        if not notify and b["risk"] is None:
            problems.append(problem("notify", N_("only a breach assessed 'unlikely to result in a risk' may go "
                                                 "unnotified (Art. 33(1)); assess it first")))
        elif not notify and b["risk"] != "unlikely":
            problems.append(problem("notify", N_("the breach is assessed '{risk}': it must be notified (Art. 33(1))"),
                                    risk=functools.partial(_risk_text, b["risk"])))
        if not notify and b["authority_notified_at"] is not None:
            problems.append(problem("notify", N_("the breach has already been notified")))
        if problems:
            _fail(problems, N_("{n} problem(s) in the decision; nothing was saved"))
        breaches.update_in(w, breach_id, {"notify": notify, "decision_reason": reason}, now=now, audit=False)
        w.audit("breach.decide", "breach", breach_id, {"notify": notify})


def _content(w, breach_id: int, version: int, kind: str, sent_at: dt.datetime, note: str | None,
             now: dt.datetime | None, reference: str | None = None) -> tuple[str, str, str]:
    """The version's text frozen in Finnish, English and Swedish, as sent."""
    from . import texts

    case = get_case(w, breach_id, now)
    version_info = {"version": version, "kind": kind, "sent_at": sent_at, "note": note, "reference": reference}
    return tuple(texts.notification_text(case, w.one("controller"), lang, version_info) for lang in ("fi", "en", "sv"))


def notify(reg: Register, actor: str, breach_id: int, *, sent_at: Any, kind: str = "preliminary",
           delay_reason: str | None = None, reference: str | None = None, reason: str | None = None,
           now: dt.datetime | None = None) -> int:
    """Record the first notification to the Ombudsman (version 1) and freeze its text.

    Refused after 72 hours from awareness without the reasons for the delay (Art. 33(1)),
    in the processor role (33(2): the controller notifies), and after a decision not to
    notify. Returns the version number (1).
    """
    refuse_control({"reference": reference}, N_("breach #{id}: nothing was saved"), one_line=True, id=breach_id)
    refuse_control({"delay_reason": delay_reason, "reason": reason}, N_("breach #{id}: nothing was saved"),
                   id=breach_id)
    now = now or dt.datetime.now()
    if kind not in ("preliminary", "complete"):
        raise ValidationFailed([problem("kind", N_("the first notification is 'preliminary' or 'complete'"))],
                               N_("the notification was not recorded"))
    sent = breaches.moment(sent_at, now, "sent_at")
    with reg.write(actor) as w:
        b = _breach(w, breach_id)
        if b["processor_role"]:
            raise Refused(N_("Breach #{id} happened in the processor role: the controllers notify the "
                             "Ombudsman; tell them (kp breach tell-controllers), Art. 33(2)."), id=breach_id)
        if w.value("breach_notification_count", {"id": breach_id}):
            raise Refused(N_("Breach #{id} has already been notified; add a supplement (kp breach supplement)."),
                          id=breach_id)
        if b["notify"] is False:
            raise Refused(N_("Breach #{id} was decided not to be notified; change the decision first "
                             "(kp breach decide --notify yes)."), id=breach_id)
        changes = {"authority_notified_at": sent, "notify": True}
        if delay_reason is not None:
            changes["delay_reason"] = delay_reason
        if not (b["decision_reason"] or "").strip():
            changes["decision_reason"] = (reason or "").strip() or _default_reason(w, breach_id)
        breaches.update_in(w, breach_id, changes, now=now, audit=False)
        fi, en, sv = _content(w, breach_id, 1, kind, sent, None, now, reference)
        w.sql("""INSERT INTO breach_notification (breach_id, version, kind, sent_at, reference, delay_reason,
                 content_fi, content_en, content_sv, actor) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?)""",
              [breach_id, kind, sent, reference, (delay_reason or b["delay_reason"]), fi, en, sv, actor])
        w.audit("breach.notify", "breach", breach_id, {"version": 1, "kind": kind,
                                                        "hours": round(hours_between(b["aware_at"], sent), 1)})
    return 1


def _default_reason(w, breach_id: int) -> str:
    a = w.one("breach_assessment_latest", {"id": breach_id})
    if a is not None:
        return a["justification"]
    # kept in the register in Finnish and English together, as the reasons the DPO writes
    return " / ".join(i18n.gettext("Notified because a risk cannot be ruled out (Art. 33(1)).", lang)
                      for lang in ("fi", "en"))


def supplement(reg: Register, actor: str, breach_id: int, *, note: str, sent_at: Any = None, final: bool = False,
               reference: str | None = None, now: dt.datetime | None = None) -> int:
    """A supplement to the notification (Art. 33(4)): the next version, dated, with what it adds."""
    refuse_control({"reference": reference}, N_("breach #{id}: nothing was saved"), one_line=True, id=breach_id)
    refuse_control({"note": note}, N_("breach #{id}: nothing was saved"), id=breach_id)
    now = now or dt.datetime.now()
    problems = []
    if not (note or "").strip():
        problems.append(problem("note", N_("say what the supplement adds or corrects")))
    try:
        sent = breaches._coerce("authority_notified_at", sent_at) or now.replace(second=0, microsecond=0)
    except ValueError as exc:
        problems.append(breaches.refused("sent_at", exc))
        sent = None
    with reg.write(actor) as w:
        b = _breach(w, breach_id)
        last = w.one("breach_notification_last", {"id": breach_id})
        if last is None:
            raise Refused(N_("Breach #{id} has not been notified yet; the first notification is "
                             "kp breach notify."), id=breach_id)
        if sent is not None and sent < last["sent_at"]:
            problems.append(problem("sent_at", N_("is before version {version} ({sent})"), version=last["version"],
                                    sent=f"{last['sent_at']:%Y-%m-%d %H:%M}"))
        if sent is not None and sent > now + dt.timedelta(hours=1):
            problems.append(problem("sent_at", N_("is in the future")))
        if problems:
            _fail(problems, N_("{n} problem(s) in the supplement; nothing was saved"))
        version = last["version"] + 1
        final_word = " / ".join(i18n.pgettext("supplement", "final", lang) for lang in ("fi", "en"))
        note_text = note.strip() + (f" ({final_word})" if final else "")
        fi, en, sv = _content(w, breach_id, version, "supplement", sent, note_text, now)
        w.sql("""INSERT INTO breach_notification (breach_id, version, kind, sent_at, reference, note, content_fi,
                 content_en, content_sv, actor) VALUES (?, ?, 'supplement', ?, ?, ?, ?, ?, ?, ?)""",
              [breach_id, version, sent, reference or last["reference"], note_text, fi, en, sv, actor])
        w.audit("breach.supplement", "breach", breach_id, {"version": version})
        del b
    return version


def secure_sent(reg: Register, actor: str, breach_id: int, version: int, at: Any = None,
                now: dt.datetime | None = None) -> None:
    """Record that a version's sensitive details went by secure message."""
    now = now or dt.datetime.now()
    when = breaches.moment(at, now)
    with reg.write(actor) as w:
        n = w.sql("UPDATE breach_notification SET secure_sent_at = ? WHERE breach_id = ? AND version = ? RETURNING 1",
                  [when, breach_id, version]).fetchall()
        if not n:
            raise NotFound(N_("No notification version {version} of breach #{id}."), version=version, id=breach_id)
        w.audit("breach.secure_sent", "breach", breach_id, {"version": version})


# -- people (Art. 34) --------------------------------------------------------------------------

def add_people(reg: Register, actor: str, breach_id: int, contact_ids: list[int], *, lang: str | None = None) -> int:
    """Name the people concerned (register contacts), each with the language of their letter: `lang`
    when given, else each person's own language, else Finnish (issue 18)."""
    if lang is not None and lang not in ("fi", "en", "sv"):
        raise ValidationFailed([problem("lang", N_("must be fi, sv or en"))], N_("nobody was added"))
    with reg.write(actor) as w:
        _breach(w, breach_id)
        known = {r[0] for r in w.sql("SELECT id FROM contact WHERE id IN (SELECT unnest(?::BIGINT[]))",
                                     [list(contact_ids)]).fetchall()}
        missing = [c for c in contact_ids if c not in known]
        if missing:
            _fail([problem("contact_id", N_("no contact #{id} in the register"), id=c) for c in missing[:10]],
                  N_("{n} problem(s) in the people; nothing was saved"))
        for cid in contact_ids:
            w.sql("INSERT INTO breach_person (breach_id, contact_id, lang) SELECT ?, ?, coalesce(?, CASE WHEN "
                  "language IN ('fi', 'sv', 'en') THEN language ELSE 'fi' END) FROM contact WHERE id = ? "
                  "ON CONFLICT DO NOTHING", [breach_id, cid, lang, cid])
        w.audit("breach.people", "breach", breach_id, {"added": len(contact_ids)})
    return len(contact_ids)


def tell_people(reg: Register, actor: str, breach_id: int, *, at: Any = None, channel: str = "email",
                contact_ids: list[int] | None = None, now: dt.datetime | None = None) -> int:
    """Record that people were told (Art. 34(1)); all not yet told unless ids are given.
    When everybody listed has been told, the breach's 'people told' time is the last of them."""
    now = now or dt.datetime.now()
    when = breaches.moment(at, now)
    if channel not in ("email", "letter", "phone", "other"):
        raise ValidationFailed([problem("channel", N_("must be email, letter, phone or other"))], N_("nothing was saved"))
    with reg.write(actor) as w:
        b = _breach(w, breach_id)
        if when < b["aware_at"]:
            _fail([problem("at", N_("is before the company became aware"))],
                  N_("{n} problem(s) in telling the people; nothing was saved"))
        if contact_ids:
            rows = w.sql("""UPDATE breach_person SET told_at = ?, channel = ? WHERE breach_id = ? AND told_at IS NULL
                            AND contact_id IN (SELECT unnest(?::BIGINT[])) RETURNING contact_id""",
                         [when, channel, breach_id, list(contact_ids)]).fetchall()
        else:
            rows = w.sql("""UPDATE breach_person SET told_at = ?, channel = ? WHERE breach_id = ? AND told_at IS NULL
                            RETURNING contact_id""", [when, channel, breach_id]).fetchall()
        left = w.value("breach_people_untold", {"id": breach_id})
        if not left and (rows or not w.value("breach_people_count", {"id": breach_id})):
            last = w.value("breach_people_last_told", {"id": breach_id}) or when
            breaches.update_in(w, breach_id, {"subjects_informed_at": last}, now=now, audit=False)
        w.audit("breach.tell_people", "breach", breach_id, {"told": len(rows), "left": left})
    return len(rows)


def exempt_people(reg: Register, actor: str, breach_id: int, *, ground: str, reason: str) -> None:
    """Record why the people are not told individually (Art. 34(3)(a), (b) or (c))."""
    refuse_control({"reason": reason}, N_("breach #{id}: nothing was saved"), id=breach_id)
    problems = []
    if ground not in ART34_GROUNDS:
        problems.append(problem("ground", N_("must be a, b or c (Art. 34(3))")))
    if not (reason or "").strip():
        problems.append(problem("reason", N_("say why the ground applies and where the public communication was made")
                                if ground == "c" else N_("say why the ground applies")))
    with reg.write(actor) as w:
        _breach(w, breach_id)
        if problems:
            _fail(problems, N_("{n} problem(s) in the Art. 34(3) exemption; nothing was saved"))
        _save_case(w, breach_id, {"art34_exemption": ground, "art34_reason": reason.strip()})
        w.audit("breach.art34_exemption", "breach", breach_id, {"ground": ground})


# -- Cybersecurity Act (kyberturvallisuuslaki, NIS2) -----------------------------------------

def set_company_nis2(reg: Register, actor: str, in_scope: bool) -> None:
    """Mark the company as within the Cybersecurity Act (off by default)."""
    with reg.write(actor) as w:
        w.sql("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", [NIS2_SETTING, "true" if in_scope else "false"])
        w.audit("setting.nis2", "setting", NIS2_SETTING, {"in_scope": bool(in_scope)})


def company_nis2(q: Query) -> bool:
    return (q.value("setting_value", {"key": NIS2_SETTING}) or "false") == "true"


NIS2_FIELDS = {"significant": "nis2_significant", "early_warning_at": "nis2_early_warning_at",
               "notification_at": "nis2_notification_at", "final_report_at": "nis2_final_report_at"}


def set_nis2(reg: Register, actor: str, breach_id: int, *, now: dt.datetime | None = None, **values) -> list[str]:
    """Mark the incident significant (Cybersecurity Act) and record the reports to the NCSC-FI."""
    now = now or dt.datetime.now()
    problems, changes = [], {}
    for key, value in values.items():
        if key not in NIS2_FIELDS:
            problems.append(problem(key, N_("is not a Cybersecurity Act field")))
            continue
        if value is None:
            continue
        try:
            changes[NIS2_FIELDS[key]] = breaches._bool(value) if key == "significant" else \
                breaches._coerce("authority_notified_at", value)
        except ValueError as exc:
            problems.append(breaches.refused(key, exc))
    with reg.write(actor) as w:
        b = _breach(w, breach_id)
        for col, v in changes.items():
            if isinstance(v, dt.datetime) and v < b["aware_at"]:
                problems.append(problem(col, N_("is before the company became aware")))
            if isinstance(v, dt.datetime) and v > now + dt.timedelta(hours=1):
                problems.append(problem(col, N_("is in the future")))
        if problems:
            _fail(problems, N_("{n} problem(s) in breach #{id}; nothing was saved"), id=breach_id)
        _save_case(w, breach_id, changes)
        w.audit("breach.nis2", "breach", breach_id, {"fields": sorted(changes)})
    return sorted(changes)


def nis2_applies(q: Query, case: dict) -> bool:
    """Cybersecurity Act clocks run for a significant incident when the company, or an agreement of an
    affected engagement, is marked in scope. Out of scope by default."""
    if not case.get("nis2_significant"):
        return False
    if company_nis2(q):
        return True
    return any(c.get("nis2_in_scope") for c in case.get("controllers", []))


# -- reading ---------------------------------------------------------------------------------

def get_case(q: Query, breach_id: int, now: dt.datetime | None = None) -> dict:
    """The whole case: the breach, its facts, assessments, notifications, controllers, people, clocks."""
    from . import clocks

    b = breaches.get(q, breach_id, now)
    case = q.one("breach_case_get", {"id": breach_id}) or {}
    out = {**b, **{k: case.get(k) for k in CASE_FIELDS},
           "art34_exemption": case.get("art34_exemption"), "art34_reason": case.get("art34_reason"),
           **{col: case.get(col, False if col == "nis2_significant" else None) for col in NIS2_FIELDS.values()}}
    out["nis2_significant"] = bool(out["nis2_significant"])
    out["assessments"] = q.all("breach_assessments", {"id": breach_id})
    out["assessment"] = out["assessments"][0] if out["assessments"] else None
    out["notifications"] = q.all("breach_notifications", {"id": breach_id})
    out["controllers"] = q.all("breach_controllers", {"id": breach_id})
    out["people"] = q.all("breach_people", {"id": breach_id})
    out["nis2"] = nis2_applies(q, out)
    out["clocks"] = clocks.case_clocks(out, now)
    return out


# The walk's steps (stage() names the next one to take) as the dashboard and `kp breach case` show them.
STAGE_TEXT = {"facts": N_("1. Facts"), "assessment": N_("2. Risk assessment"), "decision": N_("3. Decision"),
              "notices": N_("4. Notices"), "done": NP_("valmis", "done")}


def stage(case: dict) -> str:
    """Where the walk facts -> assessment -> decision -> notices stands: the next step to take."""
    if case["assessment"] is None and case["risk"] is None:
        return "assessment"
    if case["processor_role"]:
        return "notices" if any(c["notified_at"] is None for c in case["controllers"]) or not case["controllers"] \
            else "done"
    if case["notify"] is None:
        return "decision"
    if case["notify"] and not case["notifications"] and case["authority_notified_at"] is None:
        return "notices"
    if case["risk"] == "high" and case["subjects_informed_at"] is None and not case["art34_exemption"]:
        return "notices"
    return "done"


def running(q: Query, now: dt.datetime | None = None) -> list[dict]:
    """Every running or overdue clock of every breach, soonest due first: one row each with
    what (fi/en), due, time_left (timedelta; negative = overdue), hours_left and the dashboard
    link. For the overview and the DPO's inbox. (Here, not in kpcore.breach.clocks: it reads
    whole cases, and a case reads its clocks.)"""
    from .clocks import label

    now = now or dt.datetime.now()
    rows = []
    for (bid,) in q.sql("SELECT id FROM breach ORDER BY id").fetchall():
        case = get_case(q, bid, now)
        for c in case["clocks"]:
            if c["state"] not in ("running", "overdue"):
                continue
            what = {lang: i18n.gettext(N_("Breach #{id}: {clock}"), lang).format(id=bid, clock=label(c, lang))
                    for lang in i18n.LANGS}
            rows.append({"breach_id": bid, "kind": c["kind"],
                         "what_fi": what["fi"], "what_sv": what["sv"], "what_en": what["en"],
                         "what": what["fi"], "due": c["due"],
                         "time_left": dt.timedelta(hours=c["hours_left"]), "hours_left": c["hours_left"], "state": c["state"],
                         "link": f"/breaches?breach={bid}"})
    rows.sort(key=lambda r: r["due"])
    return rows
