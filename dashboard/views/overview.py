"""Overview: today's work first (kpcore.overview.today: each row with its days left and one
click to where it is done, in the same tab), then who the controller is and the counts."""
import streamlit as st

import ui
from kpcore import fmt
from kpcore.overview import order, overview, quick_rows, slow_rows
from kpcore.safety import md

_ = ui._
pgettext = ui.pgettext
SHOWN = 40  # rows before "show all"
BIG = 200_000  # contacts: the findings over every contact take more than half a second


def when(r) -> str:
    """'myöhässä 3 pv' / '2 pv' / '31 h' / 'nyt': the days (or a breach's hours) left."""
    if r["hours_left"] is not None and -72 < r["hours_left"] < 72:
        h = round(r["hours_left"])
        return _("{h} h left").format(h=h) if h >= 0 else _("{h} h late").format(h=-h)
    d = r["days_left"]
    if d is None:
        return _("now")
    if d < 0:
        return _("{d} d late").format(d=-d)
    if d == 0:
        return _("today")
    return _("{d} d").format(d=d)


data = ui.read(overview)
c, n = data["controller"], data["counts"]

st.title(_("DPO register"))
for s in data["notice_stale"]:
    which = {"fi": _("Finnish"), "en": _("English"),
             "sv": pgettext("ruotsinkielinen", "Swedish")}[s["lang"]]
    st.warning(_("The published privacy notice is out of date ({which}, version {version}, {on}): the facts behind "
                 "it have changed. Publish a new version on the Privacy notice page.").format(
                     which=which, version=s["version"], on=fmt.date(s["published_on"], ui.lang())),
               icon=":material/warning:")
st.subheader(_("Today's work"))
rows, checked = [], True
if ui.can("read.summary"):
    # The findings over every contact take seconds on a big register: computed beside the page.
    # There the page does not wait the half second for them either (it never sufficed: at 1M it
    # was half a second more before the first page after sign-in; issue 16 §6).
    slow, checked = ui.background(slow_rows, wait=0.5 if n["contacts"] < BIG else 0)
    rows = order(ui.read(quick_rows) + (slow or []))
if not checked:
    st.caption(_("Still checking the people's data (retention, data categories); their items join the list in a moment…"))
    ui.await_background(slow_rows)
if not rows and checked:
    st.success(_("Nothing to do: every deadline and finding is in order."))
elif rows:
    st.caption(_("{n_rows} items, the most urgent first. Open takes you to the page where it is done.").format(n_rows=len(rows)))
    show_all = len(rows) <= SHOWN or st.session_state.get("inbox_all", False)
    box = st.container(border=True, key="inbox")
    for i, r in enumerate(rows if show_all else rows[:SHOWN]):
        tone = {"high": ":red", "medium": ":orange"}.get(r["severity"], ":gray")
        # one row container, not three columns: 4 elements a row instead of 7 (issue 16 §6)
        line = box.container(horizontal=True, vertical_alignment="center", gap="medium", wrap=False)
        line.markdown(f"{tone}[**{when(r)}**]", width=110)
        line.markdown(md(ui.pick(r, "text")), width="stretch")
        with line:
            ui.page_link(r["page"], _("Open →"), r["params"])
    if not show_all:
        st.toggle(_("Show all {n_rows}").format(n_rows=len(rows)), key="inbox_all")

st.divider()
left, right = st.columns(2)
with left:
    st.subheader(_("Controller"))
    st.markdown(f"**{md(c['name'])}**  \n{md(c['street'])}, {md(c['postcode'])} {md(c['city'])}  \n{md(c['email'])}")
with right:
    st.subheader(_("Data protection officer"))
    st.markdown(f"{md(c['dpo_name'])}  \n{md(c['dpo_email'])}")

cols = st.columns(5)
cols[0].metric(_("People"), f"{n['contacts']:,}".replace(",", " "))
cols[1].metric(_("Purpose links"), f"{n['purpose_links']:,}".replace(",", " "))
cols[2].metric(_("Open requests"), n["open_requests"],
               delta=_("{overdue_requests} overdue").format(overdue_requests=n['overdue_requests']) if n["overdue_requests"] else None,
               delta_color="inverse")
cols[3].metric(_("Active engagements"), n["active_engagements"])
cols[4].metric(_("Web visits"), f"{n['web_visits']:,}".replace(",", " "))

st.subheader(_("People by purpose"))
# A Markdown table, not st.dataframe: the first page after sign-in then needs neither pandas nor
# pyarrow (their import was 1.9 s of the overview's first run on a loaded machine; issue 16 §6).
st.markdown("\n".join([f"| {_('Purpose')} | {_('People')} |", "|---|--:|"]
                      + ["| {} | {} |".format(md(ui.pick(r, "name")), f"{r['contacts']:,}".replace(",", " "))
                         for r in data["per_purpose"]]))
