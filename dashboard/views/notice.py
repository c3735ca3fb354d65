"""Privacy notice (filled by its issue)."""
import streamlit as st

import ui

st.title(ui.L("Tietosuojaseloste", "Privacy notice"))
ui.not_yet("Tietosuojaseloste", "Privacy notice")
