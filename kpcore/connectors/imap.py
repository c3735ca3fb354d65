"""IMAP mailbox connector: the common door of mail servers (Dovecot, Microsoft 365, ...).

The search runs on the server (IMAP SEARCH, RFC 3501 6.4.4) in every folder for the
person's addresses in From, To and Cc (and, when ``body`` is set, in the body); only the
headers of the matching messages are fetched (date, subject, correspondents), never the
whole mailbox. Erasure (Art. 17) moves the matching messages to the Trash folder and
expunges them there, and only when the system allows deletion (``allow_delete``).

Settings (non-secret, in the register): ``host``, ``port`` (993 / 143), ``tls``: ``ssl``
(default), ``starttls`` or ``none`` (plain text, for a server on this machine only),
``cafile`` (a CA bundle to trust, e.g. a company CA), ``user``, ``folders`` (default:
every folder), ``body`` (also search bodies), ``trash`` (default ``Trash``), ``timeout``
seconds, ``password_env``. The password: see kpcore.connectors.secret.
"""
from __future__ import annotations

import email.policy
import email.utils
import imaplib
import re
import socket
import ssl
from email.parser import BytesHeaderParser

from ..i18n import N_, NN_
from . import ConnectorError, Context, Person, Result, Status, Summary, secret

TLS_MODES = ("ssl", "starttls", "none")
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def check_settings(settings: dict) -> list[str]:
    """Problems with the settings, each a catalog message without parameters (translated where shown)."""
    problems = []
    if not str(settings.get("host") or "").strip():
        problems.append(N_("an IMAP connector needs \"host\""))
    if not str(settings.get("user") or "").strip():
        problems.append(N_("an IMAP connector needs \"user\" (the mailbox account)"))
    tls = settings.get("tls", "ssl")
    if tls not in TLS_MODES:  # the message names TLS_MODES
        problems.append(N_("tls must be one of ssl, starttls, none"))
    elif tls == "none" and str(settings.get("host")) not in LOCAL_HOSTS:
        problems.append(N_("tls \"none\" sends the password in clear: only for a server on this machine (localhost)"))
    port = settings.get("port")
    if port is not None and not (isinstance(port, int) and 0 < port < 65536):
        problems.append(N_("port must be a number 1-65535"))
    timeout = settings.get("timeout")
    if timeout is not None and not (isinstance(timeout, (int, float)) and not isinstance(timeout, bool)
                                    and 0 < timeout <= 600):
        problems.append(N_("timeout must be a number of seconds, at most 600"))
    folders = settings.get("folders")
    if folders is not None and not (isinstance(folders, list) and all(isinstance(f, str) for f in folders)):
        problems.append(N_("folders must be a list of folder names"))
    return problems


def _quote(text: str) -> str:
    """An IMAP quoted string (RFC 3501 4.3); CR, LF and NUL cannot be quoted and are refused."""
    if re.search(r"[\r\n\x00]", text):
        raise ConnectorError(N_("a search term holds a line break; it was not sent to the server"))
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def decode_folder(name: str) -> str:
    """Modified UTF-7 (RFC 3501 5.1.3) folder name as text: 'L&AOQ-hetetyt' -> 'Lähetetyt'."""
    import base64

    def dec(m):
        chunk = m.group(1)
        if chunk == "":
            return "&"
        b = chunk.replace(",", "/")
        b += "=" * (-len(b) % 4)
        return base64.b64decode(b).decode("utf-16-be")
    return re.sub(r"&([A-Za-z0-9+,]*)-", dec, name)


_LIST = re.compile(rb'^\((?P<flags>[^)]*)\) (?P<delim>"(?:[^"\\]|\\.)*"|NIL) (?P<name>.+)$')


