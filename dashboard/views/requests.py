"""Subject requests: the pending queue by due date, the intake form, and one request's page
(deep link ?request=<id>) with its actions and the one-click access report."""
import datetime as dt
import time

import streamlit as st

import ui
from kpcore import erasure, fmt, requests as reqs, safety, sar, tasks
from kpcore.errors import KpError
from kpcore.models import CHANNELS, REQUEST_TYPE_TEXT
from kpcore.safety import md

L = ui.L
lang = ui.lang()
reg = ui.register()
today = dt.date.today()

CHANNEL_TEXT = {"email": ("Sähköposti", "Email"), "letter": ("Kirje", "Letter"), "phone": ("Puhelin", "Phone"),
                "web": ("Verkkolomake", "Web form"), "in_person": ("Henkilökohtaisesti", "In person"),
                "other": ("Muu", "Other")}


EVENT_TEXT = {"received": ("Vastaanotettu", "Received"), "started": ("Käsittely aloitettu", "Work started"),
              "identity_requested": ("Henkilöllisyyden varmistusta pyydetty", "Proof of identity asked for"),
              "identity_received": ("Henkilöllisyys varmistettu", "Proof of identity received"),
              "extended": ("Määräaikaa pidennetty", "Deadline extended"), "completed": ("Vastattu", "Answered"),
              "refused": ("Hylätty", "Refused"), "report_built": ("Tarkastusraportti luotu", "Access report built"),
              "erased": ("Henkilö poistettu", "Person erased"), "rectified": ("Tiedot oikaistu", "Data rectified"),
              "objection_applied": ("Suoramarkkinointi lopetettu", "Direct marketing stopped"),
              "restricted": ("Käsittely rajoitettu", "Processing restricted"),
              "restriction_lifted": ("Rajoitus poistettu", "Restriction lifted"),
              "person_linked": ("Henkilö liitetty", "Person linked"),
              "passed_to_controller": ("Välitetty rekisterinpitäjälle (asiakas)", "Passed to the controller (customer)")}


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
    return pair[0] if lang == "fi" else pair[1]


def fi_date(d) -> str:
    """A date as the chosen language writes it (kpcore.fmt): 1.12.2026 / 2026-12-01."""
    return fmt.date(d, lang) if d else "–"


def clock_text(r) -> str:
    if r["paused"]:
        return L(f"pysäytetty, {r['days_left']} pv jäljellä", f"paused, {r['days_left']} d left")
    if r["days_left"] is None:
        return "–"
    if r["overdue"]:
        return L(f"myöhässä {-r['days_left']} pv", f"overdue by {-r['days_left']} d")
    return L(f"{r['days_left']} pv", f"{r['days_left']} d")


def flash(message: str) -> None:
    st.session_state["requests_flash"] = message


def act(fn, *args, done: str, **kwargs):
    """Run a register change; on success remember the message and rerun, else show the error."""
    try:
        result = fn(*args, **kwargs)
    except KpError as exc:
        st.error(str(exc))
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
    st.caption(L("Raporttia luodaan; sivu päivittyy, kun pyyntö on merkitty vastatuksi…",
                 "Building the report; the page updates once the request is marked answered…"))


def open_request(request_id) -> None:
    st.query_params["request"] = str(request_id)


st.title(L("Rekisteröityjen pyynnöt", "Subject requests"))
if st.session_state.get("requests_flash"):
    st.success(st.session_state.pop("requests_flash"))


