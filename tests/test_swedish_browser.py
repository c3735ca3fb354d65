"""The dashboard in Swedish (issue 18 §2): the language switch offers Svenska, and then every
view speaks Swedish — a few of each view's own Swedish texts are shown, and none of that
view's Finnish-only texts (the register's own facts, e.g. purpose names, may still be Finnish
until the register carries them in Swedish)."""
from __future__ import annotations

import pytest

from conftest import dashboard_server, nav_to, run_kp, sign_in, wait_streamlit

pytestmark = pytest.mark.browser

# view -> (Swedish texts it must show, Finnish texts of the same places it must not show)
EXPECTED = {
    "overview": (["Dataskyddsombudets register", "Dagens uppgifter", "Öppna begäranden", "Personer per ändamål"],
                 ["Tietosuojavastaavan rekisteri", "Tänään tehtävää", "Avoimia pyyntöjä"]),
    "contacts": (["Kontaktuppgifter", "Ändamål × källa", "Per organisation"],
                 ["Käyttötarkoitus × lähde", "Organisaatioittain"]),
    "requests": (["De registrerades begäranden", "Kö efter förfallodag"],
                 ["Rekisteröityjen pyynnöt", "Jono määräpäivän mukaan"]),
    "systems": (["Var personuppgifterna faktiskt finns"], ["Missä henkilötiedot oikeasti ovat"]),
    "marketing": (["Direktmarknadsföring", "Marknadsföringslista", "Nås per e-post nu"],
                  ["Markkinointilista", "Tavoitettavissa sähköpostilla"]),
    "processors": (["Uppdrag totalt", "Åtkomster utan begäran"],
                   ["Toimeksiantoja yhteensä", "Pääsyjä ilman pyyntöviitettä"]),
    "web": (["Webbanalys", "Besök per dag", "Fullständiga IP-adresser bevaras"],
            ["Verkkoanalytiikka", "Käynnit päivittäin"]),
    # the completeness lines themselves come from kpcore.notice (its own texts, not yet in the catalogs)
    "notice": (["Dataskyddsbeskrivning", "Punkter i ordning", "Inte bekräftat"], ["Kohtia kunnossa", "Puuttuu\n"]),
    "compliance": (["Efterlevnadsöversikt", "Iakttagelser", "Kvartalsöversikt"],
                   ["Vaatimustenmukaisuus", "Neljännesvuosikatsaus"]),
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


def test_lang_sv_in_the_link_opens_swedish(tmp_path, browser):
    path = tmp_path / "demo.duckdb"
    run_kp("init", "--demo", "--contacts", "50", db_path=path, check=True)
    with dashboard_server(path) as url:
        page = browser.new_page()
        page.goto(url + "/?lang=sv")
        sign_in(page, url.user, url.password)
        body = page.inner_text("body")
        assert "Dataskyddsombudets register" in body and "Tietosuojavastaavan rekisteri" not in body
