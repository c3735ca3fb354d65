"""A real Dovecot IMAP server for the connector tests and the benchmark (Debian's dovecot-imapd).

`DovecotServer(root)` writes its own config (nothing from /etc/dovecot), a self-signed
certificate made with openssl, a passwd-file user and a Maildir, and starts `dovecot -F` as
a child on free loopback ports: `imaps` (TLS, the connector's default) and `imap` (plain, for
the server-down and refused-login cases it does not matter). `stop()` ends that child only.
Messages are written straight into Maildir files (`add`, `add_many`), so a 100,000-message
mailbox takes seconds to make.
"""
from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from email.header import Header
from email.utils import format_datetime
from pathlib import Path

DOVECOT = "/usr/sbin/dovecot"
USER, PASSWORD = "tietosuoja", "Salasana-123"


def available() -> bool:
    return Path(DOVECOT).is_file() and os.geteuid() == 0 and shutil.which("openssl") is not None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DovecotServer:
    def __init__(self, base: str | None = None):
        # Not under pytest's tmp_path: its parents are private to root and Dovecot's mail user
        # (nobody) must reach the Maildir. The benchmark passes /dev/shm (tmpfs): 100,000 small
        # files are written there about eight times faster than on this machine's disk.
        self.root = Path(tempfile.mkdtemp(prefix="kp-dovecot-", dir=base))
        os.chmod(self.root, 0o755)
        self.port = _free_port()
        self.tls_port = _free_port()
        self.maildir = self.root / "home" / USER / "Maildir"
        self.cert = self.root / "cert.pem"
        self.proc: subprocess.Popen | None = None
        self._seq = 0
        self.nobody = pwd.getpwnam("nobody")

    # -- mail ----------------------------------------------------------------------
    def folder(self, name: str) -> Path:
        """A Maildir folder (INBOX is the root; others '.Name' in modified UTF-7)."""
        from kpcore.connectors.imap import decode_folder  # noqa: F401  (the reverse is encode below)

        path = self.maildir if name == "INBOX" else self.maildir / ("." + _encode_folder(name))
        for sub in ("cur", "new", "tmp"):
            (path / sub).mkdir(parents=True, exist_ok=True)
        return path

    def message(self, *, subject: str, sender: str, to: str, cc: str | None = None, date=None, body: str = "") -> bytes:
        import datetime as dt

        date = date or dt.datetime(2026, 3, 14, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
        lines = [f"From: {sender}", f"To: {to}"] + ([f"Cc: {cc}"] if cc else []) + [
            f"Subject: {Header(subject, 'utf-8').encode()}", f"Date: {format_datetime(date)}",
            f"Message-ID: <{self._seq}.{time.time_ns()}@kuntaplus.test>", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", body or "Hei,\n\nterveisin\n"]
        return "\r\n".join(lines).encode("utf-8")

    def add(self, folder: str, raw: bytes) -> None:
        self._seq += 1
        path = self.folder(folder) / "cur" / f"{1700000000 + self._seq}.M{self._seq}P1.kp:2,S"
        path.write_bytes(raw)

    def add_many(self, folder: str, raws) -> int:
        d = self.folder(folder) / "cur"
        n = 0
        for raw in raws:
            self._seq += 1
            n += 1
            with open(d / f"{1700000000 + self._seq}.M{self._seq}P1.kp:2,S", "wb") as fh:
                fh.write(raw)
        return n

    # -- server --------------------------------------------------------------------
    def _config(self) -> Path:
        # Dovecot's own users read these files: readable whatever umask the test process has
        # (kp sets 077 for the files it makes; an in-process kp once left it behind).
        old = os.umask(0o022)
        try:
            return self._write_config()
        finally:
            os.umask(old)

    def _write_config(self) -> Path:
        r = self.root
        (r / "run").mkdir(exist_ok=True)
        (r / "state").mkdir(exist_ok=True)
        (r / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                        "-keyout", str(r / "key.pem"), "-out", str(self.cert)], check=True, capture_output=True)
        conf = r / "dovecot.conf"
        conf.write_text(f"""
base_dir = {r}/run
state_dir = {r}/state
log_path = {r}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{self.cert}
ssl_key = <{r}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = {self.nobody.pw_uid}
mail_location = maildir:~/Maildir
mail_always_cache_fields = hdr.from hdr.to hdr.cc date.sent
namespace inbox {{
  inbox = yes
  separator = .
  mailbox Trash {{
    special_use = \\Trash
  }}
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {r}/passwd
}}
userdb {{
  driver = static
  args = uid={self.nobody.pw_uid} gid={self.nobody.pw_gid} home={r}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service auth {{
  unix_listener auth-userdb {{
    mode = 0666
  }}
}}
""")
        return conf

    def start(self) -> "DovecotServer":
        self.folder("INBOX")
        self.folder("Trash")
        conf = self._config()
        subprocess.run(["chown", "-R", f"{self.nobody.pw_uid}:{self.nobody.pw_gid}", str(self.root / "home")], check=True)
        self.proc = subprocess.Popen([DOVECOT, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("dovecot did not start: " + self.proc.stderr.read().decode("utf-8", "replace")
                                   + self.log())
            try:
                with socket.create_connection(("127.0.0.1", self.tls_port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("dovecot did not listen in 15 s: " + self.log())

    def own_mail(self) -> None:
        """Mail written after the start belongs to the mail user too."""
        subprocess.run(["chown", "-R", f"{self.nobody.pw_uid}:{self.nobody.pw_gid}", str(self.root / "home")], check=True)

    def log(self) -> str:
        p = self.root / "dovecot.log"
        return p.read_text(errors="replace")[-3000:] if p.exists() else ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, 15)  # the group of the child we started, nothing else
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
                self.proc.wait(5)
        shutil.rmtree(self.root, ignore_errors=True)

    def settings(self, *, tls: bool = True, **extra) -> dict:
        base = {"host": "127.0.0.1" if not tls else "localhost", "port": self.tls_port if tls else self.port,
                "tls": "ssl" if tls else "none", "user": USER}
        if tls:
            base["cafile"] = str(self.cert)
        return {**base, **extra}


def _encode_folder(name: str) -> str:
    """Text -> modified UTF-7 (RFC 3501 5.1.3), the folder names on disk."""
    import base64

    out, buf = [], ""

    def flush():
        nonlocal buf
        if buf:
            b = base64.b64encode(buf.encode("utf-16-be")).decode().rstrip("=").replace("/", ",")
            out.append("&" + b + "-")
            buf = ""
    for ch in name:
        if 0x20 <= ord(ch) <= 0x7e:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            buf += ch
    flush()
    return "".join(out)
