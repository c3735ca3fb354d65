"""The page a browser loads first from `kp serve`: Streamlit's own index.html with a few lines
of the dashboard's in its head, and the lists of Streamlit's element scripts it fetches ahead.

Importing this module stays cheap (no DuckDB, no Streamlit): dashboard/ui.py uses the lists
before the sign-in form is drawn.

Why (issue 16 §6, first load to the sign-in form ≤ 1.5 s): Streamlit's page fetches an element
kind's JavaScript only when one is first drawn, then what that file imports, level after level,
and each kind is drawn after the one before it has arrived. The sign-in page drew three such kinds
one after another: the dashboard's own st.html (its language and style lines), the sidebar's
language switch and the form's text inputs, each ~0.1 s. Now the sign-in page draws no st.html
(what it did is done by the lines below, from the first byte of the page), and the page asks for
the form's element scripts as soon as its own script has run, all at once. Everything is
Streamlit's own files, served by this server: nothing leaves the machine.
"""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path

# The kinds of element the sign-in form draws (its text inputs, the sidebar's language switch) ...
FORM_KINDS = ("TextInput", "Radio")
# ... and those the overview draws first (its counts, links and buttons; every signed-in page's
# st.html), fetched once the sign-in page has loaded and the browser has nothing else to do.
SIGN_IN_KINDS = FORM_KINDS + ("Metric", "PageLink", "Button", "Html")
# The other views' first kinds (tables, charts, choices, dates, uploads: about 3.6 MB with what
# they import), fetched once a session while the person reads the first page (dashboard/app.py).
VIEW_KINDS = ("DataFrame", "ArrowVegaLiteChart", "Checkbox", "Selectbox", "DateInput", "Multiselect",
              "TextArea", "DownloadButton", "FileUploader", "GraphVizChart")

LOCALES = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}  # the browser language each one tells the page
LANG_COOKIE = "kp_lang"
MARK = "kp-shell"  # the id of the dashboard's lines in the page's head

_STATIC_IMPORT = re.compile(r'(?:from\s*|import\s*)"\./([\w.\-]+\.js)"')


def streamlit_static() -> Path:
    """The installed Streamlit's folder of static files (index.html, static/js/...)."""
    import importlib.util

    spec = importlib.util.find_spec("streamlit")
    if spec is None or not spec.origin:
        return Path("/nonexistent")
    return Path(spec.origin).parent / "static"


def element_scripts(kinds: tuple[str, ...]) -> list[str]:
    """The file names of the JavaScript Streamlit's page loads only when an element of these kinds
    is first shown (e.g. TextInput.<hash>.js), with every file they import in turn, less what the
    page already preloads (index.html's modulepreload list). Read from the installed Streamlit's
    own files, once per process; a kind not found (another Streamlit version) adds nothing."""
    return list(_element_scripts(tuple(kinds)))


@functools.cache
def _element_scripts(kinds: tuple[str, ...]) -> tuple[str, ...]:
    js = streamlit_static() / "static" / "js"
    try:
        preloaded = set(re.findall(r"static/js/([\w.\-]+\.js)", (js.parent.parent / "index.html").read_text()))
    except OSError:
        preloaded = set()
    todo = [p.name for kind in kinds for p in sorted(js.glob(f"{kind}.*.js"))]
    out: list[str] = []
    while todo:
        name = todo.pop(0)
        if name in out or name in preloaded or not (js / name).is_file():
            continue
        out.append(name)
        todo += _STATIC_IMPORT.findall((js / name).read_text(encoding="utf-8", errors="replace"))
    return tuple(out)


