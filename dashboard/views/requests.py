"""Subject requests: the pending queue by due date, the intake form, and one request's page
(deep link ?request=<id>) with its actions and the one-click access report."""
import datetime as dt
import time

import streamlit as st

import ui
from kpcore import erasure, fmt, i18n, requests as reqs, safety, sar, tasks
from kpcore.errors import KpError
from kpcore.models import CHANNEL_TEXT, CHANNELS, EVENT_TEXT, REQUEST_TYPES
from kpcore.safety import md

_ = ui._
_unused = ui._
pgettext = ui.pgettext
lang = ui.lang()
reg = ui.register()
today = dt.date.today()

# the channel's and the history event's names: one table each, in kpcore.models (kp request show uses them too)


# What may be carried out on a request of each type. Restriction goes with rectification while
# the accuracy is checked (Art. 18(1)(a)), with erasure when the person prefers it or the data is
# needed for a legal claim (18(1)(b), (c)) and with an objection while it is weighed (18(1)(d));
# an objection may end in erasure (17(1)(c)). Access and portability are answered by the report
# and the exports above, so they have nothing to carry out.
ACTIONS_FOR_TYPE = {"access": set(), "portability": set(),
                    "rectification": {"rectification", "restriction"},
                    "erasure": {"erasure", "restriction"},
                    "restriction": {"restriction"},
                    "objection": {"objection", "restriction", "erasure"}}


def label(pair) -> str:
    return ui.tr(pair)


def fi_date(d) -> str:
    """A date as the chosen language writes it (kpcore.fmt): 1.12.2026 / 2026-12-01."""
    return fmt.date(d, lang) if d else "–"


def clock_text(r) -> str:
    if r["paused"]:
        return _("paused, {days_left} d left").format(days_left=r['days_left'])
    if r["days_left"] is None:
        return "–"
    if r["overdue"]:
        return _("overdue by {days_left} d").format(days_left=-r['days_left'])
    return _("{days_left} d").format(days_left=r['days_left'])


def flash(message: str) -> None:
    st.session_state["requests_flash"] = message


def act(fn, *args, done: str, **kwargs):
    """Run a register change; on success remember the message and rerun, else show the error."""
    try:
        result = fn(*args, **kwargs)
    except KpError as exc:
        st.error(ui.error_text(exc))
        return None
    ui.after_write()
    flash(done)
    st.rerun()
    return result


@st.fragment(run_every=1)
def await_answer(request_id: int, since: float) -> None:
    """While the one-click report that also closes the request is being built (on the download's
    own thread), look every second; once the request is answered, show the whole page anew."""
    if not ui.read(reqs.get, request_id)["open"] or time.time() - since > 120:
        st.session_state.pop("_sar_pending", None)
        st.rerun(scope="app")
    st.caption(_("Building the report; the page updates once the request is marked answered…"))


def open_request(request_id) -> None:
    st.query_params["request"] = str(request_id)


st.title(_("Subject requests"))
if st.session_state.get("requests_flash"):
    st.success(st.session_state.pop("requests_flash"))


