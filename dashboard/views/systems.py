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

_ = ui._
lang = ui.lang()
reg = ui.register()

st.title(_("Systems"))
st.caption(_("Where personal data really lives: each system, its purposes and data categories, who runs it (the processor) and its retention. The notice's and the Art. 30 record's recipients come from here."))

rows = ui.read(systems.list_systems)
if ui.read(systems.unfilled):
    st.warning(_("The map holds only this register. Add the mailbox, CRM, helpdesk, analytics and every other system holding personal data (for the DPO to fill)."))

st.graphviz_chart(systems.graph_dot(rows, lang), width="stretch")

KIND = {k: ui.tr(v) for k, v in systems.KINDS.items()}
cat_names = ui.read(systems.category_names)
CONN = {k: ui.tr(v) for k, v in systems.CONNECTORS.items()}
system_rows = [{_("No."): s["id"], _("System"): s["name"], _("Kind"): KIND[s["kind"]],
               # who runs it, where, and on what safeguard outside the EEA: one column, so the table fits at 1400 px
               _("Run by (country)"): f"{s['processor_name'] or 'KuntaPlus'} "
               f"({s['processor_country'] or 'FI'})" + (_(" – safeguard: ")
                                                        + ((ui.pick(s, "safeguard")
                                                            or s["safeguard_fi"]) or "–") if s["outside_eea"] else ""),
               _("Purposes"): ", ".join(ui.pick(s, "purpose_names")),
               _("Categories"): ", ".join(ui.pick(cat_names[c], "name") if c in cat_names else c
                                                         for c in s["categories"]),
               _("Retention"): (ui.pick(s, "retention")) or "",
               _("Requests carried out"): CONN[s["connector"]]
               + (_(" (may delete)") if s["allow_delete"] else "")}
               for s in rows]
st.dataframe(system_rows, hide_index=True, width="stretch", **ui.fit(system_rows, max_lines=12))

if not ui.can("change"):
    st.caption(ui.VIEWER_NOTE())
    st.stop()

user = ui.user()
choices = ui.read(systems.form_choices)  # cached: read on every run, they cost 0.25-0.45 s at 1M (issue 16 §6)
purposes = {p["key"]: (ui.pick(p, "name")) for p in choices["purposes"]}
categories = {c["key"]: (ui.pick(c, "name")) for c in choices["categories"]}
recipients = {r["id"]: f"{r['name']} ({r['country']})" for r in choices["recipients"]}

tab_add, tab_edit = st.tabs([_("Add a system"), _("Change or remove")])


def _form(key: str, s: dict | None) -> None:
    s = s or {}
    with st.form(key):
        c1, c2 = st.columns(2)
        name = c1.text_input(_("Name"), value=s.get("name", ""))
        kind = c2.selectbox(_("Kind"), list(KIND), format_func=KIND.get,
                            index=list(KIND).index(s["kind"]) if s.get("kind") else list(KIND).index("crm"),
                            placeholder=ui.choose())
        sel_p = st.multiselect(_("Purposes"), list(purposes), format_func=purposes.get,
                               default=s.get("purposes", []), placeholder=ui.choose(many=True))
        sel_c = st.multiselect(_("Data categories"), list(categories), format_func=categories.get,
                               default=[c for c in s.get("categories", []) if c in categories],
                               placeholder=ui.choose(many=True))
        options = [0] + list(recipients)
        labels = {0: _("KuntaPlus itself"), **recipients}
        proc = st.selectbox(_("Run by (processor)"), options, format_func=labels.get,
                            index=options.index(s["processor_id"]) if s.get("processor_id") in options else 0,
                            placeholder=ui.choose(options))
        st.markdown(_("…or a new processor:"))
        n1, n2, n3 = st.columns([3, 1, 3])
        new_name = n1.text_input(_("New processor's name"), key=key + "_nn")
        new_country = n2.text_input(_("Country"), value="FI", max_chars=2, key=key + "_nc")
        new_sg = n3.text_input(_("Transfer safeguard (outside the EU/EEA)"),
                               key=key + "_ns")
        r1, r2, r3 = st.columns(3)  # Finnish, Swedish, English (issue 18 §2); Swedish empty: read as the Finnish
        ret_fi = r1.text_input(_("Retention (Finnish)"), value=s.get("retention_fi") or "")
        ret_sv = r2.text_input(_("Retention (Swedish)"), value=s.get("retention_sv") or "")
        ret_en = r3.text_input(_("Retention (English)"), value=s.get("retention_en") or "")
        k1, k2 = st.columns(2)
        conn = k1.selectbox(_("Requests carried out"), list(CONN), format_func=CONN.get,
                            index=list(CONN).index(s.get("connector") or "manual"), placeholder=ui.choose())
        allow = k2.checkbox(_("The connector may delete (erasure)"),
                            value=bool(s.get("allow_delete")))
        settings = st.text_area(_("Connector settings (JSON, no passwords)"),
                                value=json.dumps(s.get("settings") or {}, ensure_ascii=False))
        i1, i2, i3 = st.columns(3)
        ins_fi = i1.text_area(_("Instructions by hand (Finnish)"),
                              value=s.get("instructions_fi") or "")
        ins_sv = i2.text_area(_("Instructions by hand (Swedish)"),
                              value=s.get("instructions_sv") or "")
        ins_en = i3.text_area(_("Instructions by hand (English)"),
                              value=s.get("instructions_en") or "")
        if st.form_submit_button(_("Save"), type="primary"):
            values = {"name": name, "kind": kind, "retention_fi": ret_fi, "retention_en": ret_en, "connector": conn,
                      "settings": settings, "allow_delete": allow, "instructions_fi": ins_fi, "instructions_en": ins_en,
                      "retention_sv": ret_sv, "instructions_sv": ins_sv}
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
                st.error(ui.error_text(exc))
                return
            ui.after_write()
            st.rerun()


with tab_add:
    _form("system_add", None)

with tab_edit:
    by_id = {s["id"]: s for s in rows}
    pick = st.selectbox(_("System"), list(by_id), format_func=lambda i: f"{i}: {by_id[i]['name']}",
                        key="system_pick", placeholder=ui.choose())
    chosen = by_id[pick]
    _form(f"system_edit_{pick}", chosen)
    b1, b2 = st.columns(2)
    if chosen["connector"] != "manual" and b1.button(_("Test the connection"), key="system_test"):
        try:
            st.success(md(connectors.for_system(chosen, connectors.Context(reg.path, user)).test().text(lang)))
        except KpError as exc:
            st.error(md(ui.error_text(exc)))
    if chosen["kind"] != "register" and b2.button(_("Remove from the map"), key="system_remove"):
        try:
            systems.remove(reg, user, pick)
            ui.after_write()
            st.rerun()
        except KpError as exc:
            st.error(ui.error_text(exc))
st.caption(_("Connector passwords are not in the register: the environment variable KP_SYSTEM_<no>_PASSWORD or the file <register>.connectors.json (mode 600) beside the register."))
