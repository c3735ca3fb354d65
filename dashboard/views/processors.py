"""Processor engagements (Art. 28, 30(2)): the table with its flags, one engagement's page
(deep link ?engagement=ID) with its checklist, access log and end-of-engagement decision,
adding an engagement, and the Art. 30(2) record's download."""
import datetime as dt

import streamlit as st

import ui
from kpcore import processor_record as PR, processors as P, safety
from kpcore.models import ART28_CLAUSES

L = ui.L
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
    if isinstance(d, dt.datetime):
        return f"{d.day}.{d.month}.{d.year} {d:%H:%M}" if lang == "fi" else f"{d:%Y-%m-%d %H:%M}"
    return f"{d.day}.{d.month}.{d.year}" if lang == "fi" else d.isoformat()


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
    st.subheader(L("Seloste käsittelytoimista käsittelijänä (30(2) art.)",
                   "Record of processing as a processor (Art. 30(2))"))
    st.caption(L("Käsittelijän ja jokaisen rekisterinpitäjän (asiakkaan) yhteystiedot, kunkin puolesta tehtävä "
                 "käsittely, siirrot ja turvatoimet.",
                 "The processor's and each controller's (customer's) contact details, the processing done for each, "
                 "transfers and security measures."))
    rec_lang = st.radio(L("Selosteen kieli", "Language of the record"), ["fi", "en"], index=0 if lang == "fi" else 1,
                        format_func={"fi": "Suomi", "en": "English"}.get, horizontal=True, key="proc_record_lang")
    c1, c2, _ = st.columns([1, 1, 3])
    base = "seloste-kasittelijana-30-2" if rec_lang == "fi" else "processor-record-30-2"
    # Built on click, not on every visit (seconds on a big register); audited when produced.
    c1.download_button(L("Lataa PDF", "Download PDF"),
                       ui.lazy_file(PR.record_pdf, rec_lang, audit=("record.processor.export", "processor_record", None,
                                                                   {"format": "pdf", "lang": rec_lang})),
                       file_name=f"{base}.pdf", mime="application/pdf", key="proc_record_pdf",
                       icon=":material/picture_as_pdf:", on_click="ignore")
    c2.download_button(L("Lataa Excel", "Download Excel"),
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
    v["system"] = c1.text_input(L("Järjestelmä *", "System *"), cur.get("system") or "", key=prefix + "system")
    v["vendor"] = c2.text_input(L("Ohjelmistotoimittaja *", "Software vendor *"), cur.get("vendor") or "",
                                key=prefix + "vendor")
    v["service_fi"] = c1.text_area(L("Käsittelyn luonne ja tarkoitus (suomeksi) *", "Nature and purpose (Finnish) *"),
                                   cur.get("service_fi") or "", key=prefix + "service_fi", height=80)
    v["service_en"] = c2.text_area(L("Käsittelyn luonne ja tarkoitus (englanniksi)", "Nature and purpose (English)"),
                                   cur.get("service_en") or "", key=prefix + "service_en", height=80)
    v["subjects_fi"] = c1.text_input(L("Rekisteröityjen ryhmät (suomeksi)", "Categories of data subjects (Finnish)"),
                                     cur.get("subjects_fi") or "Asiakkaan järjestelmän käyttäjät", key=prefix + "subj_fi")
    v["subjects_en"] = c2.text_input(L("Rekisteröityjen ryhmät (englanniksi)", "Categories of data subjects (English)"),
                                     cur.get("subjects_en") or "Users of the customer's system", key=prefix + "subj_en")
    v["starts_on"] = c1.date_input(L("Alkaa", "Starts on"), cur.get("starts_on") or today, key=prefix + "starts",
                                   format="DD.MM.YYYY" if lang == "fi" else "YYYY-MM-DD")
    v["ends_on"] = c2.date_input(L("Sovittu päättymispäivä (valinnainen)", "Agreed end date (optional)"),
                                 cur.get("ends_on"), key=prefix + "ends", format="DD.MM.YYYY" if lang == "fi" else "YYYY-MM-DD")
    st.markdown("**" + L("Käsittelysopimus (28(3) art.)", "Processing agreement (Art. 28(3))") + "**")
    c1, c2, c3 = st.columns(3)
    v["agreement_ref"] = c1.text_input(L("Sopimuksen viite", "Agreement reference"), cur.get("agreement_ref") or "",
                                       key=prefix + "aref")
    signed = c2.checkbox(L("Sopimus allekirjoitettu", "Agreement signed"), cur.get("agreement_signed_on") is not None,
                         key=prefix + "signed")
    signed_on = c2.date_input(L("Allekirjoituspäivä", "Signed on"), cur.get("agreement_signed_on") or today,
                              key=prefix + "signed_on", format="DD.MM.YYYY" if lang == "fi" else "YYYY-MM-DD")
    v["agreement_signed_on"] = signed_on if signed else None
    v["agreement_location"] = c3.text_input(L("Missä sopimus säilytetään", "Where the agreement is kept"),
                                            cur.get("agreement_location") or "", key=prefix + "aloc")
    st.markdown("**" + L("Kenen käsittelijä KuntaPlus on (30(2) art.)", "Whose processor KuntaPlus is (Art. 30(2))") + "**")
    c1, c2, c3 = st.columns(3)
    role_opts = ["", "processor", "sub_processor"]
    v["role"] = c1.selectbox(L("KuntaPlussan rooli", "KuntaPlus's role"), role_opts,
                             index=role_opts.index(cur.get("role") or ""), key=prefix + "role",
                             format_func=lambda k, none=L("ei kirjattu", "not recorded"):
                             P.label(P.ROLE_TEXT, k, lang) if k else none, placeholder=ui.choose(role_opts)) or None
    v["engaged_by"] = c2.text_input(L("Alikäsittelijäksi ottanut käsittelijä (esim. ohjelmistotoimittaja)",
                                      "Processor that engaged KuntaPlus (e.g. the software vendor)"),
                                    cur.get("engaged_by") or "", key=prefix + "engaged_by",
                                    help=L("Vain alikäsittelijänä; pakollinen silloin.",
                                           "Only as sub-processor; required then."))
    v["engaged_by_contact"] = c3.text_input(L("Käsittelijän yhteystiedot", "That processor's contact details"),
                                            cur.get("engaged_by_contact") or "", key=prefix + "engaged_by_contact")
    c1, c2, c3 = st.columns(3)
    auth_opts = ["", "general", "specific"]
    v["authorisation"] = c1.selectbox(L("Lupa toimia alikäsittelijänä", "Authorisation as sub-processor"), auth_opts,
                                      index=auth_opts.index(cur.get("authorisation") or ""), key=prefix + "auth",
                                      format_func=lambda k, none=L("ei kirjattu", "not recorded"):
                                      P.label(P.AUTHORISATION_TEXT, k, lang) if k else none,
                                      placeholder=ui.choose(auth_opts)) or None
    v["authorised_by"] = c2.text_input(L("Luvan antaja", "Authorised by"), cur.get("authorised_by") or "",
                                       key=prefix + "auth_by")
    v["authorised_on"] = c3.date_input(L("Luvan päivä", "Authorised on"), cur.get("authorised_on"),
                                       key=prefix + "auth_on", format="DD.MM.YYYY" if lang == "fi" else "YYYY-MM-DD")
    c1, c2 = st.columns(2)
    v["transfers_fi"] = c1.text_input(L("Siirrot EU:n/ETA:n ulkopuolelle (tyhjä = ei siirtoja)",
                                        "Transfers outside the EU/EEA (empty = none)"), cur.get("transfers_fi") or "",
                                      key=prefix + "tr_fi")
    v["transfers_en"] = c2.text_input(L("Siirrot (englanniksi)", "Transfers (English)"), cur.get("transfers_en") or "",
                                      key=prefix + "tr_en")
    v["security_fi"] = c1.text_area(L("Turvatoimet (suomeksi)", "Security measures (Finnish)"),
                                    cur.get("security_fi") or "", key=prefix + "sec_fi", height=80)
    v["security_en"] = c2.text_area(L("Turvatoimet (englanniksi)", "Security measures (English)"),
                                    cur.get("security_en") or "", key=prefix + "sec_en", height=80)
    return v


def categories_field(current: list[str] | None, prefix: str) -> list[str]:
    cats = ui.read(P.ordinary_categories)
    names = {c["key"]: c["name_fi"] if lang == "fi" else c["name_en"] for c in cats}
    default = current if current is not None else [c["category"] for c in ui.read(P.role_categories)]
    return st.multiselect(L("Järjestelmässä olevat henkilötietoryhmät", "Categories of personal data in the system"),
                          list(names), default=[k for k in default if k in names], format_func=names.get,
                          key=prefix + "cats",
                          help=L("Salasanoja tai arkaluonteisia tietoja ei voi valita: rekisterissä ei ole niille paikkaa.",
                                 "Passwords and special-category data cannot be chosen: the register has no place for them."),
                          placeholder=ui.choose(many=True))


CUSTOMER_LABELS = {
    "business_id": ("Y-tunnus", "Business ID"), "address": ("Osoite", "Address"),
    "contact_name": ("Yhteyshenkilö", "Contact person"), "contact_email": ("Yhteyshenkilön sähköposti", "Contact email"),
    "dpo_name": ("Tietosuojavastaava", "Data protection officer"), "dpo_email": ("Tietosuojavastaavan sähköposti", "DPO email"),
}


def customer_fields(cur: dict | None, prefix: str) -> dict:
    cur = cur or {}
    cols = st.columns(2)
    return {f: cols[i % 2].text_input(L(*CUSTOMER_LABELS[f]), cur.get(f) or "", key=prefix + f)
            for i, f in enumerate(CUSTOMER_LABELS)}


# -- the list --------------------------------------------------------------------------------

def list_page() -> None:
    st.title(L("Alikäsittelijätoimeksiannot", "Processor engagements"))
    st.caption(L("KuntaPlus käsittelijänä asiakkaiden (kuntien ja kaupunkien) järjestelmissä: sopimukset, "
                 "28 artiklan ehdot, pääsyloki ja havainnot.",
                 "KuntaPlus as a processor in its customers' (municipalities' and cities') systems: agreements, "
                 "Art. 28 clauses, the access log and findings."))
    flash()
    rows = ui.read(P.engagements, today)
    flagged = [r for r in rows if r["flags"]]
    c = st.columns(4)
    c[0].metric(L("Voimassa olevia", "Active"), sum(r["status"] == "active" for r in rows))
    c[1].metric(L("Toimeksiantoja yhteensä", "Engagements in all"), len(rows))
    c[2].metric(L("Toimeksiantoja, joissa havaintoja", "Engagements with findings"), len(flagged))
    c[3].metric(L("Pääsyjä ilman pyyntöviitettä", "Accesses without a request"),
                sum(r["accesses_without_ticket"] for r in rows))
    if not rows:
        st.info(L("Toimeksiantoja ei ole vielä kirjattu. Lisää ensimmäinen alta.",
                  "No engagements recorded yet. Add the first one below."))
    else:
        table = [{
            "ID": r["id"],
            L("Asiakas", "Customer"): r["customer"],
            L("Havainnot", "Findings"): [P.FLAGS[k].short(lang) for k in r["flags"]],
            L("Järjestelmä", "System"): r["system"],
            L("Toimittaja", "Vendor"): r["vendor"],
            L("Sopimus allekirjoitettu", "Agreement signed"): fmt_date(r["agreement_signed_on"]) or "—",
            L("Tila", "Status"): status_text(r["status"]),
            L("Pääsyjä", "Accesses"): r["accesses"],
        } for r in rows]
        st.caption(L("Avaa toimeksianto valitsemalla rivi tai alta.", "Open an engagement by selecting its row or below."))
        event = st.dataframe(table, hide_index=True, width="stretch", on_select="rerun",
                             selection_mode="single-row", key="proc_table",
                             **ui.fit(table, {
                                 "ID": st.column_config.NumberColumn("ID", width=40),
                                 L("Pääsyjä", "Accesses"): st.column_config.NumberColumn(L("Pääsyjä", "Accesses"), width=70),
                                 L("Toimittaja", "Vendor"): st.column_config.TextColumn(L("Toimittaja", "Vendor"), width=170),
                                 L("Havainnot", "Findings"): st.column_config.ListColumn(
                                     L("Havainnot", "Findings"), width="large")}))
        selected = getattr(getattr(event, "selection", None), "rows", None) if event is not None else None
        if selected:
            open_engagement(rows[selected[0]]["id"])
            st.rerun()
        labels = {r["id"]: f"{r['id']}: {r['customer']} — {r['system']}" for r in rows}
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        pick = c1.selectbox(L("Toimeksianto", "Engagement"), list(labels), format_func=labels.get, key="proc_pick",
                            placeholder=ui.choose())
        if c2.button(L("Avaa", "Open"), key="proc_open", type="primary"):
            open_engagement(pick)
            st.rerun()

    record_downloads()
    if can_edit:
        add_form()


def add_form() -> None:
    st.subheader(L("Lisää toimeksianto", "Add an engagement"))
    with st.expander(L("Uusi toimeksianto", "New engagement"), expanded=not ui.read(P.engagements, today)):
        known = [c["name"] for c in ui.read(P.customers)]
        with st.form("proc_add", clear_on_submit=False):
            c1, c2 = st.columns(2)
            existing = c1.selectbox(L("Asiakas (rekisterinpitäjä)", "Customer (controller)"), [""] + known,
                                    format_func=lambda n, new=L("— uusi asiakas —", "— new customer —"): n or new,
                                    key="proc_add_cust", placeholder=ui.choose())
            new_name = c2.text_input(L("…tai uuden asiakkaan nimi", "…or a new customer's name"), key="proc_add_newcust")
            st.caption(L("Uuden asiakkaan yhteystiedot (valinnainen, voi täydentää myöhemmin):",
                         "A new customer's contact details (optional, can be completed later):"))
            cust = customer_fields(None, "proc_add_c_")
            v = engagement_fields(None, "proc_add_")
            cats = categories_field(None, "proc_add_")
            status = st.radio(L("Tila", "Status"), ["active", "planned"], format_func=status_text, horizontal=True,
                              key="proc_add_status")
            submitted = st.form_submit_button(L("Lisää toimeksianto", "Add engagement"), type="primary")
        if submitted:
            name = new_name.strip() or existing
            data = {"customer": name, **v, "status": status, "categories": cats,
                    **{"customer_" + k: val for k, val in cust.items()}}
            if not cats:
                st.error(L("Valitse vähintään yksi henkilötietoryhmä.", "Choose at least one data category."))
                return
            eid = write(P.add_engagement, data, success=L("Toimeksianto lisätty.", "Engagement added."))
            if eid:
                open_engagement(eid)
                st.rerun()


# -- one engagement ----------------------------------------------------------------------------

def engagement_page(eid: int) -> None:
    if st.button("← " + L("Kaikki toimeksiannot", "All engagements"), key="proc_back"):
        close_engagement()
        st.rerun()
    try:
        e = ui.read(P.engagement, eid, today)
    except Exception as exc:
        st.title(L("Alikäsittelijätoimeksiannot", "Processor engagements"))
        ui.show_error(exc)
        return
    st.title(f"{md(e['customer'])} — {md(e['system'])}")
    st.caption(L(f"Toimeksianto {e['id']} · {status_text(e['status'])}",
                 f"Engagement {e['id']} · {status_text(e['status'])}"))
    flash()
    if e["flags"]:
        for k in e["flags"]:
            text = P.FLAGS[k].text(lang)
            if k == "missing_clauses":
                if all(c["present"] is None for c in e["clauses"]):
                    text += L(" (yhtään ehtoa ei ole vielä tarkistettu).", " (no clause has been checked yet).")
                else:
                    text += ": " + ", ".join(P.clause_text(c, lang) for c in e["missing_clauses"])
            if k == "access_without_ticket":
                text += L(f" ({e['accesses_without_ticket']} kpl)", f" ({e['accesses_without_ticket']})")
            if k == "access_outside_engagement":
                text += L(f" ({e['accesses_outside']} kpl)", f" ({e['accesses_outside']})")
            st.warning(text, icon=":material/warning:")
    else:
        st.success(L("Ei havaintoja.", "No findings."), icon=":material/check_circle:")

    tabs = st.tabs([L("Pääsyloki", "Access log"), L("Tiedot", "Details"), L("28(3) art. tarkistuslista", "Art. 28(3) checklist"),
                    L("Päättyminen", "End of engagement")])
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
        st.subheader(L("Kirjaa pääsy", "Log an access"))
        st.caption(L("Jokainen kerta, kun henkilöstö käsittelee henkilötietoja asiakkaan järjestelmässä. Älä kirjaa "
                     "salasanoja tai muita tunnuksia.",
                     "Each time staff touch personal data in the customer's system. Never write passwords or other "
                     "credentials."))
        with st.form("proc_access", clear_on_submit=True):
            c1, c2, c3 = st.columns(3)
            now = dt.datetime.now().replace(second=0, microsecond=0)
            day = c1.date_input(L("Päivä", "Date"), now.date(), key="acc_day", max_value=today,
                                format="DD.MM.YYYY" if lang == "fi" else "YYYY-MM-DD")
            time = c2.time_input(L("Kello", "Time"), now.time(), key="acc_time")
            staff = c3.text_input(L("Kuka *", "Who *"), "" if ui.user() == "dashboard" else ui.user(), key="acc_staff")
            c1, c2 = st.columns(2)
            ticket = c1.text_input(L("Asiakkaan pyyntö tai tukipyynnön viite", "Customer's request or ticket reference"),
                                   key="acc_ticket")
            reason = c2.text_input(L("Syy *", "Reason *"), key="acc_reason")
            action = st.text_input(L("Mitä tehtiin", "What was done"), key="acc_action")
            if st.form_submit_button(L("Kirjaa pääsy", "Log access"), type="primary"):
                aid = write(P.log_access, e["id"], reason=reason, staff=staff, ticket_ref=ticket,
                            accessed_at=dt.datetime.combine(day, time), action=action,
                            success=L("Pääsy kirjattu.", "Access logged.") + ("" if ticket.strip() else " " + L(
                                "Ilman pyyntöviitettä se näkyy havaintona.", "Without a request reference it is flagged.")))
                if aid:
                    st.rerun()
    st.subheader(L("Pääsyloki", "Access log"))
    if not e["accesses"]:
        st.info(L("Ei kirjattuja pääsyjä.", "No accesses logged."))
        return
    if e["access_count"] > len(e["accesses"]):
        st.caption(L(f"Näytetään uusimmat {len(e['accesses'])} / {e['access_count']}.",
                     f"Showing the newest {len(e['accesses'])} of {e['access_count']}."))
    access_rows = [{
        L("Aika", "When"): fmt_date(a["accessed_at"]),
        L("Kuka", "Who"): a["staff"],
        L("Pyyntö / tiketti", "Request / ticket"): a["ticket_ref"] or "—",
        L("Syy", "Reason"): a["reason"],
        L("Mitä tehtiin", "What was done"): a["action"] or "",
        L("Havainnot", "Findings"): " · ".join(
            ([L("ei pyyntöviitettä", "no request reference")] if a["without_ticket"] else [])
            + ([L("toimeksiannon ulkopuolella", "outside the engagement")] if a["outside_engagement"] else [])) or "✓",
    } for a in e["accesses"]]
    st.dataframe(access_rows, hide_index=True, width="stretch", key="proc_access_log", **ui.fit(access_rows))
    missing = [a for a in e["accesses"] if a["without_ticket"]]
    if missing and can_edit:
        with st.expander(L("Lisää puuttuva pyyntöviite", "Add a missing request reference")):
            with st.form("proc_ticket"):
                labels = {a["id"]: f"{fmt_date(a['accessed_at'])} — {a['staff']} — {a['reason']}" for a in missing}
                aid = st.selectbox(L("Pääsy", "Access"), list(labels), format_func=labels.get, key="ticket_access",
                                   placeholder=ui.choose())
                ticket = st.text_input(L("Asiakkaan pyyntö tai tukipyynnön viite", "Customer's request or ticket reference"),
                                       key="ticket_ref")
                if st.form_submit_button(L("Tallenna viite", "Save reference"), type="primary"):
                    if write(P.set_access_ticket, aid, ticket, success=L("Viite tallennettu.", "Reference saved.")):
                        st.rerun()


def details_tab(e: dict) -> None:
    c1, c2 = st.columns(2)
    with c1:
        st.markdown("**" + L("Rekisterinpitäjä (asiakas)", "Controller (customer)") + "**")
        st.markdown("  \n".join([
            md(e["customer"]),
            L("Y-tunnus", "Business ID") + ": " + md(e["customer_business_id"]),
            L("Osoite", "Address") + ": " + md(e["customer_address"]),
            L("Yhteyshenkilö", "Contact") + ": " + md(e["customer_contact_name"]) + ", " + md(e["customer_contact_email"]),
            L("Tietosuojavastaava", "DPO") + ": " + md(e["customer_dpo_name"]) + ", " + md(e["customer_dpo_email"]),
        ]))
    with c2:
        st.markdown("**" + L("Toimeksianto", "Engagement") + "**")
        auth = ", ".join(x for x in (P.label(P.AUTHORISATION_TEXT, e["authorisation"], lang), e["authorised_by"] or "",
                                     fmt_date(e["authorised_on"])) if x)
        st.markdown("  \n".join([
            L("Järjestelmä", "System") + ": " + md(e["system"]) + " (" + md(e["vendor"]) + ")",
            L("Palvelu", "Service") + ": " + md(e["service_fi"] if lang == "fi" else e["service_en"]),
            L("Rekisteröidyt", "Data subjects") + ": " + md(e["subjects_fi"] if lang == "fi" else e["subjects_en"]),
            L("Voimassa", "Period") + ": " + md(fmt_date(e["starts_on"])) + " – " + (
                md(fmt_date(e["ends_on"])) if e["ends_on"] else ""),
            L("Sopimus", "Agreement") + ": " + ", ".join(x for x in (
                md(e["agreement_ref"]) if e["agreement_ref"] else "",
                L("allekirjoitettu ", "signed ") + md(e["agreement_signed_on"]) if e["agreement_signed_on"]
                else L("ei allekirjoitettu", "not signed"),
                L("säilytys: ", "kept in: ") + md(e["agreement_location"]) if e["agreement_location"] else "") if x),
            L("KuntaPlussan rooli", "KuntaPlus's role") + ": " + (
                md(P.label(P.ROLE_TEXT, e.get("role"), lang)) if e.get("role") else L("ei kirjattu", "not recorded")),
        ] + ([L("Alikäsittelijäksi ottanut käsittelijä", "Processor that engaged KuntaPlus") + ": "
              + md(e.get("engaged_by")) + ", " + md(e.get("engaged_by_contact"))] if e.get("role") == "sub_processor"
             else []) + [
            L("Alikäsittelijälupa", "Sub-processor authorisation") + ": " + md(auth),
            L("Siirrot EU:n/ETA:n ulkopuolelle", "Transfers outside the EU/EEA") + ": " + (
                md(e["transfers_fi"] if lang == "fi" else e["transfers_en"]) if e["transfers_fi"] else L("ei", "none")),
            L("Turvatoimet", "Security measures") + ": " + md(e["security_fi"] if lang == "fi" else e["security_en"]),
        ]))
    st.markdown("**" + L("Henkilötietoryhmät", "Categories of personal data") + ":** " +
                md(", ".join(c["name_fi"] if lang == "fi" else c["name_en"] for c in e["categories"])))
    if not can_edit:
        return
    with st.expander(L("Muokkaa toimeksiantoa", "Edit the engagement")):
        with st.form("proc_edit"):
            v = engagement_fields(e, "proc_edit_")
            cats = categories_field([c["category"] for c in e["categories"]], "proc_edit_")
            if e["status"] != "ended":
                v["status"] = st.radio(L("Tila", "Status"), ["planned", "active"], horizontal=True,
                                       index=0 if e["status"] == "planned" else 1, format_func=status_text,
                                       key="proc_edit_status")
            if st.form_submit_button(L("Tallenna", "Save"), type="primary"):
                if not cats:
                    st.error(L("Valitse vähintään yksi henkilötietoryhmä.", "Choose at least one data category."))
                elif write(P.update_engagement, e["id"], {**v, "categories": cats},
                           success=L("Toimeksianto tallennettu.", "Engagement saved.")):
                    st.rerun()
    with st.expander(L("Muokkaa asiakkaan yhteystietoja", "Edit the customer's contact details")):
        with st.form("proc_cust"):
            cur = {f: e["customer_" + f] for f in CUSTOMER_LABELS}
            vals = customer_fields(cur, "proc_cust_")
            if st.form_submit_button(L("Tallenna", "Save"), type="primary"):
                if write(P.update_customer, e["customer_id"], vals,
                         success=L("Asiakkaan tiedot tallennettu.", "Customer saved.")):
                    st.rerun()


CLAUSE_CHOICES = ["yes", "no", "unset"]


def checklist_tab(e: dict) -> None:
    st.caption(L("Jokainen 28 artiklan 3 kohdan ehto kirjataan: löytyykö se sopimuksesta.",
                 "Each clause Art. 28(3) requires, recorded: is it in the agreement."))
    choice_text = {"yes": L("Kyllä", "Yes"), "no": L("Ei", "No"), "unset": L("Ei tarkistettu", "Not checked")}
    if not can_edit:
        st.dataframe([{L("Ehto", "Clause"): c[lang], L("Sopimuksessa", "In the agreement"):
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
        if st.form_submit_button(L("Tallenna tarkistuslista", "Save checklist"), type="primary"):
            before = {c["clause"]: c["present"] for c in e["clauses"]}
            changed = {k: {"yes": True, "no": False, "unset": None}[v] for k, v in answers.items()
                       if {"yes": True, "no": False, "unset": None}[v] != before[k]}
            if not changed:
                st.info(L("Ei muutoksia.", "No changes."))
            elif write(P.set_clauses, e["id"], changed, success=L("Tarkistuslista tallennettu.", "Checklist saved.")):
                st.rerun()


def end_tab(e: dict) -> None:
    if e["status"] == "ended":
        st.markdown(L("Päättyi", "Ended on") + " " + md(fmt_date(e["ends_on"])) + ". " + (
            L("Päätös: ", "Decision: ") + md(P.label(P.DECISION_TEXT, e["end_decision"], lang)) + " " +
            md(fmt_date(e["end_decision_on"])) if e["end_decision"] else
            L("Päätös tietojen palauttamisesta tai poistamisesta puuttuu.", "The return-or-delete decision is missing.")))
    else:
        st.caption(L("Toimeksiannon päättyessä asiakas päättää, palautetaanko vai poistetaanko tiedot (28(3)(g) art.).",
                     "When the engagement ends, the customer decides whether the data is returned or deleted (Art. 28(3)(g))."))
    if not can_edit:
        return
    with st.form("proc_end"):
        c1, c2, c3 = st.columns(3)
        ends_on = c1.date_input(L("Viimeinen päivä", "Last day"), e["ends_on"] if e["ends_on"] and e["ends_on"] <= today
                                else today, max_value=today, key="end_on",
                                format="DD.MM.YYYY" if lang == "fi" else "YYYY-MM-DD")
        opts = ["", "return", "delete"]
        decision = c2.selectbox(L("Päätös tiedoista", "Decision on the data"), opts,
                                index=opts.index(e["end_decision"] or ""), key="end_decision",
                                format_func=lambda k, none=L("ei vielä", "not yet"): P.label(P.DECISION_TEXT, k, lang) if k else none,
                                placeholder=ui.choose(opts))
        decided_on = c3.date_input(L("Päätöksen päivä", "Decided on"), e["end_decision_on"] or today, max_value=today,
                                   key="end_decided_on", format="DD.MM.YYYY" if lang == "fi" else "YYYY-MM-DD")
        label = L("Päätä toimeksianto", "End the engagement") if e["status"] != "ended" else \
            L("Tallenna päättymistiedot", "Save the end details")
        confirm = True
        if e["status"] != "ended":
            confirm = st.checkbox(L("Vahvistan, että toimeksianto on päättynyt", "I confirm the engagement has ended"),
                                  key="end_confirm")
        if st.form_submit_button(label, type="primary"):
            if not confirm:
                st.error(L("Vahvista ensin, että toimeksianto on päättynyt.", "First confirm that the engagement has ended."))
            elif write(P.end_engagement, e["id"], ends_on=ends_on, decision=decision or None,
                     decided_on=decided_on if decision else None,
                     success=L("Päättymistiedot tallennettu.", "End of engagement saved.")):
                st.rerun()


wanted = st.query_params.get("engagement")
if wanted:
    if str(wanted).isdigit():
        engagement_page(int(wanted))
    else:
        st.title(L("Alikäsittelijätoimeksiannot", "Processor engagements"))
        st.error(L("Linkin toimeksiannon tunnus ei ole numero.", "The link's engagement id is not a number."))
        if st.button(L("Kaikki toimeksiannot", "All engagements")):
            close_engagement()
            st.rerun()
else:
    list_page()
