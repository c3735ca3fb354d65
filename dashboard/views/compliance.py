"""Compliance overview: the findings with links to their objects, the quarterly figures with
charts beside the previous quarter, the report PDF, issuing a quarter, the Art. 30 record."""
import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

import ui
from kpcore import compliance, fmt, quarter, record
from kpcore.breaches import RISK_TEXT
from kpcore.models import REQUEST_TYPE_TEXT
from kpcore.safety import md

L = ui.L
lang = ui.lang()
li = 1 if lang == "en" else 0
today = dt.date.today()

st.title(L("Vaatimustenmukaisuus", "Compliance overview"))

# -- findings ---------------------------------------------------------------------------
items = ui.read(compliance.findings, today)
summary = compliance.summary(items)
st.subheader(L("Havainnot", "Findings"))
cols = st.columns(4)
cols[0].metric(L("Havaintoja", "Findings"), summary["total"])
for col, sev in zip(cols[1:], compliance.SEVERITIES):
    col.metric(compliance.SEVERITY_TEXT[sev][li], summary["by_severity"][sev])

COLOUR = {"high": "red", "medium": "orange", "low": "blue"}
shown = st.multiselect(L("Näytä vakavuudet", "Show severities"), list(compliance.SEVERITIES),
                       default=list(compliance.SEVERITIES), format_func=lambda s: compliance.SEVERITY_TEXT[s][li],
                       key="finding_severities", placeholder=ui.choose(many=True))
if not items:
    st.success(L("Ei havaintoja: rekisteri on kunnossa.", "No findings: the register is in order."))
for f in items:
    if f.severity not in shown:
        continue
    open_word = L("Avaa", "Open")
    badge = f":{COLOUR[f.severity]}[■ {compliance.SEVERITY_TEXT[f.severity][li]}]"
    text, go = st.columns([9, 1], vertical_alignment="center")
    text.markdown(f"{badge} **{md(f.title(lang))}** · {L('art.', 'Art.')} {md(f.article)}  \n"
                  f"{md(f.text(lang))}")
    with go:  # same tab, same session
        ui.link(f.link, f"{open_word} →")

# -- quarterly overview --------------------------------------------------------------------
st.divider()
st.subheader(L("Neljännesvuosikatsaus", "Quarterly overview"))
options = ui.read(quarter.choices, today)
default_q = quarter.of_date(today)  # the quarter in progress: today's state first
chosen = st.selectbox(L("Neljännes", "Quarter"), options, index=options.index(default_q) if default_q in options else 0,
                      format_func=lambda k: quarter.label(k, lang), key="quarter", placeholder=ui.choose(options))
rep = ui.read(quarter.report, chosen, today, summary)  # today's findings, computed once above
cur, prev = rep["current"], rep["previous"]
fig, pfig = cur["figures"], prev["figures"]
pq = rep["previous"]["quarter"]

if cur["issued_at"]:
    st.info(L(f"Neljännes on julkaistu {fmt.date(cur['issued_at'])}: luvut ovat jäädytetyt, sellaisina kuin ne raportoitiin.",
              f"This quarter was issued on {cur['issued_at']:%Y-%m-%d}: its figures are frozen as reported."))
elif not rep["complete"]:
    st.warning(L("Neljännes on kesken: luvut tähän päivään asti.", "The quarter is in progress: figures up to today."))
st.caption(L(f"Vertailu: {quarter.label(pq, 'fi')} – " + ("julkaistu raportti" if prev["issued_at"] else "laskettu rekisteristä nyt"),
             f"Compared with {quarter.label(pq, 'en')} – " + ("the issued report" if prev["issued_at"] else "computed from the register now")))

m = st.columns(4)
cmp = {r["key"]: r for r in rep["comparison"]}


def metric(col, key):
    r = cmp[key]
    delta = fmt.metric_delta(quarter.format_change(r["change"], r["kind"], lang))  # the arrow follows the sign
    col.metric(r["en"] if lang == "en" else r["fi"], quarter.format_value(r["value"], r["kind"], lang),
               delta=delta, delta_color="off")


metric(m[0], "requests.total.received")
metric(m[1], "requests.on_time_pct")
metric(m[2], "contacts.people_added")
metric(m[3], "breaches.total")

