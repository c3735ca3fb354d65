"""What an import did (or, in a dry run, would do)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, in a dry run, would do). Counts only, no personal data."""

    rows: int                  # data rows read (blank rows not counted)
    people: int                # new people added to the register
    new_links: int             # new purpose links (person x purpose)
    merged: int                # rows that merged into a person an earlier row or the register had
    suppressed: int            # rows refused: the person is on the suppression list
    restricted: int            # rows refused: the person's processing is restricted (Art. 18)
    rejected: int              # invalid rows (skipped with skip_invalid)
    problems: tuple[Problem, ...] = ()
    rejected_csv: str | None = None   # path of the rejected-rows CSV, when one was written
    dry_run: bool = False
    columns: tuple[tuple[str, str], ...] = ()   # (column in file, field it was read as)
    ignored_columns: tuple[str, ...] = ()       # columns not imported
    rejected_data: bytes | None = field(default=None, repr=False)  # the rejected-rows CSV itself
    # #11: imported direct-marketing rows by (basis, how it was decided: column / consent_columns /
    # organisation_domain) and their count; `classified_rows` gives each row's.
    classification: tuple[tuple[str, str, int], ...] = ()
    classified_rows: tuple[tuple[int, str, str], ...] = field(default=(), repr=False)
    suppressed_by_purpose: tuple[tuple[str, int], ...] = ()   # rows skipped per purpose (objections are per purpose)

    @property
    def imported_rows(self) -> int:
        return self.rows - self.rejected - self.suppressed - self.restricted

    def summary(self) -> dict[str, Any]:
        return {"rows": self.rows, "people": self.people, "new_links": self.new_links, "merged": self.merged,
                "suppressed": self.suppressed, "restricted": self.restricted, "rejected": self.rejected,
                "rejected_csv": self.rejected_csv, "dry_run": self.dry_run,
                "ignored_columns": list(self.ignored_columns),
                "marketing_basis": {f"{b}/{by}": n for b, by, n in self.classification},
                "suppressed_by_purpose": dict(self.suppressed_by_purpose)}
