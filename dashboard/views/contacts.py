"""Contacts: whose data we hold, why, and where it came from.

Purpose x source matrix and chart, people by organisation, a filtered table with search
and CSV export, the Art. 14 notices still to record, the import, and a person's page
(opened by ?person=ID from any view; each opening is an audit event).
"""
import datetime as dt
import hashlib

import altair as alt
import pandas as pd
import streamlit as st

import ui
from kpcore import audit, contacts as kc, fmt
from kpcore.errors import KpError, ValidationFailed
from kpcore.i18n import N_
from kpcore.imports import import_file
from kpcore.safety import md

_ = ui._
pgettext = ui.pgettext


labels = ui.read(kc.labels)
PURPOSES = {k: ui.pick(v) for k, v in labels["purposes"].items()}  # register facts
SOURCES = {k: ui.pick(v) for k, v in labels["sources"].items()}


def _date(d) -> str:
    if d is None or (isinstance(d, float) and pd.isna(d)):
        return ""
    return fmt.date(d, ui.lang())


def _field(p) -> str:
    """A refused field's name in the screen's language: its own label (a form's field), else an
    import's column by its register name, else as the file has it."""
    if not p.label and p.field in FIELD_NAMES:
        return _(FIELD_NAMES[p.field])
    return p.field_in(ui.lang())


def _problems_table(problems) -> None:
    # the reason in the screen's language: a catalog message with its values, or an import's reason
    st.dataframe(pd.DataFrame([{_("Row"): p.row or _("file"), _("Field"): _field(p),
                                pgettext("Syy", "Reason"): p.reason_in(ui.lang())} for p in problems[:5000]]),
                 hide_index=True, width="stretch")
    if len(problems) > 5000:
        st.caption(_("… and {n_problems} more").format(n_problems=len(problems) - 5000))


# ----------------------------------------------------------------------------- person page

ACTIONS = {"person.view": N_("Person page viewed"),
           "contact.notice_sent": N_("Art. 14 notice date recorded")}


def language_form(data: dict) -> None:
    """The person's preferred language (issue 18): letters and the access report default to it."""
    options = [None, "fi", "sv", "en"]
    current = data.get("language") if data.get("language") in options else None
    with st.form(f"language_{data['id']}"):
        a, b = st.columns([3, 1], vertical_alignment="bottom")
        pick = a.selectbox(_("Preferred language (letters and the access report)"), options,
                           index=options.index(current), key=f"person_lang_{data['id']}",
                           format_func=lambda k: ui.LANGS[k] if k else _("Not told (Finnish)"),
                           placeholder=ui.choose(options))
        if b.form_submit_button(_("Save language")) and pick != current:
            try:
                kc.set_language(ui.register(), ui.user(), data["id"], pick)
            except KpError as exc:
                ui.show_error(exc)
            else:
                ui.after_write()
                st.rerun()


