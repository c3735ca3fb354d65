"""Processor engagements (filled by its issue)."""
import streamlit as st

import ui

st.title(ui.L("Alikäsittelijätoimeksiannot", "Processor engagements"))
ui.not_yet("Alikäsittelijätoimeksiannot", "Processor engagements")
