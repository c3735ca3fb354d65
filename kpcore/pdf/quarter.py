"""The quarterly compliance report for the management, with charts (reportlab.graphics).

`quarter_pdf(rep, names, lang)` is pure: `rep` is kpcore.quarter.report(...), `names`
maps purpose/source/rule keys to their fi/en names. Each figure stands beside the
previous quarter's.
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
    return f"Q{quarter[-1]} {quarter[:4]}" if lang == "en" else f"{quarter[-1]}/{quarter[:4]}"


def _basis(part: dict, lang: str) -> str:
    f = part["figures"]
    if part["issued_at"]:
        at = part["issued_at"]
        at = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(str(at))
        return (f"issued {at:%Y-%m-%d} (frozen snapshot)" if lang == "en"
                else f"julkaistu {fmt.date(at)} (jäädytetty)")
    on = dt.date.fromisoformat(f["computed_on"])
    return f"computed {on:%Y-%m-%d} from the register" if lang == "en" else f"laskettu rekisteristä {fmt.date(on)}"


def quarter_pdf(rep: dict, names: dict, lang: str = "fi", *, rules: dict | None = None) -> bytes:
    """The report as PDF bytes. `rules`: kpcore.compliance.RULES (the findings' severity and names),
    given by kpcore.quarter: this builder imports nothing from the rule modules."""
    from ..models import request_type_text

    RULES = rules or {}

    t = (lambda fi, en: en if lang == "en" else fi)  # noqa: E731
    li = 1 if lang == "en" else 0
    cur, prev = rep["current"]["figures"], rep["previous"]["figures"]
    qn, pn = _quarter_name(rep["quarter"], lang), _quarter_name(rep["previous"]["quarter"], lang)
    start, end = dt.date.fromisoformat(cur["start"]), dt.date.fromisoformat(cur["end"])
    title = t(f"Tietosuojan neljännesvuosiraportti {qn}", f"Quarterly data-protection report {qn}")
    period = (f"{start:%Y-%m-%d} – {end:%Y-%m-%d}" if lang == "en" else f"{fmt.date(start)} – {fmt.date(end)}")
    story = [c.markup(c.esc(title), "title"),
             c.para(f"{names['controller']} · {period}", "subtitle")]
    status = t("Tämä neljännes", "This quarter") + f" ({qn}): {_basis(rep['current'], lang)}. " + \
        t("Vertailu", "Compared with") + f" {pn}: {_basis(rep['previous'], lang)}."
    if not rep["complete"]:
        status += " " + t("Neljännes on kesken: luvut päivään " + f"{fmt.date(dt.date.fromisoformat(cur['as_of']))}.",
                          f"The quarter is in progress: figures up to {cur['as_of']}.")
    story.append(c.para(status, "small"))
    tip = cur.get("audit_tip") if rep["current"]["issued_at"] else None
    if tip:  # #15 §5: the audit trail's tip when issued, so a later rewrite of it shows
        story.append(c.para(
            t(f"Lokiketju julkaisuhetkellä: tapahtuma {tip['seq']}, tiiviste {tip['hash']}"
              + (f", sinetti (HMAC-SHA-256, lokiavain) {tip['seal']}" if tip.get("seal") else "")
              + f". Tarkistus: kp audit verify --expect-tip {tip['seq']}:{tip['hash']}",
              f"Audit trail when issued: event {tip['seq']}, hash {tip['hash']}"
              + (f", seal (HMAC-SHA-256, audit key) {tip['seal']}" if tip.get("seal") else "")
              + f". Check: kp audit verify --expect-tip {tip['seq']}:{tip['hash']}"), "small"))

    # Key figures
    story.append(c.markup(c.esc(t("Keskeiset luvut", "Key figures")), "h1"))
    rows = []
    for r in rep["comparison"]:
        rows.append([r["en"] if lang == "en" else r["fi"], _fmt(r["value"], r["kind"], lang),
                     _fmt(r["previous"], r["kind"], lang), fmt.change(r["change"], r["kind"], lang)])
    story.append(c.table([t("Mittari", "Figure"), qn, pn, t("Muutos", "Change")], rows,
                         col_widths=[95 * c.mm, 25 * c.mm, 25 * c.mm, 25 * c.mm]))
    story.append(c.para(t("Selosteen ja havaintojen luvut ovat laskentapäivän tilanne; niitä verrataan vain julkaistuun "
                          "edellisen neljänneksen raporttiin.",
                          "Notice and findings figures are as of the day computed; they are compared only with an "
                          "issued report of the previous quarter."), "small"))

    # Requests
    tl = [request_type_text(k, lang).split(" (")[0] for k in REQUEST_TYPES]
    get = lambda f, k, m: (f["requests"]["by_type"].get(k) or {}).get(m) or 0  # noqa: E731
    story.append(c.KeepTogether([
        c.markup(c.esc(t("Rekisteröityjen pyynnöt (12–22 art.)", "Subject requests (Arts. 12–22)")), "h1"),
        _bars(t("Vastaanotetut pyynnöt tyypeittäin", "Requests received by type"), tl,
              [get(cur, k, "received") for k in REQUEST_TYPES], [get(prev, k, "received") for k in REQUEST_TYPES],
              qn, pn, horizontal=True, height=58 * c.mm)]))
    rrows = []
    for k, label in zip(REQUEST_TYPES, tl):
        r = cur["requests"]["by_type"].get(k) or {}
        rrows.append([label, r.get("received", 0), r.get("closed", 0), r.get("on_time", 0),
                      _fmt(r.get("median_days"), "days", lang), r.get("open_at_end", 0), r.get("overdue_at_end", 0)])
    tot = cur["requests"]["total"]
    rrows.append([t("Yhteensä", "Total"), tot["received"], tot["closed"], tot["on_time"],
                  _fmt(tot["median_days"], "days", lang), tot["open_at_end"], tot["overdue_at_end"]])
    story.append(c.table([t("Tyyppi", "Type"), t("Saapui", "Received"), t("Käsitelty", "Closed"),
                          t("Ajoissa", "On time"), t("Pv, mediaani", "Days, median"), t("Avoinna lopussa", "Open at end"),
                          t("Myöhässä lopussa", "Overdue at end")], [[str(x) for x in r] for r in rrows]))

    # Contacts
    pkeys = list(names["purpose"])
    story.append(c.KeepTogether([
        c.markup(c.esc(t("Henkilöt ja informointi (13–14 art.)", "People and notices (Arts. 13–14)")), "h1"),
        _bars(t("Uudet käyttötarkoituslinkit käyttötarkoituksittain", "Purpose links added by purpose"),
                       [chart_label(names["purpose"][k][li]) for k in pkeys],
                       [cur["contacts"]["added_by_purpose"].get(k, 0) for k in pkeys],
                       [prev["contacts"]["added_by_purpose"].get(k, 0) for k in pkeys], qn, pn, horizontal=True,
                       height=50 * c.mm)]))
    skeys = list(names["source"])
    crow = [[names["purpose"][pk][li]] + [str(_added(cur, pk, sk)) for sk in skeys] +
            [str(cur["contacts"]["added_by_purpose"].get(pk, 0))] for pk in pkeys]
    story.append(c.table([t("Käyttötarkoitus", "Purpose")] + [names["source"][sk][li] for sk in skeys] +
                         [t("Yhteensä", "Total")], crow))
    a14 = cur["art14"]
    story.append(c.Spacer(1, 4 * c.mm))
    story.append(c.key_values([
        (t("Uusia henkilöitä", "People added"), _fmt(cur["contacts"]["people_added"], "n", lang)),
        (t("Henkilöitä poistettu (poistopyynnöt)", "People erased (erasure)"), _fmt(cur["contacts"]["erased"], "n", lang)),
        (t("14 art. informointeja lähetetty", "Art. 14 notices sent"), _fmt(a14["sent"], "n", lang)),
        (t("… joista myöhässä", "… of which late"), _fmt(a14["sent_late"], "n", lang)),
        (t("Informointi myöhässä neljänneksen lopussa", "Notices overdue at quarter end"),
         _fmt(a14["overdue_at_end"], "n", lang)),
    ]))

    # Processors
    pr, pp = cur["processors"], prev["processors"]
    story.append(c.markup(c.esc(t("Alikäsittelijänä toimiminen (28 art.)", "Acting as a processor (Art. 28)")), "h1"))
    prow = [(t("Aktiivisia lopussa", "Active at end"), "active_at_end"), (t("Uusia", "New"), "new"),
            (t("Päättyneitä", "Ended"), "ended"), (t("Ilman sopimusta", "Without agreement"), "without_agreement"),
            (t("Sopimuksesta puuttuu ehtoja", "Agreement lacks clauses"), "missing_clauses"),
            (t("Päättynyt ilman palautus-/poistopäätöstä", "Ended, no return/delete decision"), "ended_without_decision"),
            (t("Käsittelykertoja", "Accesses"), "accesses"),
            (t("Käsittelyjä ilman asiakkaan pyyntöä", "Accesses without a customer request"), "accesses_without_request")]
    story.append(c.table([t("Toimeksiannot", "Engagements"), qn, pn],
                         [[lab, _fmt(pr[k], "n", lang), _fmt(pp.get(k), "n", lang)] for lab, k in prow],
                         col_widths=[110 * c.mm, 30 * c.mm, 30 * c.mm]))

    # Breaches
    br = cur["breaches"]
    story.append(c.markup(c.esc(t("Tietoturvaloukkaukset (33–34 art.)", "Personal-data breaches (Arts. 33–34)")), "h1"))
    story.append(c.para(t(f"Loukkauksia {br['total']}, joista ilmoitettavia {br['notifiable']}; 72 tunnin sääntö täyttyi "
                          f"{br['rule_met']}, myöhässä perustellusti {br['late_with_reason']}, ei täyttynyt "
                          f"{br['rule_not_met']}. Edellinen neljännes: {prev['breaches']['total']} loukkausta.",
                          f"{br['total']} breach(es), {br['notifiable']} notifiable; the 72-hour rule was met in "
                          f"{br['rule_met']}, late with a reason in {br['late_with_reason']}, not met in "
                          f"{br['rule_not_met']}. Previous quarter: {prev['breaches']['total']} breach(es).")))
    if br.get("processor_role"):  # snapshots issued before this figure existed lack it
        story.append(c.para(t(f"Rekisterinpitäjänä {br.get('controller_role', 0)}, alikäsittelijänä {br['processor_role']} "
                              f"(33 art. 2 kohta): rekisterinpitäjille ilmoitettu sopimuksen määräajassa "
                              f"{br.get('controllers_told_in_time', 0)}, myöhässä tai ei lainkaan {br.get('controllers_told_late', 0)}.",
                              f"As controller {br.get('controller_role', 0)}, as processor {br['processor_role']} "
                              f"(Art. 33(2)): controllers told within the agreement's limit {br.get('controllers_told_in_time', 0)}, "
                              f"late or not at all {br.get('controllers_told_late', 0)}.")))
    if br["list"]:
        met_text = {"met": t("täyttyi", "met"), "not_met": t("EI täyttynyt", "NOT met"),
                    "late_with_reason": t("myöhässä, syy kirjattu", "late, reason recorded"),
                    "running": t("määräaika käynnissä", "clock running")}
        risk_text = {"unlikely": t("ei todennäköinen", "unlikely"), "risk": t("riski", "risk"), "high": t("korkea", "high")}
        brow = []
        for b in br["list"]:
            aware = dt.datetime.fromisoformat(b["aware_at"])
            brow.append([f"#{b['id']}", f"{fmt.date(aware)} {aware:%H.%M}" if lang == "fi" else f"{aware:%Y-%m-%d %H:%M}",
                         risk_text.get(b["risk"], "–"),
                         "–" if b["notify"] is None else (t("kyllä", "yes") if b["notify"] else t("ei", "no")),
                         "–" if b["hours_taken"] is None else f"{b['hours_taken']:.0f} h",
                         (t("kyllä", "yes") if b["customer_told"] else t("ei", "no")) if b["processor_role"] else "–",
                         met_text[b["met"]]])
        story.append(c.table(["#", t("Havaittu", "Aware"), t("Riski", "Risk"), t("Ilmoitetaan", "Notify"),
                              t("Ilmoitusaika", "Time to notify"), t("Asiakkaalle (alikäs.)", "Customer told (processor)"),
                              t("Määräaika (72 h / sopimus)", "Deadline (72 h / agreement)")], brow,
                             col_widths=[a * c.mm for a in (10, 28, 20, 24, 26, 24, 38)]))

    # Notice
    story.append(c.markup(c.esc(t("Tietosuojaselosteen kattavuus (13–14 art.)", "Privacy notice completeness (Arts. 13–14)")), "h1"))
    nt = cur["notice"]
    if not nt["available"]:
        story.append(c.para(t("Selosteen kattavuustarkistus ei ollut käytettävissä.",
                              "The notice completeness check was not available."), "small"))
    else:
        story.append(c.para(t(f"Kohtia kunnossa {nt['present']}, puuttuu {nt['missing']} (joista pakollisia "
                              f"{nt['missing_mandatory']}), vahvistamatta {nt['unconfirmed']}.",
                              f"{nt['present']} item(s) present, {nt['missing']} missing ({nt['missing_mandatory']} "
                              f"mandatory), {nt['unconfirmed']} unconfirmed.")))
        gaps = [i for i in nt["items"] if i.get("status") != "present"]
        if gaps:
            st_text = {"missing": t("puuttuu", "missing"), "unconfirmed": t("vahvistamatta", "unconfirmed")}
            story.append(c.table([t("Kohta", "Item"), t("Vaatimus", "Requirement"), t("Tila", "Status")],
                                 [[f"{i.get('item') or ''} {i.get('title_en') if lang == 'en' else i.get('title_fi')}".strip(),
                                   i.get("requirement") or "", st_text.get(i.get("status"), i.get("status"))] for i in gaps],
                                 col_widths=[110 * c.mm, 30 * c.mm, 30 * c.mm]))

    # Findings
    fs = cur["findings"]
    story.append(c.markup(c.esc(t("Avoimet havainnot", "Open findings")), "h1"))
    sev = fs["by_severity"]
    story.append(c.para(t(f"Havaintoja {fs['total']}: korkea {sev['high']}, keskitaso {sev['medium']}, matala {sev['low']} "
                          f"(tilanne {fmt.date(dt.date.fromisoformat(cur['computed_on']))}).",
                          f"{fs['total']} finding(s): high {sev['high']}, medium {sev['medium']}, low {sev['low']} "
                          f"(as of {cur['computed_on']}).")))
    if fs["by_rule"]:
        story.append(c.table([t("Sääntö", "Rule"), t("Artikla", "Article"), t("Kpl", "Count")],
                             [[i18n.pgettext("finding", RULES[k][1], lang) if k in RULES else k, RULES[k][0] if k in RULES else "", str(n)]
                              for k, n in fs["by_rule"].items()],
                             col_widths=[120 * c.mm, 30 * c.mm, 20 * c.mm]))
    footer = f"{names['controller']} · {title}"
    return c.build(story, title=title, footer=footer, lang=lang)


def _added(fig: dict, purpose: str, source: str) -> int:
    return sum(n for p, s, n in fig["contacts"]["added"] if p == purpose and s == source)
