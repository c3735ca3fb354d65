"""What every dashboard view shares: the register, the language, cached reads.

Views read through kpcore only. `read(fn, *args)` runs `fn(query, *args)` on a read-only
unit of work and caches the result until the register's data changes (any process's write
changes `Register.data_stamp()`), so a CLI write shows on the next interaction. Appending
audit events only (viewing a person, a download, a sign-in) leaves the data stamp alone,
so those keep the caches warm; a read that looked at the audit log itself is also keyed on
the file stamp, which every event moves.
"""
from __future__ import annotations

import importlib
import os
import re
from typing import TYPE_CHECKING

import streamlit as st

from kpcore import i18n
from kpcore.errors import KpError
from kpcore.paths import default_path

if TYPE_CHECKING:
    from kpcore.db import Register

# kpcore.db (and with it DuckDB) is imported on first use, not here: the sign-in page's first
# run draws the form before anything imports it (issue 16 §6, first load to the sign-in form).

LANGS = i18n.NAMES  # the switch offers Suomi / Svenska / English


def _read_only_class():
    from kpcore.db import Register

    class ReadOnlyRegister(Register):
        """The register as a viewer's session sees it: any change is refused, whatever button a
        view may still show; standalone audit events (sign-out, a refused attempt) still go in."""

        def write(self, actor, action=None, object_type=None, object_id=None, detail=None):
            from kpcore.errors import Refused

            raise Refused(_("A viewer cannot change the register."))

        def record(self, actor, action, object_type=None, object_id=None, detail=None) -> None:
            Register.record(self, actor, action, object_type, object_id, detail)

    return ReadOnlyRegister


@st.cache_resource
def _register(path: str, read_only: bool = False) -> Register:
    from kpcore.db import Register

    return (_read_only_class() if read_only else Register)(path or None)


def register_path():
    """The register's file, known without opening it (nor importing DuckDB)."""
    from pathlib import Path

    given = os.environ.get("KP_DB", "")
    return Path(given).expanduser() if given else default_path()


def register() -> Register:
    """The register; for a signed-in viewer one that refuses every change."""
    viewer = st.session_state.get("role") not in (None, "dpo")
    return _register(os.environ.get("KP_DB", ""), viewer)


_last_lang = {"lang": "fi"}


def lang() -> str:
    """The chosen language. Outside a script run (AppTest formats a widget's options after the
    run, calling its format_func) the language of the last run is used."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is None:
        return _last_lang["lang"]
    chosen = st.session_state.get("lang", "fi")
    _last_lang["lang"] = chosen
    return chosen


def initial_lang() -> str:
    """A new session's language: `?lang=` in the address, else the language this browser chose
    last (the cookie kp_lang, which survives a reload, a second tab and the identity provider's
    round trip, where the address loses its parameters), else Finnish."""
    asked = st.query_params.get("lang")
    if asked in LANGS:
        return asked
    try:
        remembered = st.context.cookies.get(LANG_COOKIE)
    except Exception:  # noqa: BLE001 - no browser connection (AppTest)
        remembered = None
    return remembered if remembered in LANGS else "fi"


def keep_lang() -> None:
    """Writes the chosen language into the address (?lang=), on every page, after every switch."""
    if st.query_params.get("lang") != lang():
        st.query_params["lang"] = lang()


def _(message: str) -> str:
    """The catalog's translation of an English msgid into the chosen language (kpcore/i18n.py)."""
    return i18n.gettext(message, lang())


def pgettext(context: str, message: str) -> str:
    """As `_`, for an English msgid that stands for two different texts (see kpcore/i18n.py)."""
    return i18n.pgettext(context, message, lang())


def ngettext(singular: str, plural: str, n: int) -> str:
    return i18n.ngettext(singular, plural, n, lang())


def pick(row, field: str | None = None) -> str:
    """A register fact in the chosen language: `row[f"{field}_{lang}"]`, or `row[lang]` of a
    {lang: text} mapping. Where the register holds none in that language (Swedish facts come
    with issue 18 §2), the Finnish one: the register's authoritative text."""
    chosen = lang()
    get = (lambda lg: row.get(f"{field}_{lg}")) if field else row.get
    return get(chosen) or get("fi") or get("en") or ""


