"""Processor engagements (Art. 28, 30(2)): the table with its flags, one engagement's page
(deep link ?engagement=ID) with its checklist, access log and end-of-engagement decision,
adding an engagement, and the Art. 30(2) record's download."""
import datetime as dt

import streamlit as st

import ui
from kpcore import fmt, i18n, processor_record as PR, processors as P, safety
from kpcore.models import ART28_CLAUSES

_ = ui._
_unused = ui._
pgettext = ui.pgettext
lang = ui.lang()
today = dt.date.today()
reg = ui.register()
can_edit = ui.can("change")  # a viewer reads; the DPO changes



def md(value) -> str:
    """Register text made literal for st.markdown."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.date):
        return fmt_date(value)
    return safety.md(value)


def fmt_date(d) -> str:
    if d is None:
        return ""
    if isinstance(d, dt.datetime):  # 1.12.2026 14:05 / 2026-12-01 14:05
        return f"{fmt.date(d, lang)} {d:%H:%M}"
    return fmt.date(d, lang)


def open_engagement(eid) -> None:
    st.query_params["engagement"] = str(eid)


def close_engagement() -> None:
    st.query_params.pop("engagement", None)


def write(fn, *args, success: str, **kwargs):
    """Run one write through kpcore; show its refusal in plain words, or the success."""
    try:
        result = fn(reg, ui.user(), *args, **kwargs)
    except Exception as exc:  # KpError is shown; anything else is a bug and raises
        ui.show_error(exc)
        return None
    ui.after_write()
    st.session_state["proc_flash"] = success
    return result if result is not None else True


def status_text(key) -> str:
    return P.label(P.STATUS_TEXT, key, lang)


def flash() -> None:
    msg = st.session_state.pop("proc_flash", None)
    if msg:
        st.success(msg)


def record_downloads() -> None:
    st.subheader(_("Record of processing as a processor (Art. 30(2))"))
    st.caption(_("The processor's and each controller's (customer's) contact details, the processing done for each, transfers and security measures."))
    rec_lang = st.radio(_("Language of the record"), list(i18n.LANGS), index=i18n.LANGS.index(lang),
                        format_func=i18n.NAMES.get, horizontal=True, key="proc_record_lang")
    c1, c2, _unused = st.columns([1, 1, 3])
    base = i18n.pgettext("file name", "processor-record", rec_lang) + "-30-2"
    # Built on click, not on every visit (seconds on a big register); audited when produced.
    c1.download_button(_("Download PDF"),
                       ui.lazy_file(PR.record_pdf, rec_lang, audit=("record.processor.export", "processor_record", None,
                                                                   {"format": "pdf", "lang": rec_lang})),
                       file_name=f"{base}.pdf", mime="application/pdf", key="proc_record_pdf",
                       icon=":material/picture_as_pdf:", on_click="ignore")
    c2.download_button(_("Download Excel"),
                       ui.lazy_file(PR.record_xlsx, rec_lang, audit=("record.processor.export", "processor_record", None,
                                                                    {"format": "xlsx", "lang": rec_lang})),
                       file_name=f"{base}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="proc_record_xlsx",
                       icon=":material/table_view:", on_click="ignore")


def engagement_fields(cur: dict | None, prefix: str) -> dict:
    """The engagement's form fields (inside a form); returns the values."""
    cur = cur or {}
    c1, c2 = st.columns(2)
    v = {}
    v["system"] = c1.text_input(_("System *"), cur.get("system") or "", key=prefix + "system")
    v["vendor"] = c2.text_input(_("Software vendor *"), cur.get("vendor") or "",
                                key=prefix + "vendor")
    # Each text in Finnish, Swedish and English (issue 18 §2); Swedish left empty is read as the Finnish
    cf, cs, ce = st.columns(3)
    v["service_fi"] = cf.text_area(_("Nature and purpose (Finnish) *"),
                                   cur.get("service_fi") or "", key=prefix + "service_fi", height=80)
    v["service_sv"] = cs.text_area(_("Nature and purpose (Swedish)"),
                                   cur.get("service_sv") or "", key=prefix + "service_sv", height=80)
    v["service_en"] = ce.text_area(_("Nature and purpose (English)"),
                                   cur.get("service_en") or "", key=prefix + "service_en", height=80)
    v["subjects_fi"] = cf.text_input(_("Categories of data subjects (Finnish)"),
                                     cur.get("subjects_fi") or i18n.gettext(P.DEFAULT_SUBJECTS, "fi"),
                                     key=prefix + "subj_fi")
    v["subjects_sv"] = cs.text_input(_("Categories of data subjects (Swedish)"),
                                     cur.get("subjects_sv") or ("" if cur else i18n.gettext(P.DEFAULT_SUBJECTS, "sv")),
                                     key=prefix + "subj_sv")
    v["subjects_en"] = ce.text_input(_("Categories of data subjects (English)"),
                                     cur.get("subjects_en") or i18n.gettext(P.DEFAULT_SUBJECTS, "en"),
                                     key=prefix + "subj_en")
    c1, c2 = st.columns(2)
    v["starts_on"] = c1.date_input(_("Starts on"), cur.get("starts_on") or today, key=prefix + "starts",
                                   format=_("YYYY-MM-DD"))
    v["ends_on"] = c2.date_input(_("Agreed end date (optional)"),
                                 cur.get("ends_on"), key=prefix + "ends", format=_("YYYY-MM-DD"))
    st.markdown("**" + _("Processing agreement (Art. 28(3))") + "**")
    c1, c2, c3 = st.columns(3)
    v["agreement_ref"] = c1.text_input(_("Agreement reference"), cur.get("agreement_ref") or "",
                                       key=prefix + "aref")
    signed = c2.checkbox(_("Agreement signed"), cur.get("agreement_signed_on") is not None,
                         key=prefix + "signed")
    signed_on = c2.date_input(_("Signed on"), cur.get("agreement_signed_on") or today,
                              key=prefix + "signed_on", format=_("YYYY-MM-DD"))
    v["agreement_signed_on"] = signed_on if signed else None
    v["agreement_location"] = c3.text_input(_("Where the agreement is kept"),
                                            cur.get("agreement_location") or "", key=prefix + "aloc")
    st.markdown("**" + _("Whose processor KuntaPlus is (Art. 30(2))") + "**")
    c1, c2, c3 = st.columns(3)
    role_opts = ["", "processor", "sub_processor"]
    v["role"] = c1.selectbox(_("KuntaPlus's role"), role_opts,
                             index=role_opts.index(cur.get("role") or ""), key=prefix + "role",
                             format_func=lambda k, none=_("not recorded"):
                             P.label(P.ROLE_TEXT, k, lang) if k else none, placeholder=ui.choose(role_opts)) or None
    v["engaged_by"] = c2.text_input(_("Processor that engaged KuntaPlus (e.g. the software vendor)"),
                                    cur.get("engaged_by") or "", key=prefix + "engaged_by",
                                    help=_("Only as sub-processor; required then."))
    v["engaged_by_contact"] = c3.text_input(_("That processor's contact details"),
                                            cur.get("engaged_by_contact") or "", key=prefix + "engaged_by_contact")
    c1, c2, c3 = st.columns(3)
    auth_opts = ["", "general", "specific"]
    v["authorisation"] = c1.selectbox(_("Authorisation as sub-processor"), auth_opts,
                                      index=auth_opts.index(cur.get("authorisation") or ""), key=prefix + "auth",
                                      format_func=lambda k, none=_("not recorded"):
                                      P.label(P.AUTHORISATION_TEXT, k, lang) if k else none,
                                      placeholder=ui.choose(auth_opts)) or None
    v["authorised_by"] = c2.text_input(_("Authorised by"), cur.get("authorised_by") or "",
                                       key=prefix + "auth_by")
    v["authorised_on"] = c3.date_input(_("Authorised on"), cur.get("authorised_on"),
                                       key=prefix + "auth_on", format=_("YYYY-MM-DD"))
    cf, cs, ce = st.columns(3)
    v["transfers_fi"] = cf.text_input(_("Transfers outside the EU/EEA (empty = none)"), cur.get("transfers_fi") or "",
                                      key=prefix + "tr_fi")
    v["transfers_sv"] = cs.text_input(_("Transfers (Swedish)"), cur.get("transfers_sv") or "",
                                      key=prefix + "tr_sv")
    v["transfers_en"] = ce.text_input(_("Transfers (English)"), cur.get("transfers_en") or "",
                                      key=prefix + "tr_en")
    v["security_fi"] = cf.text_area(_("Security measures (Finnish)"),
                                    cur.get("security_fi") or "", key=prefix + "sec_fi", height=80)
    v["security_sv"] = cs.text_area(_("Security measures (Swedish)"),
                                    cur.get("security_sv") or "", key=prefix + "sec_sv", height=80)
    v["security_en"] = ce.text_area(_("Security measures (English)"),
                                    cur.get("security_en") or "", key=prefix + "sec_en", height=80)
    return v


