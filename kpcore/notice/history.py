"""Published versions: `publish` (refused while `blocking` items exist: mandatory, missing or
unconfirmed; no override), `versions`, `version_content`, `diff_versions`, and `overview` (what
the notice view shows first).
"""
from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from .. import i18n
from ..db import Query, Register
from ..errors import KpError, NotFound, Refused
from .compose import _compose, facts
from .current import _is_current, _published_at, content_hash, document, facts_fingerprint, notice_markdown
from .markup import md_escape, to_markdown
from .requirements import blocking_lines, completeness, default_langs
from .terms import LABELS, LANGS, _lang

def versions(q: Query, lang: str | None = None) -> list[dict]:
    return q.all("notice_versions", {"lang": lang})


def version_content(q: Query, lang: str, version: int | None) -> str:
    """A published version's Markdown; None = the notice as it stands now."""
    if version is None:
        return notice_markdown(q, lang)
    row = q.one("notice_version_get", {"lang": lang, "version": int(version)})
    if not row:
        raise NotFound(i18n.N_("notice version {version} ({lang}) has not been published"), version=version, lang=lang)
    return row["content"]


def _sections_of(markdown: str) -> dict[str, str]:
    out: dict[str, str] = {}
    current = ""
    marks = {f"**{md_escape(LABELS[x]['draft_mark'])}**" for x in LANGS}
    for line in markdown.splitlines():
        if line in marks:  # the draft mark is no section's content
            continue
        if line.startswith("## "):
            current = line[3:].strip()
            out[current] = ""
        elif current:
            out[current] += line + "\n"
    return {k: v.strip() + "\n" for k, v in out.items()}


def diff_versions(q: Query, lang: str, a: int | None, b: int | None) -> dict:
    """What changed from version a to version b (None = the current text): a unified
    diff of the Markdown and the titles of the sections that were added, removed or changed."""
    old, new = version_content(q, lang, a), version_content(q, lang, b)
    sa, sb = _sections_of(old), _sections_of(new)
    changed = [t for t in sb if t in sa and sa[t] != sb[t]]
    label_a = f"v{a}" if a is not None else "current"
    label_b = f"v{b}" if b is not None else "current"
    lines = list(difflib.unified_diff(old.splitlines(), new.splitlines(), label_a, label_b, lineterm="", n=1))
    return {"lang": lang, "a": a, "b": b, "diff": lines, "changed": changed,
            "added": [t for t in sb if t not in sa], "removed": [t for t in sa if t not in sb],
            "same": old == new}


def publish(reg: Register, actor: str, langs=None, today: dt.date | None = None, ui_lang: str = "fi") -> list[dict]:
    """Publish the notice in each language whose text or facts changed since its last version.

    Refused, with nothing written, while any mandatory item (M, or C where it applies) is
    missing or unconfirmed in any of `langs` (Art. 12(1), 13, 14: only confirmed facts go out;
    there is no "publish anyway"). The refusal names the items in `ui_lang`. Each version
    stores the fingerprint of the facts it stands on (facts_fingerprint), so a later change
    of those facts shows the published notice as out of date (`stale`). `langs` None: the
    default languages (default_langs: fi and en, sv once published).
    """
    today = today or dt.date.today()
    if langs is None:
        with reg.read() as q:
            langs = default_langs(q)
    langs = [_lang(x) for x in langs]
    ui_lang = ui_lang if ui_lang in LANGS else "fi"
    plan, results = [], []
    with reg.read() as q:
        lines = blocking_lines(q, langs, ui_lang)
        if lines:
            raise Refused("\n  ".join([i18n.gettext(
                "The notice was not published: these mandatory items must first be filled in and confirmed "
                "(kp notice --check):", ui_lang)] + lines))
        for lang in langs:
            fingerprint = facts_fingerprint(q, lang)
            unconfirmed = [r["item"] for r in completeness(q, lang) if r["status"] == "unconfirmed"]
            latest = q.one("notice_version_latest", {"lang": lang})
            f = facts(q, lang)
            if latest and _is_current(latest, to_markdown(_compose(f, lang, latest["version"], _published_at(latest),
                                                                    False)), fingerprint):
                results.append({"lang": lang, "version": latest["version"], "published": False,
                                "date": _published_at(latest), "unconfirmed": unconfirmed})
                continue
            version = (latest["version"] + 1) if latest else 1
            text = to_markdown(_compose(f, lang, version, today, False))
            plan.append({"lang": lang, "version": version, "content": text, "unconfirmed": unconfirmed,
                         "fingerprint": fingerprint})
    if plan:
        now = dt.datetime.combine(today, dt.datetime.now().time().replace(microsecond=0))
        with reg.write(actor) as w:
            for item in plan:
                latest = w.one("notice_version_latest", {"lang": item["lang"]})
                if (latest["version"] if latest else 0) != item["version"] - 1:
                    raise KpError(i18n.N_("Another user published the {lang} notice at the same time; nothing was "
                                          "published. Look at the versions and try again."), lang=item["lang"])
                digest = content_hash(item["content"])
                w.run("notice_version_insert", {"version": item["version"], "lang": item["lang"], "published_at": now,
                                                "content_hash": digest, "content": item["content"],
                                                "facts_hash": item["fingerprint"]})
                w.audit("notice.publish", "notice_version", f"{item['lang']}:{item['version']}",
                        {"lang": item["lang"], "version": item["version"], "hash": digest[:16],
                         "unconfirmed_items": item["unconfirmed"]})
                results.append({"lang": item["lang"], "version": item["version"], "published": True, "date": today,
                                "unconfirmed": item["unconfirmed"], "content_hash": digest})
            w.run("notice_set_setting", {"key": "notice_version_date", "value": today.isoformat()})
    order = {x: i for i, x in enumerate(langs)}
    return sorted(results, key=lambda r: order[r["lang"]])


def overview(q: Query, lang: str = "fi") -> dict[str, Any]:
    """What the notice view shows first: the document, its check, and the versions."""
    doc = document(q, lang)
    return {"document": doc, "markdown": to_markdown(doc), "check": completeness(q, lang),
            "versions": versions(q, lang)}
