"""Which column of a file means which contact field: header names in Finnish or English, the
aliases the register keeps for its data categories, and the columns refused outright (a
special category of personal data, GDPR Art. 9, or a credential: the register does not
process them)."""
from __future__ import annotations

import re

from ..db import Query
from ..errors import Problem, ValidationFailed
from ..filetext import FILE_REFUSED, normalise_header
from . import reasons

# Fields of a contact row -> column names (normalised: lower case, '_' as space) meaning it.
# The category fields also take the aliases the register keeps in data_category.aliases.


# Fields of a contact row -> column names (normalised: lower case, '_' as space) meaning it.
# The category fields also take the aliases the register keeps in data_category.aliases.
FIELD_ALIASES = {
    "name": ["name", "nimi", "full name", "koko nimi"],
    "first_name": ["first name", "firstname", "given name", "etunimi", "etunimet"],
    "last_name": ["last name", "lastname", "surname", "family name", "sukunimi"],
    "email": ["email", "e-mail", "sähköposti", "sähköpostiosoite", "sposti", "email address", "e-mail address"],
    "phone": ["phone", "puhelin", "puhelinnumero", "puh", "matkapuhelin", "gsm", "mobile", "tel", "telephone",
              "phone number"],
    "organisation": ["organisation", "organization", "organisaatio", "org", "company", "yritys", "kunta"],
    "title": ["title", "titteli", "nimike", "tehtävänimike", "job title"],
    "purpose": ["purpose", "käyttötarkoitus", "tarkoitus", "käsittelyn tarkoitus"],
    "source": ["source", "lähde", "tietolähde"],
    "collected_at": ["collected at", "collected", "collected on", "date collected", "hankittu", "hankittu pvm",
                     "hankintapäivä", "hankintapvm", "kerätty", "keräyspäivä"],
    # Optional facts of the link and the person (kpcore.retention anchors; Art. 14(3)(b); Art. 15(1)(g)).
    "last_contact": ["last contact", "last contacted", "last contact on", "viimeisin yhteydenotto",
                     "viimeisin yhteydenpito", "viimeisin yhteys", "viimeksi yhteydessä"],
    "first_communication": ["first communication", "first contacted", "first contact", "first email",
                            "ensimmäinen yhteydenotto", "ensimmäinen viesti", "ensimmäinen yhteydenpito"],
    "last_training": ["last training", "last support", "last training or support", "viimeisin koulutus",
                      "viimeisin tukitapahtuma", "viimeisin koulutus tai tuki"],
    "source_detail": ["source detail", "source details", "source name", "lähteen tarkenne", "lähteen tarkennus",
                      "lähteen nimi", "tarkempi lähde", "mistä saatu"],
    # #11: electronic-marketing basis of a direct-marketing row and its consent (kpcore.marketing)
    "marketing_basis": ["marketing basis", "basis", "markkinointiperuste", "peruste", "sähköisen markkinoinnin peruste"],
    "consent_on": ["consent date", "consent on", "consent given", "suostumus pvm", "suostumuspäivä",
                   "suostumus annettu", "suostumuksen päivä"],
    "consent_channel": ["consent channel", "suostumuskanava", "suostumuksen kanava"],
    "consent_wording": ["consent wording", "consent version", "consent text", "suostumusteksti",
                        "suostumuksen versio", "suostumustekstin versio"],
    "consent_how": ["consent how", "consent method", "how consent was given", "suostumustapa", "miten suostumus annettu"],
    # Issue 18: the person's preferred language (fi, sv, en); kpcore.contacts.language reads the values.
    "language": ["language", "lang", "preferred language", "kieli", "asiointikieli", "äidinkieli", "språk",
                 "kontaktspråk"],
}

DATE_FIELDS = ("last_contact", "first_communication", "last_training")

CATEGORY_FIELDS = ("email", "name", "phone", "organisation", "title")

REQUIRED = ("email", "purpose", "source")


def _category_aliases(q: Query) -> tuple[dict[str, str], list[tuple[str, str, str, str]]]:
    """(alias -> field for contact fields, [(alias, key, kind, name_en)] for refused kinds)."""
    fields: dict[str, str] = {}
    for f, names in FIELD_ALIASES.items():
        for n in names:
            fields[n] = f
    refused = []
    for c in q.all("data_categories"):
        aliases = [a.strip() for a in (c["aliases"] or "").split("|") if a.strip()]
        if c["kind"] in ("special", "credential"):
            refused += [(a, c["key"], c["kind"], f'{c["name_en"]} / {c["name_fi"]}') for a in aliases]
        elif c["key"] in CATEGORY_FIELDS:
            for a in aliases:
                fields.setdefault(a, c["key"])
    return fields, refused


def _refused_column(header: str, refused) -> tuple[str, str, str] | None:
    """The special/credential category a column name means, matched as whole words."""
    for alias, key, kind, name_en in refused:
        if header == alias or re.search(r"(?<![\w])" + re.escape(alias) + r"(?![\w])", header):
            return key, kind, name_en
    return None


def map_header(q: Query, headers: list[str]) -> tuple[list[tuple[int, str, str]], list[str]]:
    """[(index, header, field)] and the ignored headers; refuses special/credential columns."""
    fields, refused = _category_aliases(q)
    mapped: list[tuple[int, str, str]] = []
    ignored: list[str] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for i, raw in enumerate(headers):
        h = normalise_header(raw)
        shown = str(raw or "").replace("\ufeff", "").strip() or f"#{i + 1}"
        if not h:
            ignored.append(shown)
            continue
        if h in fields:
            f = fields[h]
            if f in seen:
                problems.append(Problem(0, shown, reasons.reason(reasons.SAME_FIELD, other=repr(seen[f]), field=f)))
                continue
            seen[f] = shown
            mapped.append((i, shown, f))
            continue
        bad = _refused_column(h, refused)
        if bad:
            key, kind, name_en = bad
            message = reasons.SPECIAL_COLUMN if kind == "special" else reasons.CREDENTIAL_COLUMN
            problems.append(Problem(0, shown, reasons.reason(message, category=name_en)))
            continue
        ignored.append(shown)
    got = {f for _, _, f in mapped}
    if "name" not in got and not {"first_name", "last_name"} & got:
        problems.append(Problem(0, "name", reasons.NO_NAME_COLUMN))
    for f in REQUIRED:
        if f not in got:
            problems.append(Problem(0, f, reasons.reason(reasons.NO_COLUMN, field=f, names=" / ".join(FIELD_ALIASES[f][:3]))))
    if problems:
        raise ValidationFailed(problems, FILE_REFUSED)
    return mapped, ignored