# -- one request -----------------------------------------------------------------------
def request_page(request_id: int) -> None:
    ui.require_role("dpo", what="request", object_type="request", object_id=request_id)
    try:
        r = ui.read(reqs.get, request_id)
    except KpError as exc:
        st.error(ui.error_text(exc))
        if st.button(_("← Back to the queue")):
            st.query_params.clear()
            st.rerun()
        return
    if st.button(_("← Back to the queue"), key="back"):
        st.query_params.clear()
        st.rerun()
    st.header(_("Request {id}: ").format(id=r['id']) + reqs.type_label(r["type"], lang))
    status = reqs.status_label(r["status"], lang)
    if r["overdue"]:
        st.error(_("{status} – the deadline {due_on} has passed ({clock_text}).").format(status=status, due_on=fi_date(r['due_on']), clock_text=clock_text(r)))
    elif r["paused"]:
        st.info(_("{status} – the clock is paused while identity is checked; {days_left} d left.").format(status=status, days_left=r['days_left']))
    elif r["open"] and r["days_left"] <= 7:
        st.warning(_("{status} – answer by {due_on} ({clock_text}).").format(status=status, due_on=fi_date(r['due_on']), clock_text=clock_text(r)))
    else:
        st.info(f"{status} – " + (_("due {due_on} ({clock_text})").format(due_on=fi_date(r['due_on']), clock_text=clock_text(r)) if r["open"] else
                                   _("answered {answered_on}").format(answered_on=fi_date(r['answered_on']))))

    left, right = st.columns(2)
    with left:
        st.subheader(_("Requester"))
        if r["redacted"]:
            st.markdown(_("_The person's details were erased._"))
        st.markdown("  \n".join(x for x in [
            f"**{_('Name')}:** {md(r['requester_name']) or '–'}",
            f"**{_('Email')}:** {md(r['requester_email']) or '–'}",
            f"**{_('Phone')}:** {md(r['requester_phone']) or '–'}",
            f"**{_('IP address')}:** {md(r['requester_ip'])}" if r["requester_ip"] else "",
            f"**{pgettext('Kanava', 'Channel')}:** {label(CHANNEL_TEXT[r['channel']])}"] if x))
        st.markdown("**" + _("Persons in the register") + "**")
        if r["subjects"]:
            for s in r["subjects"]:
                ui.page_link("contacts", f"{md(s['name'])} – {md(s['email'])}"  # same tab, same session
                             + (_(" (restricted)") if s["restricted"] else ""),
                             {"person": s["id"]}, icon=":material/person:")
        else:
            st.markdown(_("No matching person in the register."))
    with right:
        st.subheader(_("Deadlines"))
        st.markdown("  \n".join(x for x in [
            f"**{pgettext('Vastaanotettu', 'Received')}:** {fi_date(r['received_on'])}",
            f"**{pgettext('Määräpäivä', 'Due')}:** {fi_date(r['due_on'])}" + (f" ({clock_text(r)})" if r["open"] else ""),
            f"**{_('First month ends')}:** {fi_date(r['first_month_end'])}",
            (f"**{_('Identity')}:** " + _("asked {id_requested_on}, received {id_received_on}").format(id_requested_on=fi_date(r['id_requested_on']), id_received_on=fi_date(r['id_received_on'])))
            if r["id_requested_on"] else "",
            (f"**{_('Extended')}:** {fi_date(r['extended_on'])} – "
             f"{md(r['extension_reason']) or _('(no reason recorded)')}") if r["extended_on"] else "",
            f"**{_('Answered')}:** {fi_date(r['answered_on'])}" if r["answered_on"] else "",
            f"**{_('Reasons for refusal')}:** {md(r['refusal_reason'])}" if r["refusal_reason"] else "",
        ] if x))

    person = r["subjects"][0] if r["subjects"] else None
    email = person["email"] if person else (r["requester_email"] or "")
    user = ui.user()
    rid = r["id"]

    import tasks_panel  # the request's task in each system of the map (#12)

    tasks_panel.show(r)

    st.subheader(_("Access report (Art. 15)"))
    c1, c2, c3 = st.columns([1, 2, 2])
    # issue 18: the answer's language defaults to the request's, else the person's, else Finnish
    answer_langs = ["fi", "sv", "en"]
    default_lang = ui.read(reqs.answer_language, rid, email or None)
    rep_lang = c1.radio(_("Language"), answer_langs, index=answer_langs.index(default_lang), horizontal=True,
                        format_func=lambda k: ui.LANGS[k], key=f"rep_lang_{rid}")
    ip = c2.text_input(_("IP address whose visits to include (optional)"),
                       value=r["requester_ip"] or "", key="rep_ip").strip() or None
    can_close = r["open"] and r["status"] != "awaiting_identity"
    mark = c3.checkbox(_("Mark the request answered with this report"),
                       value=False, disabled=not can_close, key="rep_mark") and can_close
    if ip:  # Art. 15(4): a shared address can show other people's visits
        confirmed = bool(r.get("ip_confirmed_on")) and ip == (r["requester_ip"] or "").strip()
        st.warning(_("One IP address can be used by many people (a workplace or municipal network): its visits may be other people's. The report includes visits only once you have confirmed the address is the requester's own."))
        if confirmed:
            st.caption(_("Address confirmed as the requester's on {ip_confirmed_on}: visits included.").format(ip_confirmed_on=fi_date(r['ip_confirmed_on'])))
        elif ip != (r["requester_ip"] or "").strip():
            st.caption(_("This address is not the one recorded on the request: no visits are included."))
        elif ui.can("change") and st.button(_("Confirm: the address is the requester's own"),
                                            key="confirm_ip"):
            act(reqs.confirm_ip, reg, user, rid, done=_("IP address confirmed."))
    if not r["subjects"]:  # the processor role: the letter says "passed on" only once it was recorded
        with st.expander(_("Passed to the controller (as a processor)"),
                         expanded=False):
            if r.get("forwarded_on"):
                st.caption(_("Passed on {forwarded_on}: {forwarded_to}").format(forwarded_on=fi_date(r['forwarded_on']), forwarded_to=md(r['forwarded_to'])))
            with st.form("forwarded"):
                to = st.text_input(_("To whom (customer and contact)"),
                                   r.get("forwarded_to") or "", max_chars=300, key="fwd_to")
                on = st.date_input(pgettext("Päivä", "Date"), r.get("forwarded_on") or today, max_value=today,
                                   format="DD.MM.YYYY", key="fwd_on")
                if st.form_submit_button(_("Record the forwarding")):
                    act(reqs.record_forwarding, reg, user, rid, to=to, on=on,
                        done=_("Forwarding recorded."))
    if not email:
        st.info(_("The request has no email and matches nobody: the report confirms that nothing is held."))
    # Art. 12(1), 15: a report states no unconfirmed proposal as fact. While mandatory facts are
    # open, the DPO is warned and must acknowledge; the report then marks those passages.
    open_items = ui.read(sar.unconfirmed_warning, rep_lang, lang)
    allow = True
    if open_items:
        st.warning(_("Mandatory facts of the notice are not confirmed. The report would state them as facts; if you build it now, those passages are marked [NOT CONFIRMED]:")
                   + "\n" + "\n".join(f"- {safety.md(x)}" for x in open_items))
        allow = st.checkbox(_("I understand: build the report with the unconfirmed passages marked"),
                            key="rep_allow_unconfirmed")

    def build_report():  # runs when the button is clicked: builds, audits, downloads
        return sar.generate(reg, user, email, lang=rep_lang, request_id=rid, ip=ip, mark_answered=mark,
                            allow_unconfirmed=bool(allow), ui_lang=lang)

    st.download_button(_("Build and download the access report (PDF)"),
                       data=build_report, file_name=f"{i18n.pgettext('file name', 'access-report', rep_lang)}-{rid}-{today.isoformat()}.pdf",
                       mime="application/pdf", type="primary", key="sar_download", disabled=not allow,
                       on_click=lambda: st.session_state.update(_sar_pending=(rid, time.time())) if mark else None)
    pending = st.session_state.get("_sar_pending")
    if pending and pending[0] == rid and r["open"]:
        await_answer(rid, pending[1])  # the file is built beside this run: show "answered" once it is
    elif pending:
        st.session_state.pop("_sar_pending", None)
    if r["type"] in ("portability", "access"):  # Art. 20 data; for access the full copy of every visit too
        def export(fmt):
            def run():
                with reg.read() as q:
                    fn = sar.portability_json if fmt == "json" else sar.portability_csv
                    data = fn(q, email, ip=ip, request_id=rid)
                reg.record(user, f"sar.export.{fmt}", "request", rid)
                return data
            return run
        p1, p2 = st.columns(2)
        if person or ip or any(t["status"] == "done" and t["found"] for t in ui.read(tasks.for_request, rid)):
            p1.download_button(_("Data, machine-readable: JSON"), data=export("json"),
                               file_name=f"tiedot-{rid}.json", mime="application/json", key="port_json")
            p2.download_button(_("Data, machine-readable: CSV"), data=export("csv"),
                               file_name=f"tiedot-{rid}.csv", mime="text/csv", key="port_csv")

    if r["open"]:
        st.subheader(_("Actions"))
        fits = ACTIONS_FOR_TYPE[r["type"]]  # only the actions that fit this type of request

        def rtype_fits(action: str) -> bool:
            return action in fits

        tabs = st.tabs([_("Identity"), _("Extension")]
                       + ([_("Carry out")] if fits else []) + [_("Close or refuse")])
        t_id, t_ext, t_close = tabs[0], tabs[1], tabs[-1]
        t_do = tabs[2] if fits else st.container()  # nothing in it renders for access or portability
        with t_id:
            if r["id_requested_on"] is None:
                st.caption(_("Where identity is in reasonable doubt (Art. 12(6)), ask for more information: the clock stops meanwhile."))
                on = st.columns([1, 3])[0].date_input(_("Asked on"), value=today, max_value=today, key="id_asked",
                                   format="DD.MM.YYYY")
                if st.button(_("Proof of identity asked for"), key="b_asked"):
                    act(reqs.await_identity, reg, user, rid, on=on, done=_("The clock is paused."))
            elif r["id_received_on"] is None:
                on = st.columns([1, 3])[0].date_input(pgettext("Saatu", "Received on"), value=today, max_value=today, key="id_got",
                                   format="DD.MM.YYYY")
                if st.button(_("Proof of identity received"), key="b_got"):
                    act(reqs.identity_received, reg, user, rid, on=on,
                        done=_("The deadline moved by the pause."))
            else:
                st.markdown(_("Identity has been verified."))
        with t_ext:
            if r["extended_on"]:
                st.markdown(_("Extended on {extended_on}.").format(extended_on=fi_date(r['extended_on'])))
            elif today > r["first_month_end"]:
                st.markdown(_("An extension is no longer possible: the first month ended on {first_month_end}.").format(first_month_end=fi_date(r['first_month_end'])))
            else:
                reason = st.text_area(_("Reason (the person is told)"), key="ext_reason")
                if st.button(_("Extend to three months"), key="b_extend"):
                    act(reqs.extend, reg, user, rid, reason=reason, done=_("Deadline extended."))
        with t_do:
            if person is None and fits:
                st.markdown(_("No person in the register matches."))
            elif person is None:
                pass
            elif rtype_fits("rectification"):
                with st.form("rectify"):
                    st.markdown("**" + _("Rectify (Art. 16)") + "**")
                    new = {k: st.text_input(lab, value=person[k] or "", key=f"rect_{k}") for k, lab in [
                        ("name", _("Name")), ("email", _("Email")),
                        ("phone", _("Phone")), ("organisation", _("Organisation")),
                        ("title", _("Title"))]}
                    if st.form_submit_button(_("Save the rectification")):
                        act(erasure.rectify, reg, user, person["email"], new, request_id=rid,
                            done=_("Data rectified."))
            if person is not None:
                c_obj, c_res = st.columns(2)
                if rtype_fits("objection") and c_obj.button(_("Objects to direct marketing (Art. 21)"),
                                key="b_object"):
                    act(erasure.object_to_marketing, reg, user, person["email"], request_id=rid,
                        done=_("Removed from direct marketing."))
                if rtype_fits("restriction") and c_res.button(
                        _("Restrict processing (Art. 18)"), key="b_restrict",
                                disabled=bool(person["restricted"])):
                    act(erasure.restrict, reg, user, person["email"], request_id=rid,
                        done=_("Processing restricted."))
            if rtype_fits("erasure"):
                st.markdown("**" + _("Erase the person (Art. 17)") + "**")
                from kpcore.erasure import EXCEPTIONS, GROUNDS
                ground_text = {None: _("— choose —"), **{g: ui.tr(t) for g, t in GROUNDS.items()}}
                ground = st.selectbox(_("Ground for erasure (Art. 17(1))"),
                                      [None, *GROUNDS], key="erase_ground", format_func=ground_text.get,
                                      placeholder=ui.choose())
                exception_text = {None: _("erase"), **{c: ui.tr(t) for c, t in EXCEPTIONS.items()}}
                keep = {}
                person_purposes = [x["purpose"] for x in (ui.read(erasure.purposes_of, person["id"]) if person else [])]
                if person_purposes:
                    st.caption(_("Exception (Art. 17(3)): purposes to keep and why. A partial erasure is explained in the letter."))
                    for pk in person_purposes:
                        code = st.selectbox(pk, [None, *EXCEPTIONS], key=f"erase_keep_{pk}",
                                            format_func=exception_text.get, placeholder=ui.choose())
                        if code:
                            keep.setdefault(code, []).append(pk)
                exceptions = list(keep.items())
                try:
                    pv = erasure.preview(reg, email or None, request_id=rid, exceptions=exceptions)
                except KpError as exc:
                    st.error(ui.error_text(exc))
                    pv = None
                preview_lines = []
                if pv is not None:
                    st.markdown(_("**Preview** (complete erasure): what is removed and where") if pv["outcome"] == "complete"
                                else _("**Preview** (partial erasure): what is removed and where"))
                    st.dataframe([{_("Table"): t, _("Rows"): n} for t, n in pv["tables"].items()],
                                 hide_index=True)
                    if pv["purposes_kept"]:
                        preview_lines.append(_("Kept: ") + ", ".join(md(p) for p in pv["purposes_kept"]))
                    for f in pv["files"]:
                        preview_lines.append(_("File (the person's rows are removed): ") + md(f))
                    preview_lines.append(_("Recipients to tell (Art. 19): ")
                                         + (", ".join(md(i["name"]) for i in pv["tell"]) or pgettext("ei ketään", "none")))
                    for line in preview_lines:
                        st.markdown(line)
                    st.caption(_("Earlier backups still hold the person; a restore (kp restore) re-applies this erasure."))
                asked = st.button(_("Erase the person…"), key="b_erase",
                                  disabled=not (ground and pv))

                def erase_now():
                    with st.spinner(_("Erasing, and rewriting the register file so the erased data does not stay in it…")):
                        for k in [k for k in st.session_state if str(k).startswith(("_export", "_imp", "_person"))]:
                            del st.session_state[k]  # prepared exports and previews may hold the person
                        act(erasure.erase, reg, user, email or None, request_id=rid, ground=ground,
                            exceptions=exceptions,
                            done=_("The person was erased and suppressed."))
                who = md(person["name"] if person else (r["requester_name"] or "")) + (f" ({md(email)})" if email else "")
                partial = pv is not None and pv["outcome"] == "partial"
                ui.confirm("b_erase", _("Erase the person for good?"), [
                    (_("{who}: the data is removed from every purpose not kept.").format(who=who) if partial else
                     _("{who}: the contact, its purposes, web visits and the requests' identifying details are removed from the whole register.").format(who=who)),
                    *preview_lines,
                    _("The email and phone go on the suppression list (as keyed digests) so the person is not imported again."),
                    _("The register file is rewritten so the erased data does not stay in it."),
                    _("**This cannot be undone.** Restoring a backup re-applies the erasure.")],
                    _("Erase for good"), erase_now, ask=asked)
        if r.get("art19"):
            st.markdown("**" + _("Telling the recipients (Art. 19)") + "**")
            for it in r["art19"]:
                state = (_("told {told_on}").format(told_on=fi_date(it['told_on'])) if it["told_on"]
                         else (_("not told: ") + md(it["not_told_reason"])
                               if it["not_told_reason"] else _("**open**")))
                cols = st.columns([4, 1])
                cols[0].markdown(f"{md(it['name'])} — {state}")
                if it["told_on"] is None and not it["not_told_reason"] and r["open"]:
                    if cols[1].button(_("Told today"), key=f"a19_{it['kind']}_{it['ref']}"):
                        from kpcore import art19
                        act(art19.mark, reg, user, rid, it["ref"], kind=it["kind"], on=today,
                            done=_("Marked told."))
        with t_close:
            on = st.columns([1, 3])[0].date_input(_("Answered on"), value=today, max_value=today, key="close_on",
                               format="DD.MM.YYYY")
            if st.button(_("Mark answered"), key="b_close", disabled=not can_close):
                act(reqs.close, reg, user, rid, on=on, done=_("Request closed."))
            reason = st.text_area(_("Reasons for refusing (the person is told, Art. 12(4))"), key="refuse_reason")
            asked = st.button(_("Refuse the request…"), key="b_refuse")
            if asked and not reason.strip():  # refused by kpcore with its message; nothing changes
                act(reqs.refuse, reg, user, rid, reason=reason, done="")
            elif reason.strip():
                ui.confirm("b_refuse", _("Refuse the request?"), [
                    _("Request {rid} is closed as refused today.").format(rid=rid),
                    _("The reasons are recorded and printed in the refusal letter: “{value}”").format(value=md(reason.strip()[:300])),
                    _("The letter tells the person of the right to complain to the Data Protection Ombudsman and to seek a judicial remedy (Art. 12(4)).")],
                    _("Refuse the request"),
                    lambda: act(reqs.refuse, reg, user, rid, reason=reason, done=_("Request refused.")),
                    ask=asked)

    letters_row = []
    if r["status"] == "refused":
        letters_row.append(("refusal", _("Refusal letter (PDF)")))
    if r["extended_on"]:
        letters_row.append(("extension", _("Extension notice (PDF)")))
    for kind, text in letters_row:
        def letter(kind=kind):
            with reg.read() as q:
                pdf = reqs.letter_pdf(q, rid, kind, lang=rep_lang)
            reg.record(user, f"request.letter.{kind}", "request", rid)
            return pdf
        st.download_button(text, data=letter, file_name=f"{kind}-{rid}.pdf", mime="application/pdf", key=f"letter_{kind}")

    st.subheader(_("History"))
    history = [{_("No."): e["seq"], _("Time"): fmt.datetime(e["event_at"], lang),
                _("Event"): label(EVENT_TEXT.get(e["action"], (e["action"], e["action"]))),
                _("Status"): reqs.status_label(e["status"], lang), pgettext("Tekijä", "By"): e["actor"],
                _("Note"): e["note"] or ""} for e in r["events"]]
    st.dataframe(history, hide_index=True, width="stretch", **ui.fit(history))


