"""Audit log (Art. 5(2)): who did what to which object and when, for the DPO only.

Filters by actor, action (a prefix: "auth." is every sign-in event), object type, object id
and date range; the hash chain can be verified on the spot.
"""
import datetime as dt

import streamlit as st

import ui
from kpcore import audit
from kpcore.i18n import N_
from kpcore.safety import md

_ = ui._
_unused = ui._
ui.require_role("dpo", what="audit")

st.title(_("Audit log"))
st.caption(_("Every view of a person's data, export, PDF, change and sign-in is recorded here. The log is hash-chained: an edited or deleted event is detected."))

PAGE = 500
ACTION_GROUPS = {  # prefix -> label
    "auth.": N_("Sign-ins"),
    "access.denied": N_("Refused attempts"),
    "user.": N_("User management"),
    "retention.": N_("Retention periods"),
    "register.": N_("Register maintenance"),
}


try:
    facets = ui.read(audit.facets)
except Exception as exc:  # noqa: BLE001 - a KpError is shown plainly, anything else re-raised
    ui.show_error(exc)
    st.stop()

ANY = "—"
c1, c2, c3 = st.columns(3)
actor = c1.selectbox(_("Actor"), [ANY] + facets["actor"], key="audit_actor", placeholder=ui.choose())
groups = [p for p in ACTION_GROUPS if any(a.startswith(p) for a in facets["action"])]
action_choices = [ANY] + groups + [a for a in facets["action"] if a not in groups]
action_labels = {a: (_(ACTION_GROUPS[a]) if a in ACTION_GROUPS else audit.action_text(a, ui.lang()))
                 for a in action_choices}
action_labels[ANY] = ANY
action = c2.selectbox(_("Action"), action_choices, key="audit_action", format_func=action_labels.get,
                      placeholder=ui.choose(action_choices))
object_labels = {t: audit.object_text(t, ui.lang()) for t in facets["object_type"]} | {ANY: ANY}
object_type = c3.selectbox(_("Object type"), [ANY] + facets["object_type"], key="audit_object_type",
                           format_func=object_labels.get, placeholder=ui.choose())
c4, c5 = st.columns([2, 1])
today = dt.date.today()
period = c4.date_input(_("Date range"), value=(today - dt.timedelta(days=30), today),
                       max_value=today + dt.timedelta(days=1), key="audit_period", format="DD.MM.YYYY")
object_id = c5.text_input(_("Object id"), key="audit_object_id").strip()

start, end = (period[0], period[1]) if isinstance(period, (tuple, list)) and len(period) == 2 else (
    (period[0], period[0]) if isinstance(period, (tuple, list)) and period else (period, period))
filters = (("actor", None if actor == ANY else actor), ("action", None if action == ANY else action),
           ("object_type", None if object_type == ANY else object_type), ("object_id", object_id or None),
           ("start", start), ("end", end))
total, rows = ui.read(audit.page, filters, PAGE)

st.markdown(_("**{total}** events match; the newest {page} are shown.").format(total=total, page=PAGE) if total > PAGE
            else _("**{total}** events match.").format(total=total))
if rows:
    import pandas as pd

    table = pd.DataFrame([{
        "#": r["seq"],
        _("Time"): r["event_at"],
        _("Actor"): r["actor"],
        _("Action"): audit.action_text(r["action"], ui.lang()),  # names, not codes (issue 16 §4)
        _("Object"): audit.object_text(r["object_type"], ui.lang()),
        "id": r["object_id"] or "",
        _("Detail"): audit.detail_text(r["detail"], ui.lang()),  # words, not key=value
    } for r in rows])
    st.dataframe(table, hide_index=True, width="stretch",
                 **ui.fit(table, {_("Time"): st.column_config.DatetimeColumn(
                     format=_("YYYY-MM-DD HH:mm:ss"))}, max_lines=3))  # Finnish: 1.12.2026 14.05.00
else:
    st.info(_("No events match these filters."))

st.subheader(_("Chain integrity"))
if st.button(_("Verify the audit log's hash chain"), key="audit_verify"):
    res = ui.read(audit.verify_summary)
    if res["ok"]:
        st.success(_("The log is intact: {events} events, the chain matches. Last: {tip_seq}:{tip_hash}").format(events=res['events'], tip_seq=res['tip_seq'], tip_hash=res['tip_hash']))
    else:
        st.error(_("The log has been tampered with! First bad event: {first_bad_seq}.").format(first_bad_seq=res['first_bad_seq']))
        for p in res["problems"]:
            st.markdown("- " + md(p.text(ui.lang()) if hasattr(p, "text") else p))
