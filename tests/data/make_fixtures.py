"""Writes the import fixtures of this folder (run once; the files are committed).

finnish_excel.csv  what Finnish Excel's "CSV (puolipiste-eroteltu)" writes: Windows-1252,
                   semicolons, CRLF, Finnish headers and dates, ä ö å and a euro sign.
contacts.xlsx      an openpyxl workbook: English headers, a real date cell, a phone
                   stored as a number (Excel drops the leading zero), non-Latin names.
"""
import datetime as dt
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent

CSV_ROWS = [
    ["Nimi", "Sähköposti", "Puhelin", "Organisaatio", "Titteli", "Käyttötarkoitus", "Lähde", "Hankittu"],
    ["Pörröinen Åke-Jääskeläinen", "ake.jaaskelainen@tampere.fi", "040 123 4567", "Tampereen kaupunki",
     "Kiinteistöpäällikkö", "Myynti ja markkinointi", "Julkiset lähteet", "24.11.2025"],
    ["Märta Öhman", "marta.ohman@porvoo.fi", "", "Porvoon kaupunki", "Pääkäyttäjä",
     "Asiantuntijapalveluiden yhteyshenkilöt - ryhmä 2", "Yhteistyökumppani", "1.2.2026"],
    ["Väinö Äijälä", "vaino.aijala@kangasala.fi", "+358 50 765 4321", "Kangasalan kunta", "Budjetti 5 000 €",
     "expert_admin", "direct", "2026-03-15"],
]


def main() -> None:
    text = "\r\n".join(";".join(r) for r in CSV_ROWS) + "\r\n"
    (HERE / "finnish_excel.csv").write_bytes(text.encode("cp1252"))

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Yhteystiedot"
    ws.append(["Name", "Email", "Phone", "Organisation", "Title", "Purpose", "Source", "Collected at", "Notes"])
    ws.append(["Łukasz Żółć", "Lukasz.Zolc@Espoo.fi", 401234567, "Espoon kaupunki", "Konsultti",
               "Sales and marketing", "Partner", dt.datetime(2026, 5, 4)])
    ws.append(["Αλέξανδρος Παπαδόπουλος", "alexandros.p@espoo.fi", None, "Espoon kaupunki", "Hankeinsinööri",
               "expert_user", "public", dt.date(2026, 6, 1), "tulee koulutukseen"])
    ws.append([None] * 9)
    wb.save(HERE / "contacts.xlsx")


if __name__ == "__main__":
    main()
