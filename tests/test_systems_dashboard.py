"""The Systems view and the request page's tasks (AppTest, both languages), and in a real browser:
a connector task run on a request, its findings in the downloaded access report, and the map's
graph drawn with nothing fetched from outside."""
from __future__ import annotations

import csv
import subprocess

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, app_test, dashboard_server, sign_in, wait_streamlit
from kpcore import requests as reqs
from kpcore import systems, tasks


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_systems_view_draws_the_map_and_lists_the_systems(demo_reg, lang):
    at = app_test("systems", demo_reg.path, lang=lang)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == ("Järjestelmät" if lang == "fi" else "Systems")
    dot = at.get("graphviz_chart")[0].proto.spec
    for name in ("Zendesk, Inc.", "Pipedrive CRM", "Microsoft 365 -sähköposti (Exchange Online)"):
        assert name in dot
    assert "->" in dot
    names = list(at.dataframe[0].value[("Järjestelmä" if lang == "fi" else "System")])
    assert "Matomo-verkkoanalytiikka" in names and len(names) == 5
    assert not at.warning  # the demo map is filled


def test_a_fresh_map_is_flagged_and_a_system_added_in_the_view_is_saved(reg):
    at = app_test("systems", reg.path, lang="en")
    at.run()
    assert "only this register" in at.warning[0].value
    at.text_input[0].input("Helpdesk")
    at.selectbox[0].select("helpdesk")
    at.multiselect[0].select("expert_admin")
    at.text_input[1].input("Freshworks Inc.")  # new processor
    at.text_input[2].input("US")
    at.text_area[1].input("Search Freshdesk for the address.")
    next(b for b in at.button if b.label == "Save").click()
    at.run()
    assert at.error and "safeguard" in at.error[0].value  # outside the EU/EEA without a safeguard
    at.text_input[3].input("EU-US Data Privacy Framework")
    next(b for b in at.button if b.label == "Save").click()
    at.run()
    assert not at.exception and not at.error
    with reg.read() as q:
        s = systems.find(q, "Helpdesk")
    assert s["processor_name"] == "Freshworks Inc." and s["outside_eea"] and s["purposes"] == ["expert_admin"]


def test_a_viewer_sees_the_map_but_no_forms(demo_reg):
    at = app_test("systems", demo_reg.path, lang="fi", session={"role": "viewer"})
    at.run()
    assert not at.exception
    assert at.get("graphviz_chart") and not at.button


def test_the_request_page_shows_tasks_and_records_a_manual_check(demo_reg):
    with demo_reg.read() as q:
        email = q.sql("SELECT c.email FROM contact c JOIN contact_purpose cp ON cp.contact_id = c.id WHERE "
                      "cp.purpose = 'expert_admin' ORDER BY c.id LIMIT 1").fetchall()[0][0]
    r = reqs.add(demo_reg, "t", type="access", email=email)
    at = app_test("requests", demo_reg.path, lang="fi")
    at.query_params["request"] = str(r["id"])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    assert "Zendesk-tukipalvelu" in list(table["Järjestelmä"])
    with demo_reg.read() as q:
        zendesk = [t for t in tasks.for_request(q, r["id"]) if t["system_kind"] == "helpdesk"][0]
    at.selectbox(key="task_pick").select(zendesk["id"])
    at.run()
    zid = zendesk["id"]
    at.text_input(key=f"task_summary_{zid}").input("Kaksi tikettiä")
    at.text_input(key=f"task_evidence_{zid}").input("Zendesk-haku, kuvakaappaus")
    at.button(key=f"task_save_{zid}").click()
    at.run()
    assert not at.exception and not at.error
    with demo_reg.read() as q:
        t = tasks.get(q, zendesk["id"])
    assert t["status"] == "done" and t["checked_by"] == "test-dpo" and t["evidence"] == "Zendesk-haku, kuvakaappaus"


@pytest.mark.parametrize("lang,want", [("fi", ["löytyi: 1 rivi vientitiedostossa crm.csv",
                                                 "ei löytynyt: ei tietoja rekisterissä"]),
                                        ("sv", ["hittades: 1 rad i exportfilen crm.csv",
                                                "hittades inte: inga uppgifter i registret"]),
                                        ("en", ["found: 1 row in the export crm.csv",
                                                "not found: nothing in the register"])])
