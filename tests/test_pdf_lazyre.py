"""ReportLab's platypus loads without compiling its two U+FFFF-wide patterns (kpcore.pdf.lazyre,
issue 18 §5); they match as the compiled ones do once used, and nothing else is changed."""
from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT
from kpcore.pdf import lazyre

URIS = ["https://www.example.com/a/b", "HTTP://Example.COM", "ftp://user:pw@10.0.0.1:21/x?y#z", "www.example.fi",
        "mailto:a@b.fi", "https://xn--bcher-kva.example/ä", "https://åäö.fi/polku/", "not a uri", "", "http://[::1]/"]
TEXTS = ["abc", "日本語のテキスト", "mixed 中文 text", "", "\uffff\u2e80"]


def test_importing_the_pdf_package_leaves_the_two_wide_patterns_uncompiled():
    code = (
        "import re, sys; real = re.compile\n"
        "import kpcore.pdf.common\n"
        "from reportlab.platypus import paragraph\n"
        "from reportlab.lib import textsplit\n"
        "from kpcore.pdf.lazyre import LazyPattern\n"
        "assert re.compile is real\n"
        "lazy = sorted(f'{m.__name__}.{k}' for m in list(sys.modules.values()) for k, v in list(vars(m).items())\n"
        "              if isinstance(v, LazyPattern))\n"
        "assert lazy == ['reportlab.lib.textsplit.rx', 'reportlab.platypus.paragraph.uri_pat'], lazy\n"
        "assert 'compiled' not in vars(paragraph.uri_pat) and 'compiled' not in vars(textsplit.rx)\n"
        "assert isinstance(paragraph._wsc_re_split.__self__, re.Pattern)  # the others: compiled as before\n"
        "print('ok')\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr


def test_a_lazy_pattern_matches_as_the_compiled_one():
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    uri = lazyre.LazyPattern(paragraph.uri_pat.pattern, paragraph.uri_pat.flags)
    real = re.compile(paragraph.uri_pat.pattern, paragraph.uri_pat.flags)
    assert real.flags & re.IGNORECASE
    for u in URIS:
        m, n = uri.match(u), real.match(u)
        assert (m and m.groups()) == (n and n.groups()), u
    rx, real_rx = lazyre.LazyPattern("([\u2e80-\uffff])", re.UNICODE), re.compile("([\u2e80-\uffff])", re.UNICODE)
    for t in TEXTS:
        assert rx.sub(r"\1\0 ", t) == real_rx.sub(r"\1\0 ", t)
        assert rx.split(t) == real_rx.split(t) and rx.findall(t) == real_rx.findall(t)
    assert rx.pattern == real_rx.pattern and rx.groups == 1
    # ReportLab's own users of them, whether or not this process loaded platypus lazily
    assert paragraph._uri_split_pairs("https://www.example.com/a/b") == [
        ("https://www.example.com/a/", "b"), ("https://www.example.com/", "a/b"), ("https://", "www.example.com/a/b")]
    assert textsplit.rx.sub(r"\1\0 ", "日本 x") == "日\0 本\0  x"  # its one user, cjkwrap, cannot run (no reduce)


def test_only_reportlabs_wide_patterns_are_left_lazy():
    assert lazyre._lazy_wanted("[a-\uffff]", "reportlab.platypus.paragraph")
    assert not lazyre._lazy_wanted("[a-z]", "reportlab.platypus.paragraph")
    assert not lazyre._lazy_wanted("[a-\uffff]", "kpcore.safety")  # another thread compiling meanwhile
    assert not lazyre._lazy_wanted(b"[a-z]", "reportlab.lib.utils")