def categories_field(current: list[str] | None, prefix: str) -> list[str]:
    cats = ui.read(P.ordinary_categories)
    names = {c["key"]: ui.pick(c, "name") for c in cats}
    default = current if current is not None else [c["category"] for c in ui.read(P.role_categories)]
    return st.multiselect(_("Categories of personal data in the system"),
                          list(names), default=[k for k in default if k in names], format_func=names.get,
                          key=prefix + "cats",
                          help=_("Passwords and special-category data cannot be chosen: the register has no place for them."),
                          placeholder=ui.choose(many=True))


CUSTOMER_LABELS = P.CUSTOMER_LABELS  # the record's column names (kpcore.processors): one table


def customer_fields(cur: dict | None, prefix: str) -> dict:
    cur = cur or {}
    cols = st.columns(2)
    return {f: cols[i % 2].text_input(P.label(CUSTOMER_LABELS, f, lang), cur.get(f) or "", key=prefix + f)
            for i, f in enumerate(CUSTOMER_LABELS)}


# -- the list --------------------------------------------------------------------------------

def list_page() -> None:
    st.title(_("Processor engagements"))
    st.caption(_("KuntaPlus as a processor in its customers' (municipalities' and cities') systems: agreements, Art. 28 clauses, the access log and findings."))
    flash()
    rows = ui.read(P.engagements, today)
    flagged = [r for r in rows if r["flags"]]
    c = st.columns(4)
    c[0].metric(_("Active"), sum(r["status"] == "active" for r in rows))
    c[1].metric(_("Engagements in all"), len(rows))
    c[2].metric(_("Engagements with findings"), len(flagged))
    c[3].metric(_("Accesses without a request"),
                sum(r["accesses_without_ticket"] for r in rows))
    if not rows:
        st.info(_("No engagements recorded yet. Add the first one below."))
    else:
        table = [{
            "ID": r["id"],
            _("Customer"): r["customer"],
            _("Findings"): [P.FLAGS[k].short(lang) for k in r["flags"]],
            _("System"): r["system"],
            _("Vendor"): r["vendor"],
            _("Agreement signed"): fmt_date(r["agreement_signed_on"]) or "—",
            _("Status"): status_text(r["status"]),
            _("Accesses"): r["accesses"],
        } for r in rows]
        st.caption(_("Open an engagement by selecting its row or below."))
        event = st.dataframe(table, hide_index=True, width="stretch", on_select="rerun",
                             selection_mode="single-row", key="proc_table",
                             **ui.fit(table, {
                                 "ID": st.column_config.NumberColumn("ID", width=40),
                                 _("Accesses"): st.column_config.NumberColumn(_("Accesses"), width=70),
                                 _("Vendor"): st.column_config.TextColumn(_("Vendor"), width=170),
                                 _("Findings"): st.column_config.ListColumn(
                                     _("Findings"), width="large")}))
        selected = getattr(getattr(event, "selection", None), "rows", None) if event is not None else None
        if selected:
            open_engagement(rows[selected[0]]["id"])
            st.rerun()
        labels = {r["id"]: f"{r['id']}: {r['customer']} — {r['system']}" for r in rows}
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        pick = c1.selectbox(_("Engagement"), list(labels), format_func=labels.get, key="proc_pick",
                            placeholder=ui.choose())
        if c2.button(_("Open"), key="proc_open", type="primary"):
            open_engagement(pick)
            st.rerun()

    record_downloads()
    if can_edit:
        add_form()


