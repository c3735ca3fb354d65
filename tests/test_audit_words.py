"""The audit view's detail column in words in the chosen language, never raw key=value (issue 16 §4)."""
from __future__ import annotations

import ast

from conftest import ROOT, app_test
from kpcore import audit


def _detail_keys_in_code() -> dict[str, str]:
    """Every string key of a dict literal handed to a write's audit event (reg.write(...), reg.record(...),
    w.audit(...)) in kpcore and the dashboard -> the file it is in."""
    keys: dict[str, str] = {}
    for path in list((ROOT / "kpcore").rglob("*.py")) + list((ROOT / "dashboard").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr in ("record", "write", "audit"):
                for arg in list(node.args) + [k.value for k in node.keywords]:
                    if isinstance(arg, ast.Dict):
                        for k in arg.keys:
                            if isinstance(k, ast.Constant) and isinstance(k.value, str):
                                keys.setdefault(k.value, path.name)
    return keys


def test_every_detail_key_written_has_a_name_in_every_language():
    from kpcore import i18n

    keys = _detail_keys_in_code()
    assert len(keys) > 40  # the scan finds the writes at all
    missing = {k: f for k, f in keys.items() if k not in audit.DETAIL_TEXT}
    assert missing == {}, f"detail keys with no words in kpcore.audit.DETAIL_TEXT: {missing}"
    for key, message in audit.DETAIL_TEXT.items():  # catalog messages (tests/test_i18n.py: translated everywhere)
        assert all(i18n.gettext(message, lang).strip() for lang in i18n.LANGS), key
    assert audit.detail_text({"role": "dpo", "found": True}, "sv") == "roll: dataskyddsombud · hittades: ja"


def test_detail_text_in_words():
    d = {"role": "dpo", "channel": "oidc", "found": True, "in_time": False, "reason": None}
    assert audit.detail_text(d, "fi") == \
        "rooli: tietosuojavastaava · kanava: yrityksen tunnus · löytyi: kyllä · ajoissa: ei · syy: –"
    assert audit.detail_text(d, "en") == "role: DPO · channel: company account · found: yes · in time: no · reason: –"
    # dates as the language writes them; ids without a thousands separator, counts with one
    assert audit.detail_text({"on": "2026-03-05", "contact_id": 12345, "rows": 12345}, "fi") == \
        "päivä: 5.3.2026 · henkilö: 12345 · rivejä: 12\xa0345".replace("\xa0", " ")
    assert audit.detail_text({"backup_created_at": "2026-03-05T09:07:00"}, "fi") == "varmuuskopio otettu: 5.3.2026 klo 09.07"
    assert audit.detail_text({"backup_created_at": "2026-03-05T09:07:00"}, "en") == "backup taken: 2026-03-05 09:07"
    # a long list is cut, an empty detail is empty, an unknown key still reads without underscores
    assert audit.detail_text({"contact_ids": list(range(20))}, "fi") == "henkilöt: 0, 1, 2, 3, 4, 5, 6, 7 … (+12)"
    assert audit.detail_text(None) == "" and audit.detail_text({}) == ""
    assert audit.detail_text({"some_new_key": "x"}, "fi") == "some new key: x"


def test_audit_view_shows_words_not_codes(demo_reg):
    demo_reg.record("dpo", "auth.signin", "app_user", "dpo", {"role": "dpo", "channel": "oidc"})
    for lang, expect in (("fi", "rooli: tietosuojavastaava · kanava: yrityksen tunnus"),
                         ("en", "role: DPO · channel: company account")):
        at = app_test("audit", demo_reg.path, lang=lang)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        table = at.dataframe[0].value
        details = [v for v in table.iloc[:, -1] if v]
        assert any(set(v.split(" · ")) == set(expect.split(" · ")) for v in details), details[:5]
        assert details and not [v for v in details if "=" in v or "_" in v], details