def tr(label) -> str:
    """A label from a kpcore table: an English msgid (N_) or, until that table is moved to the
    catalogs, a (Finnish, English) pair."""
    if isinstance(label, str):
        return _(label)
    return tr(label[0]) if len(label) == 1 else L(*label[-2:])


def L(fi: str, en: str) -> str:
    """An inline (Finnish, English) pair not yet moved to the catalogs: Swedish is looked up
    in the catalog by the English text (English where none). scripts/i18n_codemod.py turns
    these into `_()` calls; new texts should be written as `_("English")` directly."""
    chosen = lang()
    return fi if chosen == "fi" else en if chosen == "en" else i18n.gettext(en, chosen)


@st.cache_data(show_spinner=False, max_entries=512, ttl=3600)
def _cached(module: str, name: str, path: str, stamp: tuple, args: tuple):
    """(fn(query, *args), whether it read the audit log)."""
    from kpcore.db import Register

    fn = getattr(importlib.import_module(module), name)
    with Register(path).read() as q:
        return fn(q, *args), q.reads_audit


_data_seen: dict[str, tuple] = {}  # register path -> data stamp the cache was last filled at


def read(fn, *args):
    """fn(query, *args) on the register, cached until the register's data changes (or, for a
    read of the audit log, until any event is added).

    A KpError (the register busy with a long import, missing, unreadable) ends the page with
    its plain message, never a traceback (issue #15 §4); the next click tries again."""
    reg = register()
    try:
        path, data = str(reg.path), reg.data_stamp()
        _data_seen.setdefault(path, data)
        value, audit = _cached(fn.__module__, fn.__qualname__, path, data, args)
        if audit:
            value, _unused = _cached(fn.__module__, fn.__qualname__, path, data + ("file", reg.stamp()), args)
    except KpError as exc:
        stop_with(exc)
    return value


def stop_with(exc: KpError):
    """Show a KpError's plain message and end this run of the page."""
    st.error(error_text(exc))
    st.stop()


def error_text(exc: Exception) -> str:
    """An error's message in the screen's language (issue #16 §4): a KpError raised with a catalog
    message is translated, its parameters put in after; any other error as it reads."""
    if isinstance(exc, KpError):
        return exc.text(lang())
    return str(exc)


def after_write() -> None:
    """Frees the cache's entries when the data changed (they could never be hit again);
    an audit-only write (a view, a download) keeps them."""
    reg = register()
    path, data = str(reg.path), reg.data_stamp()
    if _data_seen.get(path) != data:
        _cached.clear()
        _data_seen[path] = data


