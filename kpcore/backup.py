"""`kp backup DIR` and `kp restore DIR`: a consistent Parquet snapshot of the whole register.

The snapshot is taken inside one read-only unit of work, so no write can land half-way
through it (DuckDB keeps every writer out while a reader holds the file). DIR gets one
Parquet file per table and `manifest.json`: the schema version, every table's row count
and the SHA-256 of its file, the sequences' positions and the audit chain's tip.

Restore builds a NEW register file (it never overwrites one): the current schema, then
every table in the order the schema creates them (so references resolve), then the
sequences, then checks that row counts and the audit chain match the manifest. It works
on a temporary file renamed into place only at the end, so a failure leaves nothing.
The restore itself is appended to the restored audit log as `register.restore`.
The register's key files and its audit anchor log (#15 §5, kpcore.anchor) are copied into the
backup too, and a restore puts them back, so `kp audit verify` proves the restored trail.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path

from . import sqlfiles
from .db import SCHEMA_VERSION, Register
from .errors import KpError, RegisterUnwritable, SchemaMismatch
from .i18n import N_

MANIFEST = "manifest.json"
FORMAT = "kuntaplus-backup/1"


# The oldest backup restore takes: version 3 was the first to carry the audit chain's anchor log,
# which restore checks the chain against. An older backup is refused (restore it with the kpcore
# that made it, then `kp migrate`). A version-3 backup's tables are read into this version's
# tables by column name and the register is then migrated as `kp migrate` would.
OLDEST_RESTORABLE = 3


def _tables_in_schema_order() -> list[str]:
    return re.findall(r"^CREATE TABLE (?:IF NOT EXISTS )?(\w+)", sqlfiles.schema_sql(), re.M)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def backup(reg: Register, directory: str | os.PathLike, *, actor: str = "system") -> dict:
    """Write the snapshot into `directory` (created; must be empty). Returns the manifest."""
    out = Path(directory).expanduser()
    if out.exists() and any(out.iterdir()):
        raise KpError(N_("{path} is not empty; give a new or empty folder for the backup."), path=str(out))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RegisterUnwritable(N_("Cannot create {path}: {error}"), path=str(out), error=exc.strerror) from None
    order = _tables_in_schema_order()
    try:
        with reg.read() as q:
            present = [r[0] for r in q.sql(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary").fetchall()]
            tables = [t for t in order if t in present] + sorted(t for t in present if t not in order)
            version = q.sql("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()[0][0]
            manifest: dict = {"format": FORMAT, "schema_version": int(version),
                              "created_at": dt.datetime.now().isoformat(timespec="seconds"),
                              "source": reg.path.name, "tables": {}, "sequences": {}}
            for t in tables:
                file = out / f"{t}.parquet"
                q.sql(f"COPY (SELECT * FROM {t}) TO {_sql_str(str(file))} (FORMAT parquet, COMPRESSION zstd)")
                manifest["tables"][t] = {"file": file.name, "rows": q.sql(f"SELECT count(*) FROM {t}").fetchall()[0][0],
                                         "sha256": _sha256(file)}
            for name, last in q.sql("SELECT sequence_name, last_value FROM duckdb_sequences()"
                                    " WHERE schema_name = 'main' AND NOT temporary").fetchall():
                manifest["sequences"][name] = last
            tip = q.one("audit_tip")
            manifest["audit_tip"] = {"seq": tip["seq"], "hash": tip["hash"]} if tip else None
            # while the read holds the file no write session can append to the anchor log either
            manifest["anchor_log"] = _backup_anchor_log(reg, out)
    except OSError as exc:  # a full disk or a vanished folder while writing
        raise RegisterUnwritable(N_("The backup could not be written to {path}: {error}"),
                                 path=str(out), error=exc.strerror) from None
    except Exception as exc:
        if "No space left" in str(exc) or "Could not write" in str(exc):
            raise RegisterUnwritable(N_("The backup could not be written to {path} (the disk is full?)."),
                                     path=str(out)) from None
        raise
    manifest.update(_backup_keys_and_ledger(reg, out))
    tmp = out / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    tmp.replace(out / MANIFEST)  # the manifest appears last: a folder without one is not a backup
    reg.record(actor, "register.backup", "register", None,
               {"tables": len(manifest["tables"]), "rows": sum(t["rows"] for t in manifest["tables"].values()),
                "audit_tip_seq": tip["seq"] if tip else None})
    return manifest


def _backup_keys_and_ledger(reg: Register, out: Path) -> dict:
    """#11: the register's key files (outside the register: kpcore.keys) are copied into the backup
    (0600) so a restore can read its keyed hashes; the manifest records where the erasure ledger of
    the register lives and how long it was, so a restore can re-apply what came after."""
    from . import keys as _keys
    from . import suppression
    from .safety import write_private

    copied = []
    for f in sorted(reg.path.parent.glob(reg.path.name + ".*.key")):
        name = f.name[len(reg.path.name) + 1:-len(".key")]
        write_private(out / f"{name}.key", f.read_bytes())
        copied.append(name)
    ledger = suppression.ledger_path(reg.path)
    return {"keys": copied, "source_path": str(reg.path.resolve()),
            "ledger": {"path": str(ledger.resolve()), "lines": len(suppression.read_ledger(ledger))},
            "keys_note": f"key files beside the register ({_keys.key_path(reg.path, 'NAME').name})"}


ANCHOR_FILE = "audit-anchor.log"


def _backup_anchor_log(reg: Register, out: Path) -> dict | None:
    """#15 §5: the audit chain's anchor log (kpcore.anchor) is copied beside the key files (0600),
    so a restored register can still prove its trail against every tip anchored before."""
    from . import anchor
    from .safety import write_private

    src = anchor.log_path(reg.path)
    if not src.is_file():
        return None
    data = src.read_bytes()
    write_private(out / ANCHOR_FILE, data)
    return {"file": ANCHOR_FILE, "lines": len(data.splitlines()), "sha256": hashlib.sha256(data).hexdigest()}


def _restore_anchor_log(src: Path, manifest: dict, tmp: Path, opened=None) -> None:
    """Put the backup's anchor log beside the new register's file, check every line's seal and the
    restored chain against its latest anchor, then anchor the backup's tip. A backup made before
    anchor logs were copied (no "anchor_log" in its manifest) starts a new log at its tip."""
    from . import anchor, audit
    from .safety import write_private

    tip = manifest.get("audit_tip")
    target_log = anchor.log_path(tmp)
    target_log.unlink(missing_ok=True)
    info = manifest.get("anchor_log")
    last = None
    if info:
        f = src / info["file"]
        if not f.is_file():
            raise KpError(
                N_("The backup's audit anchor log ({file}) is missing. Without it the restored audit trail cannot be "
                   "proved unchanged; put the file back beside the backup's other files and restore again."),
                file=f.name)
        write_private(target_log, f.read_bytes())
        try:
            last = anchor.latest(tmp)
        except ValueError as exc:
            raise KpError(N_("The backup's audit anchor log is not intact ({error}); the restore was abandoned."),
                          error=anchor._text_of(exc)) from None
        with (opened or Register(tmp)).read() as q:
            check = audit.verify(q)
        if not check.ok:
            raise KpError(N_("The backup's audit log does not match its anchor log; the restore was abandoned."))
    if tip and (last is None or (last[0], last[1]) != (tip["seq"], tip["hash"])):
        anchor.append(tmp, tip["seq"], tip["hash"])


def _restore_keys(src: Path, manifest: dict, *paths: Path) -> list[Path]:
    """Put the backup's key files beside the new register (and its temporary file); a key already
    there is kept. Returns the files made."""
    from . import keys as _keys
    from .safety import write_private

    made = []
    for name in manifest.get("keys", []):
        f = src / f"{name}.key"
        if not f.is_file():
            raise KpError(N_("the backup's {name} key ({file}) is missing; restore it beside the backup's files."),
                          name=name, file=f.name)
        for p in paths:
            dest = _keys.key_path(p, name)
            if not dest.exists():
                write_private(dest, f.read_bytes())
                made.append(dest)
    return made


def _reapply(restored: Register, manifest: dict, ledger: str | os.PathLike | None, without_ledger: bool,
             target: Path, actor: str) -> dict:
    """Erased stays erased (#11): re-apply every suppression and lift of the erasure ledger, then
    make the restored register agree with its suppression list (kpcore.erasure.reapply)."""
    from . import erasure, suppression
    from .safety import open_private

    info = manifest.get("ledger") or {}
    path = Path(ledger).expanduser() if ledger else (Path(info["path"]) if info.get("path") else None)
    if path is None or not path.is_file():
        if without_ledger:
            return {"ledger": None}
        if ledger or info.get("lines"):
            raise KpError(
                N_("The erasure ledger {path} is not there. Erasures and opt-outs made after this backup would come "
                   "back with it. Give the current ledger with --ledger FILE (it sits beside the register as "
                   "<register>.suppression.ledger), or, knowing nothing was erased since, --without-ledger."),
                path=str(path))
        return {"ledger": None}
    entries = suppression.read_ledger(path)
    with restored.write(actor) as w:
        counts = suppression.reapply_ledger(w, entries)
        w.audit("register.restore.ledger", "register", None, {**counts, "lines": len(entries)})
    counts.update(erasure.reapply(restored, actor))
    own = suppression.ledger_path(target)
    if entries and own.resolve() != path.resolve():  # the new register carries the history on
        with open_private(own, "a", encoding="utf-8") as fh:
            for e in entries:
                fh.write(json.dumps(e, sort_keys=True) + "\n")
    return {"ledger": str(path), **counts}


def read_manifest(directory: str | os.PathLike) -> dict:
    src = Path(directory).expanduser()
    path = src / MANIFEST
    if not path.is_file():
        raise KpError(N_("{path} holds no {manifest}: it is not a complete backup made by `kp backup`."),
                      path=str(src), manifest=MANIFEST)
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        raise KpError(N_("{path} is damaged (not JSON)."), path=str(path)) from None
    if manifest.get("format") != FORMAT:
        raise KpError(N_("{path} is not a KuntaPlus backup manifest."), path=str(path))
    for t, info in manifest["tables"].items():
        file = src / info["file"]
        if not file.is_file():
            raise KpError(N_("backup table {table}: {file} is missing."), table=t, file=info["file"])
        if _sha256(file) != info["sha256"]:
            raise KpError(N_("backup table {table}: {file} has changed since the backup was made."),
                          table=t, file=info["file"])
    return manifest


def restore(directory: str | os.PathLike, target: str | os.PathLike, *, actor: str = "system",
            ledger: str | os.PathLike | None = None, without_ledger: bool = False) -> dict:
    """Build a new register at `target` from a backup. Returns the manifest (with "reapplied":
    what the erasure ledger re-applied)."""
    import duckdb

    src = Path(directory).expanduser()
    target = Path(target).expanduser()
    manifest = read_manifest(src)
    older = OLDEST_RESTORABLE <= manifest["schema_version"] < SCHEMA_VERSION
    if manifest["schema_version"] != SCHEMA_VERSION and not older:
        raise SchemaMismatch(
            N_("The backup has schema version {found}; this kpcore restores versions "
               "{oldest}-{known}. Restore it with the kpcore that made it, then `kp migrate`."),
            found=manifest["schema_version"], oldest=OLDEST_RESTORABLE, known=SCHEMA_VERSION)
    if target.exists():
        raise KpError(N_("{path} exists already; restore builds a new register file. Give a new path."),
                      path=str(target))
    known = set(_tables_in_schema_order())
    unknown = [t for t in manifest["tables"] if t not in known]
    if unknown:
        raise SchemaMismatch(N_("The backup holds tables this kpcore does not know: {tables}."),
                             tables=", ".join(unknown))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.restoring")
    made_keys: list[Path] = []
    for p in (tmp, Path(str(tmp) + ".wal")):
        p.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp))
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute(sqlfiles.schema_sql())
            for t in _tables_in_schema_order():
                if t not in manifest["tables"]:
                    continue
                file = src / manifest["tables"][t]["file"]
                con.execute(f"INSERT INTO {t} BY NAME SELECT * FROM read_parquet({_sql_str(str(file))})")
                n = con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                if n != manifest["tables"][t]["rows"]:
                    raise KpError(N_("backup table {table}: {n} rows read, the manifest says {expected}."),
                                  table=t, n=n, expected=manifest["tables"][t]["rows"])
            for name, last in manifest["sequences"].items():
                if last is not None:
                    con.execute(f"SELECT setval({_sql_str(name)}, {int(last)})").fetchall()
            con.execute("COMMIT")
        finally:
            con.close()
        restored = Register(tmp)
        made_keys += _restore_keys(src, manifest, tmp, target)  # before anything reads a keyed value
        from . import anchor, audit

        tip = manifest.get("audit_tip")
        # the backup's anchor log comes back and ends at the backup's tip; verify then proves the
        # chain walked inside the file ends exactly there (a missing anchor would fail it)
        from . import migrations

        # a backup of an older version is checked as it was made, then migrated like its register
        opened = migrations._unchecked(restored) if older else restored
        _restore_anchor_log(src, manifest, tmp, opened=opened)
        with opened.read() as q:
            check = audit.verify(q)
        if not check.ok or (tip and (check.tip_seq, check.tip_hash) != (tip["seq"], tip["hash"])):
            raise KpError(N_("The restored audit log does not match the backup's; the restore was abandoned."))
        if older:
            migrations.migrate(restored, actor=actor)
        restored.record(actor, "register.restore", "register", None,
                        {"backup_created_at": manifest["created_at"], "tables": len(manifest["tables"]),
                         "audit_tip_seq": tip["seq"] if tip else None})
        manifest["reapplied"] = _reapply(restored, manifest, ledger, without_ledger, target, actor)
        for k in made_keys:
            if k.name.startswith(tmp.name):
                k.unlink(missing_ok=True)
        tmp.replace(target)
        if anchor.log_path(tmp).exists():  # the anchor log belongs to the file it now names
            anchor.log_path(tmp).replace(anchor.log_path(target))
        wal = Path(str(tmp) + ".wal")
        if wal.exists():
            wal.replace(Path(str(target) + ".wal"))
    except BaseException as exc:
        for p in (tmp, Path(str(tmp) + ".wal")):
            p.unlink(missing_ok=True)
        for k in [*tmp.parent.glob(tmp.name + ".*"), *made_keys]:  # key copies made for this restore
            k.unlink(missing_ok=True)
        if isinstance(exc, duckdb.IOException) and "No space left" in str(exc):
            raise RegisterUnwritable(N_("The disk is full; {path} was not created."), path=str(target)) from None
        if isinstance(exc, OSError):
            raise RegisterUnwritable(N_("{path} could not be created: {error}"), path=str(target), error=exc.strerror) from None
        raise
    return manifest
