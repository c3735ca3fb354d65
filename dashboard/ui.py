"""What every dashboard view shares: the register, the language, cached reads.

Views read through kpcore only. `read(fn, *args)` runs `fn(query, *args)` on a read-only
unit of work and caches the result until the register changes (any process's write
changes `Register.stamp()`), so a CLI write shows on the next interaction.
"""
from __future__ import annotations

import importlib
import os

import streamlit as st

from kpcore.db import Register
from kpcore.errors import KpError

LANGS = {"fi": "Suomi", "en": "English"}


@st.cache_resource
def _register(path: str) -> Register:
    return Register(path or None)


def register() -> Register:
    return _register(os.environ.get("KP_DB", ""))


def lang() -> str:
    return st.session_state.get("lang", "fi")


def L(fi: str, en: str) -> str:
    """The text in the chosen language."""
    return fi if lang() == "fi" else en


@st.cache_data(show_spinner=False, max_entries=512, ttl=3600)
def _cached(module: str, name: str, path: str, stamp: tuple, args: tuple):
    fn = getattr(importlib.import_module(module), name)
    with Register(path).read() as q:
        return fn(q, *args)


def read(fn, *args):
    """fn(query, *args) on the register, cached until the register changes."""
    reg = register()
    return _cached(fn.__module__, fn.__qualname__, str(reg.path), reg.stamp(), args)


def after_write() -> None:
    """Writes change the stamp, so the cache misses anyway; this frees the old entries."""
    _cached.clear()


def user() -> str:
    """The acting user for audit events."""
    return st.session_state.get("user") or "dashboard"


def show_error(exc: Exception) -> None:
    if isinstance(exc, KpError):
        st.error(str(exc))
    else:
        raise exc


def not_yet(what_fi: str, what_en: str) -> None:
    st.info(L(f"Tämä näkymä ei ole vielä valmis: {what_fi}", f"This view is not ready yet: {what_en}"))


def lazy_file(fn, *args, audit: tuple | None = None):
    """data= for st.download_button: fn(query, *args) runs only when the button is clicked.

    Streamlit calls it on another thread with no script context, so everything it needs
    (the register's path, the acting user) is taken now; the audit event is written when the
    file is really produced. `audit` is (action, object_type, object_id, detail).
    """
    path, actor = str(register().path), user()

    def build() -> bytes:
        reg = Register(path)
        with reg.read() as q:
            data = fn(q, *args)
        if audit:
            reg.record(actor, *audit)
        return data

    return build