def page_style() -> None:
    """The dashboard's few CSS rules, in the chosen language (called once per run by app.py).

    - Captions: Streamlit draws them at 60 % opacity, 3:1 on white; WCAG 2.1 1.4.3 asks
      4.5:1 for body text, so they are drawn opaque in a grey of about 6.5:1.
    - Streamlit's own English: the "Press Enter to submit form/apply" hint is hidden (Enter
      still submits); the file uploader's "Upload" button and "200MB per file • CSV" line
      are replaced with the chosen language's words (the widget has no option for them).
    - The browser's language as Streamlit's widgets read it: the date input's calendar takes its
      month and weekday names, and its first weekday, from `navigator.language` (the widget has
      no locale option), so the page tells them the chosen language (fi-FI / sv-FI / en-GB); the page's
      `<html lang>` follows too, for screen readers (WCAG 2.1 3.1.1).
    - The cookie kp_lang remembers the choice for this browser (a year; SameSite=Lax so that it
      is there when the identity provider sends the user back): see initial_lang()."""
    locale = LOCALE()
    st.html(f"""<script>(() => {{
  const want = {locale!r};
  if (navigator.language !== want) {{
    Object.defineProperty(navigator, "language", {{get: () => want, configurable: true}});
    Object.defineProperty(navigator, "languages", {{get: () => [want], configurable: true}});
  }}
  window[Symbol.for("react-aria.i18n.locale")] = want;
  document.documentElement.lang = want.slice(0, 2);
  document.cookie = {LANG_COOKIE + "=" + lang()!r} + "; Path=/; Max-Age=31536000; SameSite=Lax";
  window.dispatchEvent(new Event("languagechange"));
}})();</script>""", unsafe_allow_javascript=True)
    upload = _("Choose a file")
    # The limit `kp serve` gives Streamlit (--server.maxUploadSize kpcore.serve.upload_mb()), read back
    # from Streamlit: importing kpcore.serve here would import DuckDB before the sign-in form is drawn.
    limit = _("At most {mb} MB").format(mb=st.get_option("server.maxUploadSize"))
    # The button's own word sits in a Markdown paragraph inside it (Streamlit 1.67): that is hidden
    st.html(f"""<style>
[data-testid="stCaptionContainer"] {{ opacity: 1 !important; color: #595c6a !important; }}
[data-testid="InputInstructions"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  content: "{upload}"; font-size: 1rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{ content: "{limit}"; font-size: 0.875rem; }}
</style>""")


# The element kinds whose JavaScript is fetched ahead, and how their files are found: kpcore/shell.py
# (the sign-in page's and the overview's are asked for by the page kp serve serves; the other
# views' by preload_scripts() below, once a session).
from kpcore.shell import (  # noqa: E402,F401  LANG_COOKIE: the browser's chosen language (not a secret)
    LANG_COOKIE, LOCALES, PRELOAD_JS, SIGN_IN_KINDS, SWITCH_LABEL, VIEW_KINDS, element_scripts)


def preload_scripts(kinds: tuple[str, ...] = SIGN_IN_KINDS, *, when_idle: bool = False) -> None:
    """Asks the browser to fetch and parse, all at once, the JavaScript of these element kinds
    (`<link rel="modulepreload">`, resolved against the address of Streamlit's own index script).
    Streamlit fetches an element's code only when one is first drawn, then the files that code
    imports, one level after another: on the 1M register the sign-in form's text inputs waited
    ~0.2 s for that chain, and the overview's counts and links another 0.3 s after the click
    (issue 16 §6). Preloading runs nothing and shows nothing; the files are Streamlit's own,
    served by this server (nothing leaves the machine). `when_idle`: only once the browser has
    nothing else to do (requestIdleCallback), so that the page being drawn comes first."""
    import json

    names = element_scripts(kinds)
    if not names:
        return
    st.html(f"""<script>(() => {{
  const fetchAhead = {PRELOAD_JS};
  const preload = () => fetchAhead({json.dumps(names)});
  if ({json.dumps(when_idle)} && window.requestIdleCallback) window.requestIdleCallback(preload, {{timeout: 5000}});
  else preload();
}})();</script>""", unsafe_allow_javascript=True)


def LOCALE() -> str:  # noqa: N802
    """The browser language page_style() tells the page: fi-FI, sv-FI or en-GB."""
    return LOCALES.get(lang(), "en-GB")


def follow_locale() -> None:
    """Makes sure the page is drawn again once the browser speaks the chosen language (LOCALE()).
    app.py calls it for a signed-in user (the views have date inputs; the sign-in page none).

    Streamlit hands its widgets the browser's `navigator.language` each time its page is drawn;
    the date input's calendar takes its month and weekday names from it. The script above tells
    the browser the chosen language, but in the first run after a reload (or after a switch) it
    can arrive in one batch with the date inputs and run after the page was last drawn, and the
    calendar then stayed English until the next click. Every request from the browser says its
    language (st.context.locale): while it is not the chosen one, a small fragment without
    output runs every 0.5 s; each of its runs makes Streamlit draw the page again, then with the
    language the script has set. The next full run (any click) sees the language right and
    leaves the fragment out, which ends it (tests/test_lang_browser.py: the calendar in the first
    run after a reload). It never reruns the page itself: a rerun asked from a fragment raced
    with a click on a sidebar link and lost the page's language."""
    want = LOCALE()
    try:
        told = st.context.locale
    except Exception:  # noqa: BLE001 - no browser connection (AppTest)
        return
    if told is not None and told != want:
        _locale_wait()


