"""Overview: today's work first (kpcore.overview.today: each row with its days left and one
click to where it is done, in the same tab), then who the controller is and the counts."""
import streamlit as st

import ui
from kpcore import fmt
from kpcore.overview import order, overview, quick_rows, slow_rows
from kpcore.safety import md

L = ui.L
SHOWN = 40  # rows before "show all"


def when(r) -> str:
    """'myöhässä 3 pv' / '2 pv' / '31 h' / 'nyt': the days (or a breach's hours) left."""
    if r["hours_left"] is not None and -72 < r["hours_left"] < 72:
        h = round(r["hours_left"])
        return L(f"{h} h jäljellä", f"{h} h left") if h >= 0 else L(f"myöhässä {-h} h", f"{-h} h late")
    d = r["days_left"]
    if d is None:
        return L("nyt", "now")
    if d < 0:
        return L(f"myöhässä {-d} pv", f"{-d} d late")
    if d == 0:
        return L("tänään", "today")
    return L(f"{d} pv", f"{d} d")


data = ui.read(overview)
c, n = data["controller"], data["counts"]

st.title(L("Tietosuojavastaavan rekisteri", "DPO register"))
for s in data["notice_stale"]:
    which = {"fi": L("suomenkielinen", "Finnish"), "en": L("englanninkielinen", "English"),
             "sv": L("ruotsinkielinen", "Swedish")}[s["lang"]]
    st.warning(L(f"Julkaistu tietosuojaseloste ei ole ajan tasalla ({which}, versio {s['version']}, "
                 f"{fmt.date(s['published_on'])}): sen takana olevat tiedot ovat muuttuneet. Julkaise uusi versio "
                 "Tietosuojaseloste-sivulla.",
                 f"The published privacy notice is out of date ({which}, version {s['version']}, "
                 f"{s['published_on']:%Y-%m-%d}): the facts behind it have changed. Publish a new version on the "
                 "Privacy notice page."), icon=":material/warning:")
st.subheader(L("Tänään tehtävää", "Today's work"))
rows, checked = [], True
if ui.can("read.summary"):
    # The findings over every contact take seconds on a big register: computed beside the page.
    slow, checked = ui.background(slow_rows)
    rows = order(ui.read(quick_rows) + (slow or []))
if not checked:
    st.caption(L("Tarkistetaan vielä henkilötietoja (säilytysajat, tietoryhmät); niiden tehtävät tulevat listaan "
                 "hetken kuluttua…", "Still checking the people's data (retention, data categories); their items join "
                 "the list in a moment…"))
    ui.await_background(slow_rows)
if not rows and checked:
    st.success(L("Ei avoimia tehtäviä: kaikki määräajat ja havainnot ovat kunnossa.",
                 "Nothing to do: every deadline and finding is in order."))
elif rows:
    st.caption(L(f"{len(rows)} tehtävää, kiireellisin ensin. Avaa vie sivulle, jolla asia hoidetaan.",
                 f"{len(rows)} items, the most urgent first. Open takes you to the page where it is done."))
    show_all = len(rows) <= SHOWN or st.session_state.get("inbox_all", False)
    box = st.container(border=True, key="inbox")
    for i, r in enumerate(rows if show_all else rows[:SHOWN]):
        tone = {"high": ":red", "medium": ":orange"}.get(r["severity"], ":gray")
        a, b, cc = box.columns([1.3, 7, 1.2], vertical_alignment="center")
        a.markdown(f"{tone}[**{when(r)}**]")
        b.markdown(md(r["text_fi"] if ui.lang() == "fi" else r["text_en"]))
        with cc:
            ui.page_link(r["page"], L("Avaa →", "Open →"), r["params"])
    if not show_all:
        st.toggle(L(f"Näytä kaikki {len(rows)}", f"Show all {len(rows)}"), key="inbox_all")

st.divider()
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
