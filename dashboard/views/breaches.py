"""Breaches (Art. 33, 34): every running clock, the breach register, and one breach walked
facts -> risk assessment -> decision -> notices (the Ombudsman, each controller, the people,
NCSC-FI); sub-processor changes told to controllers (Art. 28(2)). Views call kpcore only."""
import datetime as dt

import pandas as pd
import streamlit as st

import ui
from kpcore import breaches, fmt
from kpcore.breach import case as bcase
from kpcore.breach import clocks as bclocks
from kpcore.breach import controllers as bctl
from kpcore.breach import outputs, risk, subprocessors
from kpcore.breach.timing import hours_between, left_text
from kpcore.i18n import N_

_ = ui._
pgettext = ui.pgettext
lang = ui.lang()
now = dt.datetime.now()

st.title(_("Personal-data breaches"))
st.caption(_("Every breach is recorded (Art. 33(5)). The authority is notified within 72 hours of becoming aware, unless the breach is unlikely to result in a risk."))

rows = ui.read(breaches.list_breaches)
rows = [{**b, "clock": breaches.clock(b, now)} for b in rows]  # the clock runs on, the cache does not
customers = ui.read(breaches.customers)
cust_name = {c["id"]: c["name"] for c in customers}


def when(value) -> str:
    """1.12.2026 klo 11.00 / 2026-12-01 11:00 (kpcore.fmt); a form reads either back."""
    if value is None:
        return ""
    if not isinstance(value, dt.datetime):  # a date
        return fmt.date(value, lang)
    return fmt.datetime(value, lang)


def yes_no(v) -> str:
    return "–" if v is None else (_("yes") if v else _("no"))


can_change = ui.can("change")
for r in ui.read(bcase.running):  # cached with the register; the hours are counted again now
    hours = hours_between(now, r["due"])
    text = f"{ui.pick(r, 'what')} · {when(r['due'])} · {left_text(hours, lang)}"
    (st.error if hours < 24 else st.warning)(text)

if not rows:
    st.info(_("No breaches recorded."))
else:
    register_table = pd.DataFrame([{
        "#": b["id"],
        _("Aware"): when(b["aware_at"]),
        _("72-hour clock"): breaches.clock_text(b["clock"], lang),
        _("Risk"): ui.tr(breaches.RISK_TEXT[b["risk"]]) if b["risk"] else "–",
        _("Notify"): yes_no(b["notify"]),
        _("Processor role"): (cust_name.get(b["customer_id"], "") if b["processor_role"] else "–"),
        _("What happened"): b["description"],
    } for b in rows])
    st.dataframe(register_table, hide_index=True, width="stretch", **ui.fit(register_table))

# -- forms ----------------------------------------------------------------------------------------
RISKS = [None, *breaches.RISKS]
NOTIFY = [None, True, False]
NOTIFY_TEXT = {None: "–", True: _("yes"), False: _("no")}  # fixed now: AppTest formats later


