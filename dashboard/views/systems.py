"""The systems map (#12): where personal data lives, for which purposes, and who runs each system,
drawn as purposes -> systems -> processors (Graphviz, rendered in the browser by Streamlit's own
bundled engine: nothing is fetched from outside). The DPO adds, changes and removes systems;
the notice, the Art. 30 record and the access report take their recipients from here."""
import json

import streamlit as st

import ui
from kpcore import connectors, systems
from kpcore.errors import KpError
from kpcore.safety import md

L = ui.L
lang = ui.lang()
reg = ui.register()

st.title(L("Järjestelmät", "Systems"))
st.caption(L("Missä henkilötiedot oikeasti ovat: jokainen järjestelmä, sen käyttötarkoitukset ja tietoryhmät, ylläpitäjä "
             "(käsittelijä) ja säilytysaika. Tietosuojaselosteen ja seloste käsittelytoimista vastaanottajat tulevat tästä.",
             "Where personal data really lives: each system, its purposes and data categories, who runs it (the "
             "processor) and its retention. The notice's and the Art. 30 record's recipients come from here."))

rows = ui.read(systems.list_systems)
if ui.read(systems.unfilled):
    st.warning(L("Järjestelmäkartassa on vain tämä rekisteri. Lisää sähköposti, asiakkuudenhallinta, tukipalvelu, "
                 "analytiikka ja muut järjestelmät, joissa henkilötietoja on (tietosuojavastaava täyttää).",
                 "The map holds only this register. Add the mailbox, CRM, helpdesk, analytics and every other system "
                 "holding personal data (for the DPO to fill)."))

st.graphviz_chart(systems.graph_dot(rows, lang), width="stretch")

KIND = {k: L(*v) for k, v in systems.KINDS.items()}
cat_names = ui.read(systems.category_names)
CONN = {k: L(*v) for k, v in systems.CONNECTORS.items()}
system_rows = [{L("Nro", "No."): s["id"], L("Järjestelmä", "System"): s["name"], L("Laji", "Kind"): KIND[s["kind"]],
               # who runs it, where, and on what safeguard outside the EEA: one column, so the table fits at 1400 px
               L("Ylläpitäjä (maa)", "Run by (country)"): f"{s['processor_name'] or 'KuntaPlus'} "
               f"({s['processor_country'] or 'FI'})" + (L(" – siirtoperuste: ", " – safeguard: ")
                                                        + ((s["safeguard_fi"] if lang == "fi" else s["safeguard_en"]
                                                            or s["safeguard_fi"]) or "–") if s["outside_eea"] else ""),
               L("Käyttötarkoitukset", "Purposes"): ", ".join(s[f"purpose_names_{lang}"]),
               L("Tietoryhmät", "Categories"): ", ".join(cat_names.get(c, (c, c))[0 if lang == "fi" else 1]
                                                         for c in s["categories"]),
               L("Säilytys", "Retention"): (s["retention_fi"] if lang == "fi" else s["retention_en"] or s["retention_fi"]) or "",
               L("Pyynnöt toteutetaan", "Requests carried out"): CONN[s["connector"]]
               + (L(" (saa poistaa)", " (may delete)") if s["allow_delete"] else "")}
               for s in rows]
st.dataframe(system_rows, hide_index=True, width="stretch", **ui.fit(system_rows, max_lines=12))

if not ui.can("change"):
    st.caption(ui.VIEWER_NOTE())
    st.stop()

user = ui.user()
with reg.read() as q:
    purposes = {p["key"]: (p["name_fi"] if lang == "fi" else p["name_en"]) for p in q.all("purposes")}
    categories = {c["key"]: (c["name_fi"] if lang == "fi" else c["name_en"]) for c in q.all("system_categories_named")}
    recipients = {r["id"]: f"{r['name']} ({r['country']})" for r in q.all("notice_recipients")}

tab_add, tab_edit = st.tabs([L("Lisää järjestelmä", "Add a system"), L("Muuta tai poista", "Change or remove")])


