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
from kpcore import audit, contacts as kc
from kpcore.errors import KpError, ValidationFailed
from kpcore.imports import import_file, reason_fi
from kpcore.safety import md

L = ui.L
FI = ui.lang() == "fi"


labels = ui.read(kc.labels)
PURPOSES = {k: (v[0] if FI else v[1]) for k, v in labels["purposes"].items()}
SOURCES = {k: (v[0] if FI else v[1]) for k, v in labels["sources"].items()}


def _date(d) -> str:
    if d is None or (isinstance(d, float) and pd.isna(d)):
        return ""
    return d.strftime("%-d.%-m.%Y") if FI else d.isoformat()


def _reason(text: str) -> str:
    return reason_fi(text) if FI else text


def _problems_table(problems) -> None:
    st.dataframe(pd.DataFrame([{L("Rivi", "Row"): p.row or L("tiedosto", "file"), L("Kenttä", "Field"): L(*FIELD_NAMES[p.field]) if p.field in FIELD_NAMES else p.field,
                                L("Syy", "Reason"): _reason(p.reason)} for p in problems[:5000]]),
                 hide_index=True, width="stretch")
    if len(problems) > 5000:
        st.caption(L(f"… ja {len(problems) - 5000} muuta", f"… and {len(problems) - 5000} more"))


# ----------------------------------------------------------------------------- person page

ACTIONS = {"person.view": ("Henkilön tiedot avattu", "Person page viewed"),
           "contact.notice_sent": ("14 art. ilmoituspäivä kirjattu", "Art. 14 notice date recorded")}


