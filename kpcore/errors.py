"""Errors a user may see. Messages name the row and field at fault, never personal data."""
from __future__ import annotations

from dataclasses import dataclass


class KpError(Exception):
    """Base of every error kpcore raises on purpose; the CLI prints it without a traceback."""

    exit_code = 1


class RegisterMissing(KpError):
    """The register file does not exist."""


class RegisterBusy(KpError):
    """Another program kept the register locked for longer than we were willing to wait."""

    exit_code = 75  # EX_TEMPFAIL: try again later


class RegisterUnwritable(KpError):
    """The file or its folder is read-only, or the disk is full."""


class SchemaMismatch(KpError):
    """The register was written by another version of kpcore."""


class NotFound(KpError):
    """A named object (request, engagement, person) is not in the register."""


class Refused(KpError):
    """A rule of the register forbids the change (minimisation, special categories, ...)."""


@dataclass(frozen=True)
class Problem:
    """One reason a row or field was refused. `row` counts data rows from 1 (0 = the file)."""

    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        return f"{where}, {self.field}: {self.reason}"


class ValidationFailed(KpError):
    """Input was refused; `problems` lists every bad row and field. Nothing was written."""

    def __init__(self, problems: list[Problem], summary: str | None = None):
        self.problems = list(problems)
        head = summary or f"{len(self.problems)} problem(s); nothing was written"
        lines = [head] + [f"  {p}" for p in self.problems[:200]]
        if len(self.problems) > 200:
            lines.append(f"  ... and {len(self.problems) - 200} more")
        super().__init__("\n".join(lines))


def invalid(problems: list[Problem], summary: str) -> ValidationFailed:
    """ValidationFailed for one form or command (no rows): 'summary' then 'field: reason' lines."""
    exc = ValidationFailed(problems, summary)
    exc.args = ("\n".join([summary] + [f"  {p.field}: {p.reason}" for p in problems]),)
    return exc