def add_form() -> None:
    st.subheader(_("Add an engagement"))
    box = ui.lazy_expander(_("New engagement"), "proc_new_box", expanded=not ui.read(P.engagements, today))
    if not box.open:  # its form is drawn when opened: 73 of the list page's 105 elements (issue 16 §6)
        return
    with box:
        known = [c["name"] for c in ui.read(P.customers)]
        with st.form("proc_add", clear_on_submit=False):
            c1, c2 = st.columns(2)
            existing = c1.selectbox(_("Customer (controller)"), [""] + known,
                                    format_func=lambda n, new=_("— new customer —"): n or new,
                                    key="proc_add_cust", placeholder=ui.choose())
            new_name = c2.text_input(_("…or a new customer's name"), key="proc_add_newcust")
            st.caption(_("A new customer's contact details (optional, can be completed later):"))
            cust = customer_fields(None, "proc_add_c_")
            v = engagement_fields(None, "proc_add_")
            cats = categories_field(None, "proc_add_")
            status = st.radio(_("Status"), ["active", "planned"], format_func=status_text, horizontal=True,
                              key="proc_add_status")
            submitted = st.form_submit_button(_("Add engagement"), type="primary")
        if submitted:
            name = new_name.strip() or existing
            data = {"customer": name, **v, "status": status, "categories": cats,
                    **{"customer_" + k: val for k, val in cust.items()}}
            if not cats:
                st.error(_("Choose at least one data category."))
                return
            eid = write(P.add_engagement, data, success=_("Engagement added."))
            if eid:
                open_engagement(eid)
                st.rerun()