# -- one request -----------------------------------------------------------------------
def request_page(request_id: int) -> None:
    ui.require_role("dpo", what="request", object_type="request", object_id=request_id)
    try:
        r = ui.read(reqs.get, request_id)
    except KpError as exc:
        st.error(str(exc))
        if st.button(L("← Takaisin jonoon", "← Back to the queue")):
            st.query_params.clear()
            st.rerun()
        return
    if st.button(L("← Takaisin jonoon", "← Back to the queue"), key="back"):
        st.query_params.clear()
        st.rerun()
    st.header(L(f"Pyyntö {r['id']}: ", f"Request {r['id']}: ") + label(REQUEST_TYPE_TEXT[r["type"]]))
    status = reqs.status_label(r["status"], lang)
    if r["overdue"]:
        st.error(L(f"{status} – määräaika {fi_date(r['due_on'])} on ohitettu ({clock_text(r)}).",
                   f"{status} – the deadline {fi_date(r['due_on'])} has passed ({clock_text(r)})."))
    elif r["paused"]:
        st.info(L(f"{status} – aika on pysäytetty henkilöllisyyden varmistuksen ajaksi; {r['days_left']} pv jäljellä.",
                  f"{status} – the clock is paused while identity is checked; {r['days_left']} d left."))
    elif r["open"] and r["days_left"] <= 7:
        st.warning(L(f"{status} – vastattava viimeistään {fi_date(r['due_on'])} ({clock_text(r)}).",
                     f"{status} – answer by {fi_date(r['due_on'])} ({clock_text(r)})."))
    else:
        st.info(f"{status} – " + (L(f"määräpäivä {fi_date(r['due_on'])} ({clock_text(r)})",
                                     f"due {fi_date(r['due_on'])} ({clock_text(r)})") if r["open"] else
                                   L(f"vastattu {fi_date(r['answered_on'])}", f"answered {fi_date(r['answered_on'])}")))

    left, right = st.columns(2)
    with left:
        st.subheader(L("Pyytäjä", "Requester"))
        if r["redacted"]:
            st.markdown(L("_Henkilön tiedot on poistettu (poisto-oikeus)._", "_The person's details were erased._"))
        st.markdown("  \n".join(x for x in [
            f"**{L('Nimi', 'Name')}:** {md(r['requester_name']) or '–'}",
            f"**{L('Sähköposti', 'Email')}:** {md(r['requester_email']) or '–'}",
            f"**{L('Puhelin', 'Phone')}:** {md(r['requester_phone']) or '–'}",
            f"**{L('IP-osoite', 'IP address')}:** {md(r['requester_ip'])}" if r["requester_ip"] else "",
            f"**{L('Kanava', 'Channel')}:** {label(CHANNEL_TEXT[r['channel']])}"] if x))
        st.markdown("**" + L("Rekisterin henkilöt", "Persons in the register") + "**")
        if r["subjects"]:
            for s in r["subjects"]:
                ui.page_link("contacts", f"{md(s['name'])} – {md(s['email'])}"  # same tab, same session
                             + (L(" (käsittely rajoitettu)", " (restricted)") if s["restricted"] else ""),
                             {"person": s["id"]}, icon=":material/person:")
        else:
            st.markdown(L("Ei vastaavaa henkilöä rekisterissä.", "No matching person in the register."))
    with right:
        st.subheader(L("Määräajat", "Deadlines"))
        st.markdown("  \n".join(x for x in [
            f"**{L('Vastaanotettu', 'Received')}:** {fi_date(r['received_on'])}",
            f"**{L('Määräpäivä', 'Due')}:** {fi_date(r['due_on'])}" + (f" ({clock_text(r)})" if r["open"] else ""),
            f"**{L('Ensimmäinen kuukausi päättyy', 'First month ends')}:** {fi_date(r['first_month_end'])}",
            (f"**{L('Henkilöllisyys', 'Identity')}:** " + L(f"pyydetty {fi_date(r['id_requested_on'])}, saatu "
                                                              f"{fi_date(r['id_received_on'])}",
                                                              f"asked {fi_date(r['id_requested_on'])}, received "
                                                              f"{fi_date(r['id_received_on'])}"))
            if r["id_requested_on"] else "",
            (f"**{L('Pidennetty', 'Extended')}:** {fi_date(r['extended_on'])} – "
             f"{md(r['extension_reason']) or L('(ei perustelua)', '(no reason recorded)')}") if r["extended_on"] else "",
            f"**{L('Vastattu', 'Answered')}:** {fi_date(r['answered_on'])}" if r["answered_on"] else "",
            f"**{L('Hylkäämisen perustelu', 'Reasons for refusal')}:** {md(r['refusal_reason'])}" if r["refusal_reason"] else "",
        ] if x))

    person = r["subjects"][0] if r["subjects"] else None
    email = person["email"] if person else (r["requester_email"] or "")
    user = ui.user()
    rid = r["id"]

    import tasks_panel  # the request's task in each system of the map (#12)

    tasks_panel.show(r)

    st.subheader(L("Tarkastusraportti (15 art.)", "Access report (Art. 15)"))
    c1, c2, c3 = st.columns([1, 2, 2])
    # issue 18: the answer's language defaults to the request's, else the person's, else Finnish
    answer_langs = ["fi", "sv", "en"]
    default_lang = ui.read(reqs.answer_language, rid, email or None)
    rep_lang = c1.radio(L("Kieli", "Language"), answer_langs, index=answer_langs.index(default_lang), horizontal=True,
                        format_func=lambda k: ui.LANGS[k], key=f"rep_lang_{rid}")
    ip = c2.text_input(L("IP-osoite, jonka käynnit liitetään (valinnainen)", "IP address whose visits to include (optional)"),
                       value=r["requester_ip"] or "", key="rep_ip").strip() or None
    can_close = r["open"] and r["status"] != "awaiting_identity"
    mark = c3.checkbox(L("Merkitse pyyntö vastatuksi tällä raportilla", "Mark the request answered with this report"),
                       value=False, disabled=not can_close, key="rep_mark") and can_close
    if ip:  # Art. 15(4): a shared address can show other people's visits
        confirmed = bool(r.get("ip_confirmed_on")) and ip == (r["requester_ip"] or "").strip()
        st.warning(L("Sama IP-osoite voi olla usean ihmisen käytössä (työpaikan tai kunnan verkko): sen käynnit voivat "
                     "olla muiden. Raporttiin liitetään käynnit vain, kun olet varmistanut osoitteen pyytäjän omaksi.",
                     "One IP address can be used by many people (a workplace or municipal network): its visits may be "
                     "other people's. The report includes visits only once you have confirmed the address is the "
                     "requester's own."))
        if confirmed:
            st.caption(L(f"Osoite vahvistettu pyytäjän omaksi {fi_date(r['ip_confirmed_on'])}: käynnit liitetään.",
                         f"Address confirmed as the requester's on {fi_date(r['ip_confirmed_on'])}: visits included."))
        elif ip != (r["requester_ip"] or "").strip():
            st.caption(L("Tätä osoitetta ei ole kirjattu pyyntöön: käyntejä ei liitetä.",
                         "This address is not the one recorded on the request: no visits are included."))
        elif ui.can("change") and st.button(L("Vahvista: osoite on pyytäjän oma", "Confirm: the address is the requester's own"),
                                            key="confirm_ip"):
            act(reqs.confirm_ip, reg, user, rid, done=L("IP-osoite vahvistettu.", "IP address confirmed."))
    if not r["subjects"]:  # the processor role: the letter says "passed on" only once it was recorded
        with st.expander(L("Välitys rekisterinpitäjälle (käsittelijänä)", "Passed to the controller (as a processor)"),
                         expanded=False):
            if r.get("forwarded_on"):
                st.caption(L(f"Välitetty {fi_date(r['forwarded_on'])}: {md(r['forwarded_to'])}",
                             f"Passed on {fi_date(r['forwarded_on'])}: {md(r['forwarded_to'])}"))
            with st.form("forwarded"):
                to = st.text_input(L("Kenelle (asiakas ja yhteyshenkilö)", "To whom (customer and contact)"),
                                   r.get("forwarded_to") or "", max_chars=300, key="fwd_to")
                on = st.date_input(L("Päivä", "Date"), r.get("forwarded_on") or today, max_value=today,
                                   format="DD.MM.YYYY", key="fwd_on")
                if st.form_submit_button(L("Kirjaa välitys", "Record the forwarding")):
                    act(reqs.record_forwarding, reg, user, rid, to=to, on=on,
                        done=L("Välitys kirjattu.", "Forwarding recorded."))
    if not email:
        st.info(L("Pyynnössä ei ole sähköpostiosoitetta eikä rekisterin henkilöä: raportti vahvistaa, ettei tietoja ole.",
                  "The request has no email and matches nobody: the report confirms that nothing is held."))
    # Art. 12(1), 15: a report states no unconfirmed proposal as fact. While mandatory facts are
    # open, the DPO is warned and must acknowledge; the report then marks those passages.
    open_items = ui.read(sar.unconfirmed_warning, rep_lang, lang)
    allow = True
    if open_items:
        st.warning(L("Selosteen pakollisia tietoja on vahvistamatta. Raportti kertoisi ne tosiasioina; jos luot sen "
                     "nyt, nämä kohdat merkitään raporttiin merkinnällä [VAHVISTAMATTA]:",
                     "Mandatory facts of the notice are not confirmed. The report would state them as facts; if you "
                     "build it now, those passages are marked [NOT CONFIRMED]:")
                   + "\n" + "\n".join(f"- {safety.md(x)}" for x in open_items))
        allow = st.checkbox(L("Ymmärrän: luo raportti, jossa vahvistamattomat kohdat on merkitty",
                              "I understand: build the report with the unconfirmed passages marked"),
                            key="rep_allow_unconfirmed")

    def build_report():  # runs when the button is clicked: builds, audits, downloads
        return sar.generate(reg, user, email, lang=rep_lang, request_id=rid, ip=ip, mark_answered=mark,
                            allow_unconfirmed=bool(allow), ui_lang=lang)

    st.download_button(L("Luo ja lataa tarkastusraportti (PDF)", "Build and download the access report (PDF)"),
                       data=build_report, file_name=f"tarkastusraportti-{rid}-{today.isoformat()}.pdf"
                       if rep_lang == "fi" else f"access-report-{rid}-{today.isoformat()}.pdf",
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
            p1.download_button(L("Tiedot koneluettavana: JSON", "Data, machine-readable: JSON"), data=export("json"),
                               file_name=f"tiedot-{rid}.json", mime="application/json", key="port_json")
            p2.download_button(L("Tiedot koneluettavana: CSV", "Data, machine-readable: CSV"), data=export("csv"),
                               file_name=f"tiedot-{rid}.csv", mime="text/csv", key="port_csv")

    if r["open"]:
        st.subheader(L("Toimenpiteet", "Actions"))
        fits = ACTIONS_FOR_TYPE[r["type"]]  # only the actions that fit this type of request

        def rtype_fits(action: str) -> bool:
            return action in fits

        tabs = st.tabs([L("Henkilöllisyys", "Identity"), L("Pidennys", "Extension")]
                       + ([L("Toteuta pyyntö", "Carry out")] if fits else []) + [L("Sulje tai hylkää", "Close or refuse")])
        t_id, t_ext, t_close = tabs[0], tabs[1], tabs[-1]
        t_do = tabs[2] if fits else st.container()  # nothing in it renders for access or portability
        with t_id:
            if r["id_requested_on"] is None:
                st.caption(L("Jos henkilöllisyydestä on perusteltua epäilyä (12(6) art.), pyydä lisätietoja: aika "
                             "pysähtyy siksi aikaa.", "Where identity is in reasonable doubt (Art. 12(6)), ask for more "
                             "information: the clock stops meanwhile."))
                on = st.columns([1, 3])[0].date_input(L("Pyydetty", "Asked on"), value=today, max_value=today, key="id_asked",
                                   format="DD.MM.YYYY")
                if st.button(L("Henkilöllisyyden varmistusta pyydetty", "Proof of identity asked for"), key="b_asked"):
                    act(reqs.await_identity, reg, user, rid, on=on, done=L("Aika pysäytetty.", "The clock is paused."))
            elif r["id_received_on"] is None:
                on = st.columns([1, 3])[0].date_input(L("Saatu", "Received on"), value=today, max_value=today, key="id_got",
                                   format="DD.MM.YYYY")
                if st.button(L("Henkilöllisyys varmistettu", "Proof of identity received"), key="b_got"):
                    act(reqs.identity_received, reg, user, rid, on=on,
                        done=L("Määräpäivä siirtyi tauon verran.", "The deadline moved by the pause."))
            else:
                st.markdown(L("Henkilöllisyys on varmistettu.", "Identity has been verified."))
        with t_ext:
            if r["extended_on"]:
                st.markdown(L(f"Pidennetty {fi_date(r['extended_on'])}.", f"Extended on {fi_date(r['extended_on'])}."))
            elif today > r["first_month_end"]:
                st.markdown(L(f"Pidennys ei ole enää mahdollinen: ensimmäinen kuukausi päättyi "
                              f"{fi_date(r['first_month_end'])}.", f"An extension is no longer possible: the first "
                              f"month ended on {fi_date(r['first_month_end'])}."))
            else:
                reason = st.text_area(L("Perustelu (kerrotaan henkilölle)", "Reason (the person is told)"), key="ext_reason")
                if st.button(L("Pidennä kolmeen kuukauteen", "Extend to three months"), key="b_extend"):
                    act(reqs.extend, reg, user, rid, reason=reason, done=L("Määräaikaa pidennetty.", "Deadline extended."))
        with t_do:
            if person is None and fits:
                st.markdown(L("Rekisterissä ei ole pyyntöön täsmäävää henkilöä.", "No person in the register matches."))
            elif person is None:
                pass
            elif rtype_fits("rectification"):
                with st.form("rectify"):
                    st.markdown("**" + L("Oikaise tiedot (16 art.)", "Rectify (Art. 16)") + "**")
                    new = {k: st.text_input(lab, value=person[k] or "", key=f"rect_{k}") for k, lab in [
                        ("name", L("Nimi", "Name")), ("email", L("Sähköposti", "Email")),
                        ("phone", L("Puhelin", "Phone")), ("organisation", L("Organisaatio", "Organisation")),
                        ("title", L("Titteli", "Title"))]}
                    if st.form_submit_button(L("Tallenna oikaisu", "Save the rectification")):
                        act(erasure.rectify, reg, user, person["email"], new, request_id=rid,
                            done=L("Tiedot oikaistu.", "Data rectified."))
            if person is not None:
                c_obj, c_res = st.columns(2)
                if rtype_fits("objection") and c_obj.button(L("Vastustaa suoramarkkinointia (21 art.)", "Objects to direct marketing (Art. 21)"),
                                key="b_object"):
                    act(erasure.object_to_marketing, reg, user, person["email"], request_id=rid,
                        done=L("Poistettu suoramarkkinoinnista.", "Removed from direct marketing."))
                if rtype_fits("restriction") and c_res.button(
                        L("Rajoita käsittelyä (18 art.)", "Restrict processing (Art. 18)"), key="b_restrict",
                                disabled=bool(person["restricted"])):
                    act(erasure.restrict, reg, user, person["email"], request_id=rid,
                        done=L("Käsittely rajoitettu.", "Processing restricted."))
            if rtype_fits("erasure"):
                st.markdown("**" + L("Poista henkilö (17 art.)", "Erase the person (Art. 17)") + "**")
                from kpcore.erasure import EXCEPTIONS, GROUNDS
                ground_text = {None: L("— valitse —", "— choose —"), **{g: L(*t) for g, t in GROUNDS.items()}}
                ground = st.selectbox(L("Poiston peruste (17(1) art.)", "Ground for erasure (Art. 17(1))"),
                                      [None, *GROUNDS], key="erase_ground", format_func=ground_text.get,
                                      placeholder=ui.choose())
                exception_text = {None: L("poistetaan", "erase"), **{c: L(*t) for c, t in EXCEPTIONS.items()}}
                keep = {}
                person_purposes = [x["purpose"] for x in (ui.read(erasure.purposes_of, person["id"]) if person else [])]
                if person_purposes:
                    st.caption(L("Poikkeus (17(3) art.): säilytettävät käyttötarkoitukset ja peruste. Osittainen "
                                 "poisto kerrotaan kirjeessä.", "Exception (Art. 17(3)): purposes to keep and why. "
                                 "A partial erasure is explained in the letter."))
                    for pk in person_purposes:
                        code = st.selectbox(pk, [None, *EXCEPTIONS], key=f"erase_keep_{pk}",
                                            format_func=exception_text.get, placeholder=ui.choose())
                        if code:
                            keep.setdefault(code, []).append(pk)
                exceptions = list(keep.items())
                try:
                    pv = erasure.preview(reg, email or None, request_id=rid, exceptions=exceptions)
                except KpError as exc:
                    st.error(str(exc))
                    pv = None
                preview_lines = []
                if pv is not None:
                    st.markdown(L(f"**Esikatselu** ({'täydellinen' if pv['outcome'] == 'complete' else 'osittainen'} "
                                  "poisto): mitä poistetaan ja mistä", f"**Preview** ({pv['outcome']} erasure): what "
                                  "is removed and where"))
                    st.dataframe([{L("Taulu", "Table"): t, L("Rivejä", "Rows"): n} for t, n in pv["tables"].items()],
                                 hide_index=True)
                    if pv["purposes_kept"]:
                        preview_lines.append(L("Säilytetään: ", "Kept: ") + ", ".join(md(p) for p in pv["purposes_kept"]))
                    for f in pv["files"]:
                        preview_lines.append(L("Tiedosto (henkilön rivit poistetaan): ",
                                               "File (the person's rows are removed): ") + md(f))
                    preview_lines.append(L("Ilmoitettavat vastaanottajat (19 art.): ", "Recipients to tell (Art. 19): ")
                                         + (", ".join(md(i["name"]) for i in pv["tell"]) or L("ei ketään", "none")))
                    for line in preview_lines:
                        st.markdown(line)
                    st.caption(L("Aiemmat varmuuskopiot sisältävät yhä henkilön; palautus (kp restore) toteuttaa "
                                 "tämän poiston uudelleen.", "Earlier backups still hold the person; a restore "
                                 "(kp restore) re-applies this erasure."))
                asked = st.button(L("Poista henkilö…", "Erase the person…"), key="b_erase",
                                  disabled=not (ground and pv))

                def erase_now():
                    with st.spinner(L("Poistetaan ja kirjoitetaan rekisteritiedosto uudelleen, jotta poistetut "
                                      "tiedot eivät jää tiedostoon…", "Erasing, and rewriting the register file so "
                                      "the erased data does not stay in it…")):
                        for k in [k for k in st.session_state if str(k).startswith(("_export", "_imp", "_person"))]:
                            del st.session_state[k]  # prepared exports and previews may hold the person
                        act(erasure.erase, reg, user, email or None, request_id=rid, ground=ground,
                            exceptions=exceptions,
                            done=L("Henkilö poistettu ja lisätty estolistalle.", "The person was erased and suppressed."))
                who = md(person["name"] if person else (r["requester_name"] or "")) + (f" ({md(email)})" if email else "")
                partial = pv is not None and pv["outcome"] == "partial"
                ui.confirm("b_erase", L("Poistetaanko henkilö pysyvästi?", "Erase the person for good?"), [
                    (L(f"Henkilön {who} tiedot poistetaan muista kuin säilytettävistä käyttötarkoituksista.",
                       f"{who}: the data is removed from every purpose not kept.") if partial else
                     L(f"Henkilön {who} tiedot poistetaan koko rekisteristä: yhteystieto, käyttötarkoitukset, "
                       "verkkokäynnit ja pyyntöjen tunnistetiedot.",
                       f"{who}: the contact, its purposes, web visits and the requests' identifying details are "
                       "removed from the whole register.")),
                    *preview_lines,
                    L("Sähköposti ja puhelin lisätään estolistalle (avainnettuna tiivisteenä), jotta henkilöä ei "
                      "tuoda uudelleen.", "The email and phone go on the suppression list (as keyed digests) so the "
                      "person is not imported again."),
                    L("Rekisteritiedosto kirjoitetaan uudelleen, jotta poistetut tiedot eivät jää siihen.",
                      "The register file is rewritten so the erased data does not stay in it."),
                    L("**Tätä ei voi perua.** Varmuuskopion palautus toteuttaa poiston uudelleen.",
                      "**This cannot be undone.** Restoring a backup re-applies the erasure.")],
                    L("Poista pysyvästi", "Erase for good"), erase_now, ask=asked)
        if r.get("art19"):
            st.markdown("**" + L("Ilmoitukset vastaanottajille (19 art.)", "Telling the recipients (Art. 19)") + "**")
            for it in r["art19"]:
                state = (L(f"ilmoitettu {fi_date(it['told_on'])}", f"told {fi_date(it['told_on'])}") if it["told_on"]
                         else (L("ei ilmoiteta: ", "not told: ") + md(it["not_told_reason"])
                               if it["not_told_reason"] else L("**avoin**", "**open**")))
                cols = st.columns([4, 1])
                cols[0].markdown(f"{md(it['name'])} — {state}")
                if it["told_on"] is None and not it["not_told_reason"] and r["open"]:
                    if cols[1].button(L("Ilmoitettu tänään", "Told today"), key=f"a19_{it['kind']}_{it['ref']}"):
                        from kpcore import art19
                        act(art19.mark, reg, user, rid, it["ref"], kind=it["kind"], on=today,
                            done=L("Merkitty ilmoitetuksi.", "Marked told."))
        with t_close:
            on = st.columns([1, 3])[0].date_input(L("Vastattu", "Answered on"), value=today, max_value=today, key="close_on",
                               format="DD.MM.YYYY")
            if st.button(L("Merkitse vastatuksi", "Mark answered"), key="b_close", disabled=not can_close):
                act(reqs.close, reg, user, rid, on=on, done=L("Pyyntö suljettu.", "Request closed."))
            reason = st.text_area(L("Hylkäämisen perustelut (kerrotaan henkilölle, 12(4) art.)",
                                    "Reasons for refusing (the person is told, Art. 12(4))"), key="refuse_reason")
            asked = st.button(L("Hylkää pyyntö…", "Refuse the request…"), key="b_refuse")
            if asked and not reason.strip():  # refused by kpcore with its message; nothing changes
                act(reqs.refuse, reg, user, rid, reason=reason, done="")
            elif reason.strip():
                ui.confirm("b_refuse", L("Hylätäänkö pyyntö?", "Refuse the request?"), [
                    L(f"Pyyntö {rid} suljetaan hylättynä tänään.", f"Request {rid} is closed as refused today."),
                    L(f"Perustelut kirjataan ja tulostuvat hylkäyspäätökseen: »{md(reason.strip()[:300])}«",
                      f"The reasons are recorded and printed in the refusal letter: “{md(reason.strip()[:300])}”"),
                    L("Päätöksessä kerrotaan oikeus valittaa tietosuojavaltuutetulle ja hakea muutosta "
                      "tuomioistuimelta (12(4) art.).",
                      "The letter tells the person of the right to complain to the Data Protection Ombudsman and "
                      "to seek a judicial remedy (Art. 12(4)).")],
                    L("Hylkää pyyntö", "Refuse the request"),
                    lambda: act(reqs.refuse, reg, user, rid, reason=reason, done=L("Pyyntö hylätty.", "Request refused.")),
                    ask=asked)

    letters_row = []
    if r["status"] == "refused":
        letters_row.append(("refusal", L("Hylkäyspäätös (PDF)", "Refusal letter (PDF)")))
    if r["extended_on"]:
        letters_row.append(("extension", L("Ilmoitus pidennyksestä (PDF)", "Extension notice (PDF)")))
    for kind, text in letters_row:
        def letter(kind=kind):
            with reg.read() as q:
                pdf = reqs.letter_pdf(q, rid, kind, lang=rep_lang)
            reg.record(user, f"request.letter.{kind}", "request", rid)
            return pdf
        st.download_button(text, data=letter, file_name=f"{kind}-{rid}.pdf", mime="application/pdf", key=f"letter_{kind}")

    st.subheader(L("Historia", "History"))
    history = [{L("Nro", "No."): e["seq"], L("Aika", "Time"): fmt.datetime(e["event_at"], lang),
                L("Tapahtuma", "Event"): label(EVENT_TEXT.get(e["action"], (e["action"], e["action"]))),
                L("Tila", "Status"): reqs.status_label(e["status"], lang), L("Tekijä", "By"): e["actor"],
                L("Huomio", "Note"): e["note"] or ""} for e in r["events"]]
    st.dataframe(history, hide_index=True, width="stretch", **ui.fit(history))


# -- the queue and the intake form -------------------------------------------------------
def queue_page() -> None:
    show_all = st.toggle(L("Näytä myös suljetut", "Show closed ones too"), key="show_closed")
    rows = ui.read(reqs.list_requests, not show_all)
    n_over = sum(r["overdue"] for r in rows)
    n_soon = sum(1 for r in rows if r["open"] and not r["overdue"] and not r["paused"] and r["days_left"] <= 7)
    c = st.columns(3)
    c[0].metric(L("Avoimia", "Open"), sum(r["open"] for r in rows))
    c[1].metric(L("Myöhässä", "Overdue"), n_over)
    c[2].metric(L("Erääntyy 7 päivässä", "Due within 7 days"), n_soon)
    if not ui.can("read.person"):  # a viewer: the counts only, no requesters, no intake
        st.caption(ui.VIEWER_NOTE())
        return
    st.subheader(L("Jono määräpäivän mukaan", "Queue by due date"))
    if not rows:
        st.info(L("Ei avoimia pyyntöjä.", "No open requests."))
    else:
        import pandas as pd

        table = pd.DataFrame([{
            "id": r["id"],  # shown as "No."
            L("Tyyppi", "Type"): label(REQUEST_TYPE_TEXT[r["type"]]),
            L("Pyytäjä", "Requester"): r["requester_name"] or r["requester_email"] or L("(poistettu)", "(erased)"),
            L("Tila", "Status"): reqs.status_label(r["status"], lang),
            L("Vastaanotettu", "Received"): r["received_on"],
            L("Määräpäivä", "Due"): r["due_on"],
            L("Aikaa", "Time left"): clock_text(r),
            "_tone": "over" if r["overdue"] else ("soon" if r["open"] and not r["paused"] and r["days_left"] <= 7 else ""),
        } for r in rows])
        tones = table.pop("_tone")

        def colour(row):
            tone = tones[row.name]
            css = ("background-color: #fde2e1; color: #8a1c1c" if tone == "over" else
                   "background-color: #fff1cc; color: #7a4d00" if tone == "soon" else "")
            return [css] * len(row)

        fitted = ui.fit(table, {"id": st.column_config.NumberColumn(L("Nro", "No.")),
                                L("Vastaanotettu", "Received"): st.column_config.DateColumn(format=L("D.M.YYYY", "YYYY-MM-DD")),
                                L("Määräpäivä", "Due"): st.column_config.DateColumn(format=L("D.M.YYYY", "YYYY-MM-DD"))},
                        room=ui.TABLE_PX - 30)  # the row selection's column takes the rest
        fitted["height"] = min(fitted.get("height", 36 * (len(table) + 1) + 4), 640)
        event = st.dataframe(table.style.apply(colour, axis=1), hide_index=True, width="stretch",
                             on_select="rerun", selection_mode="single-row", key="queue", **fitted)
        st.caption(L("Punainen = myöhässä, keltainen = 7 päivää tai vähemmän. Valitse rivi avataksesi pyynnön.",
                     "Red = overdue, amber = seven days or less. Select a row to open the request."))
        picked = event.selection.rows if event and hasattr(event, "selection") else []
        if picked:
            open_request(int(table.iloc[picked[0]]["id"]))
            st.rerun()

    st.subheader(L("Uusi pyyntö", "New request"))
    with st.form("intake", clear_on_submit=False):
        a, b = st.columns(2)
        rtype = a.selectbox(L("Pyynnön tyyppi", "Type of request"), list(REQUEST_TYPE_TEXT),
                            format_func=lambda k: label(REQUEST_TYPE_TEXT[k]), key="in_type", placeholder=ui.choose())
        channel = b.selectbox(L("Kanava", "Channel"), list(CHANNELS), format_func=lambda k: label(CHANNEL_TEXT[k]),
                              key="in_channel", placeholder=ui.choose())
        name = a.text_input(L("Nimi", "Name"), key="in_name")
        email = b.text_input(L("Sähköposti", "Email"), key="in_email")
        phone = a.text_input(L("Puhelin", "Phone"), key="in_phone")
        ip = b.text_input(L("IP-osoite (jos henkilö antoi sen)", "IP address (if the person gave one)"), key="in_ip")
        received = a.date_input(L("Vastaanotettu", "Received on"), value=today, max_value=today, key="in_received",
                                format="DD.MM.YYYY")
        # None: not told (the person's own language, else Finnish); a choice also becomes the person's
        language = b.selectbox(L("Vastauksen kieli", "Language of the answer"), [None, "fi", "sv", "en"],
                               format_func=lambda k: ui.LANGS[k] if k else L("Henkilön oma (oletus suomi)",
                                                                            "The person's own (default Finnish)"),
                               key="in_language",
                               help=L("Valittu kieli tallennetaan myös henkilön asiointikieleksi.",
                                      "A chosen language is also recorded as the person's preferred language."),
                               placeholder=ui.choose())
        if st.form_submit_button(L("Kirjaa pyyntö", "Record the request"), type="primary"):
            try:
                new = reqs.add(reg, ui.user(), type=rtype, email=email, name=name, phone=phone, ip=ip,
                               received_on=received, channel=channel, language=language)
            except KpError as exc:
                st.error(str(exc))
            else:
                ui.after_write()
                flash(L(f"Pyyntö {new['id']} kirjattu; määräpäivä {fi_date(new['due_on'])}.",
                        f"Request {new['id']} recorded; due {fi_date(new['due_on'])}."))
                open_request(new["id"])
                st.rerun()


requested = st.query_params.get("request")
if requested and requested.strip().isdigit():
    request_page(int(requested))
else:
    if requested:
        shown = md(requested[:100])  # from the link: shown as text
        st.error(L(f"Pyynnön numero ei kelpaa: {shown}", f"Not a request number: {shown}"))
    queue_page()
