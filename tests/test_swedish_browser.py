"""The dashboard in Swedish (issue 18 §2): the language switch offers Svenska, and then every
view speaks Swedish — a few of each view's own Swedish texts are shown, and none of that
view's Finnish or English ones: the labels, the notice's completeness lines, the register's facts
(purpose and source names, the retention sentence), a request's type and status, an engagement's
flags."""
from __future__ import annotations

import pytest

from conftest import dashboard_server, nav_to, run_kp, sign_in, wait_streamlit
from kpcore import i18n, models

pytestmark = pytest.mark.browser

# view -> (Swedish texts it must show, Finnish texts of the same places it must not show)
EXPECTED = {
    # the inbox names purposes and sources by their Swedish names (issue 18 §2)
    "overview": (["Dataskyddsombudets register", "Dagens uppgifter", "Öppna begäranden", "Personer per ändamål",
                  "Försäljning och marknadsföring"],
                 ["Tietosuojavastaavan rekisteri", "Tänään tehtävää", "Avoimia pyyntöjä", "Myynti ja markkinointi",
                  "Yhteistyökumppani", "Julkiset lähteet"]),
    "contacts": (["Kontaktuppgifter", "Ändamål × källa", "Per organisation"],
                 ["Käyttötarkoitus × lähde", "Organisaatioittain"]),
    "requests": (["De registrerades begäranden", "Kö efter förfallodag"],
                 ["Rekisteröityjen pyynnöt", "Jono määräpäivän mukaan"]),
    "systems": (["Var personuppgifterna faktiskt finns"], ["Missä henkilötiedot oikeasti ovat"]),
    "marketing": (["Direktmarknadsföring", "Marknadsföringslista", "Nås per e-post nu",
                   "Elektronisk direktmarknadsföring (e-post, textmeddelande)"],
                  ["Markkinointilista", "Tavoitettavissa sähköpostilla", "Electronic direct marketing",
                   "Sähköistä suoramarkkinointia"]),
    "processors": (["Uppdrag totalt", "Åtkomster utan begäran"],
                   ["Toimeksiantoja yhteensä", "Pääsyjä ilman pyyntöviitettä"]),
    "web": (["Webbanalys", "Besök per dag", "Fullständiga IP-adresser bevaras"],
            ["Verkkoanalytiikka", "Käynnit päivittäin"]),
    # the completeness lines (kpcore.notice) in Swedish too, and the retention sentence from the rule
    "notice": (["Dataskyddsbeskrivning", "Punkter i ordning", "Inte bekräftat", "Lagringstid inte bekräftad",
                "Lagringstid: Tre år från den senaste kontakten"],
               ["Kohtia kunnossa", "Puuttuu\n", "vahvistamatta", "Säilytysaika", "Käsittelyn tarkoitus",
                "Swedish safeguard", "Proposed, not confirmed", "viimeisimmästä yhteydenotosta"]),
    "compliance": (["Efterlevnadsöversikt", "Iakttagelser", "Kvartalsöversikt", "Försäljning och marknadsföring",
                    "Tre år från den senaste kontakten"],
                   ["Vaatimustenmukaisuus", "Neljännesvuosikatsaus", "Myynti ja markkinointi", "vahvistamatta",
                    "Käsittelyn tarkoitus", "Yhteistyökumppani"]),
    "breaches": (["Personuppgiftsincidenter"], ["Tietoturvaloukkaukset"]),
    "audit": (["Granskningslogg", "Kedjans integritet", "händelser motsvarar villkoren"],
              ["Audit-loki", "Ketjun eheys", "tapahtumaa valituilla ehdoilla"]),
}


def test_every_view_in_swedish(tmp_path, browser):
    path = tmp_path / "demo.duckdb"
    run_kp("init", "--demo", "--contacts", "300", db_path=path, check=True)
    with dashboard_server(path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        sign_in(page, url.user, url.password)
        page.get_by_text("Svenska", exact=True).click()
        wait_streamlit(page)
        nav = page.inner_text('[data-testid="stSidebarNav"]')
        assert "Personuppgiftsincidenter" in nav and "Tietoturvaloukkaukset" not in nav
        for view, (swedish, finnish) in EXPECTED.items():
            nav_to(page, view)
            body = page.inner_text("body")
            assert page.locator('[data-testid="stException"]').count() == 0, f"{view}: exception shown"
            for text in swedish:
                assert text in body, f"{view} does not show {text!r}"
            for text in finnish:
                assert text not in body, f"{view} still shows the Finnish {text!r}"
        # one request's page: its type and status (kpcore.models' tables) in Swedish only
        page.goto(f"{url}/requests?request=1&lang=sv")
        wait_streamlit(page)
        body = page.inner_text("body")
        head = next(line for line in body.splitlines() if line.startswith("Begäran 1: "))
        assert head.removeprefix("Begäran 1: ") in {models.request_type_text(k, "sv") for k in models.REQUEST_TYPES}
        for k in models.REQUEST_TYPES:
            for lang in ("fi", "en"):
                assert models.request_type_text(k, lang) not in body, (k, lang)
        statuses = {lang: {models.request_status_text(k, lang) for k in models.REQUEST_STATUSES} for lang in i18n.LANGS}
        shown = [line for line in body.splitlines() if " – förfallodag " in line]
        assert shown and shown[0].split(" – ")[0] in statuses["sv"]
        assert not any(f"{s} – " in body for s in statuses["fi"] | statuses["en"])
        # an engagement's flags (kpcore.processors.FLAGS)
        page.goto(f"{url}/processors?engagement=2&lang=sv")
        wait_streamlit(page)
        body = page.inner_text("body")
        assert "Åtkomst till kundens uppgifter utan kundens begäran" in body
        assert "Pääsy asiakkaan tietoihin" not in body and "Access to customer data" not in body


def test_lang_sv_in_the_link_opens_swedish(tmp_path, browser):
    path = tmp_path / "demo.duckdb"
    run_kp("init", "--demo", "--contacts", "50", db_path=path, check=True)
    with dashboard_server(path) as url:
        page = browser.new_page()
        page.goto(url + "/?lang=sv")
        sign_in(page, url.user, url.password)
        body = page.inner_text("body")
        assert "Dataskyddsombudets register" in body and "Tietosuojavastaavan rekisteri" not in body
