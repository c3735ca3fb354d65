"""The access report works out only its own language's texts (sar.report_langs: its language and
the Finnish it falls back to), issue 18 §5: the other notices' completeness and catalogs are not
read. The report is the same bytes as one built from every language's data."""
from __future__ import annotations

import datetime as dt

import pytest
from reportlab import rl_config

from kpcore import i18n, sar
from kpcore.pdf import sar as sar_pdf

TODAY = dt.date(2026, 11, 30)


def test_report_langs():
    assert sar.report_langs("fi") == ("fi",)
    assert sar.report_langs("sv") == ("sv", "fi")
    assert sar.report_langs("en") == ("en", "fi")
    assert sar.report_langs(None) == ("fi",) and sar.report_langs("de") == ("fi",)  # build() prints Finnish


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_report_from_its_own_language_is_the_report_from_every_language(demo_reg, monkeypatch, lang):
    monkeypatch.setattr(rl_config, "invariant", 1)  # no creation date or random document id
    with demo_reg.read() as q:
        emails = [r[0] for r in q.sql("SELECT email FROM contact ORDER BY id LIMIT 3").fetchall()]
        emails += [r[0] for r in q.sql(
            "SELECT min(c.email) FROM contact c JOIN contact_purpose cp ON cp.contact_id = c.id "
            "JOIN purpose p ON p.key = cp.purpose WHERE p.direct_marketing").fetchall()]
        emails += ["nobody.at.all@example.org"]
        requests = [r[0] for r in q.sql("SELECT DISTINCT request_id FROM request_task ORDER BY 1 LIMIT 2").fetchall()]
        ip = q.sql("SELECT ip FROM web_visit WHERE NOT ip_truncated ORDER BY visited_at DESC LIMIT 1").fetchall()[0][0]
        cases = [dict(email=e) for e in emails] + [dict(email=emails[0], ip=ip, ip_confirmed=True)]
        cases += [dict(email="", request_id=r, ip=ip) for r in requests]
        assert requests, "the demo has requests with system tasks"
        for case in cases:
            own = sar.report_pdf(q, lang=lang, today=TODAY, **case)
            data = sar.collect(q, today=TODAY, **case)  # every language
            assert set(data["unconfirmed"]["blocking"]) == set(i18n.LANGS)
            every = sar_pdf.build(data, lang=lang)
            assert own == every, case
            mine = sar.collect(q, today=TODAY, langs=sar.report_langs(lang), **case)
            assert set(mine["unconfirmed"]["blocking"]) == set(sar.report_langs(lang))
