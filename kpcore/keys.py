"""Secrets kept outside the register file, so that the file alone (a stolen copy, a backup)
cannot confirm a guessed address was erased nor let an edited audit trail be re-sealed.

Each key is 32 random bytes, hex-encoded, in a 0600 file beside the register:
``<register>.<name>.key`` (e.g. ``register.duckdb.suppression.key``), or in an environment
variable ``KP_<NAME>_KEY`` which wins when set. `kp init` creates the files; backup and restore
carry them (see kpcore.backup). Names in use: ``suppression`` (#11: keyed hashes of erased or
objecting people) and ``audit`` (#15: the audit chain's MAC).
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from .errors import KpError
from .i18n import N_
from .safety import write_private


class KeyMissing(KpError):
    """A key the register needs is neither in its file nor in the environment."""


def env_var(name: str) -> str:
    return f"KP_{name.upper()}_KEY"


def key_path(register_path: str | os.PathLike, name: str) -> Path:
    p = Path(register_path)
    return p.with_name(f"{p.name}.{name}.key")


def exists(register_path: str | os.PathLike, name: str) -> bool:
    return bool(os.environ.get(env_var(name))) or key_path(register_path, name).is_file()


def get(register_path: str | os.PathLike, name: str, *, create: bool = False) -> bytes:
    """The key's bytes. With `create`, a missing key file is made (0600); without, a missing key
    is a KeyMissing error that says where it was looked for and what losing it means."""
    value = os.environ.get(env_var(name))
    if value:
        return value.strip().encode("ascii")
    path = key_path(register_path, name)
    if path.is_file():
        return path.read_text(encoding="ascii").strip().encode("ascii")
    if create:
        write_private(path, secrets.token_hex(32) + "\n")
        return path.read_text(encoding="ascii").strip().encode("ascii")
    raise KeyMissing(
        N_("The register's {name} key is missing: neither {path} nor the environment variable {var} holds it. "
           "Restore the key file from the backup it was saved with (kp backup keeps it beside the snapshot); "
           "a new key cannot read what the old one sealed."), name=name, path=str(path), var=env_var(name))


def create_all(register_path: str | os.PathLike, names: tuple[str, ...] = ("suppression", "audit")) -> None:
    for name in names:
        get(register_path, name, create=True)