def head_lines() -> str:
    """What the dashboard adds to the head of Streamlit's index.html.

    - The style rules every page needs from its first paint, the sign-in form's included
      (dashboard/ui.py page_style() repeats them with the chosen language's words for the views):
      captions opaque in a grey of about 6.5:1 (WCAG 2.1 1.4.3: Streamlit draws them at 60 %
      opacity, 3:1), and Streamlit's English "Press Enter to submit form" hint hidden (Enter still
      submits).
    - The page's language follows the address (?lang=fi|sv|en, which the dashboard writes on every
      run and after every switch, dashboard/ui.py keep_lang): `<html lang>` for screen readers
      (WCAG 2.1 3.1.1), the browser language Streamlit's widgets read (the date input's calendar
      takes its month and weekday names from navigator.language), and the cookie kp_lang that
      remembers the choice for this browser (a year; SameSite=Lax so that it is there when the
      identity provider sends the user back; dashboard/ui.py initial_lang).
    - The sign-in form's element scripts requested at once when the page's own script has run
      (DOMContentLoaded: earlier, they were compiled beside Streamlit's 2.7 MB of JavaScript and
      delayed it), the overview's once the page has loaded and the browser is idle."""
    first, later = element_scripts(FORM_KINDS), element_scripts(SIGN_IN_KINDS)
    later = [n for n in later if n not in first]
    return f"""<style id="{MARK}-style">
[data-testid="stCaptionContainer"] {{ opacity: 1 !important; color: #595c6a !important; }}
[data-testid="InputInstructions"] {{ display: none; }}
</style>
<script id="{MARK}">(() => {{
  const locales = {json.dumps(LOCALES)};
  const follow = () => {{
    const lang = new URLSearchParams(window.location.search).get("lang");
    const want = Object.prototype.hasOwnProperty.call(locales, lang) ? locales[lang] : null;
    if (!want) return;
    document.documentElement.lang = lang;
    document.cookie = "{LANG_COOKIE}=" + lang + "; Path=/; Max-Age=31536000; SameSite=Lax";
    window[Symbol.for("react-aria.i18n.locale")] = want;
    if (navigator.language !== want) {{
      Object.defineProperty(navigator, "language", {{get: () => want, configurable: true}});
      Object.defineProperty(navigator, "languages", {{get: () => [want], configurable: true}});
      window.dispatchEvent(new Event("languagechange"));
    }}
  }};
  for (const name of ["pushState", "replaceState"]) {{
    const original = window.history[name];
    window.history[name] = function (...args) {{
      const result = original.apply(this, args);
      follow();
      return result;
    }};
  }}
  window.addEventListener("popstate", follow);
  follow();
  const preload = (names) => {{
    const index = document.querySelector('script[type="module"][src*="static/js/index."]');
    if (!index) return;
    const base = new URL(".", index.src);
    for (const name of names) {{
      const href = new URL(name, base).href;
      if (document.querySelector(`link[rel="modulepreload"][href="${{href}}"]`)) continue;
      const link = document.createElement("link");
      link.rel = "modulepreload"; link.href = href;
      document.head.appendChild(link);
    }}
  }};
  document.addEventListener("DOMContentLoaded", () => preload({json.dumps(first)}));
  window.addEventListener("load", () => {{
    const later = () => preload({json.dumps(later)});
    if (window.requestIdleCallback) window.requestIdleCallback(later, {{timeout: 3000}});
    else window.setTimeout(later, 500);
  }});
}})();</script>
"""


def index_html(original: str) -> str | None:
    """Streamlit's index.html with head_lines() at the end of its head; None if it has no head
    (another Streamlit: its own page is served unchanged)."""
    at = original.find("</head>")
    if at < 0 or MARK in original:
        return None
    return original[:at] + head_lines() + original[at:]


def serve_index(static: Path | None = None) -> Path | None:
    """Makes this process's Streamlit server serve index_html() (kpcore/serve.py calls it before
    Streamlit starts): a private temporary folder holds the changed index.html beside links to
    the rest of Streamlit's static folder, and Streamlit is pointed at it (its server reads the
    folder from streamlit.file_util.get_static_dir() once, when it starts). The folder is removed
    when the process ends. Returns the folder, or None where this Streamlit is not as expected
    (then its own page is served, as before)."""
    import atexit
    import shutil
    import tempfile

    try:
        from streamlit import file_util
    except ImportError:
        return None
    src = Path(static or file_util.get_static_dir())
    try:
        html = index_html((src / "index.html").read_text(encoding="utf-8"))
    except OSError:
        return None
    if html is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix="kp-shell-"))
    atexit.register(shutil.rmtree, folder, True)
    for entry in src.iterdir():
        if entry.name != "index.html":
            (folder / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    (folder / "index.html").write_text(html, encoding="utf-8")
    file_util.get_static_dir = lambda: str(folder)
    return folder
