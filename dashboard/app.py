"""The DPO dashboard: navigation over dashboard/views, a language switch, one register."""
from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

import ui
from kpcore.errors import KpError

timing = ui.timing_log(os.environ.get("KP_TIMING_LOG"))  # the bench's view of each run (issue 16 §6)

# A local icon: a ":material/..." icon would make every browser fetch it from fonts.gstatic.com.
st.set_page_config(page_title="KuntaPlus DPO", page_icon=str(Path(__file__).with_name("icon.png")), layout="wide")

if "lang" not in st.session_state:  # ?lang=en in the link, else the browser's last choice (ui.initial_lang)
    st.session_state["lang"] = ui.initial_lang()
with st.sidebar:
    st.radio(ui.SWITCH_LABEL, list(ui.LANGS), format_func=ui.LANGS.get, key="lang", horizontal=True)
ui.keep_lang()  # the address says the language: a reload or a copied link keeps it

_ = ui._
if not ui.register_path().is_file():  # a stat: DuckDB is not imported before the sign-in form is drawn
    st.error(_("No register at {path}. Create one with `kp init --demo --db {path}`.").format(path=ui.register_path()))
    st.stop()

import auth  # noqa: E402  (dashboard/auth.py: sign-in; nothing from the register before it)

view = "sign-in"  # for the timing log: the sign-in form's runs until the gate lets through
try:  # (the try only for the timing log: st.stop() in the sign-in ends the run too)
    signed_in = auth.refresh()
    # The views' style and language lines (st.html). Not on the sign-in page: each kind of element
    # Streamlit draws for the first time costs the page a round of fetching its script, one kind
    # after another; the page `kp serve` serves does the same from its first byte (kpcore/shell.py).
    if signed_in:
        ui.page_style()
    pages = [
        st.Page("views/overview.py", title=_("Overview"), icon=":material/home:", url_path="overview", default=True),
        st.Page("views/contacts.py", title=_("Contacts"), icon=":material/groups:", url_path="contacts"),
        st.Page("views/requests.py", title=_("Subject requests"), icon=":material/inbox:", url_path="requests"),
        st.Page("views/systems.py", title=_("Systems"), icon=":material/hub:", url_path="systems"),
        st.Page("views/marketing.py", title=_("Direct marketing"), icon=":material/campaign:", url_path="marketing"),
        st.Page("views/processors.py", title=_("Processor engagements"), icon=":material/account_balance:", url_path="processors"),
        st.Page("views/web.py", title=_("Web analytics"), icon=":material/monitoring:", url_path="web"),
        st.Page("views/notice.py", title=_("Privacy notice"), icon=":material/description:", url_path="notice"),
        st.Page("views/compliance.py", title=_("Compliance overview"), icon=":material/fact_check:", url_path="compliance"),
        st.Page("views/breaches.py", title=_("Breaches"), icon=":material/emergency_home:", url_path="breaches"),
    ]
    if ui.can("audit") or not signed_in:  # viewers do not see the audit view at all
        pages.append(st.Page("views/audit.py", title=_("Audit log"), icon=":material/receipt_long:", url_path="audit"))
    # Navigation is declared before the sign-in (hidden until then) so that a link such as
    # /contacts?person=12 still leads there once the user has signed in.
    page = st.navigation(pages, position="sidebar" if signed_in else "hidden")
    auth.gate()
    view = page.url_path or "overview"
    ui.follow_locale()  # the date inputs' calendars in the chosen language, also right after a reload
    try:
        page.run()
        if not st.session_state.get("_kp_views_preloaded"):  # once a session, after the first page
            st.session_state["_kp_views_preloaded"] = True
            ui.preload_scripts(ui.VIEW_KINDS, when_idle=True)  # once the first page is drawn
    except KpError as exc:  # whatever a view did not catch: the plain message, never a traceback
        ui.stop_with(exc)
    finally:  # the views' first reads, made beside the page once per data version, after this
        if ui.role() == "dpo":  # page's own (they share 2 cores with it; ui.warm)
            ui.warm()
finally:
    if timing:
        timing(view)
