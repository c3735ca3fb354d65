"""Overview: who the controller is, how to reach the DPO, and how much the register holds."""
import streamlit as st

import ui
from kpcore.overview import overview
from kpcore.safety import md

L = ui.L
data = ui.read(overview)
c, n = data["controller"], data["counts"]

st.title(L("Tietosuojavastaavan rekisteri", "DPO register"))
left, right = st.columns(2)
with left:
    st.subheader(L("Rekisterinpitäjä", "Controller"))
    st.markdown(f"**{md(c['name'])}**  \n{md(c['street'])}, {md(c['postcode'])} {md(c['city'])}  \n{md(c['email'])}")
with right:
    st.subheader(L("Tietosuojavastaava", "Data protection officer"))
    st.markdown(f"{md(c['dpo_name'])}  \n{md(c['dpo_email'])}")

cols = st.columns(5)
cols[0].metric(L("Henkilöitä", "People"), f"{n['contacts']:,}".replace(",", " "))
cols[1].metric(L("Käyttötarkoituslinkkejä", "Purpose links"), f"{n['purpose_links']:,}".replace(",", " "))
cols[2].metric(L("Avoimia pyyntöjä", "Open requests"), n["open_requests"],
               delta=L(f"{n['overdue_requests']} myöhässä", f"{n['overdue_requests']} overdue") if n["overdue_requests"] else None,
               delta_color="inverse")
cols[3].metric(L("Aktiivisia toimeksiantoja", "Active engagements"), n["active_engagements"])
cols[4].metric(L("Verkkokäyntejä", "Web visits"), f"{n['web_visits']:,}".replace(",", " "))

st.subheader(L("Henkilöt käyttötarkoituksittain", "People by purpose"))
st.dataframe(
    [{L("Käyttötarkoitus", "Purpose"): r["name_fi"] if ui.lang() == "fi" else r["name_en"],
      L("Henkilöitä", "People"): r["contacts"]} for r in data["per_purpose"]],
    hide_index=True, width="stretch")
