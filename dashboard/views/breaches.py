"""Breach register (Art. 33): every breach with its 72-hour clock, one breach's record, and
forms to record a new breach and to update one."""
import datetime as dt

import pandas as pd
import streamlit as st

import ui
from kpcore import breaches

L = ui.L
lang = ui.lang()
li = 1 if lang == "en" else 0
now = dt.datetime.now()

st.title(L("Tietoturvaloukkaukset", "Personal-data breaches"))
st.caption(L("Jokainen loukkaus kirjataan (33 art. 5 kohta). Valvontaviranomaiselle ilmoitetaan 72 tunnin kuluessa "
             "siitä, kun loukkaus tuli tietoon, ellei siitä todennäköisesti aiheudu riskiä.",
             "Every breach is recorded (Art. 33(5)). The authority is notified within 72 hours of becoming aware, "
             "unless the breach is unlikely to result in a risk."))

rows = ui.read(breaches.list_breaches)
rows = [{**b, "clock": breaches.clock(b, now)} for b in rows]  # the clock runs on, the cache does not
customers = ui.read(breaches.customers)
cust_name = {c["id"]: c["name"] for c in customers}


def when(value) -> str:
    if value is None:
        return ""
    return f"{value:%d.%m.%Y %H:%M}" if lang == "fi" else f"{value:%Y-%m-%d %H:%M}"


def yes_no(v) -> str:
    return "–" if v is None else (L("kyllä", "yes") if v else L("ei", "no"))


running = [b for b in rows if b["clock"]["state"] in ("running", "overdue")]
for b in running:
    c = b["clock"]
    text = f"#{b['id']}: {breaches.clock_text(c, lang)} · " + L("määräaika", "deadline") + f" {when(c['deadline'])}"
    (st.error if c["state"] == "overdue" or c["hours_left"] < 24 else st.warning)(text)

if not rows:
    st.info(L("Ei kirjattuja loukkauksia.", "No breaches recorded."))
else:
    st.dataframe(pd.DataFrame([{
        "#": b["id"],
        L("Havaittu", "Aware"): when(b["aware_at"]),
        L("72 tunnin kello", "72-hour clock"): breaches.clock_text(b["clock"], lang),
        L("Riski", "Risk"): breaches.RISK_TEXT[b["risk"]][li] if b["risk"] else "–",
        L("Ilmoitetaan", "Notify"): yes_no(b["notify"]),
        L("Alikäsittelijänä", "Processor role"): (cust_name.get(b["customer_id"], "") if b["processor_role"] else "–"),
        L("Mitä tapahtui", "What happened"): b["description"],
    } for b in rows]), hide_index=True, width="stretch")

# -- one breach -------------------------------------------------------------------------------
ids = [b["id"] for b in rows]
wanted = st.query_params.get("breach")
start = ids.index(int(wanted)) if wanted and wanted.isdigit() and int(wanted) in ids else 0
if ids:
    bid = st.selectbox(L("Loukkaus", "Breach"), ids, index=start, key="breach_pick",
                       format_func=lambda i: f"#{i} · {when(next(b for b in rows if b['id'] == i)['aware_at'])}")
    st.query_params["breach"] = str(bid)
    b = next(x for x in rows if x["id"] == bid)
    c = b["clock"]
    st.markdown(f"**{L('72 tunnin kello', '72-hour clock')}:** {breaches.clock_text(c, lang)}")
    m = st.columns(3)
    m[0].metric(L("Määräaika (72 h)", "Deadline (72 h)"), when(c["deadline"]))
    if c["state"] == "running":
        m[1].metric(L("Aikaa jäljellä", "Time left"), f"{c['hours_left']:.0f} h")
    elif c["state"] == "overdue":
        m[1].metric(L("Yli määräajan", "Past the deadline"), f"{c['hours_over']:.0f} h")
    elif c["hours_taken"] is not None:
        m[1].metric(L("Ilmoitettu", "Notified after"), f"{c['hours_taken']:.0f} h")
    if b["processor_role"]:
        m[2].metric(L("Asiakkaalle ilmoitettu", "Customer told"),
                    when(b["customer_informed_at"]) or L("ei vielä", "not yet"))
    detail = []
    for field, (kind, fi, en) in breaches.FIELDS.items():
        v = b[field]
        if kind == "datetime":
            v = when(v)
        elif kind == "bool":
            v = yes_no(v)
        elif field == "risk" and v:
            v = breaches.RISK_TEXT[v][li]
        elif field == "customer_id" and v is not None:
            v = f"#{v} {cust_name.get(v, '')}"
        detail.append({L("Kenttä", "Field"): en if lang == "en" else fi, L("Arvo", "Value"): "" if v is None else str(v)})
    st.dataframe(pd.DataFrame(detail), hide_index=True, width="stretch", height=35 * (len(detail) + 1) + 3)