# -- one engagement ----------------------------------------------------------------------------

def engagement_page(eid: int) -> None:
    if st.button("← " + _("All engagements"), key="proc_back"):
        close_engagement()
        st.rerun()
    try:
        e = ui.read(P.engagement, eid, today)
    except Exception as exc:
        st.title(_("Processor engagements"))
        ui.show_error(exc)
        return
    st.title(f"{md(e['customer'])} — {md(e['system'])}")
    st.caption(_("Engagement {id} · {status_text}").format(id=e['id'], status_text=status_text(e['status'])))
    flash()
    if e["flags"]:
        for k in e["flags"]:
            text = P.FLAGS[k].text(lang)
            if k == "missing_clauses":
                if all(c["present"] is None for c in e["clauses"]):
                    text += _(" (no clause has been checked yet).")
                else:
                    text += ": " + ", ".join(P.clause_text(c, lang) for c in e["missing_clauses"])
            if k == "access_without_ticket":
                text += _(" ({accesses_without_ticket})").format(accesses_without_ticket=e['accesses_without_ticket'])
            if k == "access_outside_engagement":
                text += _(" ({accesses_outside})").format(accesses_outside=e['accesses_outside'])
            st.warning(text, icon=":material/warning:")
    else:
        st.success(_("No findings."), icon=":material/check_circle:")

    tabs = st.tabs([_("Access log"), _("Details"), _("Art. 28(3) checklist"),
                    _("End of engagement")])
    with tabs[0]:
        access_tab(e)
    with tabs[1]:
        details_tab(e)
    with tabs[2]:
        checklist_tab(e)
    with tabs[3]:
        end_tab(e)


def access_tab(e: dict) -> None:
    if can_edit:
        st.subheader(_("Log an access"))
        st.caption(_("Each time staff touch personal data in the customer's system. Never write passwords or other credentials."))
        with st.form("proc_access", clear_on_submit=True):
            c1, c2, c3 = st.columns(3)
            now = dt.datetime.now().replace(second=0, microsecond=0)
            day = c1.date_input(pgettext("Päivä", "Date"), now.date(), key="acc_day", max_value=today,
                                format=_("YYYY-MM-DD"))
            time = c2.time_input(pgettext("Kello", "Time"), now.time(), key="acc_time")
            staff = c3.text_input(_("Who *"), "" if ui.user() == "dashboard" else ui.user(), key="acc_staff")
            c1, c2 = st.columns(2)
            ticket = c1.text_input(_("Customer's request or ticket reference"),
                                   key="acc_ticket")
            reason = c2.text_input(_("Reason *"), key="acc_reason")
            action = st.text_input(_("What was done"), key="acc_action")
            if st.form_submit_button(_("Log access"), type="primary"):
                aid = write(P.log_access, e["id"], reason=reason, staff=staff, ticket_ref=ticket,
                            accessed_at=dt.datetime.combine(day, time), action=action,
                            success=_("Access logged.") + ("" if ticket.strip() else " " + _("Without a request reference it is flagged.")))
                if aid:
                    st.rerun()
    st.subheader(_("Access log"))
    if not e["accesses"]:
        st.info(_("No accesses logged."))
        return
    if e["access_count"] > len(e["accesses"]):
        st.caption(_("Showing the newest {n_accesses} of {access_count}.").format(n_accesses=len(e['accesses']), access_count=e['access_count']))
    access_rows = [{
        pgettext("Aika", "When"): fmt_date(a["accessed_at"]),
        _("Who"): a["staff"],
        _("Request / ticket"): a["ticket_ref"] or "—",
        pgettext("Syy", "Reason"): a["reason"],
        _("What was done"): a["action"] or "",
        _("Findings"): " · ".join(
            ([_("no request reference")] if a["without_ticket"] else [])
            + ([_("outside the engagement")] if a["outside_engagement"] else [])) or "✓",
    } for a in e["accesses"]]
    st.dataframe(access_rows, hide_index=True, width="stretch", key="proc_access_log", **ui.fit(access_rows))
    missing = [a for a in e["accesses"] if a["without_ticket"]]
    if missing and can_edit:
        with st.expander(_("Add a missing request reference")):
            with st.form("proc_ticket"):
                labels = {a["id"]: f"{fmt_date(a['accessed_at'])} — {a['staff']} — {a['reason']}" for a in missing}
                aid = st.selectbox(_("Access"), list(labels), format_func=labels.get, key="ticket_access",
                                   placeholder=ui.choose())
                ticket = st.text_input(_("Customer's request or ticket reference"),
                                       key="ticket_ref")
                if st.form_submit_button(_("Save reference"), type="primary"):
                    if write(P.set_access_ticket, aid, ticket, success=_("Reference saved.")):
                        st.rerun()


