"""A request's tasks in the systems map (#12), on the request page: run a connector task, record a
check done by hand, or mark a task not applicable. Register text is shown through safety.md or
in data frames (never as Markdown)."""
from __future__ import annotations

import datetime as dt

import streamlit as st

import ui
from kpcore import fmt, tasks, workflow
from kpcore.connectors import ConnectorError
from kpcore.connectors import summary as task_summary
from kpcore.errors import KpError
from kpcore.i18n import N_
from kpcore.safety import md

_ = ui._
pgettext = ui.pgettext

METHOD_TEXT = {"manual": N_("by hand"), "register": N_("register"), "imap": N_("IMAP connector"),
               "table": N_("table export")}


def _state(t: dict) -> str:
    if t["status"] == "done":
        return _("done")
    if t["status"] == "not_applicable":
        return _("not applicable")
    if t.get("error"):
        return _("OPEN – last run failed")
    return _("open")


def _result(t: dict) -> str:
    if t["status"] == "done":
        return (_("found: ") if t["found"] else _("not found: ")) + task_summary.text(t, ui.lang())
    if t["status"] == "not_applicable":
        return task_summary.reason(t, ui.lang())
    return task_summary.error(t, ui.lang())


def show(r: dict) -> None:
    reg = ui.register()
    rid = r["id"]
    rows = ui.read(tasks.for_request, rid)
    n_open = sum(1 for t in rows if t["status"] == "open")
    st.subheader(_("Tasks in the systems"))
    if not rows:
        st.caption(_("The request has no tasks in the systems map."))
        return
    st.caption(_("{n_rows} systems, {n_open} open. The request cannot be closed until every task is done or marked not applicable with a reason.").format(n_rows=len(rows), n_open=n_open))
    task_rows = [{_("No."): t["id"], _("System"): t["system_name"],
                   _("Run by"): t["processor_name"] or "KuntaPlus",
                   _("Task"): _(tasks.ACTIONS[t["action"]]),
                   _("How"): _(METHOD_TEXT[t["method"]]) if t["method"] in METHOD_TEXT else t["method"],
                   _("Status"): _state(t), _("Result"): _result(t),
                   _("Checked by"): t["checked_by"] or "",
                   pgettext("Aika", "When"): fmt.datetime(t["checked_at"], ui.lang()) if t["checked_at"] else ""}
                 for t in rows]
    st.dataframe(task_rows, hide_index=True, width="stretch", key="tasks_table", **ui.fit(task_rows))

    for t in rows:
        if t["status"] == "done" and t["findings"] and t["system_kind"] != "register":
            with st.expander(_("Findings: {system_name} ({n_findings})").format(system_name=t['system_name'], n_findings=len(t['findings']))):
                st.dataframe(_findings_rows(t["findings"][:500]), hide_index=True, width="stretch")
                if len(t["findings"]) > 500:
                    st.caption(_("The first 500; all are in the JSON/CSV copy."))

    if not r["open"] or not n_open or not ui.can("change"):
        return
    connector_open = [t for t in rows if t["status"] == "open" and t["method"] != "manual"]
    user = ui.user()
    if connector_open and st.button(_("Run the connector tasks ({n_connector_open})").format(n_connector_open=len(connector_open)), key="tasks_run_all",
                                    type="primary"):
        with st.status(_("Searching the systems…"), expanded=True) as status:
            failed = 0
            for t in connector_open:
                st.write(_("{system_name}: running…").format(system_name=t['system_name']))
                try:
                    done = workflow.run_task(reg, user, t["id"])
                    st.write(f"{md(t['system_name'])}: {md(task_summary.text(done, ui.lang()))}")
                except (ConnectorError, KpError) as exc:
                    failed += 1
                    st.write(f"⚠️ {md(t['system_name'])}: {md(ui.error_text(exc))}")
            ui.after_write()
            status.update(label=_("Finished: {n_connector_open} run, {failed} failed").format(n_connector_open=len(connector_open) - failed, failed=failed),
                          state="error" if failed else "complete")
        if st.button(_("Refresh the view"), key="tasks_refresh"):
            st.rerun()

    choices = {t["id"]: t for t in rows if t["status"] == "open"}
    labels = {i: f"{i}: {t['system_name']} – {_(tasks.ACTIONS[t['action']])}" for i, t in choices.items()}
    pick = st.selectbox(_("Open task"), list(choices), format_func=labels.get, key="task_pick",
                        placeholder=ui.choose())
    t = choices[pick]
    instructions = ui.pick(t, "instructions")
    if instructions:
        st.markdown(_("**How:** ") + md(instructions))
    if t.get("error"):
        st.warning(md(task_summary.error(t, ui.lang())))
    if t["method"] != "manual" and st.button(_("Run this task"), key=f"task_run_{pick}"):
        with st.spinner(_("Searching…")):
            try:
                workflow.run_task(reg, user, pick)
                ui.after_write()
                st.rerun()
            except (ConnectorError, KpError) as exc:
                ui.after_write()
                st.error(ui.error_text(exc))
    with st.form(f"task_manual_{pick}"):
        st.markdown(_("**Record a check done by hand**"))
        c1, c2 = st.columns(2)
        by = c1.text_input(_("Who checked"), value=user)
        on = c2.date_input(_("When"), value=dt.date.today(), max_value=dt.date.today(), format="DD.MM.YYYY")
        yes_no = {True: _("Yes"), False: _("No")}
        found = st.radio(_("Was data found"), [True, False], horizontal=True, format_func=yes_no.get)
        summary = st.text_input(_("What was found"), key=f"task_summary_{pick}")
        evidence = st.text_input(_("Evidence (screenshot, ticket, …)"),
                                 key=f"task_evidence_{pick}")
        if st.form_submit_button(_("Save the check"), key=f"task_save_{pick}"):
            at = dt.datetime.combine(on, dt.datetime.now().time().replace(microsecond=0)) if on == dt.date.today() \
                else dt.datetime.combine(on, dt.time(12, 0))
            _act(tasks.record_manual, reg, user, pick, checked_by=by, found=found, summary=summary, evidence=evidence,
                 checked_at=at)
    with st.form(f"task_na_{pick}"):
        reason = st.text_input(_("Why the task does not apply to this request"), key=f"task_reason_{pick}")
        if st.form_submit_button(_("Mark not applicable"), key=f"task_na_button_{pick}"):
            _act(tasks.not_applicable, reg, user, pick, reason=reason)


def _act(fn, *args, **kwargs) -> None:
    try:
        fn(*args, **kwargs)
    except KpError as exc:
        st.error(ui.error_text(exc))
        return
    ui.after_write()
    st.rerun()


def _findings_rows(items: list[dict]) -> list[dict]:
    out = []
    for m in items:
        if "subject" in m:
            out.append({_("Date"): (m.get("date") or "")[:16].replace("T", " "),
                        _("Folder"): m.get("folder") or "", _("Subject"): m.get("subject") or "",
                        _("Correspondents"): ", ".join(m.get("correspondents") or [])})
        elif "values" in m:
            out.append({_("Row"): m.get("row"), **{k: str(v) for k, v in m["values"].items()}})
        else:
            out.append({k: str(v) for k, v in m.items()})
    return out