@st.fragment(run_every=0.5)
def _locale_wait() -> None:
    """Nothing to show: its run is what makes the page be drawn again (follow_locale)."""


def choose(options=None, many: bool = False) -> str:
    """placeholder= for every st.selectbox and st.multiselect: without it Streamlit shows its own
    English ("Choose an option", "Choose options", "No options to select"). `options`, when
    given, says whether there is anything to choose."""
    if options is not None and not len(options):
        return _("Nothing to choose")
    return _("Choose one or more") if many else _("Choose an option")


TABLE_PX = 900  # a full-width table's room at a 1400 px wide window with the sidebar open (940 px)
_CHAR_PX, _HEAD_CHAR_PX, _CELL_PAD_PX, _LINE_PX = 7.4, 7.8, 20, 21


def fit(rows, column_config: dict | None = None, room: int = TABLE_PX, max_lines: int = 4) -> dict:
    """st.dataframe arguments that make a table fit its room with no column cut off (issue 16 §4):
    `st.dataframe(df, ..., **ui.fit(df, column_config={...}))`.

    Each column's natural width is measured from its header and longest value; when they add up
    to more than `room`, the room is shared so that narrow columns keep their width and the wide
    ones split the rest (max-min fair), and the rows grow to show wrapped text (Streamlit wraps a
    cell's text only when the row is taller than 4rem), up to `max_lines` lines a row."""
    import math

    import pandas as pd

    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    config = dict(column_config or {})
    if frame.empty:
        return {"column_config": config} if config else {}
    natural, least = {}, {}
    for col in frame.columns:
        cells = frame[col].head(500).map(lambda v: ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else
                                         "" if v is None else str(v))
        longest = max([len(c) for c in cells] + [0])
        if frame[col].head(500).map(lambda v: isinstance(v, (list, tuple))).any():  # chips: an item is not split
            word = max([len(str(x)) for v in frame[col].head(500) if isinstance(v, (list, tuple)) for x in v] + [0])
        else:
            word = max([len(w) for c in cells for w in c.split()] + [0])
        natural[col] = max(len(str(col)) * _HEAD_CHAR_PX, longest * _CHAR_PX) + _CELL_PAD_PX
        least[col] = min(natural[col], max(len(str(col)) * _HEAD_CHAR_PX, word * _CHAR_PX) + _CELL_PAD_PX)
    if sum(natural.values()) <= room:
        return {"column_config": config} if config else {}
    # every column gets its header and its longest word (no word broken) where the room allows;
    # what is left goes to the columns that want more, the least demanding first (max-min fair)
    scale = min(1.0, room / sum(least.values()))
    widths = {c: least[c] * scale for c in least}
    left = room - sum(widths.values())
    wanting = sorted((c for c in natural if natural[c] > widths[c]), key=lambda c: natural[c] - widths[c])
    for i, col in enumerate(wanting):
        extra = min(natural[col] - widths[col], left / (len(wanting) - i))
        widths[col] += extra
        left -= extra
    # words do not break where the width would: a wrapped cell takes about a third more lines
    lines = max(math.ceil(1.3 * natural[c] / max(widths[c], 1)) if natural[c] > widths[c] + 1 else 1 for c in natural)
    for col, w in widths.items():
        entry = config.get(col)
        entry = {"label": entry} if isinstance(entry, str) else dict(entry or {})
        entry["width"] = int(w)
        config[col] = entry
    out = {"column_config": config}
    if lines > 1:  # taller rows, and room for every row (the default height shows about ten short ones)
        out["row_height"] = max(66, min(lines, max_lines) * _LINE_PX + 8)
        out["height"] = min(len(frame) * out["row_height"] + 38, 900)
    return out


