"""Subject requests (filled by its issue)."""
import streamlit as st

import ui

st.title(ui.L("Rekisteröityjen pyynnöt", "Subject requests"))
ui.not_yet("Rekisteröityjen pyynnöt", "Subject requests")
