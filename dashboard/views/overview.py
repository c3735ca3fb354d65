"""Overview: who the controller is, how to reach the DPO, and how much the register holds."""
import streamlit as st

import ui
from kpcore.overview import overview

L = ui.L
data = ui.read(overview)
c, n = data["controller"], data["counts"]

st.title(L("Tietosuojavastaavan rekisteri", "DPO register"))
for s in data["notice_stale"]:
    which = {"fi": L("suomenkielinen", "Finnish"), "en": L("englanninkielinen", "English")}[s["lang"]]
    st.warning(L(f"Julkaistu tietosuojaseloste ei ole ajan tasalla ({which}, versio {s['version']}, "
                 f"{s['published_on']:%d.%m.%Y}): sen takana olevat tiedot ovat muuttuneet. Julkaise uusi versio "
                 "Tietosuojaseloste-sivulla.",
                 f"The published privacy notice is out of date ({which}, version {s['version']}, "
                 f"{s['published_on']:%Y-%m-%d}): the facts behind it have changed. Publish a new version on the "
                 "Privacy notice page."), icon=":material/warning:")
left, right = st.columns(2)
with left:
    st.subheader(L("Rekisterinpitäjä", "Controller"))
    st.markdown(f"**{c['name']}**  \n{c['street']}, {c['postcode']} {c['city']}  \n{c['email']}")
with right:
    st.subheader(L("Tietosuojavastaava", "Data protection officer"))
    st.markdown(f"{c['dpo_name'] or ''}  \n{c['dpo_email']}")

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