def user() -> str:
    """The acting user for audit events."""
    return st.session_state.get("user") or "dashboard"


def role() -> str | None:
    """The signed-in user's role: 'dpo', 'viewer', or None before sign-in."""
    return st.session_state.get("role")


def can(permission: str) -> bool:
    """Whether the signed-in role may: read.summary, read.person, export, change, audit."""
    from kpcore.auth import allowed

    return allowed(role(), permission)


def VIEWER_NOTE() -> str:  # noqa: N802 - reads like the constant it almost is
    return _("As a viewer you see the summaries. People's data, exports and changes are for the DPO only.")


def require_role(required: str = "dpo", *, what: str = "view", object_type: str | None = None,
                 object_id=None) -> None:
    """Stop the page with a clear message unless the signed-in role is `required`.

    The refused attempt is audited (`access.denied`, with the page key `what` and the
    object's id, never personal data). A DPO passes everywhere.
    """
    if role() == required or role() == "dpo":
        return
    st.error(_("You are not allowed to see this. This page is for the DPO only; a viewer may read the summaries and the overview."))
    if object_id is not None and not re.fullmatch(r"[A-Za-z0-9_.:-]{1,64}", str(object_id)):
        object_id = None  # from a link: whatever it holds stays out of the audit log
    try:
        register().record(user(), "access.denied", object_type or "page", object_id,
                          {"page": what, "required": required, "role": role()})
        after_write()
    except KpError:
        pass  # a read-only register: the page is refused all the same
    st.stop()


def show_error(exc: Exception) -> None:
    if isinstance(exc, KpError):
        st.error(error_text(exc))
    else:
        raise exc


def not_yet(what: str) -> None:
    """`what`: an English msgid (N_), translated here."""
    st.info(_("This view is not ready yet: {what}").format(what=_(what)))


def lazy_file(fn, *args, audit: tuple | None = None):
    """data= for st.download_button: fn(query, *args) runs only when the button is clicked.

    Streamlit calls it on another thread with no script context, so everything it needs
    (the register's path, the acting user) is taken now; the audit event is written when the
    file is really produced. `audit` is (action, object_type, object_id, detail).
    """
    path, actor = str(register().path), user()

    def build() -> bytes:
        from kpcore.db import Register

        reg = Register(path)
        with reg.read() as q:
            data = fn(q, *args)
        if audit:
            reg.record(actor, *audit)
        return data

    return build


def view_file(page: str) -> str:
    """The script of a dashboard view by its url path ("requests" -> "views/requests.py")."""
    from pathlib import Path

    page = page.strip("/") or "overview"
    known = re.fullmatch(r"[a-z0-9_]+", page) and (Path(__file__).parent / "views" / f"{page}.py").is_file()
    return f"views/{page if known else 'overview'}.py"


def page_link(page: str, label: str, params: dict | None = None, **kwargs) -> None:
    """A link to a view that opens in the same tab and keeps the session (st.page_link)."""
    from streamlit.errors import StreamlitPageNotFoundError

    query = {**{k: str(v) for k, v in (params or {}).items()}, "lang": lang()}  # the language goes along
    try:
        st.page_link(view_file(page), label=label, query_params=query or None, **kwargs)
    except StreamlitPageNotFoundError:  # a view run on its own (AppTest), without the navigation
        from urllib.parse import urlencode

        st.markdown(f"[{label}](/{page.strip('/')}{'?' + urlencode(query) if query else ''})")


def link(target: str, label: str, **kwargs) -> None:
    """ui.page_link for a link written as "/requests?request=3" (kpcore.compliance findings)."""
    page, _unused, query = target.lstrip("/").partition("?")
    page_link(page, label, dict(p.split("=", 1) for p in query.split("&") if "=" in p), **kwargs)


def go(page: str, params: dict | None = None) -> None:
    """Switch to a view in the same tab (st.switch_page), with query parameters."""
    st.switch_page(view_file(page), query_params={**{k: str(v) for k, v in (params or {}).items()}, "lang": lang()})


