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
    # the form has a Swedish field beside the Finnish and English ones
    "systems": (["Var personuppgifterna faktiskt finns", "Lagringstid (svenska)", "Anvisning för manuellt arbete (svenska)"],
                ["Missä henkilötiedot oikeasti ovat"]),
    "marketing": (["Direktmarknadsföring", "Marknadsföringslista", "Nås per e-post nu",
                   "Elektronisk direktmarknadsföring (e-post, textmeddelande)"],
                  ["Markkinointilista", "Tavoitettavissa sähköpostilla", "Electronic direct marketing",
                   "Sähköistä suoramarkkinointia"]),
    # "Biträdesuppdrag": KuntaPlus as personuppgiftsbiträde (or sub-processor), not only "underbiträde"
    "processors": (["Biträdesuppdrag", "Uppdrag totalt", "Åtkomster utan begäran"],
                   ["Toimeksiantoja yhteensä", "Pääsyjä ilman pyyntöviitettä", "Uppdrag som underbiträde"]),
    "web": (["Webbanalys", "Besök per dag", "Fullständiga IP-adresser bevaras"],
            ["Verkkoanalytiikka", "Käynnit päivittäin"]),
    # the completeness lines (kpcore.notice) in Swedish too, and the retention sentence from the rule
    "notice": (["Dataskyddsbeskrivning", "Punkter i ordning", "Inte bekräftat", "Lagringstid inte bekräftad",
                "Lagringstid: Tre år från den senaste kontakten"],
               ["Kohtia kunnossa", "Puuttuu\n", "vahvistamatta", "Säilytysaika", "Käsittelyn tarkoitus",
                "Swedish safeguard", "Proposed, not confirmed", "viimeisimmästä yhteydenotosta",
                # the completeness lines name purposes, not their keys
                "sales_marketing", "expert_admin", "web_analytics"]),
    "compliance": (["Efterlevnadsöversikt", "Iakttagelser", "Kvartalsöversikt", "Försäljning och marknadsföring",
                    "Tre år från den senaste kontakten", "finns 1 åtkomst utan kundens begäran"],
                   ["Vaatimustenmukaisuus", "Neljännesvuosikatsaus", "Myynti ja markkinointi", "vahvistamatta",
                    "Käsittelyn tarkoitus", "Yhteistyökumppani", "1 åtkomster"]),
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
        # an engagement's own texts in Swedish (issue 18 §2), and the form's Swedish fields
        page.goto(f"{url}/processors?engagement=1&lang=sv")
        wait_streamlit(page)
        page.get_by_role("tab", name="Uppgifter", exact=True).click()
        wait_streamlit(page)
        body = page.inner_text("body")
        for text in ("Tjänst: Huvudanvändar- och användarstöd samt utbildning i projekthanteringssystemet",
                     "Registrerade: Användare av kundens system", "Säkerhetsåtgärder: Personliga användarkonton"):
            assert text in body, text
        for text in ("Pääkäyttäjä- ja käyttötuki", "Asiakkaan järjestelmän käyttäjät", "Henkilökohtaiset tunnukset",
                     "Administrator and user support", "Personal accounts"):
            assert text not in body, text
        page.get_by_text("Redigera uppdraget").click()
        wait_streamlit(page)
        body = page.inner_text("body")
        assert "Behandlingens art och ändamål (svenska)" in body and "Säkerhetsåtgärder (svenska)" in body
        # the file uploader's own English ("Upload", "50MB per file") is drawn over in Swedish
        nav_to(page, "marketing")
        zone = page.locator('[data-testid="stFileUploaderDropzone"]').first
        zone.scroll_into_view_if_needed()
        word = zone.locator('button [data-testid="stMarkdownContainer"] p').first
        drawn = word.evaluate("e => [getComputedStyle(e).fontSize, getComputedStyle(e, '::after').content]")
        assert drawn == ["0px", '"Välj en fil"'], drawn
        limit = zone.locator('[data-testid="stFileUploaderDropzoneInstructions"] span').first
        drawn = limit.evaluate("e => [getComputedStyle(e).fontSize, getComputedStyle(e, '::after').content]")
        assert drawn == ["0px", '"Högst 50 MB"'], drawn  # the limit `kp serve` sets (KP_IMPORT_MAX_MB)


def test_lang_sv_in_the_link_opens_swedish(tmp_path, browser):
    path = tmp_path / "demo.duckdb"
    run_kp("init", "--demo", "--contacts", "50", db_path=path, check=True)
    with dashboard_server(path) as url:
        page = browser.new_page()
        page.goto(url + "/?lang=sv")
        sign_in(page, url.user, url.password)
        body = page.inner_text("body")
        assert "Dataskyddsombudets register" in body and "Tietosuojavastaavan rekisteri" not in body