def details_tab(e: dict) -> None:
    c1, c2 = st.columns(2)
    with c1:
        st.markdown("**" + _("Controller (customer)") + "**")
        st.markdown("  \n".join([
            md(e["customer"]),
            P.label(CUSTOMER_LABELS, "business_id", lang) + ": " + md(e["customer_business_id"]),
            P.label(CUSTOMER_LABELS, "address", lang) + ": " + md(e["customer_address"]),
            _("Contact") + ": " + md(e["customer_contact_name"]) + ", " + md(e["customer_contact_email"]),
            pgettext("Tietosuojavastaava", "DPO") + ": " + md(e["customer_dpo_name"]) + ", " + md(e["customer_dpo_email"]),
        ]))
    with c2:
        st.markdown("**" + _("Engagement") + "**")
        auth = ", ".join(x for x in (P.label(P.AUTHORISATION_TEXT, e["authorisation"], lang), e["authorised_by"] or "",
                                     fmt_date(e["authorised_on"])) if x)
        st.markdown("  \n".join([
            _("System") + ": " + md(e["system"]) + " (" + md(e["vendor"]) + ")",
            pgettext("Palvelu", "Service") + ": " + md(ui.pick(e, "service")),
            _("Data subjects") + ": " + md(ui.pick(e, "subjects")),
            _("Period") + ": " + md(fmt_date(e["starts_on"])) + " – " + (
                md(fmt_date(e["ends_on"])) if e["ends_on"] else ""),
            _("Agreement") + ": " + ", ".join(x for x in (
                md(e["agreement_ref"]) if e["agreement_ref"] else "",
                _("signed ") + md(e["agreement_signed_on"]) if e["agreement_signed_on"]
                else _("not signed"),
                _("kept in: ") + md(e["agreement_location"]) if e["agreement_location"] else "") if x),
            _("KuntaPlus's role") + ": " + (
                md(P.label(P.ROLE_TEXT, e.get("role"), lang)) if e.get("role") else _("not recorded")),
        ] + ([_("Processor that engaged KuntaPlus") + ": "
              + md(e.get("engaged_by")) + ", " + md(e.get("engaged_by_contact"))] if e.get("role") == "sub_processor"
             else []) + [
            _("Sub-processor authorisation") + ": " + md(auth),
            _("Transfers outside the EU/EEA") + ": " + (
                md(ui.pick(e, "transfers")) if e["transfers_fi"] else _("none")),
            _("Security measures") + ": " + md(ui.pick(e, "security")),
        ]))
    st.markdown("**" + _("Categories of personal data") + ":** " +
                md(", ".join(ui.pick(c, "name") for c in e["categories"])))
    if not can_edit:
        return
    with st.expander(_("Edit the engagement")):
        with st.form("proc_edit"):
            v = engagement_fields(e, "proc_edit_")
            cats = categories_field([c["category"] for c in e["categories"]], "proc_edit_")
            if e["status"] != "ended":
                v["status"] = st.radio(_("Status"), ["planned", "active"], horizontal=True,
                                       index=0 if e["status"] == "planned" else 1, format_func=status_text,
                                       key="proc_edit_status")
            if st.form_submit_button(_("Save"), type="primary"):
                if not cats:
                    st.error(_("Choose at least one data category."))
                elif write(P.update_engagement, e["id"], {**v, "categories": cats},
                           success=_("Engagement saved.")):
                    st.rerun()
    with st.expander(_("Edit the customer's contact details")):
        with st.form("proc_cust"):
            cur = {f: e["customer_" + f] for f in CUSTOMER_LABELS}
            vals = customer_fields(cur, "proc_cust_")
            if st.form_submit_button(_("Save"), type="primary"):
                if write(P.update_customer, e["customer_id"], vals,
                         success=_("Customer saved.")):
                    st.rerun()