def confirm(key: str, title: str, lines: list[str], button: str, run, *, ask: bool) -> None:
    """Asks before a bulk or destructive change: a dialog says what will happen (`lines`,
    Markdown) and runs `run()` only on its confirm button (key `<key>_yes`); Cancel or closing
    the dialog changes nothing. Call it on every run with `ask` = the action's own button; the
    question stays open until answered."""
    flag = f"_confirm_{key}"
    if ask:
        st.session_state[flag] = True
    if not st.session_state.get(flag):
        return

    def close() -> None:
        st.session_state.pop(flag, None)

    @st.dialog(title, on_dismiss=close)
    def _ask() -> None:
        for line in lines:
            st.markdown(f"- {line}")
        yes, no = st.columns(2)
        if yes.button(button, type="primary", key=f"{key}_yes"):
            close()
            run()
        if no.button(_("Cancel"), key=f"{key}_no"):
            close()
            st.rerun()

    _ask()


_threads: list = []  # reads running beside the page (background, warm)


def _yield_cpu() -> None:
    """Lowers the calling thread's CPU priority (Linux: a thread is a task with its own nice
    value; DuckDB's workers started from it inherit it). Reads made ahead of need then run on
    what the page's own run leaves free instead of sharing the cores with it (issue 16 §6: on 2
    cores the warm reads made the overview's first paint after sign-in wait seconds)."""
    import threading

    try:
        me = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, me, min(os.getpriority(os.PRIO_PROCESS, me) + 10, 19))
    except (AttributeError, OSError):  # not Linux, or not allowed: the same priority as the page
        pass


def _started(thread) -> None:
    """Remembers a thread reading the register, so that the process ends only after it: a daemon
    thread still inside DuckDB while the interpreter shuts down aborts the process."""
    import atexit

    if not _threads:
        atexit.register(_join_threads)
    _threads[:] = [t for t in _threads if t.is_alive()] + [thread]


