"""Compliance overview: the findings with links to their objects, the quarterly figures with
charts beside the previous quarter, the report PDF, issuing a quarter, the Art. 30 record."""
import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

import ui
from kpcore import compliance, fmt, quarter, record
from kpcore.breaches import RISK_TEXT
from kpcore.models import REQUEST_TYPES, request_type_text
from kpcore.safety import md

_ = ui._
pgettext = ui.pgettext
lang = ui.lang()
today = dt.date.today()

st.title(_("Compliance overview"))

# -- findings ---------------------------------------------------------------------------
items = ui.read(compliance.findings, today)
summary = compliance.summary(items)
st.subheader(_("Findings"))
cols = st.columns(4)
cols[0].metric(pgettext("Havaintoja", "Findings"), summary["total"])
for col, sev in zip(cols[1:], compliance.SEVERITIES):
    col.metric(ui.tr(compliance.SEVERITY_TEXT[sev]), summary["by_severity"][sev])

COLOUR = {"high": "red", "medium": "orange", "low": "blue"}
shown = st.multiselect(_("Show severities"), list(compliance.SEVERITIES),
                       default=list(compliance.SEVERITIES), format_func=lambda s: ui.tr(compliance.SEVERITY_TEXT[s]),
                       key="finding_severities", placeholder=ui.choose(many=True))
if not items:
    st.success(_("No findings: the register is in order."))
for f in items:
    if f.severity not in shown:
        continue
    open_word = _("Open")
    badge = f":{COLOUR[f.severity]}[■ {ui.tr(compliance.SEVERITY_TEXT[f.severity])}]"
    line = st.container(horizontal=True, vertical_alignment="center", wrap=False)  # 3 elements a finding, not 5
    line.markdown(f"{badge} **{md(f.title(lang))}** · {_('Art.')} {md(f.article)}  \n"
                  f"{md(f.text(lang))}", width="stretch")
    with line:  # same tab, same session
        ui.link(f.link, f"{open_word} →")

# -- quarterly overview --------------------------------------------------------------------
st.divider()
st.subheader(_("Quarterly overview"))
options = ui.read(quarter.choices, today)
default_q = quarter.of_date(today)  # the quarter in progress: today's state first
chosen = st.selectbox(_("Quarter"), options, index=options.index(default_q) if default_q in options else 0,
                      format_func=lambda k: quarter.label(k, lang), key="quarter", placeholder=ui.choose(options))
rep = ui.read(quarter.report, chosen, today, summary)  # today's findings, computed once above
cur, prev = rep["current"], rep["previous"]
fig, pfig = cur["figures"], prev["figures"]
pq = rep["previous"]["quarter"]

if cur["issued_at"]:
    st.info(_("This quarter was issued on {date}: its figures are frozen as reported.").format(
        date=fmt.date(cur["issued_at"], lang)))
elif not rep["complete"]:
    st.warning(_("The quarter is in progress: figures up to today."))
st.caption((_("Compared with {quarter} – the issued report") if prev["issued_at"]
            else _("Compared with {quarter} – computed from the register now")).format(quarter=quarter.label(pq, lang)))

m = st.columns(4)
cmp = {r["key"]: r for r in rep["comparison"]}


