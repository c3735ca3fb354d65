"""A request's tasks in the systems map (#12), on the request page: run a connector task, record a
check done by hand, or mark a task not applicable. Register text is shown through safety.md or
in data frames (never as Markdown)."""
from __future__ import annotations

import datetime as dt

import streamlit as st

import ui
from kpcore import fmt, tasks
from kpcore.connectors import ConnectorError
from kpcore.errors import KpError
from kpcore.safety import md

L = ui.L

METHOD_TEXT = {"manual": ("käsin", "by hand"), "register": ("rekisteri", "register"), "imap": ("IMAP-liitin", "IMAP connector"),
               "table": ("taulukkovienti", "table export")}


def _pair(pair) -> str:
    return L(*pair)


def _state(t: dict) -> str:
    if t["status"] == "done":
        return L("tehty", "done")
    if t["status"] == "not_applicable":
        return L("ei koske", "not applicable")
    if t.get("error"):
        return L("AVOIN – ajo epäonnistui", "OPEN – last run failed")
    return L("avoin", "open")


def _result(t: dict) -> str:
    if t["status"] == "done":
        return (L("löytyi: ", "found: ") if t["found"] else L("ei löytynyt: ", "not found: ")) + (t["summary"] or "")
    if t["status"] == "not_applicable":
        return t["na_reason"] or ""
    return t.get("error") or ""


