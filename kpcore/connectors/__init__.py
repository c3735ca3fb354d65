"""Connectors: how a request is carried out in one system of the map (#12), behind one interface.

Each connector is one small module with a class taking the system row (its non-secret
`settings`) and a `Context` (the register path, for secrets and for the register's own
connector), and offering:

    test()                 -> Status   a one-line "connection works" message, or ConnectorError
    search(person)         -> Result   what the system holds on the person (Art. 15)
    delete(person)         -> Result   erase it there (Art. 17), only where the system allows

`ConnectorError` messages name the system and the failure (host, port, reason), never the
person. Both are catalog messages with their parameters (issue 18 §1: no English on a Finnish
screen or terminal): `str()` is the English text, `.text(lang)` the reader's language. Secrets (a mailbox password) never live in the register: `secret()` reads the
environment variable named in the settings (default ``KP_SYSTEM_<ID>_PASSWORD``) or the
0600 file ``<register>.connectors.json`` beside the register: ``{"<system id>": {"password": "..."}}``.
"""
from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KpError, _format, _in
from ..i18n import N_
from .summary import Summary  # noqa: F401 - connectors build their results with it


class ConnectorError(KpError):
    """The connector could not do its work (server down, login refused, file missing). The
    task stays open; the message is safe to show and to store (no personal data).
    Raised with a catalog message and its parameters (hosts, ports, ids, counts, file names):
    `raise ConnectorError(N_("... {host} ..."), host=...)`."""


class Status:
    """A connector's returned message (what `test()` found) as a catalog message and its named
    parameters, said where it is shown: `text(lang)` translates first and puts the parameters in
    after; `str()` is the English text. `msgid` may be a plural pair (NN_) counted by `n`.
    Parameters are hosts, ports, ids, counts and file names, never personal data."""

    def __init__(self, msgid, **params):
        self.msgid, self.params = msgid, params

    def _message(self, lang: str | None) -> str:
        plural = isinstance(self.msgid, tuple)
        n = int(self.params.get("n", 0)) if plural else 0
        english = (self.msgid[0] if n == 1 else self.msgid[1]) if plural else self.msgid
        if not lang:
            return english
        from .. import i18n

        try:
            return i18n.ngettext(*self.msgid, n, lang) if plural else i18n.gettext(self.msgid, lang)
        except (OSError, ValueError):
            return english

    def text(self, lang: str | None = None) -> str:
        english = _format(self._message(None), _in(self.params, "en"))
        if not lang:
            return english
        try:
            return self._message(lang).format(**_in(self.params, lang))
        except (KeyError, IndexError, ValueError):
            return english  # a translation naming a parameter the connector does not give

    def __str__(self) -> str:
        return self.text(None)

    def __repr__(self) -> str:
        return f"Status({str(self)!r})"


def error_data(exc: KpError) -> str | None:
    """A failure's catalog message and parameters as JSON for the task's `error_data` (said in the
    reader's language by kpcore.connectors.summary.error); None for a message of no catalog."""
    if not getattr(exc, "msgid", None) or any(callable(v) for v in exc.params.values()):
        return None
    try:
        return json.dumps({"msgid": exc.msgid, "params": exc.params}, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Person:
    """Whom to look for: every address, phone and name the request and the register know."""

    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    ips: tuple[str, ...] = ()
    request_id: int | None = None


@dataclass
class Result:
    """What a connector found (or deleted): `items` are plain JSON-able dicts, the full list."""

    found: bool
    count: int
    summary: "Summary"  # a message kind and its numbers (kpcore.connectors.summary), said at display time
    items: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    register_path: Path
    actor: str = "system"


def connectors_file(register_path) -> Path:
    p = Path(register_path)
    return p.with_name(f"{p.name}.connectors.json")


def secret_env(system: dict) -> str:
    return (system.get("settings") or {}).get("password_env") or f"KP_SYSTEM_{system['id']}_PASSWORD"


def secret(system: dict, ctx: Context, name: str = "password") -> str:
    """A connector secret from the environment or the 0600 connectors file beside the register."""
    env = secret_env(system)
    if os.environ.get(env):
        return os.environ[env]
    path = connectors_file(ctx.register_path)
    if path.is_file():
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise ConnectorError(N_("{path} is readable by others (mode {mode}); make it private: chmod 600 {path}"),
                                 path=str(path), mode=f"{mode:o}")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            raise ConnectorError(N_("{path} is not valid JSON"), path=str(path)) from None
        if not isinstance(data, dict):
            raise ConnectorError(N_("{path} is not valid JSON"), path=str(path))
        value = (data.get(str(system["id"])) or data.get(system["name"]) or {}).get(name)
        if value:
            return value
    raise ConnectorError(N_("system {id}: no password; set the environment variable {env} or add {example} to "
                            "{path} (mode 600)"), id=system["id"], env=env,
                         example=f'{{"{system["id"]}": {{"{name}": "..."}}}}', path=str(path))


def check_settings(connector: str, settings: dict) -> list[str]:
    """Problems with a connector's settings (empty: fine). Each is a catalog message without
    parameters, so the refusal built from it (kpcore.systems) reads in the reader's language."""
    if not isinstance(settings, dict):
        return [N_("must be a JSON object")]
    if connector == "imap":
        from .imap import check_settings as check
    elif connector == "table":
        from .table import check_settings as check
    else:
        return []
    return check(settings)


def for_system(system: dict, ctx: Context):
    """The connector object for a system; ConnectorError for a system carried out by hand."""
    kind = system["connector"]
    if kind == "imap":
        from .imap import ImapConnector as C
    elif kind == "table":
        from .table import TableConnector as C
    elif kind == "register":
        from .register import RegisterConnector as C
    else:
        raise ConnectorError(N_("system {id} is carried out by hand; record the result of the check"), id=system["id"])
    return C(system, ctx)


def can_delete(system: dict) -> bool:
    """A connector deletes only where it can and the system's settings allow it (Art. 17 by hand otherwise)."""
    return system["connector"] == "register" or (system["connector"] == "imap" and bool(system["allow_delete"]))
