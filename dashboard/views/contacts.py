"""Contacts (filled by its issue)."""
import streamlit as st

import ui

st.title(ui.L("Yhteystiedot", "Contacts"))
ui.not_yet("Yhteystiedot", "Contacts")