def metric(col, key):
    r = cmp[key]
    delta = fmt.metric_delta(quarter.format_change(r["change"], r["kind"], lang))  # the arrow follows the sign
    col.metric(r.get(lang) or r["en"], quarter.format_value(r["value"], r["kind"], lang),
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
        color=alt.Color("quarter:N", title=_("Quarter"),
                        scale=alt.Scale(domain=[chosen, pq], range=["#1d4e89", "#9fb3c8"]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("quarter:N", title=_("Quarter")),
                 alt.Tooltip("value:Q", title=value_title)],
    ).properties(height=alt.Step(12))
    st.altair_chart(chart, width="stretch")


left, right = st.columns(2)
with left:
    st.markdown("**" + _("Requests received by type") + "**")
    types = list(REQUEST_TYPES)
    bars([request_type_text(t, ui.lang()).split(" (")[0] for t in types],
         [(fig["requests"]["by_type"].get(t) or {}).get("received", 0) for t in types],
         [(pfig["requests"]["by_type"].get(t) or {}).get("received", 0) for t in types], _("Requests"))
with right:
    st.markdown("**" + _("Purpose links added") + "**")
    names = ui.read(quarter.names)
    pkeys = list(names["purpose"])
    bars([ui.tr(names["purpose"][k]) for k in pkeys],
         [fig["contacts"]["added_by_purpose"].get(k, 0) for k in pkeys],
         [pfig["contacts"]["added_by_purpose"].get(k, 0) for k in pkeys], _("Added"))

st.markdown("**" + _("Figures beside the previous quarter") + "**")
st.dataframe(pd.DataFrame([{
    _("Figure"): r.get(lang) or r["en"],
    chosen: quarter.format_value(r["value"], r["kind"], lang),
    pq: quarter.format_value(r["previous"], r["kind"], lang),
    _("Change"): quarter.format_change(r["change"], r["kind"], lang),
} for r in rep["comparison"]]), hide_index=True, width="stretch", height=35 * (len(rep["comparison"]) + 1) + 3)

breaches = fig["breaches"]["list"]
if breaches:
    st.markdown("**" + _("Breaches in the quarter") + "**")
    met = {"met": _("met"), "not_met": _("not met"),
           "late_with_reason": _("late, reason recorded"), "running": _("running")}
    picked = st.dataframe(pd.DataFrame([{
        "#": b["id"], _("Aware"): fmt.datetime(dt.datetime.fromisoformat(b["aware_at"]), lang),
        _("Risk"): ui.tr(RISK_TEXT[b["risk"]]) if b["risk"] else "–",
        _("72-hour rule"): met[b["met"]]} for b in breaches]),
        hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key="quarter_breaches")
    st.caption(_("Select a row to open the breach."))
    if picked.selection.rows:
        ui.go("breaches", {"breach": breaches[picked.selection.rows[0]]["id"]})

# -- report PDF and issuing ----------------------------------------------------------------
c1, c2 = st.columns(2)
with c1:
    # Built on click, not on every rerun: the page stays quick on a large register.
    st.download_button(_("Download the report (PDF)"),
                       ui.lazy_file(quarter.report_pdf, chosen, lang, today,
                                    audit=("report.export", "quarter", chosen, {"lang": lang, "format": "pdf"})),
                       file_name=f"kuntaplus-report-{chosen}-{lang}.pdf", mime="application/pdf", key="report_pdf",
                       on_click="ignore")
with c2:
    if cur["issued_at"]:
        st.caption(_("An issued quarter is not changed."))
    elif not rep["complete"]:
        st.caption(_("Only a quarter that has ended can be issued."))
    elif not ui.can("change"):
        st.caption(_("The DPO issues the quarter."))
    else:
        sure = st.checkbox(_("The figures are checked: freeze them as they are"),
                           key="issue_confirm")
        if st.button(_("Issue the quarter"), disabled=not sure, key="issue"):
            try:
                quarter.issue(ui.register(), ui.user(), chosen)
            except Exception as exc:  # noqa: BLE001 - KpError shown, others re-raised
                ui.show_error(exc)
            else:
                ui.after_write()
                st.success(_("{chosen} issued.").format(chosen=chosen))
                st.rerun()

# -- record of processing ----------------------------------------------------------------------
st.divider()
st.subheader(_("Record of processing activities (Art. 30)"))
st.caption(_("The controller's record from the register: purposes, data categories, recipients, transfers, retention and security measures."))
rc = st.columns(3)
for col, fmt, mime in zip(rc, record.FORMATS, ["application/pdf",
                                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                               "text/csv"]):
    with col:
        st.download_button(f"{_('Download')} {fmt.upper()}",
                           ui.lazy_file(record.controller_record, fmt, lang,
                                        audit=("record.export", "controller_record", None, {"lang": lang, "format": fmt})),
                           file_name=f"kuntaplus-record-{lang}.{fmt}", mime=mime, key=f"record_{fmt}",
                           on_click="ignore")