def person_page(contact_id) -> None:
    ui.require_role("dpo", what="person", object_type="contact", object_id=contact_id)
    reg = ui.register()
    data = ui.read(kc.person, contact_id)
    if st.button(_("← All contacts"), key="back_to_contacts"):  # same tab
        st.query_params.pop("person", None)
        st.rerun()
    if data is None:
        shown = md(contact_id)  # from the link: shown as text
        st.error(_("There is no person {shown} in the register.").format(shown=shown))
        return
    if st.session_state.get("_person_viewed") != data["id"]:
        reg.record(ui.user(), "person.view", "contact", data["id"])
        st.session_state["_person_viewed"] = data["id"]
        data = ui.read(kc.person, contact_id)  # the trail now holds this view too
    st.subheader(md(data["name"]))  # register text is data, not markup
    if data["restricted"]:
        st.warning(_("Processing is restricted (Art. 18): the person is left out of lists and exports."))
    st.markdown("  \n".join(x for x in [
        f"**{_('Email')}:** {md(data['email'])}",
        f"**{_('Phone')}:** {md(data['phone'])}" if data["phone"] else "",
        f"**{_('Organisation')}:** {md(data['organisation'])}" if data["organisation"] else "",
        f"**{_('Title')}:** {md(data['title'])}" if data["title"] else "",
        f"**{_('Id')}:** {data['id']}"] if x), unsafe_allow_html=False)
    language_form(data)

    st.markdown(f"#### {_('Purposes')}")
    today = dt.date.today()
    keep = ui.read(kc.retention_of, data["id"], today)
    rows = []
    for link in data["links"]:
        due = link["notice_due_on"]
        if link["from_subject"]:
            state = _("Collected from the person (Art. 13)")
        elif link["notice_sent_on"]:
            state = _("Notified") + (_(" (late)") if due and link["notice_sent_on"] > due else "")
        else:
            state = _("Not notified – overdue") if due and due < today else \
                _("Not notified")
        kept = keep["purposes"].get(link["purpose"], {})
        rows.append({_("Purpose"): ui.pick(link, "purpose"),
                     _("Source"): ui.pick(link, "source"),
                     _("Source detail"): link["source_detail"] or "",
                     _("Collected"): _date(link["collected_on"]),
                     _("First communication"): _date(link["first_communication_on"]),
                     _("Art. 14 notice"): _date(link["notice_sent_on"]),
                     _("Notice due"): _date(due),
                     _("State"): state,
                     _("Last contact"): _date(link["last_contact_on"]),
                     _("Retention"): ui.pick(kept)})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", **ui.fit(rows))
    if any(not k["anchor_known"] for k in keep["purposes"].values()):
        st.warning(_("A retention anchor date is missing: the period is counted from collection for now, and the data is not deleted until the date is recorded. Record it below."))
    anchors_form(data, keep)
    pending = [lk for lk in data["links"] if not lk["from_subject"] and not lk["notice_sent_on"]]
    if pending:
        with st.form("person_notice"):
            st.markdown(_("**Record the Art. 14 notice date**"))
            chosen = st.multiselect(_("Purposes"), [lk["purpose"] for lk in pending],
                                    default=[lk["purpose"] for lk in pending], format_func=PURPOSES.get,
                                    placeholder=ui.choose(many=True))
            sent = st.date_input(_("The notice reached the person"), today,
                                 max_value=today, format="DD.MM.YYYY")
            if st.form_submit_button(_("Save")):
                try:
                    with reg.write(ui.user()) as w:
                        n = kc.record_notice(w, [(data["id"], p) for p in chosen], sent)
                    ui.after_write()
                    st.success(_("Saved for {n} purpose(s).").format(n=n))
                    st.rerun()
                except KpError as exc:
                    ui.show_error(exc)

    st.markdown(f"#### {pgettext('Pyynnöt', 'Requests')}")
    if data["requests"]:
        from kpcore.models import request_status_text, request_type_text
        person_requests = pd.DataFrame([{
            _("Request"): r["id"],
            _("Type"): request_type_text(r["type"], ui.lang()),
            _("Status"): request_status_text(r["status"], ui.lang()),
            _("Received"): _date(r["received_on"]), pgettext("Määräpäivä", "Due"): _date(r["due_on"]),
            _("Answered"): _date(r["answered_on"])} for r in data["requests"]])
        st.dataframe(person_requests, hide_index=True, width="stretch", **ui.fit(person_requests))
    else:
        st.caption(_("No requests."))

    st.markdown(f"#### {_('Audit trail')}")
    trail = pd.DataFrame([{_("Time"): a["event_at"].strftime(_("%Y-%m-%d %H:%M:%S")),
                           _("User"): a["actor"],
                           pgettext("Tapahtuma", "Action"): _(ACTIONS[a["action"]]) if a["action"] in ACTIONS
                           else audit.action_text(a["action"], ui.lang()),
                           pgettext("Lisätiedot", "Detail"): audit.detail_text(a["detail"], ui.lang())}
                          for a in data["audit"]])
    st.dataframe(trail, hide_index=True, width="stretch", **ui.fit(trail))