def test_the_request_pages_task_results_are_in_the_screens_language(reg, lang, want):
    """Issue 18 §1: a connector's result is said in the screen's language, with the right plural."""
    from kpcore import workflow

    with open(reg.path.parent / "crm.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["Nimi", "Sähköposti"])
        w.writerow(["Aino Asiakas", "aino@example.fi"])
    systems.add(reg, "t", {"name": "CRM", "kind": "crm", "connector": "table",
                           "settings": {"path": "crm.csv", "mapping": {"email": "Sähköposti"}}},
                purposes=["sales_marketing"])
    r = reqs.add(reg, "t", type="access", email="aino@example.fi")
    with reg.read() as q:
        crm = [t for t in tasks.for_request(q, r["id"]) if t["system_kind"] == "crm"][0]
    workflow.run_task(reg, "t", crm["id"])
    at = app_test("requests", reg.path, lang=lang)
    at.query_params["request"] = str(r["id"])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    results = " | ".join(at.dataframe[0].value.astype(str).values.ravel())
    for text in want:
        assert text in results, results
    assert " / " not in results


@pytest.mark.browser
def test_a_connector_task_run_in_the_browser_appears_in_the_downloaded_access_report(reg, tmp_path):
    from playwright.sync_api import sync_playwright

    export = reg.path.parent / "crm.csv"
    with open(export, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Nimi", "Sähköposti", "Puhelin"])
        w.writerow(["Aino Asiakas", "aino.asiakas@nokiankaupunki.fi", "+358401112223"])
        w.writerow(["Muu Henkilö", "muu@example.fi", ""])
    systems.add(reg, "t", {"name": "Pipedrive CRM", "kind": "crm", "connector": "table",
                           "settings": {"path": "crm.csv", "mapping": {"email": "Sähköposti", "name": "Nimi",
                                                                       "phone": "Puhelin"}}},
                purposes=["sales_marketing"], new_processor={"name": "Pipedrive OÜ", "country": "EE"})
    r = reqs.add(reg, "t", type="access", email="aino.asiakas@nokiankaupunki.fi", name="Aino Asiakas")
    outside = []
    with dashboard_server(reg.path) as url, sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = b.new_page(accept_downloads=True)
        page.on("request", lambda req: outside.append(req.url) if not req.url.startswith(("http://127.0.0.1",
                                                                                       "http://localhost", "data:",
                                                                                       "blob:", "ws://127.0.0.1"))
                else None)
        page.goto(f"{url}/requests?request={r['id']}")
        sign_in(page)
        page.get_by_role("button", name="Aja liitintehtävät (1)").click()
        wait_streamlit(page)
        page.get_by_text("Valmis: 1 ajettu, 0 epäonnistui").wait_for(timeout=30000)
        page.get_by_role("button", name="Päivitä näkymä").click()
        wait_streamlit(page)
        # a fresh register's notice facts are proposals: the DPO acknowledges them first (issue 12 §1)
        page.get_by_text("Ymmärrän: luo raportti, jossa vahvistamattomat kohdat on merkitty").click()
        wait_streamlit(page)
        with page.expect_download() as dl:
            page.get_by_role("button", name="Luo ja lataa tarkastusraportti (PDF)").click()
        path = tmp_path / "report.pdf"
        dl.value.save_as(path)
        page.goto(f"{url}/systems")
        wait_streamlit(page)
        page.locator('[data-testid="stGraphVizChart"] svg').first.wait_for(timeout=30000)
        svg = page.locator('[data-testid="stGraphVizChart"] svg').first.inner_html()
        b.close()
    assert "Pipedrive OÜ" in svg and "Pipedrive CRM" in svg
    assert outside == [], outside
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    assert "Tietosi yrityksen järjestelmissä" in text and "Pipedrive CRM" in text and "1 rivi vientitiedostossa" in text
    assert "1 riviä" not in text  # issue 18 §1: the Finnish singular
    assert "Aino Asiakas" in text