def language_form(data: dict) -> None:
    """The person's preferred language (issue 18): letters and the access report default to it."""
    options = [None, "fi", "sv", "en"]
    current = data.get("language") if data.get("language") in options else None
    with st.form(f"language_{data['id']}"):
        a, b = st.columns([3, 1], vertical_alignment="bottom")
        pick = a.selectbox(L("Asiointikieli (kirjeet ja tarkastusraportti)", "Preferred language (letters and the "
                                                                             "access report)"), options,
                           index=options.index(current), key=f"person_lang_{data['id']}",
                           format_func=lambda k: ui.LANGS[k] if k else L("Ei tiedossa (suomi)", "Not told (Finnish)"),
                           placeholder=ui.choose(options))
        if b.form_submit_button(L("Tallenna kieli", "Save language")) and pick != current:
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
    if st.button(L("← Kaikki yhteystiedot", "← All contacts"), key="back_to_contacts"):  # same tab
        st.query_params.pop("person", None)
        st.rerun()
    if data is None:
        shown = md(contact_id)  # from the link: shown as text
        st.error(L(f"Henkilöä {shown} ei ole rekisterissä.", f"There is no person {shown} in the register."))
        return
    if st.session_state.get("_person_viewed") != data["id"]:
        reg.record(ui.user(), "person.view", "contact", data["id"])
        st.session_state["_person_viewed"] = data["id"]
        data = ui.read(kc.person, contact_id)  # the trail now holds this view too
    st.subheader(md(data["name"]))  # register text is data, not markup
    if data["restricted"]:
        st.warning(L("Käsittelyä on rajoitettu (18 art.): henkilö ei näy listoissa eikä vienneissä.",
                     "Processing is restricted (Art. 18): the person is left out of lists and exports."))
    st.markdown("  \n".join(x for x in [
        f"**{L('Sähköposti', 'Email')}:** {md(data['email'])}",
        f"**{L('Puhelin', 'Phone')}:** {md(data['phone'])}" if data["phone"] else "",
        f"**{L('Organisaatio', 'Organisation')}:** {md(data['organisation'])}" if data["organisation"] else "",
        f"**{L('Titteli', 'Title')}:** {md(data['title'])}" if data["title"] else "",
        f"**{L('Tunniste', 'Id')}:** {data['id']}"] if x), unsafe_allow_html=False)
    language_form(data)

    st.markdown(f"#### {L('Käyttötarkoitukset', 'Purposes')}")
    today = dt.date.today()
    keep = ui.read(kc.retention_of, data["id"], today)
    rows = []
    for link in data["links"]:
        due = link["notice_due_on"]
        if link["from_subject"]:
            state = L("Kerätty henkilöltä (13 art.)", "Collected from the person (Art. 13)")
        elif link["notice_sent_on"]:
            state = L("Ilmoitettu", "Notified") + (L(" (myöhässä)", " (late)") if due and link["notice_sent_on"] > due else "")
        else:
            state = L("Ilmoittamatta – myöhässä", "Not notified – overdue") if due and due < today else \
                L("Ilmoittamatta", "Not notified")
        kept = keep["purposes"].get(link["purpose"], {})
        rows.append({L("Käyttötarkoitus", "Purpose"): link["purpose_fi"] if FI else link["purpose_en"],
                     L("Lähde", "Source"): link["source_fi"] if FI else link["source_en"],
                     L("Lähteen tarkenne", "Source detail"): link["source_detail"] or "",
                     L("Kerätty", "Collected"): _date(link["collected_on"]),
                     L("Ensimmäinen yhteydenotto", "First communication"): _date(link["first_communication_on"]),
                     L("14 art. ilmoitus", "Art. 14 notice"): _date(link["notice_sent_on"]),
                     L("Ilmoitus viimeistään", "Notice due"): _date(due),
                     L("Tila", "State"): state,
                     L("Viimeisin yhteydenotto", "Last contact"): _date(link["last_contact_on"]),
                     L("Säilytys", "Retention"): kept.get("fi" if FI else "en", "")})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", **ui.fit(rows))
    if any(not k["anchor_known"] for k in keep["purposes"].values()):
        st.warning(L("Säilytysajan laskentapäivä puuttuu: aika lasketaan toistaiseksi keräämisestä, eikä tietoja "
                     "poisteta ennen kuin päivä on kirjattu. Kirjaa päivä alla.",
                     "A retention anchor date is missing: the period is counted from collection for now, and the data "
                     "is not deleted until the date is recorded. Record it below."))
    anchors_form(data, keep)
    pending = [lk for lk in data["links"] if not lk["from_subject"] and not lk["notice_sent_on"]]
    if pending:
        with st.form("person_notice"):
            st.markdown(L("**Kirjaa 14 artiklan mukaisen ilmoituksen päivä**", "**Record the Art. 14 notice date**"))
            chosen = st.multiselect(L("Käyttötarkoitukset", "Purposes"), [lk["purpose"] for lk in pending],
                                    default=[lk["purpose"] for lk in pending], format_func=PURPOSES.get,
                                    placeholder=ui.choose(many=True))
            sent = st.date_input(L("Ilmoitus tavoitti henkilön", "The notice reached the person"), today,
                                 max_value=today, format="DD.MM.YYYY")
            if st.form_submit_button(L("Tallenna", "Save")):
                try:
                    with reg.write(ui.user()) as w:
                        n = kc.record_notice(w, [(data["id"], p) for p in chosen], sent)
                    ui.after_write()
                    st.success(L(f"Tallennettu {n} käyttötarkoitukselle.", f"Saved for {n} purpose(s)."))
                    st.rerun()
                except KpError as exc:
                    ui.show_error(exc)

    st.markdown(f"#### {L('Pyynnöt', 'Requests')}")
    if data["requests"]:
        from kpcore.models import REQUEST_STATUS_TEXT, REQUEST_TYPE_TEXT
        person_requests = pd.DataFrame([{
            L("Pyyntö", "Request"): r["id"],
            L("Tyyppi", "Type"): REQUEST_TYPE_TEXT.get(r["type"], (r["type"],) * 2)[0 if FI else 1],
            L("Tila", "Status"): REQUEST_STATUS_TEXT.get(r["status"], (r["status"],) * 2)[0 if FI else 1],
            L("Saapunut", "Received"): _date(r["received_on"]), L("Määräpäivä", "Due"): _date(r["due_on"]),
            L("Vastattu", "Answered"): _date(r["answered_on"])} for r in data["requests"]])
        st.dataframe(person_requests, hide_index=True, width="stretch", **ui.fit(person_requests))
    else:
        st.caption(L("Ei pyyntöjä.", "No requests."))

    st.markdown(f"#### {L('Lokitapahtumat', 'Audit trail')}")
    trail = pd.DataFrame([{L("Aika", "Time"): a["event_at"].strftime("%-d.%-m.%Y %H:%M:%S" if FI else "%Y-%m-%d %H:%M:%S"),
                           L("Käyttäjä", "User"): a["actor"],
                           L("Tapahtuma", "Action"): L(*ACTIONS[a["action"]]) if a["action"] in ACTIONS
                           else audit.action_text(a["action"], ui.lang()),
                           L("Lisätiedot", "Detail"): audit.detail_text(a["detail"], ui.lang())}
                          for a in data["audit"]])
    st.dataframe(trail, hide_index=True, width="stretch", **ui.fit(trail))