def _join_threads(timeout: float = 30.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    for t in list(_threads):
        t.join(max(0.0, deadline - time.monotonic()))


@st.cache_resource
def _jobs() -> dict:
    import threading

    return {"lock": threading.Lock(), "jobs": {}}


def background(fn, *args, wait: float = 0.5):
    """fn(query, *args) on the register in a server thread, for reads that take seconds on a big
    register. Returns (result, current): the latest result (None until the first is done) and
    whether it is of the register as it is now. Waits up to `wait` seconds, so on a small register
    the answer comes at once; otherwise the page shows the rest and asks again (ui.await_background).

    As read(): a result stays current until the register's data changes; only a read that looked
    at the audit log also follows every event. (Keyed on the file stamp, the sign-in's own audit
    event made the overview compute its findings again, seconds on a 1M register, issue 16 §6.)"""
    import threading

    reg = register()
    path, data, stamp = str(reg.path), reg.data_stamp(), reg.stamp()
    store = _jobs()
    key = (fn.__module__, fn.__qualname__, path, args)
    with store["lock"]:
        job = store["jobs"].setdefault(key, {"stamp": None, "result": None, "thread": None, "audit": False})
        want = data + (("file", stamp) if job["audit"] else ())
        if job["stamp"] != want and (job["thread"] is None or not job["thread"].is_alive()):
            def work() -> None:
                from kpcore.db import Register

                _yield_cpu()
                try:
                    with Register(path).read() as q:
                        result = fn(q, *args)
                        audit = q.reads_audit
                except Exception:  # noqa: BLE001 - e.g. the register is busy: tried again next time
                    return
                with store["lock"]:
                    job.update(result=result, audit=audit, stamp=data + (("file", stamp) if audit else ()))

            job["thread"] = threading.Thread(target=work, daemon=True, name="kp-background")
            job["thread"].start()
            _started(job["thread"])
        thread = job["thread"]
    if thread is not None and thread.is_alive():
        thread.join(wait)
    with store["lock"]:
        return job["result"], job["stamp"] == data + (("file", stamp) if job["audit"] else ())


def warm_first_page(gently: bool = False) -> None:
    """The overview's first reads (read(overview), read(quick_rows)) begun in a server thread,
    once per data version (`gently`: at a lowered CPU priority): called when the sign-in form has
    been drawn and while a sign-in's password is being checked (dashboard/auth.py),
    so that the first page after it finds them done. Nothing is shown. Not the slow findings
    (ui.background(slow_rows), seconds on a 1M register): the sign-in's audit event is a write,
    which waits for this process's reads, and with them it waited 5 s."""
    import threading

    from kpcore.overview import overview, quick_rows

    reg = register()
    try:
        path, data = str(reg.path), reg.data_stamp()
    except KpError:
        return
    store, key = _jobs(), ("warm-first", path, data)
    with store["lock"]:
        if key in store["jobs"]:
            return
        for old in [k for k in store["jobs"] if k[0] == "warm-first" and k[1] == path]:
            del store["jobs"][old]
        store["jobs"][key] = True

    def work() -> None:
        if gently:
            _yield_cpu()
        try:
            for fn in (overview, quick_rows):
                _cached(fn.__module__, fn.__qualname__, path, data, ())
        except Exception:  # noqa: BLE001 - e.g. a busy register: the overview reads as usual
            pass

    from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

    thread = threading.Thread(target=work, daemon=True, name="kp-warm-first")
    add_script_run_ctx(thread, get_script_run_ctx())
    thread.start()
    _started(thread)


@st.fragment(run_every=1)
def await_background(fn, *args) -> None:
    """While fn's background result is not current, look every second; then rerun the page."""
    if background(fn, *args, wait=0)[1]:
        st.rerun(scope="app")


def warm_reads(get, lang: str) -> None:
    """The reads each view makes on its first paint, with the views' own arguments, in the
    sidebar's order: `get(fn, *args)` makes one (tests/test_read_caches.py checks that every view
    still makes the reads listed for it). The audit view is left out: its reads follow every
    event, so a warm copy would be stale at once."""
    import datetime as dt

    from kpcore import breaches, compliance, contacts as kc, marketing, notice, processors, quarter
    from kpcore import requests as reqs, systems, web
    from kpcore.breach import case, controllers

    today = dt.date.today()
    get(kc.labels), get(kc.by_purpose_source), get(kc.by_organisation, 50)          # contacts (its first tab)
    get(reqs.list_requests, True)                                                    # requests
    get(systems.list_systems), get(systems.unfilled), get(systems.category_names)    # systems
    get(systems.form_choices)
    get(marketing.list_counts), get(marketing.direct_marketing_purposes)             # marketing
    get(processors.engagements, today)                                               # processors
    get(web.analytics, today - dt.timedelta(days=90), today, today)                  # web
    notice_lang = lang if lang in notice.LANGS else list(notice.LANGS)[0]            # notice
    get(notice.overview, notice_lang), get(notice.editor_facts)
    publish = get(notice.default_langs)
    get(notice.blocking_lines, publish if notice_lang in publish else [notice_lang], lang)
    summary = compliance.summary(get(compliance.findings, today))                    # compliance
    options = get(quarter.choices, today)
    chosen = quarter.of_date(today) if quarter.of_date(today) in options else options[0]
    get(quarter.report, chosen, today, summary), get(quarter.names)
    get(breaches.list_breaches), get(breaches.customers), get(case.running)        # breaches
    get(controllers.all_terms)  # (a new engagement's and sub-processor changes' reads: when opened)


def compile_views(ctx) -> None:
    """Has Streamlit compile every view's script now, into the cache it keeps per server: a page's
    script is compiled on its first visit (with Streamlit's "magic" pass over its syntax tree), 0.1-
    0.2 s for the 500-line views, which was part of each view's first visit after sign-in (issue 16
    §6). Through the run's pages manager, as the page itself asks (streamlit/navigation/page.py);
    without one (AppTest) nothing is done, and a failure only leaves a view to compile on its visit."""
    from pathlib import Path

    manager = getattr(ctx, "pages_manager", None)
    if manager is None or not hasattr(manager, "get_page_script_byte_code"):
        return
    for view in sorted((Path(__file__).parent / "views").glob("*.py")):
        if view.stem != "__init__":
            try:
                manager.get_page_script_byte_code(str(view.resolve()))
            except Exception:  # noqa: BLE001 - compiled (and reported) on the view's visit instead
                pass


def warm() -> None:
    """Once per register data version, fills the read cache beside the page (a server thread)
    with what the views read first (warm_reads), so the first visit of each view after sign-in
    or after a change does not wait seconds for reads over a million contacts (issue 16 §6).
    The same cached function and keys as read(): a view that gets there first computes its
    read itself and the thread's turn is then a cache hit (the contact findings are computed
    once either way, kpcore.db.Query.per_version). A failure (a busy register) only leaves it cold."""
    import threading

    reg = register()
    try:
        path, data = str(reg.path), reg.data_stamp()
    except KpError:
        return
    from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

    store, key = _jobs(), ("warm", str(reg.path), data, lang())
    with store["lock"]:
        if key in store["jobs"]:
            return
        for old in [k for k in store["jobs"] if k[0] == "warm" and k[1] == path]:
            del store["jobs"][old]  # an older data version's: never read again
        store["jobs"][key] = True
    language = lang()

    def get(fn, *args):
        return _cached(fn.__module__, fn.__qualname__, path, data, args)[0]

    ctx = get_script_run_ctx()

    def work() -> None:
        _yield_cpu()
        try:
            # The contacts view is the first to draw a table (st.dataframe: pandas and pyarrow, ~0.5 s
            # to import); this thread starts after the overview's run, so the import no longer lands
            # in the contacts view's first visit (at the sign-in form it slowed the sign-in: h21perf).
            # `kp serve` imports them at its start (kpcore.serve.preload): then these cost nothing.
            import pandas  # noqa: F401
            import pyarrow  # noqa: F401

            compile_views(ctx)
            warm_reads(get, language)
        except Exception:  # noqa: BLE001 - e.g. the register busy with an import: the views read as usual
            pass

    thread = threading.Thread(target=work, daemon=True, name="kp-warm")
    add_script_run_ctx(thread, ctx)  # the cache is used as from the page (no warnings)
    thread.start()
    _started(thread)


def timing_log(path: str | None):
    """With KP_TIMING_LOG=FILE (the bench sets it): counts the elements and blocks this run sends
    the browser and returns a function that appends "view seconds elements blocks" to FILE at the
    run's end. Only the view's name and counts, never register data. None without the variable."""
    if not path:
        return None
    import time

    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return None
    t0 = time.perf_counter()
    counts = {"element": 0, "block": 0}
    send = ctx._enqueue

    def counting(msg):
        if msg.HasField("delta"):
            kind = msg.delta.WhichOneof("type")
            if kind == "new_element":
                counts["element"] += 1
            elif kind == "add_block":
                counts["block"] += 1
        send(msg)

    ctx._enqueue = counting

    def done(view: str) -> None:
        ctx._enqueue = send
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"{time.time():.3f} {view} {time.perf_counter() - t0:.3f} {counts['element']} {counts['block']}\n")

    return done


def lazy_expander(label: str, key: str, expanded: bool = False):
    """An expander whose content the view draws only while it is open (`if box.open: with box:`):
    opening it reruns the view. A view with many closed sections then sends the browser a few
    labels instead of every form inside them (issue 16 §6), and the key keeps a section open
    across saves and language changes. Tests open one with session state: {key: True}.

    Streamlit makes an expander whose label changes (a section's ✓/⚠ marks after a save) a new
    one, closed: the open state is kept apart (`_<key>_open`) and given as `expanded`."""
    remembered = f"_{key}_open"

    def keep() -> None:
        st.session_state[remembered] = bool(st.session_state.get(key))

    return st.expander(label, expanded=st.session_state.get(remembered, expanded), key=key, on_change=keep)