def _folders(conn) -> list[str]:
    typ, data = conn.list()
    if typ != "OK":
        raise ConnectorError(N_("the server did not list its folders"))
    out = []
    pending = None
    for item in data:
        if isinstance(item, tuple):  # a literal: (b'(flags) "/" {n}', b'name')
            m = _LIST.match(item[0])
            if m and b"\\noselect" not in m.group("flags").lower():
                out.append(item[1].decode("utf-8", "replace"))
            continue
        if item is None:
            continue
        m = _LIST.match(item)
        if not m or b"\\noselect" in m.group("flags").lower():
            continue
        name = m.group("name").decode("utf-8", "replace")
        if name.startswith('"') and name.endswith('"'):
            name = name[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        out.append(name)
    del pending
    return out


def _criteria(person: Person, body: bool) -> list[str]:
    """OR over every address: FROM/TO/CC (and BODY) - one server-side SEARCH per folder."""
    terms = []
    for addr in dict.fromkeys(e.strip() for e in person.emails if e and e.strip()):
        if not addr.isascii():
            raise ConnectorError(N_("an address with non-ASCII characters cannot be searched over IMAP here"))
        q = _quote(addr)
        keys = [f"FROM {q}", f"TO {q}", f"CC {q}"] + ([f"BODY {q}"] if body else [])
        terms.extend(keys)
    if not terms:
        return []
    expr = terms[-1]
    for t in reversed(terms[:-1]):
        expr = f"OR {t} {expr}"
    return [expr]


class ImapConnector:
    def __init__(self, system: dict, ctx: Context):
        self.system, self.ctx = system, ctx
        self.s = system.get("settings") or {}
        self.tls = self.s.get("tls", "ssl")
        self.host = self.s.get("host", "")
        self.port = int(self.s.get("port") or (993 if self.tls == "ssl" else 143))
        self.timeout = float(self.s.get("timeout", 20))

    def _where(self) -> dict:
        """The parameters naming the system and its server in every message: id, host, port."""
        return {"system": self.system["id"], "host": self.host, "port": self.port}

    def _context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context(cafile=self.s.get("cafile") or None)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        return ctx

    def _connect(self):
        where = self._where()
        password = secret(self.system, self.ctx)
        try:
            if self.tls == "ssl":
                conn = imaplib.IMAP4_SSL(self.host, self.port, ssl_context=self._context(), timeout=self.timeout)
            else:
                conn = imaplib.IMAP4(self.host, self.port, timeout=self.timeout)
                if self.tls == "starttls":
                    conn.starttls(ssl_context=self._context())
        except ConnectionRefusedError:
            raise ConnectorError(N_("system {system} ({host}:{port}): the server is not answering (connection "
                                    "refused); the task stays open, try again later"), **where) from None
        except (socket.timeout, TimeoutError):
            raise ConnectorError(N_("system {system} ({host}:{port}): the server did not answer in {seconds} s; "
                                    "the task stays open"), seconds=f"{self.timeout:.0f}", **where) from None
        except ssl.SSLError as exc:
            raise ConnectorError(N_("system {system} ({host}:{port}): the TLS connection failed ({reason}); check "
                                    "the certificate or the cafile setting"),
                                 reason=exc.reason or type(exc).__name__, **where) from None
        except socket.gaierror:
            raise ConnectorError(N_("system {system} ({host}:{port}): the server's name is not known (DNS); check "
                                    "the host setting; the task stays open"), **where) from None
        except (OSError, imaplib.IMAP4.error) as exc:
            reason = type(exc).__name__ + (f" {exc.errno}" if getattr(exc, "errno", None) else "")
            raise ConnectorError(N_("system {system} ({host}:{port}): cannot connect ({reason}); the task stays "
                                    "open"), reason=reason, **where) from None
        user = self.s.get("user", "")
        try:
            if "AUTH=PLAIN" in conn.capabilities:  # SASL PLAIN carries a UTF-8 password (RFC 4616)
                conn.authenticate("PLAIN", lambda _: f"\0{user}\0{password}".encode("utf-8"))
            else:
                conn.login(user, password)
        except (imaplib.IMAP4.error, UnicodeEncodeError):
            self._close(conn)
            raise ConnectorError(N_("system {system} ({host}:{port}): the server refused the login of the account "
                                    "in the settings; check the user and the password"), **where) from None
        except OSError as exc:
            raise ConnectorError(N_("system {system} ({host}:{port}): the connection broke during the login "
                                    "({reason}); the task stays open"), reason=type(exc).__name__, **where) from None
        return conn

    @staticmethod
    def _close(conn) -> None:
        try:
            conn.logout()
        except Exception:  # a broken connection: nothing more to say to the server
            pass

    def _selected_folders(self, conn) -> list[str]:
        wanted = self.s.get("folders")
        names = _folders(conn)
        if wanted:
            names = [n for n in names if n in wanted or decode_folder(n) in wanted]
        return names

    def test(self) -> Status:
        conn = self._connect()
        try:
            n = len(self._selected_folders(conn))
        finally:
            self._close(conn)
        return Status(NN_("system {system} ({host}:{port}): login works, {n} folder",
                          "system {system} ({host}:{port}): login works, {n} folders"), n=n, **self._where())

    def _search(self, conn, folder: str, criteria: list[str], readonly: bool = True) -> list[bytes]:
        typ, _ = conn.select(_quote(folder), readonly=readonly)
        if typ != "OK":
            return []
        typ, data = conn.uid("SEARCH", *criteria)
        if typ != "OK":
            raise ConnectorError(N_("system {system} ({host}:{port}): the server refused the search in a folder"),
                                 **self._where())
        return data[0].split() if data and data[0] else []

    def search(self, person: Person) -> Result:
        criteria = _criteria(person, bool(self.s.get("body")))
        if not criteria:
            return Result(False, 0, Summary("imap_no_address"), [])
        conn = self._connect()
        items: list[dict] = []
        folders_hit = set()
        mine = {e.strip().casefold() for e in person.emails}
        try:
            for folder in self._selected_folders(conn):
                uids = self._search(conn, folder, criteria)
                if not uids:
                    continue
                folders_hit.add(folder)
                for start in range(0, len(uids), 500):
                    chunk = b",".join(uids[start:start + 500]).decode()
                    typ, data = conn.uid("FETCH", chunk, "(BODY.PEEK[HEADER.FIELDS (DATE SUBJECT FROM TO CC)])")
                    if typ != "OK":
                        raise ConnectorError(N_("system {system} ({host}:{port}): the server refused to give the "
                                                "headers"), **self._where())
                    for part in data:
                        if isinstance(part, tuple):
                            items.append(_message(part[1], decode_folder(folder), mine))
        except (OSError, imaplib.IMAP4.abort) as exc:
            raise ConnectorError(N_("system {system} ({host}:{port}): the connection broke during the search "
                                    "({reason}); the task stays open"), reason=type(exc).__name__,
                                 **self._where()) from None
        finally:
            self._close(conn)
        items.sort(key=lambda m: m["date"] or "")
        n = len(items)
        if n:
            if items[0]["date"] and items[-1]["date"]:
                summary = Summary("imap_found_span", {"n": n, "folders": len(folders_hit),
                                                      "first": items[0]["date"][:10], "last": items[-1]["date"][:10]})
            else:
                summary = Summary("imap_found", {"n": n, "folders": len(folders_hit)})
        else:
            summary = Summary("imap_none")
        return Result(found=bool(n), count=n, summary=summary, items=items)

    def delete(self, person: Person) -> Result:
        if not self.system.get("allow_delete"):
            raise ConnectorError(N_("system {id}: deletion is not allowed in its settings; delete by hand or allow "
                                    "it (kp system set --allow-delete yes)"), id=self.system["id"])
        criteria = _criteria(person, bool(self.s.get("body")))
        if not criteria:
            return Result(False, 0, Summary("imap_no_address"), [])
        trash = self.s.get("trash", "Trash")
        conn = self._connect()
        moved = 0
        purged = 0
        try:
            folders = self._selected_folders(conn)
            trash_raw = next((f for f in folders if f == trash or decode_folder(f) == trash), None)
            if trash_raw is None:
                raise ConnectorError(N_("system {system} ({host}:{port}): no folder {folder} to move deleted messages "
                                        "to; set \"trash\""), folder=repr(trash), **self._where())
            typ, caps = conn.capability()  # after the login: the server's full list
            can_move = typ == "OK" and b"MOVE" in (caps[0] or b"").upper().split()
            for folder in folders:
                if folder == trash_raw:
                    continue
                uids = self._search(conn, folder, criteria, readonly=False)
                if not uids:
                    continue
                seq = b",".join(uids).decode()
                if can_move:
                    conn.uid("MOVE", seq, _quote(trash_raw))
                else:
                    conn.uid("COPY", seq, _quote(trash_raw))
                    conn.uid("STORE", seq, "+FLAGS.SILENT", "(\\Deleted)")
                    conn.expunge()
                moved += len(uids)
            uids = self._search(conn, trash_raw, criteria, readonly=False)
            if uids:
                conn.uid("STORE", b",".join(uids).decode(), "+FLAGS.SILENT", "(\\Deleted)")
                conn.expunge()
                purged = len(uids)
        except (OSError, imaplib.IMAP4.abort) as exc:
            raise ConnectorError(N_("system {system} ({host}:{port}): the connection broke during the deletion "
                                    "({reason}); the task stays open, run it again"), reason=type(exc).__name__,
                                 **self._where()) from None
        finally:
            self._close(conn)
        return Result(found=bool(purged or moved), count=purged,
                      summary=Summary("imap_deleted", {"deleted": purged, "moved": moved}),
                      items=[{"moved_to_trash": moved, "expunged": purged}])


def _addresses(value) -> list[str]:
    if not value:
        return []
    return [f"{name} <{addr}>" if name else addr for name, addr in email.utils.getaddresses([str(value)]) if addr or name]


def _message(raw: bytes, folder: str, mine: set[str]) -> dict:
    """One message's date, folder, subject and correspondents (headers only)."""
    msg = BytesHeaderParser(policy=email.policy.default).parsebytes(raw)
    try:
        subject = str(msg.get("subject") or "")
    except Exception:  # a malformed encoded word: keep the raw header text
        subject = str(msg.get_all("subject", [""])[0])
    date = None
    try:
        if msg.get("date"):
            date = email.utils.parsedate_to_datetime(str(msg["date"])).isoformat()
    except (TypeError, ValueError):
        date = None
    people = {h: _addresses(msg.get(h)) for h in ("from", "to", "cc")}
    others = []
    for h in ("from", "to", "cc"):
        for a in people[h]:
            addr = email.utils.parseaddr(a)[1].casefold()
            if addr not in mine and a not in others:
                others.append(a)
    return {"date": date, "folder": folder, "subject": subject, "from": people["from"], "to": people["to"],
            "cc": people["cc"], "correspondents": others}