def anchors_form(data: dict, keep: dict) -> None:
    """The dates retention and the Art. 14 deadline count from (kpcore.retention, deadlines.art14_due)."""
    today = dt.date.today()
    reg = ui.register()
    purposes = [lk["purpose"] for lk in data["links"]]
    with st.expander(L("Säilytyksen ja informoinnin päivät", "Retention and notice dates"), expanded=False):
        with st.form("person_anchor"):
            what = st.radio(L("Kirjaa", "Record"), ["last_contact", "first_communication", "source_detail"],
                            format_func=lambda k: {
                                "last_contact": L("Yhteydenotto (viimeisin yhteydenotto)", "A contact (last contact)"),
                                "first_communication": L("Ensimmäinen yhteydenotto tiedoilla (14 art. 3 b)",
                                                         "First communication using the data (Art. 14(3)(b))"),
                                "source_detail": L("Lähteen tarkenne (mikä kumppani, mikä sivusto)",
                                                   "Source detail (which partner, which web site)")}[k],
                            key="anchor_what", horizontal=False)
            purpose = st.selectbox(L("Käyttötarkoitus", "Purpose"), purposes, format_func=PURPOSES.get, key="anchor_purpose",
                                   placeholder=ui.choose(purposes))
            on = st.date_input(L("Päivä", "Date"), today, max_value=today, format="DD.MM.YYYY", key="anchor_on")
            detail = st.text_input(L("Lähteen tarkenne", "Source detail"), key="anchor_detail", max_chars=500)
            if st.form_submit_button(L("Tallenna", "Save")):
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
            st.markdown(L(f"**Viimeisin koulutus- tai tukitapahtuma:** {_date(keep['last_training_on']) or '–'}",
                          f"**Last training or support event:** {_date(keep['last_training_on']) or '–'}"))
            on = st.date_input(L("Koulutus tai tukitapahtuma", "Training or support event"), today, max_value=today,
                               format="DD.MM.YYYY", key="training_on")
            if st.form_submit_button(L("Kirjaa koulutus/tuki", "Record training/support")):
                try:
                    kc.record_training(reg, ui.user(), data["id"], on=on)
                    ui.after_write()
                    st.rerun()
                except KpError as exc:
                    ui.show_error(exc)
        cust = keep["customer"]
        with st.form("person_contract"):
            if cust:
                end = _date(cust["contract_end"]) or L("voimassa", "in force")
                st.markdown(L(f"**Asiakasorganisaatio:** {md(cust['name'])}, sopimus: {end}",
                              f"**Customer organisation:** {md(cust['name'])}, agreement: {end}"))
            else:
                st.markdown(L("**Asiakasorganisaatiota ei löydy** (nimi ei vastaa henkilön organisaatiota).",
                              "**No customer organisation found** (no name matches the person's organisation)."))
            name = st.text_input(L("Asiakasorganisaatio", "Customer organisation"),
                                 (cust or {}).get("name") or (data["organisation"] or "").split(",")[0].strip(),
                                 key="contract_customer", max_chars=200)
            running = st.checkbox(L("Sopimus on voimassa toistaiseksi", "The agreement is in force with no end date"),
                                  value=bool(cust and cust["contract_end"] is None), key="contract_running")
            end_on = st.date_input(L("Sopimus päättyy / päättyi", "The agreement ends / ended"),
                                   (cust or {}).get("contract_end") or today, format="DD.MM.YYYY", key="contract_end")
            if st.form_submit_button(L("Tallenna sopimus ja liitä henkilö", "Save the agreement and tie the person")):
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
    pivot[L("Yhteensä", "Total")] = pivot.sum(axis=1)
    pivot.index.name = L("Käyttötarkoitus", "Purpose")
    st.subheader(L("Käyttötarkoitus × lähde", "Purpose × source"))
    st.caption(L("Käyttötarkoituslinkkejä: yksi henkilö voi kuulua useaan käyttötarkoitukseen.",
                 "Purpose links: one person may be in several purposes."))
    st.dataframe(pivot.astype(int), width="stretch")
    chart = alt.Chart(matrix, height=alt.Step(34)).mark_bar().encode(
        x=alt.X("contacts:Q", title=L("Henkilöitä", "People"), axis=alt.Axis(format="d")),
        y=alt.Y("purpose_label:N", title=None, sort=list(PURPOSES.values()), axis=alt.Axis(labelLimit=400)),
        color=alt.Color("source_label:N", title=L("Lähde", "Source"), sort=list(SOURCES.values())),
        tooltip=[alt.Tooltip("purpose_label:N", title=L("Käyttötarkoitus", "Purpose")),
                 alt.Tooltip("source_label:N", title=L("Lähde", "Source")),
                 alt.Tooltip("contacts:Q", title=L("Henkilöitä", "People"))])
    st.altair_chart(chart, width="stretch")

    st.subheader(L("Organisaatioittain", "By organisation"))
    orgs = ui.read(kc.by_organisation, 50)
    st.dataframe(pd.DataFrame([{L("Organisaatio", "Organisation"): o["organisation"] or L("(ei tiedossa)", "(unknown)"),
                                L("Henkilöitä", "People"): o["people"],
                                L("Käyttötarkoituslinkkejä", "Purpose links"): o["links"]} for o in orgs]),
                 hide_index=True, width="stretch")
    if len(orgs) == 50:
        st.caption(L("50 suurinta organisaatiota.", "The 50 largest organisations."))


