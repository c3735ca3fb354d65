"""Web analytics: visits per day and per page, and how long full IP addresses are kept."""
import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

import ui
from kpcore import web
from kpcore.errors import KpError

_ = ui._
st.title(_("Web analytics"))

today = dt.date.today()
c1, c2 = st.columns(2)
start = c1.date_input(_("From"), today - dt.timedelta(days=90), max_value=today, format="DD.MM.YYYY",
                      key="w_start")
end = c2.date_input(_("Until"), today, max_value=today, format="DD.MM.YYYY", key="w_end")
if start > end:
    st.error(_("The start date is after the end date."))
    st.stop()
data = ui.read(web.analytics, start, end, today)
total = sum(r["visits"] for r in data["per_day"])
st.metric(_("Visits in the period"), f"{total:,}".replace(",", " "))

st.subheader(_("Visits per day"))
if data["per_day"]:
    per_day = pd.DataFrame(data["per_day"])
    st.altair_chart(alt.Chart(per_day).mark_line(point=False).encode(
        x=alt.X("day:T", title=_("Day"), axis=alt.Axis(format=_("%b %d"))), y=alt.Y("visits:Q", title=_("Visits")),
        tooltip=[alt.Tooltip("day:T", title=_("Day")), alt.Tooltip("visits:Q", title=_("Visits"))]),
        width="stretch")
else:
    st.info(_("No visits in the period."))

st.subheader(_("Visits per page"))
st.dataframe(pd.DataFrame([{_("Page"): r["page"], _("Visits"): r["visits"]}
                           for r in data["per_page"]]), hide_index=True, width="stretch")

st.subheader(_("Keeping IP addresses"))
ips, days = data["ips"], data["ip_full_days"]
st.markdown(_("Full IP addresses are kept for **{days} days**; then they are truncated (IPv4: the last byte is zeroed, IPv6: only the first three groups are kept). The command `kp web truncate-ips` does it.").format(days=days))
m1, m2 = st.columns(2)
m1.metric(_("Visits with a full IP address"), f"{ips['full_ips'] or 0:,}".replace(",", " "))
m2.metric(_("Of them older than {days} days").format(days=days), ips["full_ips_too_old"] or 0)
if ips["full_ips_too_old"]:
    st.warning(_("{full_ips_too_old} visits hold a full IP address though older than {days} days. Views show them truncated; truncate them in the register too.").format(full_ips_too_old=ips['full_ips_too_old'], days=days))
    if ui.can("change") and st.button(_("Truncate now"), key="w_truncate"):
        try:
            with ui.register().write(ui.user()) as w:
                n = web.truncate_old_ips(w)
                if not n:
                    w.audit("web.truncate_ips", "web_visit", None, {"rows": 0, "days": days})
            ui.after_write()
            st.success(_("Truncated {n} IP addresses.").format(n=n))
            st.rerun()
        except KpError as exc:
            ui.show_error(exc)
else:
    st.success(_("No full IP address is older than the limit."))

if not ui.can("read.person"):  # a viewer: no IP addresses
    st.caption(ui.VIEWER_NOTE())
    st.stop()
st.subheader(_("Latest visits"))
st.dataframe(pd.DataFrame([{_("Time"): r["visited_at"], _("Page"): r["page"],
                            _("IP address"): r["ip"], _("Browser"): r["user_agent"]}
                           for r in data["recent"]]), hide_index=True, width="stretch",
             column_config={_("Time"): st.column_config.DatetimeColumn(
                 format=_("YYYY-MM-DD HH:mm"))})