def breach_form(key: str, old: dict | None) -> dict | None:
    """The breach's facts as a form; returns the values when submitted."""
    old = old or {}
    hint = _("yyyy-mm-dd hh:mm or dd.mm.yyyy hh.mm")

    def text_dt(field):
        v = old.get(field)
        return st.text_input(ui.tr(breaches.FIELDS[field][1:]), value=when(v) if v else "", placeholder=hint, key=f"{key}_{field}")

    with st.form(key, clear_on_submit=old == {}):
        a, b = st.columns(2)
        values = {}
        with a:
            values["aware_at"] = text_dt("aware_at")
            values["occurred_at"] = text_dt("occurred_at")
        with b:
            values["risk"] = st.selectbox(_("Risk assessment"), RISKS, index=RISKS.index(old.get("risk")),
                                          format_func=lambda r: "–" if r is None else ui.tr(breaches.RISK_TEXT[r]),
                                          key=f"{key}_risk", placeholder=ui.choose(RISKS))
            values["notify"] = st.selectbox(_("Notify the authority"), NOTIFY,
                                            index=NOTIFY.index(old.get("notify")), format_func=NOTIFY_TEXT.get, key=f"{key}_notify",
                                            placeholder=ui.choose(NOTIFY))
        for field in ("description", "how", "cause", "timeline", "subject_categories", "data_categories", "effects",
                      "remedial_action", "measures_planned", "contact_point", "sensitive_details", "decision_reason",
                      "delay_reason"):
            label = ui.tr((breaches.FIELDS.get(field) or bcase.CASE_FIELDS[field])[1:])
            widget = st.text_area if field in ("description", "how", "timeline", "effects", "remedial_action",
                                                "measures_planned", "sensitive_details") else st.text_input
            values[field] = widget(label, value=old.get(field) or "", key=f"{key}_{field}")
        a, b = st.columns(2)
        with a:
            values["approx_subjects"] = st.text_input(_("People (approx.)"),
                                                      value="" if old.get("approx_subjects") is None else str(old["approx_subjects"]),
                                                      key=f"{key}_subjects")
            values["authority_notified_at"] = text_dt("authority_notified_at")
            values["subjects_informed_at"] = text_dt("subjects_informed_at")
        with b:
            values["approx_records"] = st.text_input(_("Records (approx.)"),
                                                     value="" if old.get("approx_records") is None else str(old["approx_records"]),
                                                     key=f"{key}_records")
            values["processor_role"] = st.checkbox(_("In the processor role (a customer's data)"),
                                                   value=bool(old.get("processor_role")), key=f"{key}_proc")
            cust_ids = [None, *cust_name]
            values["customer_id"] = st.selectbox(_("Customer (controller)"), cust_ids,
                                                 index=cust_ids.index(old.get("customer_id")) if old.get("customer_id") in cust_ids else 0,
                                                 format_func=lambda i: "–" if i is None else f"#{i} {cust_name[i]}",
                                                 key=f"{key}_cust", placeholder=ui.choose(cust_ids))
            values["customer_informed_at"] = text_dt("customer_informed_at")
        if st.form_submit_button(_("Save")):
            return values
    return None


# -- one breach: facts -> assessment -> decision -> notices -----------------------------------
STEPS = [(k, bcase.STAGE_TEXT[k]) for k in ("facts", "assessment", "decision", "notices")]  # one table (kp breach case too)


def saved(message: str) -> None:
    ui.after_write()
    st.session_state["breach_flash"] = message
    st.rerun()


def attempt(fn, *args, **kwargs):
    """Run a kpcore write; a refusal is shown with its fields named, nothing half-done."""
    try:
        return fn(*args, **kwargs), True
    except Exception as exc:  # noqa: BLE001 - KpError shown, others re-raised
        ui.show_error(exc)
        return None, False


