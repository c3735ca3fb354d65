"""A composed `Notice` as Markdown (escaped; what a published version stores) and as HTML
(escaped), and the file name of a download. Pure functions of the document.
"""
from __future__ import annotations

import html
import re

from .compose import Notice, Section

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(text: str) -> str:
    """Register text as literal Markdown (it is data, not markup)."""
    text = _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")
    # A line that starts like a list item or numbered item would become one.
    return re.sub(r"^([-+]|\d+\.)(\s)", r"\\\1\2", text)


def to_markdown(n: Notice) -> str:
    mark = [f"**{md_escape(n.draft_mark)}**", ""] if n.draft else []
    out = mark + [f"# {md_escape(n.title)}", "", f"*{md_escape(n.version_line)}*", ""]
    for s in n.sections:
        out += [f"## {md_escape(s.title)}", ""]
        for b in s.blocks:
            if b.kind == "p":
                out += [md_escape(b.text), ""]
            elif b.kind == "h":
                out += [f"### {md_escape(b.text)}", ""]
            elif b.kind == "list":
                out += [f"- {md_escape(i)}" for i in b.items] + [""]
            elif b.kind == "lines":
                rows = [f"{md_escape(k)}: {md_escape(v)}" for k, v in b.items]
                out += [r + ("\\" if i < len(rows) - 1 else "") for i, r in enumerate(rows)] + [""]
    out += mark
    return "\n".join(out).rstrip() + "\n"


def section_html(s: Section) -> str:
    """One section as HTML; every piece of register text escaped."""
    e = html.escape
    out = [f'<section id="{e(s.key)}"><h2>{e(s.title)}</h2>']
    for b in s.blocks:
        if b.kind == "p":
            out.append(f"<p>{e(b.text)}</p>")
        elif b.kind == "h":
            out.append(f"<h3>{e(b.text)}</h3>")
        elif b.kind == "list":
            out.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in b.items) + "</ul>")
        elif b.kind == "lines":
            out.append("<p>" + "<br>".join(f"<strong>{e(k)}:</strong> {e(v)}" for k, v in b.items) + "</p>")
    out.append("</section>")
    return "\n".join(out)


DRAFT_CSS = (".kp-draft{border:2px solid #b42318;color:#b42318;font-weight:bold;text-align:center;padding:.3rem;"
             "margin:.5rem 0;letter-spacing:.05em}")


def to_html_body(n: Notice) -> str:
    e = html.escape
    mark = [f'<p class="kp-draft" role="note" style="border:2px solid #b42318;color:#b42318;font-weight:bold;'
            f'text-align:center;padding:.3rem">{e(n.draft_mark)}</p>'] if n.draft else []
    return "\n".join(mark + [f"<h1>{e(n.title)}</h1>", f'<p class="version">{e(n.version_line)}</p>']
                     + [section_html(s) for s in n.sections] + mark)


def to_html(n: Notice) -> str:
    e = html.escape
    css = ("body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
           "color:#1f2933;line-height:1.5}h1{color:#1d4e89;font-size:1.6rem}h2{color:#1d4e89;font-size:1.2rem;"
           "margin-top:1.6rem}h3{font-size:1rem;margin-bottom:.2rem}.version{color:#616e7c}" + DRAFT_CSS
           # printed, the first mark repeats at the top of every page
           + "@media print{main>.kp-draft:first-child{position:fixed;top:0;left:0;right:0;background:#fff}"
             "body{padding-top:2.5rem}}")
    return (f'<!DOCTYPE html>\n<html lang="{e(n.lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{e(n.title)} – {e(n.controller)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
            f"<main>\n{to_html_body(n)}\n</main>\n</body>\n</html>\n")  # one main landmark (WCAG 1.3.1)


def file_name(n: Notice, fmt: str) -> str:
    stem = {"fi": "tietosuojaseloste", "sv": "dataskyddsbeskrivning"}.get(n.lang, "privacy-notice")
    suffix = f"v{n.version}" + ("-luonnos" if n.draft and n.lang == "fi" else "-utkast" if n.draft and n.lang == "sv"
                                else "-draft" if n.draft else "")
    return f"{stem}-{n.lang}-{suffix}.{fmt}"
