"""Subcommands of this domain (filled by its issue)."""
from __future__ import annotations


def register(sub, db):
    pass
