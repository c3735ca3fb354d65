"""The quarterly compliance report for the management, with charts (reportlab.graphics).

`quarter_pdf(rep, names, lang)` is pure: `rep` is kpcore.quarter.report(...), `names`
maps purpose/source keys to their (fi, en, sv) names. Each figure stands beside the
previous quarter's. Its words are catalog messages (kpcore.i18n): Finnish, Swedish, English.
"""
from __future__ import annotations

import datetime as dt

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics import renderPDF
from reportlab.lib import colors
from reportlab.platypus import Flowable

from .. import fmt, i18n
from . import common as c

CUR_COLOUR = c.ACCENT
PREV_COLOUR = colors.HexColor("#9fb3c8")
REQUEST_TYPES = ("access", "rectification", "erasure", "restriction", "portability", "objection")


def chart_label(text: str, width: float = 62 * c.mm, size: float = 7) -> str:
    """A chart label whole, on as many lines as it needs to fit `width` (never cut short)."""
    from reportlab.lib.utils import simpleSplit

    c.register_fonts()
    return "\n".join(simpleSplit(text, c.FONT, size, width)) or text


def _fmt(value, kind: str, lang: str) -> str:
    return fmt.quantity(value, kind, lang)


class Chart(Flowable):
    """A chart drawn when placed. It holds only plain data, so the PDF base may copy the story
    for its page-counting pass (reportlab's chart objects cannot be deep-copied)."""

    def __init__(self, *args, **kwargs):
        super().__init__()
        self.args, self.kwargs = args, kwargs
        self.width = kwargs.get("width", 165 * c.mm)
        self.height = kwargs.get("height", 62 * c.mm)

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        renderPDF.draw(_drawing(*self.args, **self.kwargs), self.canv, 0, 0)


def _bars(*args, **kwargs) -> Chart:
    return Chart(*args, **kwargs)


def _drawing(title: str, labels: list[str], cur: list, prev: list, cur_label: str, prev_label: str,
             horizontal: bool = False, width: float = 165 * c.mm, height: float = 62 * c.mm) -> Drawing:
    """Grouped bars: this quarter beside the previous one."""
    c.register_fonts()
    d = Drawing(width, height)
    d.add(String(0, height - 10, title, fontName=c.FONT_BOLD, fontSize=9, fillColor=c.INK))
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    left = 66 * c.mm if horizontal else 12 * c.mm
    chart.x, chart.y = left, 14 * c.mm if not horizontal else 8 * c.mm
    chart.width = width - left - 40 * c.mm
    chart.height = height - chart.y - 16
    chart.data = [[v or 0 for v in cur], [v or 0 for v in prev]]
    chart.categoryAxis.categoryNames = labels
    chart.bars[0].fillColor, chart.bars[1].fillColor = CUR_COLOUR, PREV_COLOUR
    chart.bars.strokeColor = None
    chart.barSpacing, chart.groupSpacing = 1, 6
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName, axis.labels.fontSize = c.FONT, 7
    if horizontal:  # first category at the top, this quarter above the previous one
        chart.categoryAxis.reverseDirection = True
        chart.data.reverse()
        chart.bars[0].fillColor, chart.bars[1].fillColor = PREV_COLOUR, CUR_COLOUR
    else:
        chart.categoryAxis.labels.angle = 0
        chart.categoryAxis.labels.dy = -2
    chart.valueAxis.valueMin = 0
    top = max(chart.data[0] + chart.data[1] + [1])
    chart.valueAxis.valueMax = top * 1.15 if top > 4 else 5
    chart.valueAxis.valueStep = None if top > 4 else 1
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName, chart.barLabels.fontSize = c.FONT, 6.5
    chart.barLabels.nudge = 6
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 36 * c.mm, height - 20
    legend.fontName, legend.fontSize = c.FONT, 7.5
    legend.alignment = "right"
    legend.colorNamePairs = [(CUR_COLOUR, cur_label), (PREV_COLOUR, prev_label)]
    d.add(legend)
    return d


def _quarter_name(quarter: str, lang: str) -> str:
    return i18n.pgettext("quarter, short", "Q{n} {year}", lang).format(n=quarter[-1], year=quarter[:4])


def _label(entry, lang: str) -> str:
    """An entry of a label table: an English msgid (N_/NP_)."""
    return i18n.gettext(entry, lang)