# -- the queue and the intake form -------------------------------------------------------
def queue_page() -> None:
    show_all = st.toggle(_("Show closed ones too"), key="show_closed")
    rows = ui.read(reqs.list_requests, not show_all)
    n_over = sum(r["overdue"] for r in rows)
    n_soon = sum(1 for r in rows if r["open"] and not r["overdue"] and not r["paused"] and r["days_left"] <= 7)
    c = st.columns(3)
    c[0].metric(pgettext("Avoimia", "Open"), sum(r["open"] for r in rows))
    c[1].metric(_("Overdue"), n_over)
    c[2].metric(_("Due within 7 days"), n_soon)
    if not ui.can("read.person"):  # a viewer: the counts only, no requesters, no intake
        st.caption(ui.VIEWER_NOTE())
        return
    st.subheader(_("Queue by due date"))
    if not rows:
        st.info(_("No open requests."))
    else:
        import pandas as pd

        table = pd.DataFrame([{
            "id": r["id"],  # shown as "No."
            _("Type"): reqs.type_label(r["type"], lang),
            _("Requester"): r["requester_name"] or r["requester_email"] or _("(erased)"),
            _("Status"): reqs.status_label(r["status"], lang),
            pgettext("Vastaanotettu", "Received"): r["received_on"],
            pgettext("Määräpäivä", "Due"): r["due_on"],
            pgettext("Aikaa", "Time left"): clock_text(r),
            "_tone": "over" if r["overdue"] else ("soon" if r["open"] and not r["paused"] and r["days_left"] <= 7 else ""),
        } for r in rows])
        tones = table.pop("_tone")

        def colour(row):
            tone = tones[row.name]
            css = ("background-color: #fde2e1; color: #8a1c1c" if tone == "over" else
                   "background-color: #fff1cc; color: #7a4d00" if tone == "soon" else "")
            return [css] * len(row)

        fitted = ui.fit(table, {"id": st.column_config.NumberColumn(_("No.")),
                                pgettext("Vastaanotettu", "Received"): st.column_config.DateColumn(format=pgettext("D.M.YYYY", "YYYY-MM-DD")),
                                pgettext("Määräpäivä", "Due"): st.column_config.DateColumn(format=pgettext("D.M.YYYY", "YYYY-MM-DD"))},
                        room=ui.TABLE_PX - 30)  # the row selection's column takes the rest
        fitted["height"] = min(fitted.get("height", 36 * (len(table) + 1) + 4), 640)
        event = st.dataframe(table.style.apply(colour, axis=1), hide_index=True, width="stretch",
                             on_select="rerun", selection_mode="single-row", key="queue", **fitted)
        st.caption(_("Red = overdue, amber = seven days or less. Select a row to open the request."))
        picked = event.selection.rows if event and hasattr(event, "selection") else []
        if picked:
            open_request(int(table.iloc[picked[0]]["id"]))
            st.rerun()

    st.subheader(_("New request"))
    with st.form("intake", clear_on_submit=False):
        a, b = st.columns(2)
        rtype = a.selectbox(_("Type of request"), list(REQUEST_TYPES),
                            format_func=lambda k: reqs.type_label(k, lang), key="in_type", placeholder=ui.choose())
        channel = b.selectbox(pgettext("Kanava", "Channel"), list(CHANNELS), format_func=lambda k: label(CHANNEL_TEXT[k]),
                              key="in_channel", placeholder=ui.choose())
        name = a.text_input(_("Name"), key="in_name")
        email = b.text_input(_("Email"), key="in_email")
        phone = a.text_input(_("Phone"), key="in_phone")
        ip = b.text_input(_("IP address (if the person gave one)"), key="in_ip")
        received = a.date_input(_("Received on"), value=today, max_value=today, key="in_received",
                                format="DD.MM.YYYY")
        # None: not told (the person's own language, else Finnish); a choice also becomes the person's
        language = b.selectbox(_("Language of the answer"), [None, "fi", "sv", "en"],
                               format_func=lambda k: ui.LANGS[k] if k else _("The person's own (default Finnish)"),
                               key="in_language",
                               help=_("A chosen language is also recorded as the person's preferred language."),
                               placeholder=ui.choose())
        if st.form_submit_button(_("Record the request"), type="primary"):
            try:
                new = reqs.add(reg, ui.user(), type=rtype, email=email, name=name, phone=phone, ip=ip,
                               received_on=received, channel=channel, language=language)
            except KpError as exc:
                st.error(ui.error_text(exc))
            else:
                ui.after_write()
                flash(_("Request {id} recorded; due {due_on}.").format(id=new['id'], due_on=fi_date(new['due_on'])))
                open_request(new["id"])
                st.rerun()


requested = st.query_params.get("request")
if requested and requested.strip().isdigit():
    request_page(int(requested))
else:
    if requested:
        shown = md(requested[:100])  # from the link: shown as text
        st.error(_("Not a request number: {shown}").format(shown=shown))
    queue_page()