def bars(labels: list[str], cur_values: list, prev_values: list, value_title: str):
    """Horizontal grouped bars: the chosen quarter (dark) above the previous one (light)."""
    df = pd.DataFrame({"label": labels * 2, "quarter": [chosen] * len(labels) + [pq] * len(labels),
                       "value": list(cur_values) + list(prev_values)})
    chart = alt.Chart(df).mark_bar().encode(
        y=alt.Y("label:N", sort=labels, title=None, axis=alt.Axis(labelLimit=320)),
        yOffset=alt.YOffset("quarter:N", sort=[chosen, pq]),
        x=alt.X("value:Q", title=value_title, axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("quarter:N", title=L("Neljännes", "Quarter"),
                        scale=alt.Scale(domain=[chosen, pq], range=["#1d4e89", "#9fb3c8"]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("quarter:N", title=L("Neljännes", "Quarter")),
                 alt.Tooltip("value:Q", title=value_title)],
    ).properties(height=alt.Step(12))
    st.altair_chart(chart, width="stretch")


left, right = st.columns(2)
with left:
    st.markdown("**" + L("Vastaanotetut pyynnöt tyypeittäin", "Requests received by type") + "**")
    types = list(REQUEST_TYPE_TEXT)
    bars([REQUEST_TYPE_TEXT[t][li].split(" (")[0] for t in types],
         [(fig["requests"]["by_type"].get(t) or {}).get("received", 0) for t in types],
         [(pfig["requests"]["by_type"].get(t) or {}).get("received", 0) for t in types], L("Pyyntöjä", "Requests"))
with right:
    st.markdown("**" + L("Uudet käyttötarkoituslinkit", "Purpose links added") + "**")
    names = ui.read(quarter.names)
    pkeys = list(names["purpose"])
    bars([names["purpose"][k][li] for k in pkeys],
         [fig["contacts"]["added_by_purpose"].get(k, 0) for k in pkeys],
         [pfig["contacts"]["added_by_purpose"].get(k, 0) for k in pkeys], L("Lisätty", "Added"))

st.markdown("**" + L("Luvut edelliseen neljännekseen verrattuna", "Figures beside the previous quarter") + "**")
st.dataframe(pd.DataFrame([{
    L("Mittari", "Figure"): r["en"] if lang == "en" else r["fi"],
    chosen: quarter.format_value(r["value"], r["kind"], lang),
    pq: quarter.format_value(r["previous"], r["kind"], lang),
    L("Muutos", "Change"): quarter.format_change(r["change"], r["kind"], lang),
} for r in rep["comparison"]]), hide_index=True, width="stretch", height=35 * (len(rep["comparison"]) + 1) + 3)

breaches = fig["breaches"]["list"]
if breaches:
    st.markdown("**" + L("Neljänneksen tietoturvaloukkaukset", "Breaches in the quarter") + "**")
    met = {"met": L("täyttyi", "met"), "not_met": L("ei täyttynyt", "not met"),
           "late_with_reason": L("myöhässä, syy kirjattu", "late, reason recorded"), "running": L("käynnissä", "running")}
    picked = st.dataframe(pd.DataFrame([{
        "#": b["id"], L("Havaittu", "Aware"): fmt.datetime(dt.datetime.fromisoformat(b["aware_at"]), lang),
        L("Riski", "Risk"): RISK_TEXT[b["risk"]][li] if b["risk"] else "–",
        L("72 tunnin sääntö", "72-hour rule"): met[b["met"]]} for b in breaches]),
        hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key="quarter_breaches")
    st.caption(L("Valitse rivi avataksesi loukkauksen.", "Select a row to open the breach."))
    if picked.selection.rows:
        ui.go("breaches", {"breach": breaches[picked.selection.rows[0]]["id"]})

# -- report PDF and issuing ----------------------------------------------------------------
c1, c2 = st.columns(2)
with c1:
    # Built on click, not on every rerun: the page stays quick on a large register.
    st.download_button(L("Lataa raportti (PDF)", "Download the report (PDF)"),
                       ui.lazy_file(quarter.report_pdf, chosen, lang, today,
                                    audit=("report.export", "quarter", chosen, {"lang": lang, "format": "pdf"})),
                       file_name=f"kuntaplus-report-{chosen}-{lang}.pdf", mime="application/pdf", key="report_pdf",
                       on_click="ignore")
with c2:
    if cur["issued_at"]:
        st.caption(L("Julkaistua neljännestä ei muuteta.", "An issued quarter is not changed."))
    elif not rep["complete"]:
        st.caption(L("Vain päättynyt neljännes voidaan julkaista.", "Only a quarter that has ended can be issued."))
    elif not ui.can("change"):
        st.caption(L("Neljänneksen julkaisee tietosuojavastaava.", "The DPO issues the quarter."))
    else:
        sure = st.checkbox(L("Luvut on tarkistettu: jäädytä ne sellaisinaan", "The figures are checked: freeze them as they are"),
                           key="issue_confirm")
        if st.button(L("Julkaise neljännes", "Issue the quarter"), disabled=not sure, key="issue"):
            try:
                quarter.issue(ui.register(), ui.user(), chosen)
            except Exception as exc:  # noqa: BLE001 - KpError shown, others re-raised
                ui.show_error(exc)
            else:
                ui.after_write()
                st.success(L(f"{chosen} julkaistu.", f"{chosen} issued."))
                st.rerun()

# -- record of processing ----------------------------------------------------------------------
st.divider()
st.subheader(L("Seloste käsittelytoimista (30 art.)", "Record of processing activities (Art. 30)"))
st.caption(L("Rekisterinpitäjän seloste rekisterin tiedoista: tarkoitukset, tietoryhmät, vastaanottajat, siirrot, "
             "säilytysajat ja turvallisuustoimet.",
             "The controller's record from the register: purposes, data categories, recipients, transfers, "
             "retention and security measures."))
rc = st.columns(3)
for col, fmt, mime in zip(rc, record.FORMATS, ["application/pdf",
                                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                               "text/csv"]):
    with col:
        st.download_button(f"{L('Lataa', 'Download')} {fmt.upper()}",
                           ui.lazy_file(record.controller_record, fmt, lang,
                                        audit=("record.export", "controller_record", None, {"lang": lang, "format": fmt})),
                           file_name=f"kuntaplus-record-{lang}.{fmt}", mime=mime, key=f"record_{fmt}",
                           on_click="ignore")
