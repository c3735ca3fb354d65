"""kpcore: the GDPR register of KuntaPlus-projektipalvelu and every rule about it.

Only kpcore.db opens the DuckDB file; everything else asks it for a reader or a writer.
Importing this package stays cheap (no pandas, no streamlit, no reportlab) so that the
`kp` command's hot paths start fast.
"""
__version__ = "0.1.0"