# -- forms ----------------------------------------------------------------------------------------
RISKS = [None, *breaches.RISKS]
NOTIFY = [None, True, False]
NOTIFY_TEXT = {None: "–", True: L("kyllä", "yes"), False: L("ei", "no")}  # fixed now: AppTest formats later


def breach_form(key: str, old: dict | None) -> dict | None:
    """The breach's fields as a form; returns the values when submitted."""
    old = old or {}
    hint = L("pp.kk.vvvv hh.mm tai vvvv-kk-pp hh:mm", "yyyy-mm-dd hh:mm or dd.mm.yyyy hh.mm")

    def text_dt(field):
        fi, en = breaches.FIELDS[field][1:]
        v = old.get(field)
        return st.text_input(L(fi, en), value=when(v) if v else "", placeholder=hint, key=f"{key}_{field}")

    with st.form(key, clear_on_submit=old == {}):
        a, b = st.columns(2)
        values = {}
        with a:
            values["aware_at"] = text_dt("aware_at")
            values["occurred_at"] = text_dt("occurred_at")
        with b:
            values["risk"] = st.selectbox(L("Riskinarvio", "Risk assessment"), RISKS, index=RISKS.index(old.get("risk")),
                                          format_func=lambda r: "–" if r is None else breaches.RISK_TEXT[r][li],
                                          key=f"{key}_risk")
            values["notify"] = st.selectbox(L("Ilmoitetaanko valvontaviranomaiselle", "Notify the authority"), NOTIFY,
                                            index=NOTIFY.index(old.get("notify")), format_func=NOTIFY_TEXT.get, key=f"{key}_notify")
        for field in ("description", "data_categories", "effects", "remedial_action", "decision_reason", "delay_reason"):
            fi, en = breaches.FIELDS[field][1:]
            widget = st.text_area if field in ("description", "effects", "remedial_action") else st.text_input
            values[field] = widget(L(fi, en), value=old.get(field) or "", key=f"{key}_{field}")
        a, b = st.columns(2)
        with a:
            values["approx_subjects"] = st.text_input(L("Henkilöitä (arvio)", "People (approx.)"),
                                                      value="" if old.get("approx_subjects") is None else str(old["approx_subjects"]),
                                                      key=f"{key}_subjects")
            values["authority_notified_at"] = text_dt("authority_notified_at")
            values["subjects_informed_at"] = text_dt("subjects_informed_at")
        with b:
            values["approx_records"] = st.text_input(L("Tietueita (arvio)", "Records (approx.)"),
                                                     value="" if old.get("approx_records") is None else str(old["approx_records"]),
                                                     key=f"{key}_records")
            values["processor_role"] = st.checkbox(L("Alikäsittelijän roolissa (asiakkaan tiedot)",
                                                     "In the processor role (a customer's data)"),
                                                   value=bool(old.get("processor_role")), key=f"{key}_proc")
            cust_ids = [None, *cust_name]
            values["customer_id"] = st.selectbox(L("Asiakas (rekisterinpitäjä)", "Customer (controller)"), cust_ids,
                                                 index=cust_ids.index(old.get("customer_id")) if old.get("customer_id") in cust_ids else 0,
                                                 format_func=lambda i: "–" if i is None else f"#{i} {cust_name[i]}",
                                                 key=f"{key}_cust")
            values["customer_informed_at"] = text_dt("customer_informed_at")
        if st.form_submit_button(L("Tallenna", "Save")):
            return values
    return None


if not ui.can("change"):  # a viewer reads the breach register; the DPO records and updates it
    st.stop()

with st.expander(L("Kirjaa uusi loukkaus", "Record a new breach"), expanded=not rows):
    new = breach_form("breach_add", None)
    if new is not None:
        try:
            new_id = breaches.add(ui.register(), ui.user(), new)
        except Exception as exc:  # noqa: BLE001 - KpError shown, others re-raised
            ui.show_error(exc)
        else:
            ui.after_write()
            st.query_params["breach"] = str(new_id)
            st.success(L(f"Loukkaus #{new_id} kirjattu.", f"Breach #{new_id} recorded."))
            st.rerun()

if ids:
    with st.expander(L(f"Päivitä loukkausta #{bid}", f"Update breach #{bid}")):
        changed = breach_form(f"breach_edit_{bid}", b)
        if changed is not None:
            try:
                done = breaches.update(ui.register(), ui.user(), bid, changed)
            except Exception as exc:  # noqa: BLE001
                ui.show_error(exc)
            else:
                ui.after_write()
                st.success(L(f"Tallennettu ({len(done)} kenttää muuttui).", f"Saved ({len(done)} field(s) changed)."))
                st.rerun()