def show(r: dict) -> None:
    reg = ui.register()
    rid = r["id"]
    rows = ui.read(tasks.for_request, rid)
    n_open = sum(1 for t in rows if t["status"] == "open")
    st.subheader(L("Tehtävät järjestelmissä", "Tasks in the systems"))
    if not rows:
        st.caption(L("Pyynnöllä ei ole tehtäviä järjestelmäkartassa.", "The request has no tasks in the systems map."))
        return
    st.caption(L(f"{len(rows)} järjestelmää, {n_open} avoinna. Pyyntöä ei voi sulkea, ennen kuin jokainen tehtävä on "
                 "tehty tai merkitty perustellusti koskemattomaksi.",
                 f"{len(rows)} systems, {n_open} open. The request cannot be closed until every task is done or marked "
                 "not applicable with a reason."))
    task_rows = [{L("Nro", "No."): t["id"], L("Järjestelmä", "System"): t["system_name"],
                   L("Ylläpitäjä", "Run by"): t["processor_name"] or "KuntaPlus",
                   L("Tehtävä", "Task"): _pair(tasks.ACTIONS[t["action"]]),
                   L("Tapa", "How"): _pair(METHOD_TEXT.get(t["method"], (t["method"], t["method"]))),
                   L("Tila", "Status"): _state(t), L("Tulos", "Result"): _result(t),
                   L("Tarkistaja", "Checked by"): t["checked_by"] or "",
                   L("Aika", "When"): fmt.datetime(t["checked_at"], ui.lang()) if t["checked_at"] else ""}
                 for t in rows]
    st.dataframe(task_rows, hide_index=True, width="stretch", key="tasks_table", **ui.fit(task_rows))

    for t in rows:
        if t["status"] == "done" and t["findings"] and t["system_kind"] != "register":
            with st.expander(L(f"Löydökset: {t['system_name']} ({len(t['findings'])})",
                               f"Findings: {t['system_name']} ({len(t['findings'])})")):
                st.dataframe(_findings_rows(t["findings"][:500]), hide_index=True, width="stretch")
                if len(t["findings"]) > 500:
                    st.caption(L("Ensimmäiset 500; kaikki ovat JSON/CSV-kopiossa.", "The first 500; all are in the JSON/CSV copy."))

    if not r["open"] or not n_open or not ui.can("change"):
        return
    connector_open = [t for t in rows if t["status"] == "open" and t["method"] != "manual"]
    user = ui.user()
    if connector_open and st.button(L(f"Aja liitintehtävät ({len(connector_open)})",
                                      f"Run the connector tasks ({len(connector_open)})"), key="tasks_run_all",
                                    type="primary"):
        with st.status(L("Haetaan järjestelmistä…", "Searching the systems…"), expanded=True) as status:
            failed = 0
            for t in connector_open:
                st.write(L(f"{t['system_name']}: ajetaan…", f"{t['system_name']}: running…"))
                try:
                    done = tasks.run(reg, user, t["id"])
                    st.write(f"{md(t['system_name'])}: {md(done['summary'])}")
                except (ConnectorError, KpError) as exc:
                    failed += 1
                    st.write(f"⚠️ {md(t['system_name'])}: {md(str(exc))}")
            ui.after_write()
            status.update(label=L(f"Valmis: {len(connector_open) - failed} ajettu, {failed} epäonnistui",
                                  f"Finished: {len(connector_open) - failed} run, {failed} failed"),
                          state="error" if failed else "complete")
        if st.button(L("Päivitä näkymä", "Refresh the view"), key="tasks_refresh"):
            st.rerun()

    choices = {t["id"]: t for t in rows if t["status"] == "open"}
    labels = {i: f"{i}: {t['system_name']} – {_pair(tasks.ACTIONS[t['action']])}" for i, t in choices.items()}
    pick = st.selectbox(L("Avoin tehtävä", "Open task"), list(choices), format_func=labels.get, key="task_pick",
                        placeholder=ui.choose())
    t = choices[pick]
    instructions = t["instructions_fi"] if ui.lang() == "fi" else (t["instructions_en"] or t["instructions_fi"])
    if instructions:
        st.markdown(L("**Ohje:** ", "**How:** ") + md(instructions))
    if t.get("error"):
        st.warning(md(t["error"]))
    if t["method"] != "manual" and st.button(L("Aja tämä tehtävä", "Run this task"), key=f"task_run_{pick}"):
        with st.spinner(L("Haetaan…", "Searching…")):
            try:
                tasks.run(reg, user, pick)
                ui.after_write()
                st.rerun()
            except (ConnectorError, KpError) as exc:
                ui.after_write()
                st.error(str(exc))
    with st.form(f"task_manual_{pick}"):
        st.markdown(L("**Kirjaa käsin tehty tarkistus**", "**Record a check done by hand**"))
        c1, c2 = st.columns(2)
        by = c1.text_input(L("Kuka tarkisti", "Who checked"), value=user)
        on = c2.date_input(L("Milloin", "When"), value=dt.date.today(), max_value=dt.date.today(), format="DD.MM.YYYY")
        yes_no = {True: L("Kyllä", "Yes"), False: L("Ei", "No")}
        found = st.radio(L("Löytyikö tietoja", "Was data found"), [True, False], horizontal=True, format_func=yes_no.get)
        summary = st.text_input(L("Mitä löytyi", "What was found"), key=f"task_summary_{pick}")
        evidence = st.text_input(L("Todiste (kuvakaappaus, tiketti, …)", "Evidence (screenshot, ticket, …)"),
                                 key=f"task_evidence_{pick}")
        if st.form_submit_button(L("Tallenna tarkistus", "Save the check"), key=f"task_save_{pick}"):
            at = dt.datetime.combine(on, dt.datetime.now().time().replace(microsecond=0)) if on == dt.date.today() \
                else dt.datetime.combine(on, dt.time(12, 0))
            _act(tasks.record_manual, reg, user, pick, checked_by=by, found=found, summary=summary, evidence=evidence,
                 checked_at=at)
    with st.form(f"task_na_{pick}"):
        reason = st.text_input(L("Perustelu, miksi tehtävä ei koske tätä pyyntöä",
                                 "Why the task does not apply to this request"), key=f"task_reason_{pick}")
        if st.form_submit_button(L("Merkitse ei koske", "Mark not applicable"), key=f"task_na_button_{pick}"):
            _act(tasks.not_applicable, reg, user, pick, reason=reason)


def _act(fn, *args, **kwargs) -> None:
    try:
        fn(*args, **kwargs)
    except KpError as exc:
        st.error(str(exc))
        return
    ui.after_write()
    st.rerun()


def _findings_rows(items: list[dict]) -> list[dict]:
    out = []
    for m in items:
        if "subject" in m:
            out.append({L("Päivämäärä", "Date"): (m.get("date") or "")[:16].replace("T", " "),
                        L("Kansio", "Folder"): m.get("folder") or "", L("Aihe", "Subject"): m.get("subject") or "",
                        L("Muut osapuolet", "Correspondents"): ", ".join(m.get("correspondents") or [])})
        elif "values" in m:
            out.append({L("Rivi", "Row"): m.get("row"), **{k: str(v) for k, v in m["values"].items()}})
        else:
            out.append({k: str(v) for k, v in m.items()})
    return out
