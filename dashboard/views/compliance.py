"""Compliance overview (filled by its issue)."""
import streamlit as st

import ui

st.title(ui.L("Vaatimustenmukaisuus", "Compliance overview"))
ui.not_yet("Vaatimustenmukaisuus", "Compliance overview")
