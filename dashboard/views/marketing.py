"""Direct marketing (#11): the lawful marketing list, opt-outs and consent withdrawals for anyone,
an opt-out list file, and lifting a suppression with its reason. Rules live in kpcore.marketing."""
import datetime as dt

import streamlit as st

import ui
from kpcore import marketing
from kpcore.errors import KpError, ValidationFailed

L = ui.L
st.title(L("Suoramarkkinointi", "Direct marketing"))
ui.require_role("dpo", what="marketing")
reg, user = ui.register(), ui.user()
today = dt.date.today()

if st.session_state.get("marketing_flash"):
    st.success(st.session_state.pop("marketing_flash"))

st.markdown(L(marketing.STATEMENT[0], marketing.STATEMENT[1]))

counts = ui.read(marketing.list_counts)
st.subheader(L("Markkinointilista", "Marketing list"))
st.metric(L("Tavoitettavissa sähköpostilla nyt", "Reachable by email now"), counts["reachable"])
names = {"work_role": L("työrooli", "work role"), "existing_customer": L("asiakassuhde", "existing customer"),
         "consent": L("suostumus", "consent"), "none": L("ei sähköistä markkinointia", "no electronic marketing"),
         "unknown": L("peruste kirjaamatta (ei listalle)", "basis not recorded (not listed)")}
st.dataframe([{L("Peruste", "Basis"): names.get(k, k), L("Linkkejä", "Links"): n}
              for k, n in counts["by_basis"].items()], hide_index=True)
st.caption(L("Listalla vain henkilöt, joilla on työrooli-, asiakassuhde- tai suostumusperuste; ei rajoitettuja, "
             "kieltäytyneitä eikä suostumuksensa peruneita. Henkilökohtaiseen osoitteeseen vain suostumuksella. "
             "Jokainen lataus kirjataan audit-lokiin.",
             "Only people with a work-role, existing-customer or consent basis; no restricted, opted-out or "
             "consent-withdrawn people. A personal address only with consent. Every download is audited."))
c1, c2 = st.columns(2)
for col, fmt in ((c1, "csv"), (c2, "xlsx")):
    col.download_button(L(f"Lataa markkinointilista ({fmt.upper()})", f"Download the marketing list ({fmt.upper()})"),
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


st.subheader(L("Markkinointikielto tai suostumuksen peruutus", "Opt-out or consent withdrawal"))
st.caption(L("Tulee voimaan heti (21 art. 3 kohta; 7 art. 3 kohta), myös henkilölle, joka ei ole rekisterissä: "
             "osoitteesta tallennetaan vain avainnettu tiiviste, joka estää tuonnin tähän käyttötarkoitukseen.",
             "Takes effect at once (Art. 21(3); Art. 7(3)), also for someone not in the register: only a keyed hash "
             "of the address is kept, which stops imports for this purpose."))
with st.form("opt_out"):
    email = st.text_input(L("Sähköpostiosoite", "Email address"), key="oo_email")
    purpose = st.selectbox(L("Käyttötarkoitus", "Purpose"), purposes, key="oo_purpose", placeholder=ui.choose(purposes))
    on = st.date_input(L("Päivä", "Date"), value=today, max_value=today, format="DD.MM.YYYY", key="oo_on")
    source = st.text_input(L("Mistä (esim. puhelu, uutiskirjeen peruutus)", "Where from (e.g. a call, an unsubscribe)"),
                           key="oo_source")
    withdraw = st.checkbox(L("Suostumuksen peruutus", "Consent withdrawal"), key="oo_withdraw")
    if st.form_submit_button(L("Kirjaa heti", "Record now")):
        try:
            r = marketing.opt_out(reg, user, email, purpose=purpose, on=on, source=source.strip() or None,
                                  withdraw_consent=withdraw)
        except KpError as exc:
            st.error(str(exc))
        else:
            done(L(f"Kirjattu. Rekisterissä: {r.in_register}; markkinointilinkkejä poistettu: {r.links_removed}.",
                   f"Recorded. In the register: {r.in_register}; marketing links removed: {r.links_removed}."))

st.subheader(L("Kieltolistan tuonti", "Import an opt-out list"))
st.caption(L("CSV, jossa on sähköpostisarake (esim. uutiskirjetyökalun peruutukset) tai osoite rivillään. "
             "Yksi tapahtuma: virheellisen rivin takia mitään ei kirjata.",
             "A CSV with an email column (e.g. the newsletter tool's unsubscribes) or one address a line. "
             "One transaction: with an invalid row nothing is recorded."))
up = st.file_uploader(L("Tiedosto", "File"), type=["csv", "txt"], key="oo_file")
f_purpose = st.selectbox(L("Käyttötarkoitus", "Purpose"), purposes, key="oo_f_purpose", placeholder=ui.choose(purposes))
if up is not None and st.button(L("Tuo kieltolista", "Import the opt-out list"), key="oo_f_go"):
    try:
        r, problems, rows = marketing.opt_out_file(reg, user, up.getvalue(), purpose=f_purpose,
                                                   source=up.name[:200])
    except ValidationFailed as exc:
        st.error(str(exc))
    except KpError as exc:
        st.error(str(exc))
    else:
        done(L(f"{rows} riviä, {r.addresses} osoitetta, joista {r.in_register} rekisterissä; "
               f"{r.links_removed} markkinointilinkkiä poistettu.",
               f"{rows} rows, {r.addresses} addresses, {r.in_register} of them in the register; "
               f"{r.links_removed} marketing links removed."))

st.subheader(L("Eston purku", "Lift a suppression"))
st.caption(L("Vain uudella perusteella (uusi sopimus, uusi suostumus); syy kirjataan.",
             "Only on a new basis (a new contract, new consent); the reason is recorded."))
with st.form("lift"):
    l_email = st.text_input(L("Sähköpostiosoite", "Email address"), key="lift_email")
    all_text = L("kaikki (poisto)", "all (erasure)")
    l_purpose = st.selectbox(L("Käyttötarkoitus", "Purpose"), purposes + ["*"], key="lift_purpose",
                             format_func=lambda p, t=all_text: t if p == "*" else p, placeholder=ui.choose())
    l_reason = st.text_input(L("Syy", "Reason"), key="lift_reason")
    if st.form_submit_button(L("Pura esto", "Lift")):
        try:
            n = marketing.lift(reg, user, l_email, purpose=l_purpose, reason=l_reason)
        except KpError as exc:
            st.error(str(exc))
        else:
            done(L(f"Esto purettu ({n}).", f"Suppression lifted ({n})."))