def anchors_form(data: dict, keep: dict) -> None:
    """The dates retention and the Art. 14 deadline count from (kpcore.retention, deadlines.art14_due)."""
    today = dt.date.today()
    reg = ui.register()
    purposes = [lk["purpose"] for lk in data["links"]]
    with st.expander(_("Retention and notice dates"), expanded=False):
        with st.form("person_anchor"):
            what = st.radio(_("Record"), ["last_contact", "first_communication", "source_detail"],
                            format_func=lambda k: {
                                "last_contact": _("A contact (last contact)"),
                                "first_communication": _("First communication using the data (Art. 14(3)(b))"),
                                "source_detail": _("Source detail (which partner, which web site)")}[k],
                            key="anchor_what", horizontal=False)
            purpose = st.selectbox(_("Purpose"), purposes, format_func=PURPOSES.get, key="anchor_purpose",
                                   placeholder=ui.choose(purposes))
            on = st.date_input(pgettext("Päivä", "Date"), today, max_value=today, format="DD.MM.YYYY", key="anchor_on")
            detail = st.text_input(_("Source detail"), key="anchor_detail", max_chars=500)
            if st.form_submit_button(_("Save")):
                try:
                    if what == "last_contact":
                        kc.touch(reg, ui.user(), data["id"], purpose=purpose, on=on)
                    elif what == "first_communication":
                        kc.record_first_communication(reg, ui.user(), data["id"], purpose=purpose, on=on)
                    else:
                        kc.set_source_detail(reg, ui.user(), data["id"], purpose=purpose, detail=detail)
                    ui.after_write()
                    st.rerun()
                except KpError as exc:
                    ui.show_error(exc)
        with st.form("person_training"):
            st.markdown(_("**Last training or support event:** {last_training_on}").format(last_training_on=_date(keep['last_training_on']) or '–'))
            on = st.date_input(_("Training or support event"), today, max_value=today,
                               format="DD.MM.YYYY", key="training_on")
            if st.form_submit_button(_("Record training/support")):
                try:
                    kc.record_training(reg, ui.user(), data["id"], on=on)
                    ui.after_write()
                    st.rerun()
                except KpError as exc:
                    ui.show_error(exc)
        cust = keep["customer"]
        with st.form("person_contract"):
            if cust:
                end = _date(cust["contract_end"]) or _("in force")
                st.markdown(_("**Customer organisation:** {name}, agreement: {end}").format(name=md(cust['name']), end=end))
            else:
                st.markdown(_("**No customer organisation found** (no name matches the person's organisation)."))
            name = st.text_input(_("Customer organisation"),
                                 (cust or {}).get("name") or (data["organisation"] or "").split(",")[0].strip(),
                                 key="contract_customer", max_chars=200)
            running = st.checkbox(_("The agreement is in force with no end date"),
                                  value=bool(cust and cust["contract_end"] is None), key="contract_running")
            end_on = st.date_input(_("The agreement ends / ended"),
                                   (cust or {}).get("contract_end") or today, format="DD.MM.YYYY", key="contract_end")
            if st.form_submit_button(_("Save the agreement and tie the person")):
                try:
                    kc.set_contract_end(reg, ui.user(), name, None if running else end_on)
                    kc.set_customer(reg, ui.user(), data["id"], name)
                    ui.after_write()
                    st.rerun()
                except KpError as exc:
                    ui.show_error(exc)


# ----------------------------------------------------------------------------- tabs