def _basis(part: dict, lang: str) -> str:
    f = part["figures"]
    if part["issued_at"]:
        at = part["issued_at"]
        at = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(str(at))
        return i18n.gettext("issued {date} (frozen snapshot)", lang).format(date=fmt.date(at, lang))
    on = dt.date.fromisoformat(f["computed_on"])
    return i18n.gettext("computed {date} from the register", lang).format(date=fmt.date(on, lang))


def _when(at: dt.datetime, lang: str) -> str:
    return f"{at:%Y-%m-%d %H:%M}" if lang == "en" else f"{fmt.date(at, lang)} {at:%H.%M}"


def quarter_pdf(rep: dict, names: dict, lang: str = "fi", *, rules: dict | None = None,
                request_types: dict | None = None) -> bytes:
    """The report as PDF bytes in `lang` (fi, sv, en; its texts are catalog messages). `rules`:
    kpcore.compliance.RULES (the findings' severity and names), `request_types`: the request
    types' labels, given by kpcore.quarter: this builder imports nothing from the rule modules."""
    if request_types is None:
        from ..models import REQUEST_TYPES as request_types

    RULES = rules or {}

    def _(message: str) -> str:
        return i18n.gettext(message, lang)

    def name(pair) -> str:  # a register fact (fi, en[, sv]); Swedish where the register has it
        if lang == "sv" and len(pair) > 2 and pair[2]:
            return pair[2]
        return pair[1] if lang == "en" else pair[0]

    cur, prev = rep["current"]["figures"], rep["previous"]["figures"]
    qn, pn = _quarter_name(rep["quarter"], lang), _quarter_name(rep["previous"]["quarter"], lang)
    start, end = dt.date.fromisoformat(cur["start"]), dt.date.fromisoformat(cur["end"])
    title = _("Quarterly data-protection report {quarter}").format(quarter=qn)
    period = f"{fmt.date(start, lang)} – {fmt.date(end, lang)}"
    story = [c.markup(c.esc(title), "title"),
             c.para(f"{names['controller']} · {period}", "subtitle")]
    status = (_("This quarter ({quarter}): {basis}.").format(quarter=qn, basis=_basis(rep["current"], lang)) + " "
              + _("Compared with {quarter}: {basis}.").format(quarter=pn, basis=_basis(rep["previous"], lang)))
    if not rep["complete"]:
        status += " " + _("The quarter is in progress: figures up to {date}.").format(
            date=fmt.date(dt.date.fromisoformat(cur["as_of"]), lang))
    story.append(c.para(status, "small"))
    tip = cur.get("audit_tip") if rep["current"]["issued_at"] else None
    if tip:  # #15 §5: the audit trail's tip when issued, so a later rewrite of it shows
        if tip.get("seal"):
            line = _("Audit trail when issued: event {seq}, hash {hash}, seal (HMAC-SHA-256, audit key) {seal}. "
                     "Check: kp audit verify --expect-tip {seq}:{hash}").format(seq=tip["seq"], hash=tip["hash"],
                                                                                seal=tip["seal"])
        else:
            line = _("Audit trail when issued: event {seq}, hash {hash}. Check: kp audit verify --expect-tip "
                     "{seq}:{hash}").format(seq=tip["seq"], hash=tip["hash"])
        story.append(c.para(line, "small"))

    # Key figures
    story.append(c.markup(c.esc(_("Key figures")), "h1"))
    rows = []
    for r in rep["comparison"]:
        rows.append([i18n.gettext(r["label"], lang) if r.get("label") else r.get(lang) or r["en"],
                     _fmt(r["value"], r["kind"], lang), _fmt(r["previous"], r["kind"], lang),
                     fmt.change(r["change"], r["kind"], lang)])
    story.append(c.table([i18n.pgettext("quarterly report", "Figure", lang), qn, pn, _("Change")], rows,
                         col_widths=[95 * c.mm, 25 * c.mm, 25 * c.mm, 25 * c.mm]))
    story.append(c.para(_("Notice and findings figures are as of the day computed; they are compared only with an "
                          "issued report of the previous quarter."), "small"))

    # Requests
    tl = [_label(request_types[k], lang).split(" (")[0] for k in REQUEST_TYPES]
    get = lambda f, k, m: (f["requests"]["by_type"].get(k) or {}).get(m) or 0  # noqa: E731
    story.append(c.KeepTogether([
        c.markup(c.esc(_("Subject requests (Arts. 12–22)")), "h1"),
        _bars(_("Requests received by type"), tl,
              [get(cur, k, "received") for k in REQUEST_TYPES], [get(prev, k, "received") for k in REQUEST_TYPES],
              qn, pn, horizontal=True, height=58 * c.mm)]))
    rrows = []
    for k, label in zip(REQUEST_TYPES, tl):
        r = cur["requests"]["by_type"].get(k) or {}
        rrows.append([label, r.get("received", 0), r.get("closed", 0), r.get("on_time", 0),
                      _fmt(r.get("median_days"), "days", lang), r.get("open_at_end", 0), r.get("overdue_at_end", 0)])
    tot = cur["requests"]["total"]
    rrows.append([i18n.pgettext("quarterly report", "Total", lang), tot["received"], tot["closed"], tot["on_time"],
                  _fmt(tot["median_days"], "days", lang), tot["open_at_end"], tot["overdue_at_end"]])
    story.append(c.table([i18n.pgettext("quarterly report", "Type", lang),
                          i18n.pgettext("quarterly report", "Received", lang),
                          i18n.pgettext("quarterly report", "Closed", lang),
                          i18n.pgettext("quarterly report", "On time", lang), _("Days, median"), _("Open at end"),
                          _("Overdue at end")], [[str(x) for x in r] for r in rrows]))

    # Contacts
    pkeys = list(names["purpose"])
    story.append(c.KeepTogether([
        c.markup(c.esc(_("People and notices (Arts. 13–14)")), "h1"),
        _bars(_("Purpose links added by purpose"),
                       [chart_label(name(names["purpose"][k])) for k in pkeys],
                       [cur["contacts"]["added_by_purpose"].get(k, 0) for k in pkeys],
                       [prev["contacts"]["added_by_purpose"].get(k, 0) for k in pkeys], qn, pn, horizontal=True,
                       height=50 * c.mm)]))
    skeys = list(names["source"])
    crow = [[name(names["purpose"][pk])] + [str(_added(cur, pk, sk)) for sk in skeys] +
            [str(cur["contacts"]["added_by_purpose"].get(pk, 0))] for pk in pkeys]
    story.append(c.table([i18n.pgettext("quarterly report", "Purpose", lang)]
                         + [name(names["source"][sk]) for sk in skeys]
                         + [i18n.pgettext("quarterly report", "Total", lang)], crow))
    a14 = cur["art14"]
    story.append(c.Spacer(1, 4 * c.mm))
    story.append(c.key_values([
        (_("People added"), _fmt(cur["contacts"]["people_added"], "n", lang)),
        (_("People erased (erasure)"), _fmt(cur["contacts"]["erased"], "n", lang)),
        (_("Art. 14 notices sent"), _fmt(a14["sent"], "n", lang)),
        (_("… of which late"), _fmt(a14["sent_late"], "n", lang)),
        (_("Notices overdue at quarter end"), _fmt(a14["overdue_at_end"], "n", lang)),
    ]))

    # Processors
    pr, pp = cur["processors"], prev["processors"]
    story.append(c.markup(c.esc(_("Acting as a processor (Art. 28)")), "h1"))
    prow = [(_("Active at end"), "active_at_end"), (i18n.pgettext("engagements", "New", lang), "new"),
            (i18n.pgettext("engagements", "Ended", lang), "ended"), (_("Without agreement"), "without_agreement"),
            (_("Agreement lacks clauses"), "missing_clauses"),
            (_("Ended, no return/delete decision"), "ended_without_decision"),
            (i18n.pgettext("quarterly report", "Accesses", lang), "accesses"),
            (_("Accesses without a customer request"), "accesses_without_request")]
    story.append(c.table([i18n.pgettext("quarterly report", "Engagements", lang), qn, pn],
                         [[lab, _fmt(pr[k], "n", lang), _fmt(pp.get(k), "n", lang)] for lab, k in prow],
                         col_widths=[110 * c.mm, 30 * c.mm, 30 * c.mm]))

    # Breaches
    br = cur["breaches"]
    story.append(c.markup(c.esc(_("Personal-data breaches (Arts. 33–34)")), "h1"))
    story.append(c.para(_("{total} breach(es), {notifiable} notifiable; the 72-hour rule was met in {met}, late with a "
                          "reason in {late_with_reason}, not met in {not_met}. Previous quarter: {previous} "
                          "breach(es).").format(total=br["total"], notifiable=br["notifiable"], met=br["rule_met"],
                                                late_with_reason=br["late_with_reason"], not_met=br["rule_not_met"],
                                                previous=prev["breaches"]["total"])))
    if br.get("processor_role"):  # snapshots issued before this figure existed lack it
        story.append(c.para(_("As controller {controller}, as processor {processor} (Art. 33(2)): controllers told "
                              "within the agreement's limit {in_time}, late or not at all {late}.").format(
            controller=br.get("controller_role", 0), processor=br["processor_role"],
            in_time=br.get("controllers_told_in_time", 0), late=br.get("controllers_told_late", 0))))
    if br["list"]:
        met_text = {"met": i18n.pgettext("72-hour rule", "met", lang),
                    "not_met": i18n.pgettext("72-hour rule", "NOT met", lang),
                    "late_with_reason": _("late, reason recorded"),
                    "running": i18n.pgettext("72-hour rule", "clock running", lang)}
        risk_text = {"unlikely": i18n.pgettext("risk, short", "unlikely", lang),
                     "risk": i18n.pgettext("risk, short", "risk", lang),
                     "high": i18n.pgettext("risk, short", "high", lang)}
        yes, no = i18n.pgettext("quarterly report", "yes", lang), i18n.pgettext("quarterly report", "no", lang)
        brow = []
        for b in br["list"]:
            aware = dt.datetime.fromisoformat(b["aware_at"])
            brow.append([f"#{b['id']}", _when(aware, lang),
                         risk_text.get(b["risk"], "–"),
                         "–" if b["notify"] is None else (yes if b["notify"] else no),
                         "–" if b["hours_taken"] is None else f"{b['hours_taken']:.0f} h",
                         (yes if b["customer_told"] else no) if b["processor_role"] else "–",
                         met_text[b["met"]]])
        story.append(c.table(["#", i18n.pgettext("quarterly report", "Aware", lang),
                              i18n.pgettext("quarterly report", "Risk", lang),
                              i18n.pgettext("quarterly report", "Notify", lang), _("Time to notify"),
                              _("Customer told (processor)"), _("Deadline (72 h / agreement)")], brow,
                             col_widths=[a * c.mm for a in (10, 28, 20, 24, 26, 24, 38)]))

    # Notice
    story.append(c.markup(c.esc(_("Privacy notice completeness (Arts. 13–14)")), "h1"))
    nt = cur["notice"]
    if not nt["available"]:
        story.append(c.para(_("The notice completeness check was not available."), "small"))
    else:
        story.append(c.para(_("{present} item(s) present, {missing} missing ({mandatory} mandatory), {unconfirmed} "
                              "unconfirmed.").format(present=nt["present"], missing=nt["missing"],
                                                     mandatory=nt["missing_mandatory"], unconfirmed=nt["unconfirmed"])))
        gaps = [i for i in nt["items"] if i.get("status") != "present"]
        if gaps:
            st_text = {"missing": i18n.pgettext("notice item", "missing", lang),
                       "unconfirmed": i18n.pgettext("notice item", "unconfirmed", lang)}
            def item_title(i):  # a snapshot issued before Swedish titles were kept: by the English msgid
                return i.get(f"title_{lang}") or (i18n.gettext(i["title_en"], lang) if i.get("title_en") else "")
            story.append(c.table([i18n.pgettext("notice item", "Item", lang), _("Requirement"),
                                  i18n.pgettext("notice item", "Status", lang)],
                                 [[f"{i.get('item') or ''} {item_title(i)}".strip(),
                                   i.get("requirement") or "", st_text.get(i.get("status"), i.get("status"))] for i in gaps],
                                 col_widths=[110 * c.mm, 30 * c.mm, 30 * c.mm]))

    # Findings
    fs = cur["findings"]
    story.append(c.markup(c.esc(_("Open findings")), "h1"))
    sev = fs["by_severity"]
    story.append(c.para(_("{total} finding(s): high {high}, medium {medium}, low {low} (as of {date}).").format(
        total=fs["total"], high=sev["high"], medium=sev["medium"], low=sev["low"],
        date=fmt.date(dt.date.fromisoformat(cur["computed_on"]), lang))))
    if fs["by_rule"]:
        story.append(c.table([i18n.pgettext("finding", "Rule", lang), i18n.pgettext("finding", "Article", lang),
                              i18n.pgettext("finding", "Count", lang)],
                             [[i18n.pgettext("finding", RULES[k][1], lang) if k in RULES else k, RULES[k][0] if k in RULES else "", str(n)]
                              for k, n in fs["by_rule"].items()],
                             col_widths=[120 * c.mm, 30 * c.mm, 20 * c.mm]))
    footer = f"{names['controller']} · {title}"
    return c.build(story, title=title, footer=footer, lang=lang)


def _added(fig: dict, purpose: str, source: str) -> int:
    return sum(n for p, s, n in fig["contacts"]["added"] if p == purpose and s == source)