def _form(key: str, s: dict | None) -> None:
    s = s or {}
    with st.form(key):
        c1, c2 = st.columns(2)
        name = c1.text_input(L("Nimi", "Name"), value=s.get("name", ""))
        kind = c2.selectbox(L("Laji", "Kind"), list(KIND), format_func=KIND.get,
                            index=list(KIND).index(s["kind"]) if s.get("kind") else list(KIND).index("crm"),
                            placeholder=ui.choose())
        sel_p = st.multiselect(L("Käyttötarkoitukset", "Purposes"), list(purposes), format_func=purposes.get,
                               default=s.get("purposes", []), placeholder=ui.choose(many=True))
        sel_c = st.multiselect(L("Tietoryhmät", "Data categories"), list(categories), format_func=categories.get,
                               default=[c for c in s.get("categories", []) if c in categories],
                               placeholder=ui.choose(many=True))
        options = [0] + list(recipients)
        labels = {0: L("KuntaPlus itse", "KuntaPlus itself"), **recipients}
        proc = st.selectbox(L("Ylläpitäjä (käsittelijä)", "Run by (processor)"), options, format_func=labels.get,
                            index=options.index(s["processor_id"]) if s.get("processor_id") in options else 0,
                            placeholder=ui.choose(options))
        st.markdown(L("…tai uusi käsittelijä:", "…or a new processor:"))
        n1, n2, n3 = st.columns([3, 1, 3])
        new_name = n1.text_input(L("Uuden käsittelijän nimi", "New processor's name"), key=key + "_nn")
        new_country = n2.text_input(L("Maa", "Country"), value="FI", max_chars=2, key=key + "_nc")
        new_sg = n3.text_input(L("Siirtoperuste (EU/ETA:n ulkopuolella)", "Transfer safeguard (outside the EU/EEA)"),
                               key=key + "_ns")
        r1, r2 = st.columns(2)
        ret_fi = r1.text_input(L("Säilytysaika (suomeksi)", "Retention (Finnish)"), value=s.get("retention_fi") or "")
        ret_en = r2.text_input(L("Säilytysaika (englanniksi)", "Retention (English)"), value=s.get("retention_en") or "")
        k1, k2 = st.columns(2)
        conn = k1.selectbox(L("Pyynnöt toteutetaan", "Requests carried out"), list(CONN), format_func=CONN.get,
                            index=list(CONN).index(s.get("connector") or "manual"), placeholder=ui.choose())
        allow = k2.checkbox(L("Liitin saa poistaa (poisto-oikeus)", "The connector may delete (erasure)"),
                            value=bool(s.get("allow_delete")))
        settings = st.text_area(L("Liittimen asetukset (JSON, ei salasanoja)", "Connector settings (JSON, no passwords)"),
                                value=json.dumps(s.get("settings") or {}, ensure_ascii=False))
        ins_fi = st.text_area(L("Ohje käsin tehtävään (suomeksi)", "Instructions by hand (Finnish)"),
                              value=s.get("instructions_fi") or "")
        ins_en = st.text_area(L("Ohje käsin tehtävään (englanniksi)", "Instructions by hand (English)"),
                              value=s.get("instructions_en") or "")
        if st.form_submit_button(L("Tallenna", "Save"), type="primary"):
            values = {"name": name, "kind": kind, "retention_fi": ret_fi, "retention_en": ret_en, "connector": conn,
                      "settings": settings, "allow_delete": allow, "instructions_fi": ins_fi, "instructions_en": ins_en}
            new_proc = None
            if new_name.strip():
                new_proc = {"name": new_name, "country": new_country, "safeguard_fi": new_sg or None,
                            "safeguard_en": new_sg or None}
            try:
                if s:
                    systems.update(reg, user, s["id"], values, purposes=sel_p, categories=sel_c,
                                   processor=str(proc) if proc else None, new_processor=new_proc, clear_processor=not proc
                                   and not new_proc)
                else:
                    systems.add(reg, user, values, purposes=sel_p, categories=sel_c,
                                processor=str(proc) if proc else None, new_processor=new_proc)
            except KpError as exc:
                st.error(str(exc))
                return
            ui.after_write()
            st.rerun()


with tab_add:
    _form("system_add", None)

with tab_edit:
    by_id = {s["id"]: s for s in rows}
    pick = st.selectbox(L("Järjestelmä", "System"), list(by_id), format_func=lambda i: f"{i}: {by_id[i]['name']}",
                        key="system_pick", placeholder=ui.choose())
    chosen = by_id[pick]
    _form(f"system_edit_{pick}", chosen)
    b1, b2 = st.columns(2)
    if chosen["connector"] != "manual" and b1.button(L("Testaa yhteys", "Test the connection"), key="system_test"):
        try:
            st.success(md(connectors.for_system(chosen, connectors.Context(reg.path, user)).test()))
        except KpError as exc:
            st.error(md(str(exc)))
    if chosen["kind"] != "register" and b2.button(L("Poista kartasta", "Remove from the map"), key="system_remove"):
        try:
            systems.remove(reg, user, pick)
            ui.after_write()
            st.rerun()
        except KpError as exc:
            st.error(str(exc))
st.caption(L("Liittimien salasanat eivät ole rekisterissä: ympäristömuuttuja KP_SYSTEM_<nro>_PASSWORD tai tiedosto "
             "<rekisteri>.connectors.json (oikeudet 600) rekisterin vieressä.",
             "Connector passwords are not in the register: the environment variable KP_SYSTEM_<no>_PASSWORD or the file "
             "<register>.connectors.json (mode 600) beside the register."))