def table_tab() -> None:
    c1, c2, c3 = st.columns(3)
    purpose = c1.selectbox(L("Käyttötarkoitus", "Purpose"), [None] + list(PURPOSES), key="f_purpose",
                           format_func=lambda k: L("Kaikki", "All") if k is None else PURPOSES[k],
                           placeholder=ui.choose())
    source = c2.selectbox(L("Lähde", "Source"), [None] + list(SOURCES), key="f_source",
                          format_func=lambda k: L("Kaikki", "All") if k is None else SOURCES[k],
                          placeholder=ui.choose())
    organisation = c3.text_input(L("Organisaatio sisältää", "Organisation contains"), key="f_org")
    c4, c5, c6 = st.columns(3)
    since = c4.date_input(L("Kerätty alkaen", "Collected from"), None, format="DD.MM.YYYY", key="f_from")
    until = c5.date_input(L("Kerätty viimeistään", "Collected until"), None, format="DD.MM.YYYY", key="f_to")
    text = c6.text_input(L("Hae nimellä, sähköpostilla tai puhelinnumerolla", "Search by name, email or phone"),
                         key="f_text")
    filters = kc.Filters(purpose=purpose, source=source, organisation=organisation or None,
                         collected_from=since, collected_to=until, text=text or None)
    counts = ui.read(kc.table, filters, 0, 0)
    m1, m2, m3 = st.columns(3)
    m1.metric(L("Henkilöitä", "People"), f"{counts['people']:,}".replace(",", " "))
    m2.metric(L("Käyttötarkoituslinkkejä", "Purpose links"), f"{counts['links']:,}".replace(",", " "))
    pages = max(1, -(-counts["people"] // kc.PAGE_SIZE))
    page = m3.number_input(L(f"Sivu (1–{pages})", f"Page (1–{pages})"), 1, pages, 1,
                             key=f"f_page_{hash(filters)}") if pages > 1 else 1
    rows = ui.read(kc.people, filters, kc.PAGE_SIZE, (page - 1) * kc.PAGE_SIZE)
    if counts["restricted"]:
        st.caption(L(f"{counts['restricted']} henkilöä, joiden käsittelyä on rajoitettu (18 art.), ei näytetä.",
                     f"{counts['restricted']} people whose processing is restricted (Art. 18) are not shown."))
    if not rows:
        st.info(L("Ei henkilöitä näillä ehdoilla.", "No people match these filters."))
        return
    # A person once per row, the purposes listed with their sources (fits 1400 px, issue 16 §4).
    df = pd.DataFrame([{
        L("Nimi", "Name"): r["name"], L("Sähköposti", "Email"): r["email"], L("Puhelin", "Phone"): r["phone"] or "",
        L("Organisaatio", "Organisation"): r["organisation"] or "",
        L("Käyttötarkoitukset (lähde)", "Purposes (source)"): "; ".join(
            f"{PURPOSES.get(p, p)} ({SOURCES.get(s, s)})" for p, s in zip(r["purposes"], r["sources"])),
        L("Kerätty ensin", "First collected"): _date(r["first_collected"]),
        L("14 art. ilmoitus puuttuu", "Art. 14 notice missing"): r["notices_missing"] or ""} for r in rows])
    picked = st.dataframe(df, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                          key="people_table")
    st.caption(L("Valitse rivi avataksesi henkilön sivun.", "Select a row to open the person's page."))
    if picked.selection.rows:  # same tab, same session
        st.query_params["person"] = str(rows[picked.selection.rows[0]]["id"])
        st.rerun()

    st.markdown(L("**Vie CSV-tiedostoon** – kaikki suodatetut rivit (rajoitetut henkilöt jätetään pois).",
                  "**Export to CSV** – every filtered row (restricted people are left out)."))
    if st.button(L("Valmistele CSV", "Prepare CSV"), key="prep_csv"):
        st.session_state["_export"] = (filters, ui.read(kc.export_csv, filters))
    prepared = st.session_state.get("_export")
    if prepared and prepared[0] == filters:
        body, n = prepared[1]

        def _exported(n=n):
            ui.register().record(ui.user(), "contacts.export", "contact", None, {"rows": n})
            ui.after_write()

        st.download_button(L(f"Lataa CSV ({n} riviä)", f"Download CSV ({n} rows)"), body,
                           file_name=f"yhteystiedot-{dt.date.today().isoformat()}.csv", mime="text/csv",
                           on_click=_exported, key="dl_csv")


def art14_tab() -> None:
    today = dt.date.today()
    st.markdown(L("Muualta kuin henkilöltä itseltään (yhteistyökumppanilta tai julkisista lähteistä) saaduille "
                  "henkilöille on annettava tietosuojaselosteen tiedot kuukauden kuluessa tietojen saamisesta "
                  "(14 art. 3 kohta). Alla ne, joiden ilmoituspäivää ei ole kirjattu.",
                  "People whose data came from elsewhere than themselves (a partner or public sources) must receive "
                  "the notice within one month of collection (Art. 14(3)). Below: those whose notice date is not "
                  "recorded."))
    overdue_only = st.toggle(L("Vain myöhässä olevat", "Overdue only"), key="a14_overdue")
    data = ui.read(kc.art14_pending, today, overdue_only, 500)
    c1, c2, c3 = st.columns(3)
    c1.metric(L("Kirjaamatta", "Not recorded"), data["pending"])
    c2.metric(L("Myöhässä (yli kuukausi)", "Overdue (over a month)"), data["overdue"])
    c3.metric(L("Kirjattu, mutta myöhässä annettu", "Recorded, but given late"), data["late"],
              help=L("Ilmoitus tavoitti henkilön vasta kuukauden jälkeen.", "The notice reached the person after the month."))
    if not data["rows"]:
        st.success(L("Kaikki ilmoitukset on kirjattu.", "Every notice is recorded."))
        return
    df = pd.DataFrame([{
        L("Valitse", "Select"): False, "id": r["id"], "purpose": r["purpose"],
        L("Nimi", "Name"): r["name"], L("Sähköposti", "Email"): r["email"],
        L("Käyttötarkoitus", "Purpose"): PURPOSES.get(r["purpose"], r["purpose"]),
        L("Lähde", "Source"): SOURCES.get(r["source"], r["source"]),
        L("Kerätty", "Collected"): _date(r["collected_on"]),
        L("Määräpäivä", "Due"): _date(r["due_on"]),
        L("Myöhässä", "Overdue"): r["due_on"] < today} for r in data["rows"]])
    edited = st.data_editor(df, hide_index=True, width="stretch", key="a14_editor",
                            disabled=[c for c in df.columns if c != L("Valitse", "Select")],
                            column_config={"id": None, "purpose": None})
    if len(data["rows"]) < data["pending"] and not overdue_only:
        st.caption(L(f"Näytetään {len(data['rows'])} ensimmäistä.", f"Showing the first {len(data['rows'])}."))
    sent = st.date_input(L("Ilmoitus tavoitti henkilöt", "The notice reached them on"), today, max_value=today,
                         format="DD.MM.YYYY", key="a14_date")
    b1, b2 = st.columns(2)
    selected = edited[edited[L("Valitse", "Select")]]
    ask_selected = b1.button(L(f"Kirjaa valituille ({len(selected)})…", f"Record for the selected ({len(selected)})…"),
                             disabled=selected.empty, key="a14_selected")
    ask_all = b2.button(L(f"Kirjaa kaikille näytetyille ({len(df)})…", f"Record for all shown ({len(df)})…"), key="a14_all")
    for key, rows, ask in (("a14_selected", selected, ask_selected), ("a14_all", df, ask_all)):
        if rows.empty:
            continue
        items = list(zip(rows["id"].astype(int), rows["purpose"]))
        people = rows["id"].nunique()
        ui.confirm(key, L("Kirjataanko ilmoituspäivä?", "Record the notice date?"), [
            L(f"Ilmoituspäiväksi kirjataan {_date(sent)} {len(items)} käyttötarkoituslinkille ({people} henkilöä).",
              f"{_date(sent)} is recorded as the notice date of {len(items)} purpose links ({people} people)."),
            L("He poistuvat tältä listalta; kirjaus näkyy audit-lokissa ja raporteissa.",
              "They leave this list; the audit log and the reports show the date."),
            L("Kirjaa vain, jos ilmoitus on todella tavoittanut heidät (14 art. 3 kohta).",
              "Record it only if the notice really reached them (Art. 14(3)).")],
            L("Kirjaa", "Record"), lambda items=items: _record_notices(items, sent), ask=ask)


def _record_notices(items, sent) -> None:
    if items:
        try:
            with ui.register().write(ui.user()) as w:
                n = kc.record_notice(w, items, sent)
            ui.after_write()
            st.success(L(f"Ilmoituspäivä kirjattu {n} käyttötarkoituslinkille.", f"Notice date recorded for {n} links."))
            st.rerun()
        except ValidationFailed as exc:
            st.error(L("Ei tallennettu:", "Not saved:"))
            _problems_table(exc.problems)
        except KpError as exc:
            ui.show_error(exc)


FIELD_NAMES = {"name": ("nimi", "name"), "first_name": ("etunimi", "first name"), "last_name": ("sukunimi", "last name"),
               "email": ("sähköposti", "email"), "phone": ("puhelin", "phone"),
               "organisation": ("organisaatio", "organisation"), "title": ("titteli", "title"),
               "purpose": ("käyttötarkoitus", "purpose"), "source": ("lähde", "source"),
               "collected_at": ("hankittu", "collected at")}


def import_tab() -> None:
    st.markdown(L(
        "CSV (erotin `;` `,` tai sarkain; UTF-8 tai Excelin Windows-1252) tai XLSX. Sarakkeet suomeksi tai englanniksi: "
        "nimi, sähköposti, puhelin, organisaatio, titteli, käyttötarkoitus, lähde, hankittu. Jos yksikin rivi on "
        "virheellinen, mitään ei tuoda – ellei valita virheellisten rivien ohittamista.",
        "CSV (delimiter `;` `,` or tab; UTF-8 or Excel's Windows-1252) or XLSX. Columns in Finnish or English: name, "
        "email, phone, organisation, title, purpose, source, collected_at. With any invalid row nothing is imported – "
        "unless you choose to skip invalid rows."))
    upload = st.file_uploader(L("Tiedosto", "File"), type=["csv", "txt", "tsv", "xlsx"], key="imp_file")
    if upload is None:
        return
    skip = st.checkbox(L("Ohita virheelliset rivit (ne voi ladata syineen)",
                         "Skip invalid rows (download them with their reasons)"), key="imp_skip")
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
        st.error(L("Tiedostoa ei voi tuoda:", "The file cannot be imported:"))
        _problems_table(exc.problems)
        return
    except KpError as exc:
        ui.show_error(exc)
        return
    st.markdown(L("**Sarakkeet:** ", "**Columns:** ") + ", ".join(f"{md(h)} → {L(*FIELD_NAMES.get(f, (md(f), md(f))))}"
                                                                 for h, f in preview.columns)
                + ("" if not preview.ignored_columns else
                   L(" · **ei tuoda:** ", " · **not imported:** ") + ", ".join(md(c) for c in preview.ignored_columns)))
    c = st.columns(5)
    c[0].metric(L("Rivejä", "Rows"), preview.rows)
    c[1].metric(L("Uusia henkilöitä", "New people"), preview.people)
    c[2].metric(L("Uusia käyttötarkoituslinkkejä", "New purpose links"), preview.new_links)
    c[3].metric(L("Estolistalla / rajoitettu", "Suppressed / restricted"), preview.suppressed + preview.restricted)
    c[4].metric(L("Virheellisiä rivejä", "Invalid rows"), preview.rejected)
    if preview.problems:
        st.warning(L(f"{preview.rejected} riviä on virheellisiä:", f"{preview.rejected} rows are invalid:"))
        _problems_table(list(preview.problems))
    blocked = preview.rejected and not skip
    if blocked:
        st.info(L("Korjaa rivit ja lataa tiedosto uudelleen, tai valitse virheellisten rivien ohittaminen.",
                  "Fix the rows and upload again, or choose to skip invalid rows."))
    if st.button(L("Tuo rekisteriin", "Import into the register"), type="primary", disabled=bool(blocked),
                 key="imp_go"):
        try:
            res = import_file(reg, data, actor=ui.user(), filename=upload.name, skip_invalid=skip)
            ui.after_write()
            st.session_state["_imported"] = res
        except KpError as exc:
            ui.show_error(exc)
    res = st.session_state.get("_imported")
    if res is not None:
        st.success(L(f"Tuotu: {res.people} uutta henkilöä, {res.new_links} uutta käyttötarkoituslinkkiä; "
                     f"{res.merged} riviä yhdistettiin jo tunnettuun henkilöön; {res.suppressed} estolistalla; "
                     f"{res.rejected} virheellistä riviä ohitettiin.",
                     f"Imported: {res.people} new people, {res.new_links} new purpose links; {res.merged} rows merged "
                     f"into a person already known; {res.suppressed} suppressed; {res.rejected} invalid rows skipped."))
        if res.rejected_data:
            st.download_button(L("Lataa hylätyt rivit (CSV)", "Download the rejected rows (CSV)"), res.rejected_data,
                               file_name="hylatyt-rivit.csv", mime="text/csv", key="imp_rejected")


# ----------------------------------------------------------------------------- page

st.title(L("Yhteystiedot", "Contacts"))
person_id = st.query_params.get("person")
if person_id:
    person_page(person_id)
elif not ui.can("read.person"):  # a viewer: the summary only, no names, exports or changes
    st.caption(ui.VIEWER_NOTE())
    overview_tab()
else:
    # Lazy tabs: only the open tab runs its queries (a million people make every tab cost).
    names = [L("Yhteenveto", "Summary"), L("Henkilöt", "People"), L("14 art. ilmoitukset", "Art. 14 notices"),
             L("Tuonti", "Import")]
    wanted = {"summary": 0, "people": 1, "art14": 2, "import": 3}.get(st.query_params.get("tab", ""))
    if wanted is not None and st.session_state.get("_tab_from_link") != st.query_params.get("tab"):
        st.session_state["contacts_tab"] = names[wanted]  # a link such as the overview's ?tab=art14
    st.session_state["_tab_from_link"] = st.query_params.get("tab")
    tabs = st.tabs(names, key="contacts_tab", on_change="rerun")
    for tab, render in zip(tabs, (overview_tab, table_tab, art14_tab, import_tab)):
        if tab.open:
            with tab:
                render()
