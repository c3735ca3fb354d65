"""Dashboard users, their roles and sign-in (Art. 5(1)(f), 32: only those who should, may).

Passwords are kept only as argon2id hashes (salted, deliberately slow). Repeated failed
sign-ins are first slowed down (a short wait that doubles with each failure) and then
the account is locked for a while. Every sign-in attempt, successful or not, is written
to the audit log with the user name as actor and never the password; an attempt for a
name that is not a user is recorded as `unknown-user`, because a mistyped name is
sometimes a password typed into the wrong field.

Roles (`ROLES`):
  dpo     everything
  viewer  summaries and the overview; no person's page, no export of personal data, no change
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import KpError, NotFound, Refused
from .i18n import N_

if TYPE_CHECKING:
    from .db import Register  # only in annotations: the sign-in page imports this module before DuckDB

ROLES = ("dpo", "viewer")
NAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
MIN_PASSWORD = 12           # the demo register's documented users are the one exception (add_demo_users)
MAX_PASSWORD = 1024          # argon2 accepts more; nobody types more
SLOW_AFTER = 3              # failures before each further try must wait
LOCK_AFTER = 10             # failures before the account is locked for LOCK_MINUTES
LOCK_MINUTES = 15
MAX_SLOW_SECONDS = 60


class SignInFailed(KpError):
    """A sign-in was refused. The message never tells which of name or password was wrong."""

    def __init__(self, message: str, reason: str, wait_seconds: int = 0, **params):
        super().__init__(message, **params)
        self.reason = reason
        self.wait_seconds = wait_seconds


@dataclass(frozen=True)
class User:
    name: str
    role: str
    disabled: bool = False


# The cheap argon2 profile is the test suite's alone: tests/conftest.py and the launcher the tests
# start `kp` and the dashboard through (tests/cheap_hashes.py, not shipped) call
# use_cheap_hashes_for_tests(). Nothing a real server can set (an environment variable, a
# setting, a file) chooses it: on f5bb249 KP_ARGON2_PROFILE=cheapest did (#15 §6).
_cheap_for_tests = False


def use_cheap_hashes_for_tests(on: bool = True) -> None:
    """For the test suite only, where hundreds of hashes would otherwise take minutes."""
    global _cheap_for_tests
    _cheap_for_tests = bool(on)
    _dummy_hash.cache_clear()


@lru_cache(maxsize=2)
def _profile_hasher(cheap: bool):
    from argon2 import PasswordHasher, profiles  # imported on use: `kp` stays light

    return PasswordHasher.from_parameters(profiles.CHEAPEST) if cheap else PasswordHasher()


def _hasher():
    """argon2id with argon2-cffi's defaults (RFC 9106 low-memory profile: 64 MiB, t=3).

    A hash carries its own parameters, so hashes of either profile verify; a cheap one is
    upgraded at the next sign-in on a real server."""
    return _profile_hasher(_cheap_for_tests)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified against for unknown names so that they take as long as known ones."""
    return _hasher().hash("not a password of anyone")


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def _verify(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not NAME_RE.fullmatch(name):
        raise KpError(N_("user name: use 1-64 lower-case letters, digits, '.', '_' or '-' (starting with a letter "
                         "or digit)"))
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise KpError(N_("role: must be one of {roles}"), roles=", ".join(ROLES))
    return role


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    """20,000 common passwords, lower-cased (kpcore/data/common-passwords.txt.gz, from Django:
    see kpcore/data/NOTICE-common-passwords.txt)."""
    import gzip
    from importlib import resources

    data = resources.files("kpcore").joinpath("data/common-passwords.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode("utf-8").split())


def is_common_password(password: str) -> bool:
    """Compared case-insensitively and without surrounding spaces, as the list is kept."""
    return (password or "").strip().lower() in _common_passwords()


def check_password(password: str, *, policy: bool = True) -> str:
    """A password a dashboard user may have (Art. 32(1): security appropriate to the risk; the
    register holds every contact's personal data). At least MIN_PASSWORD characters, not blank,
    and not in the common-password list; the message never repeats the password. `policy=False`
    only for the demo register's documented users (add_demo_users)."""
    if password is None:
        password = ""
    if len(password) > MAX_PASSWORD:
        raise KpError(N_("password: at most {n} characters"), n=MAX_PASSWORD)
    if any(ch in password for ch in "\x00\r\n"):
        raise KpError(N_("password: must not contain line breaks or NUL characters"))
    if not policy:
        if not password:
            raise KpError(N_("password: empty"))
        return password
    if len(password.strip()) < MIN_PASSWORD:
        raise KpError(N_("The password must have at least {n} characters."), n=MIN_PASSWORD)
    if is_common_password(password):
        raise KpError(N_("The password is a common one that is easily guessed: choose another."))
    return password


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


# -- managing users -----------------------------------------------------------------------
def add_user(reg: Register, name: str, role: str, password: str, *, actor: str = "system") -> User:
    return _add_user(reg, name, role, check_password(password), actor=actor)


def add_demo_users(reg: Register, *, actor: str = "system") -> None:
    """The documented demo sign-ins (kpcore.demo.DEMO_USERS, e.g. dpo / demo), exempt from the
    password rules: only into a register that holds demo data (its audit log has the
    `demo.populate` event), so no real register gets a weak password this way."""
    with reg.read() as q:
        is_demo = q.sql("SELECT count(*) FROM audit_log WHERE action = 'demo.populate'").fetchone()[0] > 0
    if not is_demo:
        raise Refused(N_("The demo users go only into a demo register (kp init --demo)."))
    from .demo import DEMO_USERS

    for name, role, password in DEMO_USERS:
        _add_user(reg, name, role, check_password(password, policy=False), actor=actor)


def _add_user(reg: Register, name: str, role: str, password: str, *, actor: str) -> User:
    name, role = check_name(name), check_role(role)
    digest = hash_password(password)  # slow: done before the register is locked
    with reg.write(actor, "user.add", "app_user", name, {"role": role}) as w:
        if w.value("user_exists", {"name": name}):
            raise Refused(N_("user {name} exists already (use `kp user passwd {name}` to change the password)"),
                          name=name)
        w.run("user_insert", {"name": name, "role": role, "password_hash": digest})
    return User(name, role)


def set_password(reg: Register, name: str, password: str, *, actor: str = "system") -> None:
    """A new password; also clears failed attempts and any lock."""
    name, password = check_name(name), check_password(password)
    digest = hash_password(password)
    with reg.write(actor, "user.passwd", "app_user", name) as w:
        if not w.value("user_exists", {"name": name}):
            raise NotFound(N_("no user {name}"), name=name)
        w.run("user_set_password", {"name": name, "password_hash": digest})


def set_disabled(reg: Register, name: str, disabled: bool = True, *, actor: str = "system") -> None:
    name = check_name(name)
    with reg.write(actor, "user.disable" if disabled else "user.enable", "app_user", name) as w:
        if not w.value("user_exists", {"name": name}):
            raise NotFound(N_("no user {name}"), name=name)
        w.run("user_set_disabled", {"name": name, "disabled": disabled})


def list_users(q) -> list[dict]:
    """Users without their password hashes."""
    return q.all("user_list")


def get_user(q, name: str) -> User | None:
    row = q.one("user_get", {"name": name})
    return User(row["name"], row["role"], bool(row["disabled"])) if row else None


def has_users(q) -> bool:
    return bool(q.value("user_count"))


# -- signing in ---------------------------------------------------------------------------
def _wait_after(failures: int) -> int:
    """Seconds a user must wait before the next try after `failures` failures in a row."""
    if failures >= LOCK_AFTER:
        return LOCK_MINUTES * 60
    if failures >= SLOW_AFTER:
        return min(2 ** (failures - SLOW_AFTER), MAX_SLOW_SECONDS)
    return 0


# Failed attempts on names that are not users, per name, in this process: (count, locked until).
_unknown_failures: dict[str, tuple[int, dt.datetime | None]] = {}


_LOCKED = N_("Too many failed attempts: wait {wait} s.")  # with wait=seconds


def sign_in(reg: Register, name: str, password: str, *, now: dt.datetime | None = None,
            channel: str = "dashboard") -> User:
    """The user when name and password match an enabled, unlocked account; else SignInFailed.

    The whole check is one write (the attempt is always recorded), so concurrent attempts
    on the same account are counted one after another.
    """
    now = now or _now()
    refused = N_("Wrong user name or password.")
    key = (name or "").strip().lower()
    if not NAME_RE.fullmatch(key) or not password:
        reg.record("unknown-user", "auth.signin_failed", "app_user", None, {"reason": "unknown_user", "channel": channel})
        raise SignInFailed(refused, "unknown_user")
    with reg.read() as q:
        known = q.value("user_exists", {"name": key})
    if not known:
        # An unknown name is slowed down and locked out exactly as a known one would be, with
        # the same messages, so neither tells whether the account exists (#15 §6).
        failures, locked_until = _unknown_failures.get(key, (0, None))
        if locked_until is not None and locked_until > now:
            wait = int((locked_until - now).total_seconds()) + 1
            reg.record("unknown-user", "auth.signin_failed", "app_user", None,
                       {"reason": "unknown_user", "wait_seconds": wait, "channel": channel})
            raise SignInFailed(_LOCKED, "unknown_user", wait, wait=wait)
        _verify(_dummy_hash(), password)
        failures += 1
        wait = _wait_after(failures)
        _unknown_failures[key] = (failures, now + dt.timedelta(seconds=wait) if wait else None)
        while len(_unknown_failures) > 10_000:  # bounded: the oldest names are forgotten first
            _unknown_failures.pop(next(iter(_unknown_failures)))
        reg.record("unknown-user", "auth.signin_failed", "app_user", None, {"reason": "unknown_user", "channel": channel})
        raise SignInFailed(refused, "unknown_user", wait)
    failure: SignInFailed | None = None
    with reg.write(key) as w:
        row = w.one("user_auth", {"name": key})
        if row["disabled"]:
            w.audit("auth.signin_failed", "app_user", key, {"reason": "disabled", "channel": channel})
            failure = SignInFailed(refused, "disabled")
        elif row["locked_until"] is not None and row["locked_until"] > now:
            wait = int((row["locked_until"] - now).total_seconds()) + 1
            w.audit("auth.signin_failed", "app_user", key,
                    {"reason": "locked", "wait_seconds": wait, "channel": channel})
            failure = SignInFailed(_LOCKED, "locked", wait, wait=wait)
        elif _verify(row["password_hash"], password):
            w.audit("auth.signin", "app_user", key, {"role": row["role"], "channel": channel})
            rehash = not _cheap_for_tests and _hasher().check_needs_rehash(row["password_hash"])
            if int(row["failed_count"] or 0) or row["locked_until"] is not None:
                w.run("user_signin_ok", {"name": key})
            elif not rehash:  # nothing to reset: only the event is written, the read caches stay
                w.audit_only = True
            if rehash:
                w.run("user_set_password", {"name": key, "password_hash": hash_password(password)})
            user = User(key, row["role"])
        else:
            failures = int(row["failed_count"]) + 1
            wait = _wait_after(failures)
            locked_until = now + dt.timedelta(seconds=wait) if wait else None
            w.run("user_signin_failed", {"name": key, "failed_count": failures, "locked_until": locked_until})
            w.audit("auth.signin_failed", "app_user", key,
                    {"reason": "bad_password", "failed_count": failures, "wait_seconds": wait, "channel": channel})
            if failures >= LOCK_AFTER:
                w.audit("auth.locked", "app_user", key, {"minutes": LOCK_MINUTES})
            failure = SignInFailed(refused, "bad_password", wait)
    if failure is not None:
        raise failure
    return user


def sign_out(reg: Register, name: str, *, reason: str = "user") -> None:
    """Records the end of a session (`reason`: user, timeout)."""
    reg.record(name, "auth.signout", "app_user", name, {"reason": reason})


# -- what a role may do ---------------------------------------------------------------------
PERMISSIONS = {
    "dpo": {"read.summary", "read.person", "export", "change", "audit"},
    "viewer": {"read.summary"},
}


def allowed(role: str | None, permission: str) -> bool:
    return permission in PERMISSIONS.get(role or "", set())


# -- company accounts (OpenID Connect) ---------------------------------------------------------
EMAIL_RE = re.compile(r"[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{1,63}")


def set_email(reg: Register, name: str, email: str | None, *, actor: str = "system") -> None:
    """The company account `name` signs in with through the identity provider (None: none).

    The dashboard maps the provider's verified email to this user and takes the role from here,
    so an email belongs to one user at most."""
    name = check_name(name)
    email = (email or "").strip().lower() or None
    if email is not None and not EMAIL_RE.fullmatch(email):
        raise KpError(N_("email: not an email address"))
    with reg.write(actor, "user.email", "app_user", name, {"set": email is not None}) as w:
        if not w.value("user_exists", {"name": name}):
            raise NotFound(N_("no user {name}"), name=name)
        if email is not None and w.value("user_email_taken", {"name": name, "email": email}):
            raise Refused(N_("email: another user has this email already"))
        w.run("user_set_email", {"name": name, "email": email})


def user_by_email(q, email: str) -> User | None:
    row = q.one("user_by_email", {"email": (email or "").strip().lower()}) if email else None
    return User(row["name"], row["role"], bool(row["disabled"])) if row else None
