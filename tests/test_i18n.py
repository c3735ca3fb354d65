"""Translation catalogs (issue #16 §1): every message the code asks for is in the Finnish,
Swedish and English catalogs, translated, with the msgid's placeholders, and compiled; the
catalogs are loaded only when a text is first needed; dates and numbers come from Babel."""
from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT
from kpcore import fmt, i18n


def _catalogs():
    spec = importlib.util.spec_from_file_location("i18n_catalogs", ROOT / "scripts" / "i18n_catalogs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_every_message_is_translated_in_every_catalog_and_compiled():
    """Extraction from kpcore/ and dashboard/ into a template, compared with fi, sv and en;
    `python scripts/i18n_catalogs.py` updates and compiles, then translate what it lists."""
    assert _catalogs().problems() == []


@pytest.fixture()
def tree(tmp_path):
    """A small source tree and a copy of the real catalogs, to see each check fail."""
    (tmp_path / "kpcore").mkdir()
    (tmp_path / "dashboard").mkdir()
    (tmp_path / "kpcore" / "m.py").write_text('from kpcore.i18n import pgettext\npgettext("unit", "d", "fi")\n'
                                             'pgettext("unit", "pp", "fi")\npgettext("unit", "h", "fi")\n')
    shutil.copytree(ROOT / "kpcore" / "locale", tmp_path / "locale")
    return tmp_path


def test_the_catalog_check_sees_a_new_message_a_gone_one_a_gap_and_a_stale_mo(tree):
    cat = _catalogs()
    loc = tree / "locale"
    # the real catalogs hold more than this small tree asks for: those are "no longer in the code"
    base = [p for p in cat.problems(tree, loc) if "no longer in the code" not in p]
    assert base == []
    (tree / "dashboard" / "v.py").write_text('_("A new text {n}")\n')
    assert {p.split(":")[0] for p in cat.problems(tree, loc) if "A new text" in p} == {"fi", "sv", "en"}

    # a gap: the Swedish msgstr emptied (and compiled so); a wrong placeholder in English
    sv = cat.load("sv", loc)
    sv.get("d", "unit").string = ""
    cat.save("sv", sv, loc)
    en = cat.load("en", loc)
    en.add("A new text {n}", "A new text {m}")
    cat.save("en", en, loc)
    found = cat.problems(tree, loc)
    assert "sv: untranslated: ('d', 'unit')" in found
    assert "en: placeholders differ from the msgid's: ('A new text {n}', None)" in found

    # a .po edited after its .mo was compiled
    fi_po = cat.po_path("fi", loc)
    fi_po.write_text(fi_po.read_text().replace('msgstr "pv"', 'msgstr "päivää"'))
    assert "fi: kp.mo is not kp.po compiled (run scripts/i18n_catalogs.py)" in cat.problems(tree, loc)


def test_translators_per_language_and_context():
    assert i18n.pgettext("unit", "d", "fi") == "pv"
    assert i18n.pgettext("unit", "d", "sv") == "d"
    assert i18n.pgettext("unit", "pp", "en") == "pp"
    assert i18n.gettext("a text no catalog has", "sv") == "a text no catalog has"  # gettext's fallback
    assert i18n.check(None) == "fi"
    with pytest.raises(ValueError):
        i18n.check("de")
    for lang in i18n.LANGS:
        assert "nplurals=2" in i18n.translator(lang).info()["plural-forms"]


def test_catalogs_and_babel_are_not_loaded_at_start_up():
    """Start-up stays light (issue #16 §5): importing the CLI and kpcore reads no catalog and
    imports no Babel; the first text asked for loads its language's catalog once."""
    code = ("import sys, kpcore.cli, kpcore.fmt, kpcore.i18n as i; "
            "print(i.translator.cache_info().currsize, 'babel' in sys.modules); "
            "kpcore.fmt.quantity(1, 'days', 'sv'); print(i.translator.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.split() == ["0", "False", "1"]


def test_dates_and_numbers_in_swedish_follow_finland():
    """Babel's sv_FI: d.M.y dates and 'kl.' times as written in Finland, space-grouped numbers."""
    assert fmt.date(dt.date(2026, 12, 1), "sv") == "1.12.2026"
    assert fmt.datetime(dt.datetime(2026, 12, 1, 9, 5), "sv") == "1.12.2026 kl. 09.05"
    assert fmt.number(1234567, "sv") == "1 234 567"
    assert fmt.quantity(12.5, "days", "sv") == "12,5 d"
    assert fmt.quantity(75, "pct", "sv") == "75,0 %"
    assert fmt.change(-2.5, "pct", "sv") == "−2,5 procentenh."
    assert fmt.percent(7.25, "en", 2) == "7.25%"
    with pytest.raises(ValueError):
        fmt.date(dt.date(2026, 1, 1), "de")


def _codemod():
    spec = importlib.util.spec_from_file_location("i18n_codemod", ROOT / "scripts" / "i18n_codemod.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_codemod_turns_pairs_into_messages(tmp_path):
    """scripts/i18n_codemod.py (re-run on main as others add L(fi, en) texts): plain pairs,
    f-strings with named placeholders, pairs inside an f-string, `"fi" if lang == "fi" else
    "en"`, and a throwaway `_` renamed so it cannot rebind the translator."""
    mod = _codemod()
    view = tmp_path / "v.py"
    view.write_text('import ui\n\nL = ui.L\nlang = ui.lang()\nrows = []\na, _ = 1, 2\n'
                    'x = L("Tallenna muutokset", "Save the changes")\n'
                    'y = L(f"Näytetään {len(rows)} riviä", f"Showing {len(rows)} rows")\n'
                    "z = f\"**{L('Koko nimi', 'Full name')}:**\"\n"
                    'w = "Kyllä kiitos" if lang == "fi" else "Yes please"\n'
                    'k = "name_fi" if lang == "fi" else "name_en"\n', encoding="utf-8")
    plan, report = mod.Plan(), []
    text = mod.rewrite(view, plan, report)
    compile(text, "v.py", "exec")
    assert 'x = _("Save the changes")' in text
    assert 'y = _("Showing {n_rows} rows").format(n_rows=len(rows))' in text
    assert "z = f\"**{_('Full name')}:**\"" in text
    assert 'w = _("Yes please")' in text
    assert 'k = "name_fi" if lang == "fi" else "name_en"' in text  # a column, not a text: by hand
    assert "a, _unused = 1, 2" in text and "_ = ui._" in text and "L = ui.L" not in text
    assert plan.fill["fi"][("Showing {n_rows} rows", None)] == "Näytetään {n_rows} riviä"
    assert plan.fill["en"][("Full name", None)] == "Full name"


def test_the_codemod_marks_and_converts_tables(tmp_path):
    mod = _codemod()
    src = tmp_path / "t.py"
    src.write_text('from kpcore.db import Query\n\nKINDS = {"a": ("Ensimmäinen laji", "First kind"), '
                   '"b": (2.0, "Toinen laji", "Second kind")}\nPAIRS = {"c": ("Kolmas", "Third one")}\n',
                   encoding="utf-8")
    plan, report = mod.Plan(), []
    text = mod.table(src, "KINDS", plan, report, "kind")
    assert 'NP_("kind", "First kind")' in text and '(2.0, NP_("kind", "Second kind"))' in text
    assert "from kpcore.i18n import NP_" in text
    src.write_text(text, encoding="utf-8")
    text = mod.table(src, "PAIRS", plan, report, mark=True)
    assert '("Kolmas", N_("Third one"))' in text and "from kpcore.i18n import N_" in text
    assert plan.fill["fi"][("First kind", "kind")] == "Ensimmäinen laji"
    assert i18n.gettext(i18n.NP_("audit object", "Breach"), "fi") == "Tietoturvaloukkaus"


def test_findings_audit_names_and_the_inbox_speak_three_languages(demo_reg):
    """Findings keep their message and values and are worded per language; `kp check --lang sv`
    prints them in Swedish; audit-action names and the overview's inbox rows likewise."""
    from conftest import run_kp
    from kpcore import audit, compliance, overview

    with demo_reg.read() as q:
        found = compliance.findings(q)
        rows = overview.today(q)
    late = next(f for f in found if f.rule == "request_overdue")
    assert late.title("fi") == "Pyyntöön ei ole vastattu määräajassa"
    assert late.title("sv") == "Begäran inte besvarad inom tidsfristen"
    assert "dag" in late.text("sv") and "Begäran #" in late.text("sv") and "pv" in late.text("fi")
    assert late.as_dict()["text_sv"] == late.text("sv") and late.as_dict()["text_en"] == late.text_en
    assert all(r["text_fi"] and r["text_sv"] and r["text_en"] for r in rows)
    assert audit.action_text("person.erase", "sv") == "Person raderad (art. 17)"
    assert audit.action_text("system.unlink.x", "sv").startswith("System")
    res = run_kp("check", "--lang", "sv", db_path=demo_reg.path)
    assert "Begäran inte besvarad inom tidsfristen" in res.stdout and "Pyyntöön ei ole" not in res.stdout
    assert res.stderr.strip().startswith("Totalt:")
