"""Direct marketing (#11): the lawful marketing list, opt-outs and consent withdrawals for anyone,
an opt-out list file, and lifting a suppression with its reason. Rules live in kpcore.marketing."""
import datetime as dt

import streamlit as st

import ui
from kpcore import marketing
from kpcore.errors import KpError, ValidationFailed
from kpcore.safety import md

_ = ui._
pgettext = ui.pgettext
st.title(_("Direct marketing"))
ui.require_role("dpo", what="marketing")
reg, user = ui.register(), ui.user()
today = dt.date.today()

if st.session_state.get("marketing_flash"):
    st.success(st.session_state.pop("marketing_flash"))

st.markdown(ui.tr(marketing.STATEMENT))

counts = ui.read(marketing.list_counts)
st.subheader(_("Marketing list"))
st.metric(_("Reachable by email now"), counts["reachable"])
names = {"work_role": _("work role"), "existing_customer": _("existing customer"),
         "consent": _("consent"), "none": _("no electronic marketing"),
         "unknown": _("basis not recorded (not listed)")}
st.dataframe([{_("Basis"): names.get(k, k), _("Links"): n}
              for k, n in counts["by_basis"].items()], hide_index=True)
st.caption(_("Only people with a work-role, existing-customer or consent basis; no restricted, opted-out or consent-withdrawn people. A personal address only with consent. Every download is audited."))
c1, c2 = st.columns(2)
for col, fmt in ((c1, "csv"), (c2, "xlsx")):
    col.download_button(_("Download the marketing list ({upper})").format(upper=fmt.upper()),
                        ui.lazy_file(marketing.list_bytes, fmt,
                                     audit=("marketing.export", "marketing_list", None,
                                            {"format": fmt, "rows": counts["reachable"]})),
                        file_name=f"markkinointilista-{today.isoformat()}.{fmt}", key=f"mk_dl_{fmt}",
                        mime="text/csv" if fmt == "csv" else
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

purposes = ui.read(marketing.direct_marketing_purposes)


def done(msg: str) -> None:
    ui.after_write()
    st.session_state["marketing_flash"] = msg
    st.rerun()


st.subheader(_("Opt-out or consent withdrawal"))
st.caption(_("Takes effect at once (Art. 21(3); Art. 7(3)), also for someone not in the register: only a keyed hash of the address is kept, which stops imports for this purpose."))
with st.form("opt_out"):
    email = st.text_input(_("Email address"), key="oo_email")
    purpose = st.selectbox(_("Purpose"), purposes, key="oo_purpose", placeholder=ui.choose(purposes))
    on = st.date_input(pgettext("Päivä", "Date"), value=today, max_value=today, format="DD.MM.YYYY", key="oo_on")
    source = st.text_input(_("Where from (e.g. a call, an unsubscribe)"),
                           key="oo_source")
    withdraw = st.checkbox(_("Consent withdrawal"), key="oo_withdraw")
    if st.form_submit_button(_("Record now")):
        try:
            r = marketing.opt_out(reg, user, email, purpose=purpose, on=on, source=source.strip() or None,
                                  withdraw_consent=withdraw)
        except KpError as exc:
            st.error(ui.error_text(exc))
        else:
            done(_("Recorded. In the register: {in_register}; marketing links removed: {links_removed}.").format(in_register=r.in_register, links_removed=r.links_removed))

st.subheader(_("Import an opt-out list"))
st.caption(_("A CSV with an email column (e.g. the newsletter tool's unsubscribes) or one address a line. One transaction: with an invalid row nothing is recorded."))
up = st.file_uploader(_("File"), type=["csv", "txt"], key="oo_file")
f_purpose = st.selectbox(_("Purpose"), purposes, key="oo_f_purpose", placeholder=ui.choose(purposes))
if up is not None and st.button(_("Import the opt-out list"), key="oo_f_go"):
    try:
        r, problems, rows = marketing.opt_out_file(reg, user, up.getvalue(), purpose=f_purpose,
                                                   source=up.name[:200])
    except ValidationFailed as exc:
        st.error(ui.error_text(exc))
    except KpError as exc:
        st.error(ui.error_text(exc))
    else:
        done(_("{rows} rows, {addresses} addresses, {in_register} of them in the register; {links_removed} marketing links removed.").format(rows=rows, addresses=r.addresses, in_register=r.in_register, links_removed=r.links_removed))

st.subheader(_("Lift a suppression"))
st.caption(_("Only on a new basis (a new contract, new consent); the reason is recorded."))
with st.form("lift"):
    l_email = st.text_input(_("Email address"), key="lift_email")
    all_text = _("all (erasure)")
    l_purpose = st.selectbox(_("Purpose"), purposes + ["*"], key="lift_purpose",
                             format_func=lambda p, t=all_text: t if p == "*" else p, placeholder=ui.choose())
    l_reason = st.text_input(pgettext("Syy", "Reason"), key="lift_reason")
    if st.form_submit_button(_("Lift")):
        try:
            n = marketing.lift(reg, user, l_email, purpose=l_purpose, reason=l_reason)
        except KpError as exc:
            st.error(ui.error_text(exc))
        else:
            done(_("Suppression lifted ({n}).").format(n=n))