ids = [b["id"] for b in rows]
wanted = st.query_params.get("breach")
start = ids.index(int(wanted)) if wanted and wanted.isdigit() and int(wanted) in ids else 0
if ids:
    st.divider()
    if st.session_state.get("breach_next") in ids:  # a breach just recorded opens (set before the widget exists)
        st.session_state["breach_pick"] = st.session_state.pop("breach_next")
    bid = st.selectbox(_("Breach"), ids, index=start, key="breach_pick",
                       format_func=lambda i: f"#{i} · {when(next(b for b in rows if b['id'] == i)['aware_at'])}",
                       placeholder=ui.choose(ids))
    st.query_params["breach"] = str(bid)
    b = ui.read(bcase.get_case, bid)
    b = {**b, "clock": breaches.clock(b, now), "clocks": bclocks.case_clocks(b, now)}
    if st.session_state.get("breach_flash"):
        st.success(st.session_state.pop("breach_flash"))
    c = b["clock"]
    stage = bcase.stage(b)
    done_upto = [k for k, _unused in STEPS].index(stage) if stage != "done" else len(STEPS)
    st.markdown(" → ".join(f"**{_(step)}** ✓" if i < done_upto else
                           (f"**{_(step)}** ◀" if i == done_upto else _(step))
                           for i, (_unused, step) in enumerate(STEPS))
                + ("" if stage != "done" else "  · " + _(bcase.STAGE_TEXT["done"])))
    st.markdown(f"**{_('72-hour clock')}:** {breaches.clock_text(c, lang)}")
    m = st.columns(3)
    if not b["processor_role"]:  # Art. 33(1) is the controllers' clock when we are their processor
        m[0].metric(_("Deadline (72 h)"), when(c["deadline"]))
    if c["state"] == "running":
        m[1].metric(_("Time left"), f"{c['hours_left']:.0f} h")
    elif c["state"] == "overdue":
        m[1].metric(_("Past the deadline"), f"{c['hours_over']:.0f} h")
    elif c["hours_taken"] is not None:
        m[1].metric(_("Notified after"), f"{c['hours_taken']:.0f} h")
    if b["processor_role"]:
        m[2].metric(_("Customers told"),
                    when(b["customer_informed_at"]) or _("not all yet"))
    if b["clocks"]:
        st.dataframe(pd.DataFrame([{
            _("To whom"): bclocks.label(k, lang), _("Limit"): bclocks.limit_text(k, lang),
            _("Due"): when(k["due"]), _("Done"): when(k["done_at"]),
            _("Status"): bclocks.status_text(k, lang)} for k in b["clocks"]]), hide_index=True, width="stretch")

    tabs = st.tabs([_(step) for _unused, step in STEPS])
    with tabs[0]:
        detail = []
        for field, (kind, *label) in {**breaches.FIELDS, **bcase.CASE_FIELDS}.items():
            if field == "sensitive_details" and not can_change:
                continue
            v = b.get(field)
            if kind == "datetime":
                v = when(v)
            elif kind == "bool":
                v = yes_no(v)
            elif field == "risk" and v:
                v = ui.tr(breaches.RISK_TEXT[v])
            elif field == "customer_id" and v is not None:
                v = f"#{v} {cust_name.get(v, '')}"
            detail.append({_("Field"): ui.tr(label), _("Value"): "" if v is None else str(v)})
        st.dataframe(pd.DataFrame(detail), hide_index=True, width="stretch", height=35 * (len(detail) + 1) + 3)
        if can_change:  # the forms below are drawn only when opened (ui.lazy_expander; issue 16 §6)
            box = ui.lazy_expander(_("Update breach #{bid}").format(bid=bid), f"breach_upd_{bid}")
            changed = None
            if box.open:
                with box:
                    changed = breach_form(f"breach_edit_{bid}", b)
            if changed is not None:
                with box:
                    done, ok = attempt(bcase.set_facts, ui.register(), ui.user(), bid, changed)
                    if ok:
                        saved(_("Saved ({n_done} field(s) changed).").format(n_done=len(done)))

    with tabs[1]:
        st.caption(_("EDPB Guidelines 9/2022 and the ENISA severity method: the factors give a suggestion; the DPO decides the level and records why (Art. 33(5))."))
        if b["assessments"]:
            st.dataframe(pd.DataFrame([{
                _("Assessed"): when(a["assessed_at"]), _("Score"): a["score"],
                _("Suggested"): ui.tr(risk.LEVEL_TEXT[a["suggested"]]), _("Level"): ui.tr(risk.LEVEL_TEXT[a["level"]]),
                _("Justification"): a["justification"]} for a in b["assessments"]]), hide_index=True, width="stretch")
        else:
            st.info(_("The risk has not been assessed yet."))
        if can_change:
            last = b["assessment"] or {}
            with st.form(f"assess_{bid}"):
                a1, a2 = st.columns(2)
                with a1:
                    types = st.multiselect(_("Type of breach"), list(risk.BREACH_TYPES),
                                           default=[t for t in (b.get("breach_types") or "confidentiality").split(",") if t],
                                           format_func=lambda t: ui.tr(risk.BREACH_TYPES[t]), key=f"assess_types_{bid}",
                                           placeholder=ui.choose(many=True))
                    nature = st.selectbox(_("Nature of the data"), list(risk.DATA_NATURE),
                                          index=list(risk.DATA_NATURE).index(last.get("data_nature") or "basic"),
                                          format_func=lambda k: ui.tr(risk.DATA_NATURE[k][1]), key=f"assess_nature_{bid}",
                                          placeholder=ui.choose())
                    ident = st.selectbox(_("Ease of identification"), list(risk.IDENTIFICATION),
                                         index=list(risk.IDENTIFICATION).index(last.get("identification") or "maximum"),
                                         format_func=lambda k: ui.tr(risk.IDENTIFICATION[k][1]), key=f"assess_ident_{bid}",
                                         placeholder=ui.choose())
                with a2:
                    conseq = st.selectbox(_("Severity of consequences"), list(risk.CONSEQUENCES),
                                          index=list(risk.CONSEQUENCES).index(last.get("consequences") or "minor"),
                                          format_func=lambda k: ui.tr(risk.CONSEQUENCES[k]), key=f"assess_conseq_{bid}",
                                          placeholder=ui.choose())
                    malicious = st.checkbox(_("Malicious (e.g. an attack)"),
                                            value=bool(last.get("malicious")), key=f"assess_mal_{bid}")
                    vulnerable = st.checkbox(_("Vulnerable people (children etc.)"), value=bool(last.get("vulnerable")),
                                             key=f"assess_vuln_{bid}")
                    level_text = {None: _("as suggested"),  # worded now: AppTest formats later
                                  **{k: ui.tr(v) for k, v in risk.LEVEL_TEXT.items()}}
                    level = st.selectbox(_("Level decided by the DPO"),
                                         list(level_text), format_func=level_text.get, key=f"assess_level_{bid}",
                                         placeholder=ui.choose())
                justification = st.text_area(_("Justification"), key=f"assess_why_{bid}")
                if st.form_submit_button(_("Save assessment")):
                    f = risk.Factors(tuple(types), malicious, nature, ident, conseq, vulnerable, b["approx_subjects"],
                                     b["approx_records"])
                    r, ok = attempt(bcase.assess, ui.register(), ui.user(), bid, f, level=level, justification=justification)
                    if ok:
                        saved(_("Assessment saved: {level} (suggested {suggested}).").format(
                            level=ui.tr(risk.LEVEL_TEXT[r["level"]]), suggested=ui.tr(risk.LEVEL_TEXT[r["suggested"]])))

    with tabs[2]:
        if b["processor_role"]:
            st.info(_("The breach happened in the processor role: the controllers (customers) decide on notifying the Ombudsman. Our duty is to tell them (Art. 33(2))."))
        else:
            st.markdown(f"**{pgettext('Ilmoitetaanko', 'Notify')}:** {yes_no(b['notify'])}  \n"
                        f"**{_('Reason')}:** {b['decision_reason'] or '–'}")
            if can_change:
                with st.form(f"decide_{bid}"):
                    notify_text = {True: _("yes"), False: _("no (unlikely to result in a risk)")}
                    notify = st.radio(_("Notify the Ombudsman"), [True, False],
                                      format_func=notify_text.get, horizontal=True, key=f"decide_notify_{bid}")
                    reason = st.text_area(_("Reason for the decision"), key=f"decide_reason_{bid}")
                    if st.form_submit_button(_("Save decision")):
                        _unused, ok = attempt(bcase.decide, ui.register(), ui.user(), bid, notify=notify, reason=reason)
                        if ok:
                            saved(_("Decision saved."))

    with tabs[3]:
        if not b["processor_role"]:
            st.subheader(_("Data Protection Ombudsman (Art. 33)"))
            if b["notifications"]:
                st.dataframe(pd.DataFrame([{
                    _("Version"): n["version"], _("Kind"): ui.tr(bcase.NOTIFICATION_KINDS[n["kind"]]),
                    _("Sent"): when(n["sent_at"]), _("Record no."): n["reference"] or "",
                    _("Supplement"): n["note"] or "",
                    _("Secure message"): when(n["secure_sent_at"])} for n in b["notifications"]]),
                    hide_index=True, width="stretch")
            if can_change:
                latest = b["notifications"][-1]["version"] if b["notifications"] else None
                st.download_button(_("Notification (PDF)"), key=f"notif_pdf_{bid}",
                                   data=ui.lazy_file(outputs.notification_pdf, bid, lang, latest,
                                                      audit=("breach.export", "breach", bid, {"what": "notification"})),
                                   file_name=f"breach-{bid}-notification-{lang}.pdf", mime="application/pdf")
                with st.expander(_("Text for the e-form (copy)")):
                    st.code(ui.read(outputs.notification_text, bid, lang, latest), language=None)
                    if (b.get("sensitive_details") or "").strip():
                        st.warning(_("The sensitive details go separately by secure message:"))
                        st.code(ui.read(outputs.secure_message, bid, lang), language=None)
                if b["notify"] is not False and not b["notifications"] and b["authority_notified_at"] is None:
                    with st.form(f"notify_{bid}"):
                        n1, n2 = st.columns(2)
                        sent_at = n1.text_input(_("Sent at"), value=when(now), key=f"notify_at_{bid}")
                        kind = n2.selectbox(_("Kind"), ["preliminary", "complete"],
                                            format_func=lambda k: ui.tr(bcase.NOTIFICATION_KINDS[k]), key=f"notify_kind_{bid}",
                                            placeholder=ui.choose())
                        reference = n1.text_input(_("Record number (if known)"),
                                                  key=f"notify_ref_{bid}")
                        delay = n2.text_input(_("Reasons for the delay (over 72 h)"),
                                              value=b["delay_reason"] or "", key=f"notify_delay_{bid}")
                        if st.form_submit_button(_("Record notification")):
                            _unused, ok = attempt(bcase.notify, ui.register(), ui.user(), bid, sent_at=sent_at, kind=kind,
                                            delay_reason=delay or None, reference=reference or None)
                            if ok:
                                saved(_("Notification recorded (version 1)."))
                elif b["notifications"]:
                    with st.form(f"supplement_{bid}"):
                        note = st.text_area(_("What the supplement adds or corrects"),
                                            key=f"supp_note_{bid}")
                        sent_at = st.text_input(_("Sent at"), value=when(now), key=f"supp_at_{bid}")
                        if st.form_submit_button(_("Record supplement")):
                            v, ok = attempt(bcase.supplement, ui.register(), ui.user(), bid, note=note, sent_at=sent_at)
                            if ok:
                                saved(_("Supplement recorded (version {v}).").format(v=v))
        else:
            st.subheader(_("Controllers (Art. 33(2))"))
        if b["processor_role"] or b["controllers"]:
            if b["controllers"]:
                st.dataframe(pd.DataFrame([{
                    _("Customer"): r["customer_name"], _("System"): r["system"],
                    _("Agreement's limit"): f"{r['limit_hours']} h" if r["limit_hours"]
                    else _("without undue delay"),
                    _("Due"): when(r["due_at"]), _("Told"): when(r["notified_at"]),
                    _("Acknowledged"): when(r["ack_at"]), _("By"): r["ack_by"] or ""}
                    for r in b["controllers"]]), hide_index=True, width="stretch")
            if can_change:
                engs = ui.read(bctl.all_terms)
                linked = {r["engagement_id"] for r in b["controllers"]}
                with st.form(f"link_{bid}"):
                    pick = st.multiselect(_("Engagements the breach touched"),
                                          [e["engagement_id"] for e in engs if e["engagement_id"] not in linked],
                                          format_func=lambda i: next(f"#{e['engagement_id']} {e['customer_name']} / {e['system']}"
                                                                     for e in engs if e["engagement_id"] == i),
                                          key=f"link_pick_{bid}", placeholder=ui.choose(many=True))
                    if st.form_submit_button(_("Add engagements")):
                        _unused, ok = attempt(bctl.link_engagements, ui.register(), ui.user(), bid, pick)
                        if ok:
                            saved(_("Engagements added."))
                if any(r["notified_at"] is None for r in b["controllers"]):
                    with st.form(f"tell_{bid}"):
                        at = st.text_input(_("Told at"), value=when(now), key=f"tell_at_{bid}")
                        if st.form_submit_button(_("Record the notice to every controller")):
                            told, ok = attempt(bctl.tell, ui.register(), ui.user(), bid, at=at)
                            if ok:
                                saved(_("{n_told} notice(s) recorded.").format(n_told=len(told)))
                if b["controllers"]:
                    st.download_button(_("Notices to the controllers (PDF)"),
                                       data=ui.lazy_file(outputs.controller_notice_pdf, bid, None, lang,
                                                         audit=("breach.export", "breach", bid, {"what": "controller_notices"})),
                                       file_name=f"breach-{bid}-controllers-{lang}.pdf", mime="application/pdf",
                                       key=f"ctl_pdf_{bid}")
                    told_rows = [r for r in b["controllers"] if r["notified_at"] is not None and r["ack_at"] is None]
                    if told_rows:
                        with st.form(f"ack_{bid}"):
                            eid = st.selectbox(_("Acknowledgement"), [r["engagement_id"] for r in told_rows],
                                               format_func=lambda i: next(f"{r['customer_name']} / {r['system']}"
                                                                          for r in told_rows if r["engagement_id"] == i),
                                               key=f"ack_pick_{bid}", placeholder=ui.choose())
                            by = st.text_input(_("Acknowledged by"), key=f"ack_by_{bid}")
                            if st.form_submit_button(_("Record acknowledgement")):
                                _unused, ok = attempt(bctl.ack, ui.register(), ui.user(), bid, eid, by=by)
                                if ok:
                                    saved(_("Acknowledgement recorded."))
        if b["risk"] == "high" and not b["processor_role"]:
            st.subheader(_("The people (Art. 34)"))
            told = sum(1 for p in b["people"] if p["told_at"] is not None)
            st.markdown(_("{n_people} people listed, {told} told.").format(n_people=len(b['people']), told=told)
                        + (f"  \n34(3): {ui.tr(bcase.ART34_GROUNDS[b['art34_exemption']])} – {b['art34_reason']}"
                           if b["art34_exemption"] else ""))
            if can_change:
                if b["people"]:
                    st.dataframe(pd.DataFrame([{"#": p["contact_id"], _("Name"): p["name"] or "",
                                                _("Language"): p["lang"], pgettext("Kerrottu", "Told"): when(p["told_at"]),
                                                _("Channel"): p["channel"] or ""} for p in b["people"]]),
                                 hide_index=True, width="stretch")
                    st.download_button(_("Letters (PDF)"), data=ui.lazy_file(outputs.letter_pdf, bid, audit=(
                                           "breach.export", "breach", bid, {"what": "letters"})),
                                       file_name=f"breach-{bid}-letters.pdf", mime="application/pdf", key=f"letters_{bid}")
                with st.form(f"people_{bid}"):
                    p1, p2 = st.columns(2)
                    cids = p1.text_input(_("Add people (contact ids, comma-separated)"), key=f"people_ids_{bid}")
                    # None: each person's own language, else Finnish (issue 18)
                    plang = p2.selectbox(_("Letter language"), [None, "fi", "sv", "en"],
                                         format_func=lambda k: ui.LANGS[k] if k else _("Each person's own language"),
                                         key=f"people_lang_{bid}", placeholder=ui.choose())
                    if st.form_submit_button(_("Add people")):
                        try:
                            wanted_ids = [int(x) for x in cids.replace(" ", "").split(",") if x]
                        except ValueError:
                            st.error(_("Give the ids separated by commas."))
                        else:
                            _unused, ok = attempt(bcase.add_people, ui.register(), ui.user(), bid, wanted_ids, lang=plang)
                            if ok:
                                saved(_("People added."))
                if any(p["told_at"] is None for p in b["people"]):
                    with st.form(f"told_{bid}"):
                        t1, t2 = st.columns(2)
                        at = t1.text_input(pgettext("Kerrottu", "Told at"), value=when(now), key=f"told_at_{bid}")
                        channel = t2.selectbox(_("Channel"), ["email", "letter", "phone", "other"], key=f"told_ch_{bid}",
                                               placeholder=ui.choose())
                        if st.form_submit_button(_("Record as told")):
                            n, ok = attempt(bcase.tell_people, ui.register(), ui.user(), bid, at=at, channel=channel)
                            if ok:
                                saved(_("{n} person(s) recorded.").format(n=n))
                with st.form(f"exempt_{bid}"):
                    ground = st.selectbox(_("Exception (Art. 34(3))"), list(bcase.ART34_GROUNDS),
                                          format_func=lambda g: ui.tr(bcase.ART34_GROUNDS[g]), key=f"exempt_g_{bid}",
                                          placeholder=ui.choose())
                    why = st.text_input(_("Reason"), key=f"exempt_why_{bid}")
                    if st.form_submit_button(_("Record the exception")):
                        _unused, ok = attempt(bcase.exempt_people, ui.register(), ui.user(), bid, ground=ground, reason=why)
                        if ok:
                            saved(_("Exception recorded."))
        st.subheader(_("Cybersecurity Act (NIS2)"))
        st.caption(_("Where the company or a customer agreement is within the Cybersecurity Act and the incident is significant: early warning 24 h, notification 72 h, final report within one month to NCSC-FI."))
        st.markdown(_("Applies to this breach: ") + yes_no(b["nis2"]))
        if can_change:
            with st.form(f"nis2_{bid}"):
                sig = st.checkbox(_("Significant incident"), value=b["nis2_significant"],
                                  key=f"nis2_sig_{bid}")
                n1, n2, n3 = st.columns(3)
                ew = n1.text_input(_("Early warning sent"), value=when(b["nis2_early_warning_at"]),
                                   key=f"nis2_ew_{bid}")
                nt = n2.text_input(_("Notification sent"), value=when(b["nis2_notification_at"]),
                                   key=f"nis2_nt_{bid}")
                fr = n3.text_input(_("Final report sent"), value=when(b["nis2_final_report_at"]),
                                   key=f"nis2_fr_{bid}")
                if st.form_submit_button(_("Save NIS2 details")):
                    _unused, ok = attempt(bcase.set_nis2, ui.register(), ui.user(), bid, significant=sig, early_warning_at=ew or None,
                                    notification_at=nt or None, final_report_at=fr or None)
                    if ok:
                        saved(_("Saved."))


