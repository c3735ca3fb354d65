"""`kp` offers Swedish wherever it offers Finnish and English for the records, the quarterly report
and the Ombudsman notification (issue 18 §2): --lang sv writes them in Swedish."""
from __future__ import annotations

import subprocess


def _pdf(path) -> str:
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0, path
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def test_kp_writes_the_records_report_and_notification_in_swedish(demo_reg, kp, tmp_path):
    runs = {
        "record.pdf": ("record", "--format", "pdf"),
        "processor.pdf": ("record", "--processor", "--format", "pdf"),
        "report.pdf": ("report", "--quarter", "2026Q3"),
        "notification.pdf": ("breach", "notification", "1", "--version", "1"),
    }
    texts = {}
    for name, args in runs.items():
        res = kp(*args, "--lang", "sv", "-o", str(tmp_path / name), db_path=demo_reg.path)
        assert res.returncode == 0, (name, res.stderr)
        texts[name] = _pdf(tmp_path / name)
    assert "Register över behandling" in texts["record.pdf"] and "Seloste" not in texts["record.pdf"]
    assert "Register över behandling som personuppgiftsbiträde" in texts["processor.pdf"]
    assert "Kvartalsrapport om dataskyddet 3/2026" in texts["report.pdf"]
    assert "Anmälan om personuppgiftsincident – #1 v1" in texts["notification.pdf"]
    assert "Dataombudsmannens byrå" in texts["notification.pdf"] and "Skickad version" in texts["notification.pdf"]
    res = kp("breach", "notification", "1", "--lang", "sv", db_path=demo_reg.path)  # the draft of the next version
    assert res.returncode == 0 and "Typ av anmälan: Komplettering" in res.stdout, res.stderr
    res = kp("record", "--format", "csv", "--lang", "sv", "-o", "-", db_path=demo_reg.path)
    assert res.returncode == 0 and res.stdout.lstrip("\ufeff").startswith("Ändamål med behandlingen;"), res.stderr
