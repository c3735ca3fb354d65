"""Web analytics: visits per day and per page, and how long full IP addresses are kept."""
import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

import ui
from kpcore import web
from kpcore.errors import KpError

L = ui.L
st.title(L("Verkkoanalytiikka", "Web analytics"))

today = dt.date.today()
c1, c2 = st.columns(2)
start = c1.date_input(L("Alkaen", "From"), today - dt.timedelta(days=90), max_value=today, format="DD.MM.YYYY",
                      key="w_start")
end = c2.date_input(L("Päättyen", "Until"), today, max_value=today, format="DD.MM.YYYY", key="w_end")
if start > end:
    st.error(L("Alkupäivä on loppupäivän jälkeen.", "The start date is after the end date."))
    st.stop()
data = ui.read(web.analytics, start, end, today)
total = sum(r["visits"] for r in data["per_day"])
st.metric(L("Käyntejä valitulla jaksolla", "Visits in the period"), f"{total:,}".replace(",", " "))

st.subheader(L("Käynnit päivittäin", "Visits per day"))
if data["per_day"]:
    per_day = pd.DataFrame(data["per_day"])
    st.altair_chart(alt.Chart(per_day).mark_line(point=False).encode(
        x=alt.X("day:T", title=L("Päivä", "Day"), axis=alt.Axis(format=L("%-d.%-m.", "%b %d"))), y=alt.Y("visits:Q", title=L("Käyntejä", "Visits")),
        tooltip=[alt.Tooltip("day:T", title=L("Päivä", "Day")), alt.Tooltip("visits:Q", title=L("Käyntejä", "Visits"))]),
        width="stretch")
else:
    st.info(L("Ei käyntejä valitulla jaksolla.", "No visits in the period."))

st.subheader(L("Käynnit sivuittain", "Visits per page"))
st.dataframe(pd.DataFrame([{L("Sivu", "Page"): r["page"], L("Käyntejä", "Visits"): r["visits"]}
                           for r in data["per_page"]]), hide_index=True, width="stretch")

st.subheader(L("IP-osoitteiden säilytys", "Keeping IP addresses"))
ips, days = data["ips"], data["ip_full_days"]
st.markdown(L(f"Täydet IP-osoitteet säilytetään **{days} päivää**; sen jälkeen ne lyhennetään (IPv4: viimeinen "
              f"tavu nollataan, IPv6: vain kolme ensimmäistä ryhmää). Komento `kp web truncate-ips` tekee sen.",
              f"Full IP addresses are kept for **{days} days**; then they are truncated (IPv4: the last byte is "
              f"zeroed, IPv6: only the first three groups are kept). The command `kp web truncate-ips` does it."))
m1, m2 = st.columns(2)
m1.metric(L("Käyntejä, joilla täysi IP-osoite", "Visits with a full IP address"), f"{ips['full_ips'] or 0:,}".replace(",", " "))
m2.metric(L(f"Niistä yli {days} päivää vanhoja", f"Of them older than {days} days"), ips["full_ips_too_old"] or 0)
if ips["full_ips_too_old"]:
    st.warning(L(f"{ips['full_ips_too_old']} käynnillä on täysi IP-osoite, vaikka se on yli {days} päivää vanha. "
                 f"Näkymät näyttävät ne lyhennettyinä; lyhennä ne myös rekisterissä.",
                 f"{ips['full_ips_too_old']} visits hold a full IP address though older than {days} days. Views show "
                 f"them truncated; truncate them in the register too."))
    if ui.can("change") and st.button(L("Lyhennä nyt", "Truncate now"), key="w_truncate"):
        try:
            with ui.register().write(ui.user()) as w:
                n = web.truncate_old_ips(w)
                if not n:
                    w.audit("web.truncate_ips", "web_visit", None, {"rows": 0, "days": days})
            ui.after_write()
            st.success(L(f"Lyhennetty {n} IP-osoitetta.", f"Truncated {n} IP addresses."))
            st.rerun()
        except KpError as exc:
            ui.show_error(exc)
else:
    st.success(L("Yhtään yli-ikäistä täyttä IP-osoitetta ei ole.", "No full IP address is older than the limit."))

if not ui.can("read.person"):  # a viewer: no IP addresses
    st.caption(ui.VIEWER_NOTE())
    st.stop()
st.subheader(L("Viimeisimmät käynnit", "Latest visits"))
st.dataframe(pd.DataFrame([{L("Aika", "Time"): r["visited_at"], L("Sivu", "Page"): r["page"],
                            L("IP-osoite", "IP address"): r["ip"], L("Selain", "Browser"): r["user_agent"]}
                           for r in data["recent"]]), hide_index=True, width="stretch",
             column_config={L("Aika", "Time"): st.column_config.DatetimeColumn(
                 format=L("D.M.YYYY HH.mm", "YYYY-MM-DD HH:mm"))})
