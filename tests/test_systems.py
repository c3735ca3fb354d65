"""The systems map (#12): records, CLI, and the map as the one truth about recipients."""
from __future__ import annotations

import json

import pytest

from kpcore import audit, notice, record, sar, systems
from kpcore.errors import Refused, ValidationFailed


def _names(q):
    return [s["name"] for s in systems.list_systems(q)]


def test_a_new_register_holds_only_itself_flagged_for_the_dpo(reg, kp):
    with reg.read() as q:
        rows = systems.list_systems(q)
        assert [s["kind"] for s in rows] == ["register"]
        assert systems.unfilled(q)
    res = kp("system", "list", db_path=reg.path, check=True)
    assert "holds only this register" in res.stdout
    data = json.loads(kp("system", "list", "--json", db_path=reg.path, check=True).stdout)
    assert data[0]["connector"] == "register" and data[0]["processor_id"] is None


def test_adding_a_processor_names_it_in_the_notice_the_record_and_the_access_report(demo_reg, kp):
    res = kp("system", "add", "Mailchimp-uutiskirje", "--kind", "newsletter", "--purpose", "sales_marketing",
             "--category", "email", "--category", "name", "--new-processor", "The Rocket Science Group LLC",
             "--country", "US", "--safeguard-fi", "EU–US-tietosuojakehys", "--safeguard-en", "EU-US Data Privacy Framework",
             "--connector", "manual", "--instructions-fi", "Poista henkilö Mailchimpin Audience-listalta.",
             "--json", db_path=demo_reg.path)
    assert res.returncode == 0, res.stderr
    sid = json.loads(res.stdout)["id"]
    with demo_reg.read() as q:
        fi = notice.notice_markdown(q, "fi")
        assert "The Rocket Science Group LLC" in fi and "EU–US-tietosuojakehys" in fi
        rows = {p["key"]: p for p in record.record_data(q, "en")["purposes"]} if "purposes" in record.record_data(q, "en") \
            else None
        text = json.dumps(record.record_data(q, "en"), default=str, ensure_ascii=False)
        assert "The Rocket Science Group LLC" in text and "EU-US Data Privacy Framework" in text
        # a person in sales_marketing is told of the new processor; a group-2 person is not
        sm = q.sql("SELECT c.email FROM contact c JOIN contact_purpose cp ON cp.contact_id = c.id "
                   "WHERE cp.purpose = 'sales_marketing' LIMIT 1").fetchall()[0][0]
        other = q.sql("SELECT c.email FROM contact c WHERE NOT EXISTS (SELECT 1 FROM contact_purpose cp WHERE "
                      "cp.contact_id = c.id AND cp.purpose = 'sales_marketing') LIMIT 1").fetchall()[0][0]
        assert "The Rocket Science Group LLC" in [r["name"] for r in sar.collect(q, sm)["recipients"]]
        assert "The Rocket Science Group LLC" not in [r["name"] for r in sar.collect(q, other)["recipients"]]
        del rows
    # The processor's purposes come from the map: remove the system and it receives nothing.
    assert kp("system", "remove", str(sid), db_path=demo_reg.path).returncode == 0
    with demo_reg.read() as q:
        rec = [r for r in q.all("notice_recipients") if r["name"] == "The Rocket Science Group LLC"][0]
        assert rec["purposes"] == []


def test_the_demo_map_names_the_real_processors(demo_reg):
    with demo_reg.read() as q:
        rows = {s["kind"]: s for s in systems.list_systems(q)}
        assert set(rows) >= {"register", "mailbox", "crm", "helpdesk", "web_analytics"}
        assert rows["helpdesk"]["processor_name"] == "Zendesk, Inc." and rows["helpdesk"]["outside_eea"]
        assert rows["mailbox"]["connector"] == "imap" and "password" not in rows["mailbox"]["settings"]
        assert not systems.unfilled(q)
        fi = notice.notice_markdown(q, "fi")
        for name in ("Microsoft Ireland Operations Limited", "Pipedrive OÜ", "Zendesk, Inc.", "UpCloud Oy"):
            assert name in fi
        # the analytics host receives only web analytics, as its system holds
        up = [r for r in q.all("notice_recipients") if r["name"] == "UpCloud Oy"][0]
        assert up["purposes"] == ["web_analytics"]
    assert (demo_reg.path.parent / (demo_reg.path.name + ".crm-export.csv")).stat().st_mode & 0o077 == 0


