"""Dashboard sessions that outlive a browser tab but not their reasons (Art. 32(1)(b)).

A sign-in creates a session: a random 256-bit token that the browser keeps in a cookie, and on
the server only its SHA-256 digest with the user, the time of the last activity and, once it
has ended, why. A reload or a second tab presents the cookie and continues the same session;
every page checks it again, and it ends - everywhere at once, since every tab shares it - when

  * the user signs out in any tab (`revoke`),
  * nobody has used it for the idle timeout (activity in any tab counts),
  * the user has been disabled, or the password changed: the session remembers a digest of
    the password hash it was opened with, and any new password (`kp user passwd`, another
    process) gives a new hash with a new salt, so the digests no longer match.

The store lives in the dashboard server's memory, never in the register file: activity is
not written to disk on every click (no write lock, no cache churn), and a server restart ends
every session - the safe direction. Nothing secret is put in a URL.
"""
from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class Session:
    user: str
    pw_tag: str | None
    created: float
    last_active: float
    ended: str | None = None     # why: user (signed out), timeout, disabled, password
    channel: str = "password"    # or "oidc"
    claimed: bool = False        # the end has been audited (by the first tab that saw it)


class SessionStore:
    """Sessions by token digest. Thread-safe: Streamlit runs each browser tab on its own thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_digest: dict[str, Session] = {}
        self._used_logins: dict[str, float] = {}

    def create(self, user: str, pw_tag: str | None, *, now: float | None = None, channel: str = "password") -> str:
        """A new session for `user`; returns the token (kept only by the browser)."""
        now = time.time() if now is None else now
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._by_digest[digest(token)] = Session(user, pw_tag, now, now, channel=channel)
            self._forget_old(now)
        return token

    def first_use(self, login: str, *, now: float | None = None) -> bool:
        """True the first time a given identity-provider sign-in (its ID token) opens a session:
        a reload after signing out must not open a new session from the same sign-in."""
        now = time.time() if now is None else now
        key = digest(login)
        with self._lock:
            for k in [k for k, t in self._used_logins.items() if now - t > 24 * 3600]:
                del self._used_logins[k]
            if key in self._used_logins:
                return False
            self._used_logins[key] = now
            return True

    def get(self, token: str | None) -> Session | None:
        if not isinstance(token, str) or not token or len(token) > 200:
            return None
        with self._lock:
            return self._by_digest.get(digest(token))

    def check(self, token: str | None, user_row: dict | None, timeout: float, *, now: float | None = None,
              touch: bool = True) -> tuple[Session | None, str | None]:
        """(session, None) while the session may go on (and, with `touch`, counts as activity now);
        else (session or None, reason) where reason is 'none' (no such session), 'user', 'timeout',
        'disabled' or 'password'. The first check that finds a reason ends the session with it,
        so every other tab then reports the same reason. `user_row` is the user's row now
        (name, role, disabled, pw_tag) or None when the user is gone."""
        now = time.time() if now is None else now
        s = self.get(token)
        if s is None:
            return None, "none"
        with self._lock:
            if s.ended:
                return s, s.ended
            if now - s.last_active > timeout:
                s.ended = "timeout"
            elif user_row is None or user_row.get("disabled"):
                s.ended = "disabled"
            elif s.pw_tag is not None and user_row.get("pw_tag") != s.pw_tag:
                s.ended = "password"
            if s.ended:
                s.last_active = now
                return s, s.ended
            if touch:
                s.last_active = now
            return s, None

    def claim(self, token: str | None) -> bool:
        """True exactly once for an ended session: whoever gets it writes the audit event."""
        s = self.get(token)
        with self._lock:
            if s is None or not s.ended or s.claimed:
                return False
            s.claimed = True
            return True

    def revoke(self, token: str | None, reason: str = "user") -> Session | None:
        s = self.get(token)
        if s is not None:
            with self._lock:
                s.ended = s.ended or reason
        return s

    def revoke_user(self, user: str, reason: str) -> int:
        """Ends every open session of `user` (e.g. after a password change in this dashboard)."""
        n = 0
        with self._lock:
            for s in self._by_digest.values():
                if s.user == user and not s.ended:
                    s.ended, n = reason, n + 1
        return n

    def open_sessions(self, user: str | None = None) -> int:
        with self._lock:
            return sum(1 for s in self._by_digest.values() if not s.ended and (user is None or s.user == user))

    def _forget_old(self, now: float, keep: float = 24 * 3600) -> None:
        """Drops sessions ended or idle for a day (their tabs show the sign-in form anyway)."""
        for d in [d for d, s in self._by_digest.items() if now - s.last_active > keep]:
            del self._by_digest[d]


def session_user(q, name: str) -> dict | None:
    """The user's row a session is checked against (role, disabled, pw_tag), or None."""
    return q.one("user_session", {"name": name})