if not can_change:  # a viewer reads the breach register; the DPO records and updates it
    st.stop()

new_box = ui.lazy_expander(_("Record a new breach"), "breach_new_box", expanded=not rows)
new = None
if new_box.open:
    with new_box:
        new = breach_form("breach_add", None)
if new is not None:
    with new_box:
        try:
            new_id = bcase.open_case(ui.register(), ui.user(), new)
        except Exception as exc:  # noqa: BLE001 - KpError shown, others re-raised
            ui.show_error(exc)
        else:
            st.query_params["breach"] = str(new_id)
            st.session_state["breach_next"] = new_id
            saved(_("Breach #{new_id} recorded. Next: the risk assessment.").format(new_id=new_id))


sub_box = ui.lazy_expander(_("Sub-processor changes (Art. 28(2), 28(4))"), "breach_sub_box")
if not sub_box.open:
    st.stop()
with sub_box:
    changes = ui.read(subprocessors.changes)
    for ch in changes:
        st.markdown(f"**#{ch['id']} {ch['subprocessor']}** ({ch['country']}) – " + _("effective") +
                    f" {when(ch['effective_on'])}" + (f" · {_('replaces')} {ch['replaces']}" if ch["replaces"] else ""))
        st.dataframe(pd.DataFrame([{
            _("Customer"): n["customer_name"], _("System"): n["system"],
            _("Window"): f"{n['window_days']} {_('d')}", _("Notified"): when(n["notified_on"]),
            _("Object by"): when(n["objection_due"]),
            _("State"): ui.tr(subprocessors.STATE_TEXT[n["state"]]),
            _("Objection"): n["objection"] or "", _("Outcome"):
            ui.tr(subprocessors.OUTCOMES[n["outcome"]]) if n["outcome"] else ""} for n in ch["notices"]]),
            hide_index=True, width="stretch")
        if any(n["notified_on"] is None for n in ch["notices"]) and st.button(
                _("Record the notices as sent (#{id})").format(id=ch['id']),
                key=f"sub_send_{ch['id']}"):
            _unused, ok = attempt(subprocessors.send_notices, ui.register(), ui.user(), ch["id"])
            if ok:
                saved(_("Notices recorded."))
        open_ = [n for n in ch["notices"] if n["notified_on"] is not None and not n["outcome"]]
        if open_:
            with st.form(f"sub_obj_{ch['id']}"):
                eid = st.selectbox(_("Engagement"), [n["engagement_id"] for n in open_],
                                   format_func=lambda i, o=open_: next(f"{n['customer_name']} / {n['system']}" for n in o
                                                                       if n["engagement_id"] == i), key=f"sub_obj_e_{ch['id']}",
                                   placeholder=ui.choose())
                text = st.text_input(_("Objection (leave empty when recording an outcome)"), key=f"sub_obj_t_{ch['id']}")
                outcome = st.selectbox(_("Outcome"), [None, *subprocessors.OUTCOMES],
                                       format_func=lambda k: "–" if k is None else ui.tr(subprocessors.OUTCOMES[k]),
                                       key=f"sub_obj_o_{ch['id']}", placeholder=ui.choose())
                if st.form_submit_button(_("Record")):
                    if text.strip():
                        _unused, ok = attempt(subprocessors.object_to, ui.register(), ui.user(), ch["id"], eid, text=text)
                    else:
                        _unused, ok = attempt(subprocessors.record_outcome, ui.register(), ui.user(), ch["id"], eid,
                                        outcome=outcome or "")
                    if ok:
                        saved(_("Recorded."))
    with st.form("sub_new"):
        st.markdown(_("**New or replacing sub-processor**"))
        s1, s2 = st.columns(2)
        name = s1.text_input(_("Sub-processor"), key="sub_new_name")
        replaces = s2.text_input(_("Replaces (optional)"), key="sub_new_replaces")
        service = s1.text_input(_("Service"), key="sub_new_service")
        effective = s2.text_input(_("Effective"), placeholder="2026-12-31", key="sub_new_effective")
        if st.form_submit_button(_("Add change")):
            cid, ok = attempt(subprocessors.add_change, ui.register(), ui.user(), subprocessor=name, replaces=replaces,
                              service_fi=service, service_en=service, effective_on=effective)
            if ok:
                saved(_("Change #{cid} recorded; notices to the controllers built.").format(cid=cid))
