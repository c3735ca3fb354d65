"""The register's PDFs (ReportLab). Every builder imports ReportLab through kpcore.pdf.common;
this package's import first makes ReportLab's platypus load without compiling two regular
expressions it rarely uses (kpcore.pdf.lazyre, issue 18 §5)."""
from .lazyre import import_platypus

import_platypus()
