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

# A script function that asks the browser to fetch and parse Streamlit's element scripts by name
# (<link rel="modulepreload">, resolved against the address of Streamlit's own index script;
# a file already asked for is not asked again): the page's head and dashboard/ui.py use it.
PRELOAD_JS = """(names) => {
    const index = document.querySelector('script[type="module"][src*="static/js/index."]');
    if (!index) return;
    const base = new URL(".", index.src);
    for (const name of names) {
      const href = new URL(name, base).href;
      if (document.querySelector(`link[rel="modulepreload"][href="${href}"]`)) continue;
      const link = document.createElement("link");
      link.rel = "modulepreload"; link.href = href;
      document.head.appendChild(link);
    }
  }"""

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
  const preload = {PRELOAD_JS};
  document.addEventListener("DOMContentLoaded", () => preload({json.dumps(first)}));
  window.addEventListener("load", () => {{
    const later = () => preload({json.dumps(later)});
    if (window.requestIdleCallback) window.requestIdleCallback(later, {{timeout: 3000}});
    else window.setTimeout(later, 500);
  }});
}})();</script>
"""


# The sign-in page's own texts, msgids of kpcore/locale (dashboard/auth.py _form draws the same).
FORM_TEXTS = {"title": "KuntaPlus DPO – sign in", "user": "User name", "password": "Password",
              "submit": "Sign in"}
SWITCH_LABEL = "Kieli / Språk / Language"  # the language switch's label, the same in every language
SESSION_COOKIE = "kp_session"  # dashboard/auth.py: the signed-in browser's session
_FONT = re.compile(r'href="(\./static/media/SourceSansVF-Upright[\w.\-]*\.woff2)"')


def first_form(original: str = "") -> str:
    """The sign-in form as plain HTML, shown from the page's first byte until Streamlit has drawn
    its own, then handed over (issue 16 §6: first load to the sign-in form ≤ 1.5 s).

    Streamlit's page is empty until its 2.7 MB of JavaScript has been compiled and run and the
    server has run the script once: about a second in a new browser on this machine, most of the
    first load. This form is in the page itself, so a person sees it and types into it at once,
    as a form drawn by the server would be. It sends nothing anywhere: when Streamlit's form
    appears, what was typed in it is put into Streamlit's fields (the caret where it was), the
    focus moves with it, and this one is removed; if the person already pressed Enter or the
    button, Streamlit's button is pressed for them then. The password goes only the way it always
    did, over Streamlit's websocket to this server. Until then Streamlit's page beneath is inert
    (neither the keyboard nor a screen reader reaches it).

    Not shown to a browser that holds a session (a reload or another tab of a signed-in user
    goes straight to its page, as before), nor in place of anything else Streamlit shows first:
    a message instead of the form (no users yet, no register) or a lost connection removes it.
    The language is chosen as the dashboard chooses it (?lang=, else the kp_lang cookie, else
    Finnish, dashboard/ui.py initial_lang); the switch reloads the page in the other language.
    Same place, size, colours and font as Streamlit's (its own font file), so the handover does
    not move anything."""
    from . import i18n

    texts = {lang: {k: i18n.gettext(m, lang) for k, m in FORM_TEXTS.items()} for lang in i18n.LANGS}
    found = _FONT.search(original)
    font = f'@font-face {{ font-family: "kp-sans"; src: url("{found.group(1)}") format("woff2"); ' \
           'font-weight: 200 900; font-display: fallback; }\n' if found else ""
    options = "".join(f'<label><input type="radio" name="kp-pre-lang" value="{lang}">'
                      f'<span>{name}</span></label>' for lang, name in i18n.NAMES.items())
    return f"""<style id="{MARK}-form-style">
{font}#kp-pre {{ position: fixed; inset: 0; z-index: 1000100; display: flex; overflow: auto; background: #fff;
  color: rgb(47, 45, 43); font-family: "kp-sans", "Source Sans", sans-serif; font-size: 16px; line-height: 1.6; }}
#kp-pre * {{ box-sizing: border-box; }}
#kp-pre .kp-side {{ flex: 0 0 300px; min-height: 100%; background: rgb(248, 248, 247); padding: 77px 20px 0 30px; }}
#kp-pre fieldset {{ border: 0; margin: 0; padding: 0; min-width: 0; }}
#kp-pre legend {{ padding: 0; font-size: 14px; line-height: 22.4px; margin-bottom: 13.4px; }}
#kp-pre .kp-options {{ display: flex; flex-wrap: wrap; column-gap: 15.7px; padding-top: 0.2px; }}
#kp-pre .kp-side label {{ display: inline-flex; align-items: center; font-size: 14px; line-height: 22.4px;
  cursor: pointer; white-space: nowrap; padding-right: 2px; }}
#kp-pre .kp-side input {{ width: 16px; height: 16px; margin: 0 8px 0 0; accent-color: rgb(197, 57, 72); }}
#kp-pre main {{ flex: 1 1 auto; min-width: 0; padding: 96px 80px 160px; }}
#kp-pre h1 {{ margin: 0; padding: 20px 0 16px; font-size: 44px; font-weight: 700; line-height: 52.8px; }}
#kp-pre form {{ display: flex; flex-direction: column; gap: 16px; margin: 0; padding: 15px;
  border: 1px solid rgb(220, 216, 212); border-radius: 8px; }}
#kp-pre form label {{ display: block; font-size: 14px; line-height: 22.4px; padding-top: 0.8px; margin-bottom: 4.8px; }}
#kp-pre form input {{ display: block; width: 100%; height: 40px; margin: 0; padding: 8px 8px 8px 12px;
  border: 1px solid rgb(220, 216, 212); border-radius: 8px; background: rgb(248, 248, 247);
  color: inherit; font: inherit; font-size: 14px; }}