def overview_tab() -> None:
    matrix = pd.DataFrame(ui.read(kc.by_purpose_source))
    matrix["purpose_label"] = matrix["purpose"].map(PURPOSES)
    matrix["source_label"] = matrix["source"].map(SOURCES)
    pivot = matrix.pivot_table(index="purpose_label", columns="source_label", values="contacts", aggfunc="sum",
                               sort=False).reindex(index=list(PURPOSES.values()), columns=list(SOURCES.values()))
    pivot[_("Total")] = pivot.sum(axis=1)
    pivot.index.name = _("Purpose")
    st.subheader(_("Purpose × source"))
    st.caption(_("Purpose links: one person may be in several purposes."))
    st.dataframe(pivot.astype(int), width="stretch")
    chart = alt.Chart(matrix, height=alt.Step(34)).mark_bar().encode(
        x=alt.X("contacts:Q", title=_("People"), axis=alt.Axis(format="d")),
        y=alt.Y("purpose_label:N", title=None, sort=list(PURPOSES.values()), axis=alt.Axis(labelLimit=400)),
        color=alt.Color("source_label:N", title=_("Source"), sort=list(SOURCES.values())),
        tooltip=[alt.Tooltip("purpose_label:N", title=_("Purpose")),
                 alt.Tooltip("source_label:N", title=_("Source")),
                 alt.Tooltip("contacts:Q", title=_("People"))])
    st.altair_chart(chart, width="stretch")

    st.subheader(_("By organisation"))
    orgs = ui.read(kc.by_organisation, 50)
    st.dataframe(pd.DataFrame([{_("Organisation"): o["organisation"] or _("(unknown)"),
                                _("People"): o["people"],
                                _("Purpose links"): o["links"]} for o in orgs]),
                 hide_index=True, width="stretch")
    if len(orgs) == 50:
        st.caption(_("The 50 largest organisations."))


