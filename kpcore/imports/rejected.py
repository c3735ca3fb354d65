"""The rejected-rows CSV: the invalid rows of an import as they were read, with their reasons."""
from __future__ import annotations

import csv
import io

from .. import safety
from ..errors import Problem
from .reading import ParsedFile


def rejected_csv(parsed: ParsedFile, bad, problems: list[Problem]) -> bytes:
    """The invalid rows as they were read, with their row numbers and reasons (UTF-8 BOM, ';')."""
    import numpy as np

    idx = np.flatnonzero(bad)
    reasons: dict[int, list[str]] = {}
    for p in problems:
        reasons.setdefault(p.row, []).append(f"{p.field}: {p.reason}")
    rows = parsed.table.take(idx).to_pylist()
    out = io.StringIO()
    wr = csv.writer(out, delimiter=";", lineterminator="\r\n")
    wr.writerow(safety.row(["row"] + [h for h, _ in parsed.columns] + ["reasons"]))
    for i, r in zip(idx, rows):  # the rows as read, but a formula in them stays text (#15 §2)
        wr.writerow(safety.row([int(i) + 1] + [r[f] for _, f in parsed.columns] + [" | ".join(reasons.get(int(i) + 1, []))]))
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")