def test_bad_systems_are_refused_with_the_field_named_and_nothing_saved(reg):
    with reg.read() as q:
        before = audit.events(q)
    cases = [
        ({"name": "X", "kind": "spaceship"}, ["sales_marketing"], None, "kind"),
        ({"name": "", "kind": "crm"}, ["sales_marketing"], None, "name"),
        ({"name": "X", "kind": "crm"}, ["no_such"], None, "purposes"),
        ({"name": "X", "kind": "mailbox", "connector": "imap", "settings": {"host": "h", "user": "u", "password": "p"}},
         ["sales_marketing"], None, "secret"),
        ({"name": "X", "kind": "mailbox", "connector": "imap", "settings": {"user": "u"}}, ["sales_marketing"], None, "host"),
        ({"name": "X", "kind": "mailbox", "connector": "imap", "settings": {"host": "mail.example.fi", "user": "u",
                                                                            "tls": "none"}},
         ["sales_marketing"], None, "clear"),
        ({"name": "X", "kind": "crm", "connector": "table", "settings": {"path": "a.csv"}}, ["sales_marketing"], None,
         "mapping"),
        ({"name": "X", "kind": "crm", "connector": "manual"}, ["sales_marketing"], None, "instructions"),
    ]
    for values, purposes, cats, word in cases:
        with pytest.raises(ValidationFailed, match=word):
            systems.add(reg, "t", values, purposes=purposes, categories=cats)
    with pytest.raises(ValidationFailed, match="Art. 9"):
        systems.add(reg, "t", {"name": "X", "kind": "crm", "instructions_fi": "käsin"}, purposes=["sales_marketing"],
                    categories=["health"])
    with pytest.raises(ValidationFailed, match="safeguard"):
        systems.add(reg, "t", {"name": "X", "kind": "crm", "instructions_fi": "käsin"}, purposes=["sales_marketing"],
                    new_processor={"name": "Acme Inc.", "country": "US"})
    with reg.read() as q:
        assert len(systems.list_systems(q)) == 1
        assert audit.events(q) == before
        assert not [r for r in q.all("notice_recipients") if r["name"] == "Acme Inc."]


def test_set_show_and_remove(reg, kp):
    s = systems.add(reg, "t", {"name": "Tukipalvelu", "kind": "helpdesk", "instructions_fi": "Hae käsin."},
                    purposes=["expert_admin"], processor=1)
    res = kp("system", "set", "Tukipalvelu", "--purpose", "expert_admin", "--purpose", "expert_user",
             "--retention-fi", "3 vuotta", "--json", db_path=reg.path)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert sorted(out["changed"]) == ["purposes", "retention_fi"]
    shown = json.loads(kp("system", "show", str(s["id"]), "--json", db_path=reg.path, check=True).stdout)
    assert shown["purposes"] == ["expert_admin", "expert_user"] and shown["processor_id"] == 1
    res = kp("system", "remove", "1", db_path=reg.path)
    assert res.returncode != 0 and "cannot be removed" in res.stderr
    assert kp("system", "remove", "Tukipalvelu", db_path=reg.path).returncode == 0
    with reg.read() as q:
        assert _names(q) == [systems.REGISTER_SYSTEM]


def test_a_processors_purposes_cannot_be_edited_beside_the_map(reg):
    systems.add(reg, "t", {"name": "CRM", "kind": "crm", "instructions_fi": "käsin"}, purposes=["sales_marketing"],
                processor=2)
    with pytest.raises(Refused, match="systems map"):
        notice.update_recipient(reg, "t", 2, {}, purposes=["sales_marketing", "expert_user"])
    notice.update_recipient(reg, "t", 2, {"name": "Pipedrive OÜ"}, purposes=["sales_marketing"])  # unchanged: fine
    with pytest.raises(Refused, match="runs system"):
        notice.remove_recipient(reg, "t", 2)


def test_hostile_system_names_are_data_in_the_graph(reg):
    systems.add(reg, "t", {"name": 'CRM"]; evil -> x [label="', "kind": "crm", "instructions_fi": "käsin"},
                purposes=["sales_marketing"])
    with reg.read() as q:
        dot = systems.graph_dot(systems.list_systems(q), "fi")
    assert '\\"]; evil -> x [label=\\"' in dot
    assert "evil -> x" not in dot.replace('\\"]; evil -> x [label=\\"', "")


def test_the_inbox_asks_for_the_map_and_names_failed_connector_tasks(reg, demo_reg):
    from kpcore import overview

    with reg.read() as q:
        rows = [r for r in overview.today(q) if r["source"] == "systems"]
    assert len(rows) == 1 and rows[0]["page"] == "systems"
    with demo_reg.read() as q:
        rows = overview.today(q)
        failed = q.sql("SELECT request_id FROM request_task WHERE error IS NOT NULL").fetchall()
    assert not [r for r in rows if r["source"] == "systems"]
    assert failed and {r["params"]["request"] for r in rows if r["source"] == "task"} == {str(f[0]) for f in failed}


def test_a_system_added_or_changed_makes_the_published_notice_stale(reg):
    notice.confirm_all(reg, "t")
    notice.publish(reg, "t")
    with reg.read() as q:
        assert notice.stale(q) == []
    with reg.read() as q:
        recipients_before = q.all("notice_recipients")
    # run by the company itself: the notice's recipients stay the same, the map (a fact) changed
    s = systems.add(reg, "t", {"name": "Helpdesk", "kind": "helpdesk", "instructions_fi": "käsin"},
                    purposes=["expert_admin"])
    with reg.read() as q:
        assert q.all("notice_recipients") == recipients_before
        assert notice.stale(q)
    notice.publish(reg, "t")
    systems.update(reg, "t", s["id"], {"settings": {}}, purposes=["expert_admin"])  # nothing the notice says
    with reg.read() as q:
        assert notice.stale(q) == []
    systems.update(reg, "t", s["id"], {}, purposes=["expert_admin", "expert_user"])
    with reg.read() as q:
        assert notice.stale(q)