def table_tab() -> None:
    c1, c2, c3 = st.columns(3)
    purpose = c1.selectbox(_("Purpose"), [None] + list(PURPOSES), key="f_purpose",
                           format_func=lambda k: _("All") if k is None else PURPOSES[k],
                           placeholder=ui.choose())
    source = c2.selectbox(_("Source"), [None] + list(SOURCES), key="f_source",
                          format_func=lambda k: _("All") if k is None else SOURCES[k],
                          placeholder=ui.choose())
    organisation = c3.text_input(_("Organisation contains"), key="f_org")
    c4, c5, c6 = st.columns(3)
    since = c4.date_input(_("Collected from"), None, format="DD.MM.YYYY", key="f_from")
    until = c5.date_input(_("Collected until"), None, format="DD.MM.YYYY", key="f_to")
    text = c6.text_input(_("Search by name, email or phone"),
                         key="f_text")
    filters = kc.Filters(purpose=purpose, source=source, organisation=organisation or None,
                         collected_from=since, collected_to=until, text=text or None)
    counts = ui.read(kc.table, filters, 0, 0)
    m1, m2, m3 = st.columns(3)
    m1.metric(_("People"), f"{counts['people']:,}".replace(",", " "))
    m2.metric(_("Purpose links"), f"{counts['links']:,}".replace(",", " "))
    pages = max(1, -(-counts["people"] // kc.PAGE_SIZE))
    page = m3.number_input(_("Page (1–{pages})").format(pages=pages), 1, pages, 1,
                             key=f"f_page_{hash(filters)}") if pages > 1 else 1
    rows = ui.read(kc.people, filters, kc.PAGE_SIZE, (page - 1) * kc.PAGE_SIZE)
    if counts["restricted"]:
        st.caption(_("{restricted} people whose processing is restricted (Art. 18) are not shown.").format(restricted=counts['restricted']))
    if not rows:
        st.info(_("No people match these filters."))
        return
    # A person once per row, the purposes listed with their sources (fits 1400 px, issue 16 §4).
    df = pd.DataFrame([{
        _("Name"): r["name"], _("Email"): r["email"], _("Phone"): r["phone"] or "",
        _("Organisation"): r["organisation"] or "",
        _("Purposes (source)"): "; ".join(
            f"{PURPOSES.get(p, p)} ({SOURCES.get(s, s)})" for p, s in zip(r["purposes"], r["sources"])),
        _("First collected"): _date(r["first_collected"]),
        _("Art. 14 notice missing"): r["notices_missing"] or ""} for r in rows])
    picked = st.dataframe(df, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                          key="people_table")
    st.caption(_("Select a row to open the person's page."))
    if picked.selection.rows:  # same tab, same session
        st.query_params["person"] = str(rows[picked.selection.rows[0]]["id"])
        st.rerun()

    st.markdown(_("**Export to CSV** – every filtered row (restricted people are left out)."))
    if st.button(_("Prepare CSV"), key="prep_csv"):
        st.session_state["_export"] = (filters, ui.read(kc.export_csv, filters))
    prepared = st.session_state.get("_export")
    if prepared and prepared[0] == filters:
        body, n = prepared[1]

        def _exported(n=n):
            ui.register().record(ui.user(), "contacts.export", "contact", None, {"rows": n})
            ui.after_write()

        st.download_button(_("Download CSV ({n} rows)").format(n=n), body,
                           file_name=f"yhteystiedot-{dt.date.today().isoformat()}.csv", mime="text/csv",
                           on_click=_exported, key="dl_csv")


def art14_tab() -> None:
    today = dt.date.today()
    st.markdown(_("People whose data came from elsewhere than themselves (a partner or public sources) must receive the notice within one month of collection (Art. 14(3)). Below: those whose notice date is not recorded."))
    overdue_only = st.toggle(_("Overdue only"), key="a14_overdue")
    data = ui.read(kc.art14_pending, today, overdue_only, 500)
    c1, c2, c3 = st.columns(3)
    c1.metric(_("Not recorded"), data["pending"])
    c2.metric(_("Overdue (over a month)"), data["overdue"])
    c3.metric(_("Recorded, but given late"), data["late"],
              help=_("The notice reached the person after the month."))
    if not data["rows"]:
        st.success(_("Every notice is recorded."))
        return
    df = pd.DataFrame([{
        _("Select"): False, "id": r["id"], "purpose": r["purpose"],
        _("Name"): r["name"], _("Email"): r["email"],
        _("Purpose"): PURPOSES.get(r["purpose"], r["purpose"]),
        _("Source"): SOURCES.get(r["source"], r["source"]),
        _("Collected"): _date(r["collected_on"]),
        pgettext("Määräpäivä", "Due"): _date(r["due_on"]),
        _("Overdue"): r["due_on"] < today} for r in data["rows"]])
    edited = st.data_editor(df, hide_index=True, width="stretch", key="a14_editor",
                            disabled=[c for c in df.columns if c != _("Select")],
                            column_config={"id": None, "purpose": None})
    if len(data["rows"]) < data["pending"] and not overdue_only:
        st.caption(_("Showing the first {n_rows}.").format(n_rows=len(data['rows'])))
    sent = st.date_input(_("The notice reached them on"), today, max_value=today,
                         format="DD.MM.YYYY", key="a14_date")
    b1, b2 = st.columns(2)
    selected = edited[edited[_("Select")]]
    ask_selected = b1.button(_("Record for the selected ({n_selected})…").format(n_selected=len(selected)),
                             disabled=selected.empty, key="a14_selected")
    ask_all = b2.button(_("Record for all shown ({n_df})…").format(n_df=len(df)), key="a14_all")
    for key, rows, ask in (("a14_selected", selected, ask_selected), ("a14_all", df, ask_all)):
        if rows.empty:
            continue
        items = list(zip(rows["id"].astype(int), rows["purpose"]))
        people = rows["id"].nunique()
        ui.confirm(key, _("Record the notice date?"), [
            _("{sent} is recorded as the notice date of {n_items} purpose links ({people} people).").format(sent=_date(sent), n_items=len(items), people=people),
            _("They leave this list; the audit log and the reports show the date."),
            _("Record it only if the notice really reached them (Art. 14(3)).")],
            _("Record"), lambda items=items: _record_notices(items, sent), ask=ask)


def _record_notices(items, sent) -> None:
    if items:
        try:
            with ui.register().write(ui.user()) as w:
                n = kc.record_notice(w, items, sent)
            ui.after_write()
            st.success(_("Notice date recorded for {n} links.").format(n=n))
            st.rerun()
        except ValidationFailed as exc:
            st.error(_("Not saved:"))
            _problems_table(exc.problems)
        except KpError as exc:
            ui.show_error(exc)


FIELD_NAMES = {"name": N_("name"), "first_name": N_("first name"), "last_name": N_("last name"),
               "email": N_("email"), "phone": N_("phone"),
               "organisation": N_("organisation"), "title": N_("title"),
               "purpose": N_("purpose"), "source": N_("source"),
               "collected_at": N_("collected at")}


def import_tab() -> None:
    st.markdown(_("CSV (delimiter `;` `,` or tab; UTF-8 or Excel's Windows-1252) or XLSX. Columns in Finnish or English: name, email, phone, organisation, title, purpose, source, collected_at. With any invalid row nothing is imported – unless you choose to skip invalid rows."))
    upload = st.file_uploader(_("File"), type=["csv", "txt", "tsv", "xlsx"], key="imp_file")
    if upload is None:
        return
    skip = st.checkbox(_("Skip invalid rows (download them with their reasons)"), key="imp_skip")
    data = upload.getvalue()
    reg = ui.register()
    key = (hashlib.sha256(data).hexdigest(), reg.stamp())
    cached = st.session_state.get("_imp_preview")
    try:
        if cached and cached[0] == key:  # a big file is checked once, not on every click
            preview = cached[1]
        else:
            preview = import_file(reg, data, actor=ui.user(), filename=upload.name, dry_run=True, skip_invalid=True)
            st.session_state["_imp_preview"] = (key, preview)
    except ValidationFailed as exc:
        st.error(_("The file cannot be imported:"))
        _problems_table(exc.problems)
        return
    except KpError as exc:
        ui.show_error(exc)
        return
    st.markdown(_("**Columns:** ") + ", ".join(f"{md(h)} → {_(FIELD_NAMES[f]) if f in FIELD_NAMES else md(f)}"
                                                                 for h, f in preview.columns)
                + ("" if not preview.ignored_columns else
                   _(" · **not imported:** ") + ", ".join(md(c) for c in preview.ignored_columns)))
    c = st.columns(5)
    c[0].metric(_("Rows"), preview.rows)
    c[1].metric(_("New people"), preview.people)
    c[2].metric(_("New purpose links"), preview.new_links)
    c[3].metric(_("Suppressed / restricted"), preview.suppressed + preview.restricted)
    c[4].metric(_("Invalid rows"), preview.rejected)
    if preview.problems:
        st.warning(_("{rejected} rows are invalid:").format(rejected=preview.rejected))
        _problems_table(list(preview.problems))
    blocked = preview.rejected and not skip
    if blocked:
        st.info(_("Fix the rows and upload again, or choose to skip invalid rows."))
    if st.button(_("Import into the register"), type="primary", disabled=bool(blocked),
                 key="imp_go"):
        try:
            res = import_file(reg, data, actor=ui.user(), filename=upload.name, skip_invalid=skip)
            ui.after_write()
            st.session_state["_imported"] = res
        except KpError as exc:
            ui.show_error(exc)
    res = st.session_state.get("_imported")
    if res is not None:
        st.success(_("Imported: {people} new people, {new_links} new purpose links; {merged} rows merged into a person already known; {suppressed} suppressed; {rejected} invalid rows skipped.").format(people=res.people, new_links=res.new_links, merged=res.merged, suppressed=res.suppressed, rejected=res.rejected))
        if res.rejected_data:
            st.download_button(_("Download the rejected rows (CSV)"), res.rejected_data,
                               file_name="hylatyt-rivit.csv", mime="text/csv", key="imp_rejected")


# ----------------------------------------------------------------------------- page

st.title(_("Contacts"))
person_id = st.query_params.get("person")
if person_id:
    person_page(person_id)
elif not ui.can("read.person"):  # a viewer: the summary only, no names, exports or changes
    st.caption(ui.VIEWER_NOTE())
    overview_tab()
else:
    # Lazy tabs: only the open tab runs its queries (a million people make every tab cost).
    names = [_("Summary"), pgettext("Henkilöt", "People"), _("Art. 14 notices"),
             _("Import")]
    wanted = {"summary": 0, "people": 1, "art14": 2, "import": 3}.get(st.query_params.get("tab", ""))
    if wanted is not None and st.session_state.get("_tab_from_link") != st.query_params.get("tab"):
        st.session_state["contacts_tab"] = names[wanted]  # a link such as the overview's ?tab=art14
    st.session_state["_tab_from_link"] = st.query_params.get("tab")
    tabs = st.tabs(names, key="contacts_tab", on_change="rerun")
    for tab, render in zip(tabs, (overview_tab, table_tab, art14_tab, import_tab)):
        if tab.open:
            with tab:
                render()