#kp-pre form input:focus {{ outline: none; border-color: rgb(197, 57, 72); }}
#kp-pre button {{ align-self: flex-start; min-height: 40px; padding: 4px 12px; border: 1px solid rgb(197, 57, 72);
  border-radius: 8px; background: rgb(197, 57, 72); color: #fff; font: inherit; font-size: 14px;
  line-height: 22.4px; cursor: pointer; }}
#kp-pre button:focus-visible {{ outline: 2px solid rgb(47, 45, 43); outline-offset: 2px; }}
#kp-pre button[aria-busy="true"] {{ cursor: progress; opacity: 0.8; }}
@media (max-width: 767.98px) {{ #kp-pre .kp-side {{ display: none; }} #kp-pre main {{ padding: 96px 16px 160px; }} }}
</style>
<div id="kp-pre">
<div class="kp-side"><fieldset><legend>{SWITCH_LABEL}</legend><div class="kp-options">{options}</div></fieldset></div>
<main><h1 data-kp-text="title"></h1>
<form method="post" action="javascript:void(0)" novalidate>
<div><label for="kp-pre-user" data-kp-text="user"></label>
<input id="kp-pre-user" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false"></div>
<div><label for="kp-pre-password" data-kp-text="password"></label>
<input id="kp-pre-password" name="password" type="password" autocomplete="current-password"></div>
<button type="submit" data-kp-text="submit"></button>
</form></main>
</div>
<script id="{MARK}-form">(() => {{
  const pre = document.getElementById("kp-pre"), root = document.getElementById("root");
  if (!pre || !root) return;
  const cookie = (name) => document.cookie.split(/;\\s*/).find((c) => c.startsWith(name + "="))?.slice(name.length + 1);
  if (cookie("{SESSION_COOKIE}")) {{ pre.remove(); return; }}
  const texts = {json.dumps(texts, ensure_ascii=False)};
  const asked = new URLSearchParams(window.location.search).get("lang");
  const kept = cookie("{LANG_COOKIE}");
  const lang = texts[asked] ? asked : (texts[kept] ? kept : "fi");
  document.documentElement.lang = lang;
  for (const el of pre.querySelectorAll("[data-kp-text]")) el.textContent = texts[lang][el.dataset.kpText];
  for (const radio of pre.querySelectorAll('input[name="kp-pre-lang"]')) {{
    radio.checked = radio.value === lang;
    radio.addEventListener("change", () => {{
      const to = new URL(window.location.href);
      to.searchParams.set("lang", radio.value);
      window.location.assign(to.href);
    }});
  }}
  const form = pre.querySelector("form"), button = pre.querySelector("button");
  const user = document.getElementById("kp-pre-user"), password = document.getElementById("kp-pre-password");
  let pending = false;
  form.addEventListener("submit", (event) => {{
    event.preventDefault();
    pending = true;
    button.setAttribute("aria-busy", "true");
  }});
  root.inert = true;
  const put = (field, value) => {{
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(field, value);
    field.dispatchEvent(new Event("input", {{bubbles: true}}));
  }};
  let observer = null, later = 0;
  const done = () => {{
    if (observer) observer.disconnect();
    window.clearTimeout(later);
    root.inert = false;
    pre.remove();
    document.getElementById("{MARK}-form-style")?.remove();
  }};
  const handOver = (theirs) => {{
    const focused = document.activeElement;
    const pairs = [[user, theirs.querySelector('input:not([type="password"])')],
                   [password, theirs.querySelector('input[type="password"]')]];
    done();
    for (const [mine, their] of pairs) {{
      if (!their) continue;
      if (mine.value) put(their, mine.value);
      if (focused === mine) {{
        their.focus();
        try {{ their.setSelectionRange(mine.selectionStart, mine.selectionEnd); }} catch (e) {{}}
      }}
    }}
    if (pending) {{
      const submit = theirs.querySelector('[data-testid="stFormSubmitButton"] button');
      if (submit) window.setTimeout(() => submit.click(), 0);
    }}
  }};
  const look = () => {{
    const theirs = root.querySelector('[data-testid="stForm"]');
    if (theirs && theirs.querySelector('input[type="password"]')) return handOver(theirs), true;
    if (root.querySelector('[data-testid="stSidebarNav"], [role="dialog"]')) return done(), true;
    if (!later && root.querySelector('[data-testid="stAlert"], [data-testid="stException"]')) {{
      later = window.setTimeout(() => look() || done(), 400);  // a message instead of the form
    }}
    return false;
  }};
  observer = new MutationObserver(() => look());
  observer.observe(root, {{childList: true, subtree: true}});
  window.setTimeout(() => {{ if (pre.isConnected) done(); }}, 60000);  // never a page stuck behind it
}})();</script>
"""


def index_html(original: str, form: bool = True) -> str | None:
    """Streamlit's index.html with head_lines() at the end of its head and, with `form`, the
    sign-in form of first_form() at the end of its body; None if it has no head (another
    Streamlit: its own page is served unchanged)."""
    at = original.find("</head>")
    if at < 0 or MARK in original:
        return None
    html = original[:at] + head_lines() + original[at:]
    end = html.rfind("</body>")
    if form and end >= 0 and 'id="root"' in html:
        html = html[:end] + first_form(original) + html[end:]
    return html


def serve_index(static: Path | None = None, form: bool = True) -> Path | None:
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
        html = index_html((src / "index.html").read_text(encoding="utf-8"), form)
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