CLAUSE_CHOICES = ["yes", "no", "unset"]


def checklist_tab(e: dict) -> None:
    st.caption(_("Each clause Art. 28(3) requires, recorded: is it in the agreement."))
    choice_text = {"yes": _("Yes"), "no": _("No"), "unset": _("Not checked")}
    if not can_edit:
        st.dataframe([{_("Clause"): c[lang], _("In the agreement"):
                       choice_text[{True: "yes", False: "no", None: "unset"}[c["present"]]]} for c in e["clauses"]],
                     hide_index=True, width="stretch")
        return
    with st.form("proc_clauses"):
        answers = {}
        for c in e["clauses"]:
            cur = {True: "yes", False: "no", None: "unset"}[c["present"]]
            left, right = st.columns([3, 2], vertical_alignment="center")
            left.markdown(md(c[lang]))
            answers[c["clause"]] = right.radio(c[lang], CLAUSE_CHOICES, index=CLAUSE_CHOICES.index(cur),
                                               horizontal=True, format_func=choice_text.get,
                                               key=f"clause_{c['clause']}", label_visibility="collapsed")
        if st.form_submit_button(_("Save checklist"), type="primary"):
            before = {c["clause"]: c["present"] for c in e["clauses"]}
            changed = {k: {"yes": True, "no": False, "unset": None}[v] for k, v in answers.items()
                       if {"yes": True, "no": False, "unset": None}[v] != before[k]}
            if not changed:
                st.info(_("No changes."))
            elif write(P.set_clauses, e["id"], changed, success=_("Checklist saved.")):
                st.rerun()


def end_tab(e: dict) -> None:
    if e["status"] == "ended":
        st.markdown(_("Ended on") + " " + md(fmt_date(e["ends_on"])) + ". " + (
            _("Decision: ") + md(P.label(P.DECISION_TEXT, e["end_decision"], lang)) + " " +
            md(fmt_date(e["end_decision_on"])) if e["end_decision"] else
            _("The return-or-delete decision is missing.")))
    else:
        st.caption(_("When the engagement ends, the customer decides whether the data is returned or deleted (Art. 28(3)(g))."))
    if not can_edit:
        return
    with st.form("proc_end"):
        c1, c2, c3 = st.columns(3)
        ends_on = c1.date_input(_("Last day"), e["ends_on"] if e["ends_on"] and e["ends_on"] <= today
                                else today, max_value=today, key="end_on",
                                format=_("YYYY-MM-DD"))
        opts = ["", "return", "delete"]
        decision = c2.selectbox(_("Decision on the data"), opts,
                                index=opts.index(e["end_decision"] or ""), key="end_decision",
                                format_func=lambda k, none=_("not yet"): P.label(P.DECISION_TEXT, k, lang) if k else none,
                                placeholder=ui.choose(opts))
        decided_on = c3.date_input(_("Decided on"), e["end_decision_on"] or today, max_value=today,
                                   key="end_decided_on", format=_("YYYY-MM-DD"))
        label = _("End the engagement") if e["status"] != "ended" else \
            _("Save the end details")
        confirm = True
        if e["status"] != "ended":
            confirm = st.checkbox(_("I confirm the engagement has ended"),
                                  key="end_confirm")
        if st.form_submit_button(label, type="primary"):
            if not confirm:
                st.error(_("First confirm that the engagement has ended."))
            elif write(P.end_engagement, e["id"], ends_on=ends_on, decision=decision or None,
                     decided_on=decided_on if decision else None,
                     success=_("End of engagement saved.")):
                st.rerun()


wanted = st.query_params.get("engagement")
if wanted:
    if str(wanted).isdigit():
        engagement_page(int(wanted))
    else:
        st.title(_("Processor engagements"))
        st.error(_("The link's engagement id is not a number."))
        if st.button(_("All engagements")):
            close_engagement()
            st.rerun()
else:
    list_page()
