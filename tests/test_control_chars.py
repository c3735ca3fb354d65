"""#15 §1: control characters (NUL, ESC, BEL, other C0 but tab and line break, DEL, C1) are refused
in the breach, processor/engagement and notice/company-facts writes, naming the field, and the
register is left unchanged. The checks live in kpcore, so the dashboard's forms and the `kp`
commands (tested here too) refuse alike."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from kpcore import breaches, db, demo, notice, processors
from kpcore.breach import case, controllers, risk, subprocessors
from kpcore.errors import KpError, ValidationFailed

# NUL, BEL, ESC (a terminal colour sequence), CR, DEL, C1 NEL, C1 CSI
HOSTILE = ["a\x00b", "ding\x07", "\x1b[31mred\x1b[0m", "line\rover", "x\x7f", "next\x85line", "\x9b2J"]
NOW = dt.datetime.now().replace(microsecond=0)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = tmp_path_factory.mktemp("ctl") / "demo.duckdb"
    r = db.create(path)
    demo.populate(r, contacts=30, visits=30, seed=1)
    return path


@pytest.fixture
def reg(base, tmp_path):
    path = tmp_path / "r.duckdb"
    shutil.copy(base, path)
    for f in base.parent.glob(base.name + ".*"):
        shutil.copy(f, tmp_path / f.name.replace(base.name, path.name))
    return db.Register(path)


def _tip(reg):
    with reg.read() as q:
        return q.sql("SELECT count(*), max(seq) FROM audit_log").fetchall()[0]


def _ids(reg) -> dict:
    with reg.read() as q:
        one = lambda sql: q.sql(sql).fetchall()[0][0]  # noqa: E731
        return {"breach": one("SELECT min(id) FROM breach"),
                "engagement": one("SELECT min(id) FROM processor_engagement WHERE status = 'active'"),
                "customer": one("SELECT min(id) FROM customer"),
                "access": one("SELECT min(id) FROM processor_access"),
                "change": one("SELECT min(id) FROM subprocessor_change"),
                "recipient": one("SELECT min(id) FROM recipient"),
                "purpose": one("SELECT min(key) FROM purpose"),
                "source": one("SELECT min(key) FROM source")}


def _refused(reg, field: str, call) -> None:
    before = _tip(reg)
    with pytest.raises(KpError) as err:
        call()
    text = str(err.value)
    assert field in text and "control" in text.lower(), text
    if isinstance(err.value, ValidationFailed):
        assert any(p.field.endswith(field) or field in p.field for p in err.value.problems)
    assert _tip(reg) == before  # nothing written


def _writes(i: dict, bad: str):
    """(field, call) for every write behind a breach, processor or notice form / command."""
    b, e = i["breach"], i["engagement"]
    factors = risk.Factors(breach_types=("confidentiality",), malicious=False, data_nature="basic",
                           identification="limited", consequences="minor", vulnerable=False, people=1, records=1)
    return [
        # breaches (dashboard: breach form, case forms; CLI: kp breach add/update/assess/...)
        ("description", lambda r: breaches.add(r, "t", {"aware_at": NOW, "description": bad})),
        ("effects", lambda r: breaches.update(r, "t", b, {"effects": bad})),
        ("how", lambda r: case.open_case(r, "t", {"aware_at": NOW, "description": "ok", "how": bad})),
        ("contact_point", lambda r: case.set_facts(r, "t", b, {"contact_point": bad})),
        ("remedial_action", lambda r: case.set_facts(r, "t", b, {"remedial_action": bad})),
        ("justification", lambda r: case.assess(r, "t", b, factors, justification=bad)),
        ("reason", lambda r: case.decide(r, "t", b, notify=False, reason=bad)),
        ("reference", lambda r: case.notify(r, "t", b, sent_at=NOW, reference=bad, delay_reason="syy")),
        ("note", lambda r: case.supplement(r, "t", b, note=bad)),
        ("reason", lambda r: case.exempt_people(r, "t", b, ground="a", reason=bad)),
        ("by", lambda r: controllers.ack(r, "t", b, e, by=bad)),
        ("subprocessor", lambda r: subprocessors.add_change(r, "t", subprocessor=bad, service_fi="palvelu",
                                                            effective_on=dt.date.today() + dt.timedelta(days=60))),
        ("service_fi", lambda r: subprocessors.add_change(r, "t", subprocessor="Oy", service_fi=bad,
                                                          effective_on=dt.date.today() + dt.timedelta(days=60))),
        ("text", lambda r: subprocessors.object_to(r, "t", i["change"], e, text=bad)),
        ("note", lambda r: subprocessors.record_outcome(r, "t", i["change"], e, outcome="withdrawn", note=bad)),
        # processors (dashboard: processors view forms; CLI: kp processor ...)
        ("system", lambda r: processors.add_engagement(r, "t", {"customer": "Asiakas Oy", "system": bad,
                                                                "vendor": "V", "service_fi": "S"})),
        ("customer", lambda r: processors.add_engagement(r, "t", {"customer": bad, "system": "S",
                                                                  "vendor": "V", "service_fi": "S"})),
        ("security_fi", lambda r: processors.update_engagement(r, "t", e, {"security_fi": bad})),
        ("contact_name", lambda r: processors.update_customer(r, "t", i["customer"], {"contact_name": bad})),
        ("reason", lambda r: processors.log_access(r, "t", e, reason=bad, staff="anna")),
        ("staff", lambda r: processors.log_access(r, "t", e, reason="tiketti", staff=bad)),
        ("ticket", lambda r: processors.set_access_ticket(r, "t", i["access"], bad)),
        # notice / company facts (dashboard: notice editor; CLI: kp notice set-...)
        ("name", lambda r: notice.update_controller(r, "t", {"name": bad})),
        ("dpo_name", lambda r: notice.update_controller(r, "t", {"dpo_name": bad})),
        ("complaint", lambda r: notice.set_statement(r, "t", "complaint", "fi", bad)),
        ("legitimate_interest_fi", lambda r: notice.update_purpose(r, "t", i["purpose"],
                                                                   {"legitimate_interest_fi": bad})),
        ("description_fi", lambda r: notice.update_source(r, "t", i["source"], {"description_fi": bad})),
        ("role_fi", lambda r: notice.add_recipient(r, "t", {"name": "Oy", "role_fi": bad, "role_en": "r"}, [])),
        ("name", lambda r: notice.update_recipient(r, "t", i["recipient"], {"name": bad})),
    ]


@pytest.mark.parametrize("bad", HOSTILE, ids=["NUL", "BEL", "ESC", "CR", "DEL", "NEL", "CSI"])
def test_every_breach_processor_and_notice_write_refuses_control_characters(reg, bad):
    i = _ids(reg)
    for field, call in _writes(i, bad):
        _refused(reg, field, lambda: call(reg))


def test_tab_and_line_break_stay_allowed_in_multi_line_text(reg):
    i = _ids(reg)
    breaches.update(reg, "t", i["breach"], {"effects": "ensin\n\tsitten"})
    case.set_facts(reg, "t", i["breach"], {"timeline": "klo 9\nklo 10"})
    processors.update_engagement(reg, "t", i["engagement"], {"security_fi": "salaus\nlokitus"})
    notice.update_source(reg, "t", i["source"], {"description_fi": "rivi 1\nrivi 2"})
    with reg.read() as q:
        assert q.sql("SELECT effects FROM breach WHERE id = ?", [i["breach"]]).fetchall()[0][0] == "ensin\n\tsitten"


def test_statement_keys_used_above_exist(reg):
    with reg.read() as q:
        assert "complaint" in notice.statement_keys(q)


# -- the `kp` commands -------------------------------------------------------------------------------
def _cli_refused(kp, reg, field_words, *args):
    before = _tip(reg)
    res = kp(*args, db_path=reg.path)
    assert res.returncode != 0, res.stderr
    assert "Traceback" not in res.stderr and "\x1b" not in res.stderr and "\x07" not in res.stderr
    assert any(w in res.stderr for w in field_words) and "control" in res.stderr.lower(), res.stderr
    assert _tip(reg) == before


def test_kp_commands_refuse_control_characters(reg, kp):
    i = _ids(reg)
    esc = "\x1b[2Jgone"
    # a breach's field is named as its form names it (issue 18 §1; the terminal here reads English)
    _cli_refused(kp, reg, ["What happened"], "breach", "add", "--aware", "2026-11-20 09:00", "--description", esc)
    _cli_refused(kp, reg, ["Effects"], "breach", "update", str(i["breach"]), "--effects", "bell\x07")
    _cli_refused(kp, reg, ["How it happened"], "breach", "update", str(i["breach"]), "--how", esc)
    _cli_refused(kp, reg, ["Reason"], "breach", "decide", str(i["breach"]), "--notify", "no", "--reason", esc)
    _cli_refused(kp, reg, ["Acknowledged by"], "breach", "ack", str(i["breach"]), "--engagement", str(i["engagement"]),
                 "--by", esc)
    _cli_refused(kp, reg, ["Sub-processor"], "subprocessor", "add", "--name", esc, "--service", "palvelu",
                 "--effective", (dt.date.today() + dt.timedelta(days=60)).isoformat())
    _cli_refused(kp, reg, ["system"], "processor", "add", "--customer", "Asiakas Oy", "--system", esc,
                 "--vendor", "V", "--service", "S")
    _cli_refused(kp, reg, ["reason"], "processor", "access", str(i["engagement"]), "--reason", esc, "--by", "anna")
    _cli_refused(kp, reg, ["ticket"], "processor", "ticket", str(i["access"]), "x\x9by")
    _cli_refused(kp, reg, ["name"], "notice", "set-controller", "--name", "Oy\x7f")
    _cli_refused(kp, reg, ["complaint"], "notice", "set-statement", "complaint", "--lang", "fi", "--text", esc)
    _cli_refused(kp, reg, ["legitimate interest (Finnish)"], "notice", "set-purpose", i["purpose"], "--interest-fi", esc)


# -- the dashboard's forms ---------------------------------------------------------------------------
def _submit(at, form_id):
    button = next(b for b in at.button if getattr(b, "form_id", None) == form_id)
    button.click()
    return at.run()


def _page_refused(at, reg, before, field):
    assert not at.exception, [e.value for e in at.exception]
    errors = " ".join(e.value for e in at.error)
    assert field in errors and "control" in errors.lower(), errors
    assert "\x1b" not in errors and "\x07" not in errors
    assert _tip(reg) == before


def test_breach_page_forms_refuse_control_characters(reg):
    from conftest import app_test

    i = _ids(reg)
    before = _tip(reg)
    at = app_test("breaches", reg.path, lang="en", session={"breach_new_box": True})
    at.run()
    new = "breach_add"
    at.text_input(key=f"{new}_aware_at").input(f"{NOW:%Y-%m-%d %H:%M}")
    at.text_area(key=f"{new}_description").input("vuoto \x1b[31m")
    _submit(at, new)
    _page_refused(at, reg, before, "What happened")
    at = app_test("breaches", reg.path, lang="en")
    at.query_params["breach"] = "5"
    at.run()
    at.text_input(key="ack_by_5").input("kuittaaja\x07")
    _submit(at, "ack_5")
    _page_refused(at, reg, before, "Acknowledged by")


def test_processor_page_forms_refuse_control_characters(reg):
    from conftest import app_test

    before = _tip(reg)
    at = app_test("processors", reg.path, lang="en", session={"proc_new_box": True})  # the form opened
    at.run()
    at.text_input(key="proc_add_newcust").set_value("Pirkkalan kunta")
    at.text_input(key="proc_add_system").set_value("Hanke\x00salkku")
    at.text_input(key="proc_add_vendor").set_value("Projekta Oy")
    at.text_area(key="proc_add_service_fi").set_value("Pääkäyttäjätuki")
    _submit(at, "proc_add")
    _page_refused(at, reg, before, "system")
    at = app_test("processors", reg.path, lang="en")
    at.query_params["engagement"] = str(_ids(reg)["engagement"])
    at.run()
    at.text_input(key="acc_reason").set_value("tuki\x9b2J")
    _submit(at, "proc_access")
    _page_refused(at, reg, before, "reason")


def test_notice_page_forms_refuse_control_characters(reg):
    from conftest import app_test

    before = _tip(reg)
    at = app_test("notice", reg.path, lang="en", session={"notice_sec_controller": True})
    at.run()
    at.text_input(key="ctl_name").input("KuntaPlus\x7f Oy")
    _submit(at, "controller_form")
    _page_refused(at, reg, before, "name")


# -- one-line fields: a line break or tab is refused too ---------------------------------------------
@pytest.mark.parametrize("bad", ["Oy\nAb", "Oy\tAb"], ids=["LF", "TAB"])
def test_one_line_fields_refuse_line_breaks_and_tabs(reg, bad):
    """Names, identifiers and references are one line (they head letters, PDFs and CSV cells);
    multi-line text (descriptions, reasons, measures) keeps its line breaks (test above)."""
    i = _ids(reg)
    b, e = i["breach"], i["engagement"]
    for field, call in [
        ("name", lambda r: notice.update_controller(r, "t", {"name": bad})),
        ("city", lambda r: notice.update_controller(r, "t", {"city": bad})),
        ("name", lambda r: notice.update_recipient(r, "t", i["recipient"], {"name": bad})),
        ("customer", lambda r: processors.add_engagement(r, "t", {"customer": bad, "system": "S", "vendor": "V",
                                                                  "service_fi": "S"})),
        ("system", lambda r: processors.update_engagement(r, "t", e, {"system": bad})),
        ("agreement_ref", lambda r: processors.update_engagement(r, "t", e, {"agreement_ref": bad})),
        ("dpo_name", lambda r: processors.update_customer(r, "t", i["customer"], {"dpo_name": bad})),
        ("staff", lambda r: processors.log_access(r, "t", e, reason="tiketti", staff=bad)),
        ("ticket", lambda r: processors.set_access_ticket(r, "t", i["access"], bad)),
        ("by", lambda r: controllers.ack(r, "t", b, e, by=bad)),
        ("subprocessor", lambda r: subprocessors.add_change(r, "t", subprocessor=bad, service_fi="palvelu",
                                                            effective_on=dt.date.today() + dt.timedelta(days=60))),
        ("reference", lambda r: case.notify(r, "t", b, sent_at=NOW, reference=bad, delay_reason="syy")),
    ]:
        before = _tip(reg)
        with pytest.raises(KpError, match=field) as err:
            call(reg)
        assert "one line" in str(err.value), str(err.value)
        assert _tip(reg) == before
