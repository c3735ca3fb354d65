"""The company's facts, as data: what `kp init` puts in a new register.

Every fact of the current privacy notice (tietosuojaseloste) is here as a catalog message (context
"seed ..."): the Finnish as the notice writes it, English and Swedish beside it in kpcore/locale. The Swedish (issue 18: Finland is bilingual) is a
proposal: every Swedish fact starts unconfirmed (statement.confirmed, purpose/source/recipient
.sv_confirmed), so the Swedish notice (dataskyddsbeskrivning) cannot be published before the DPO
has read and confirmed it, while the Finnish and English notices are not held back by it. What the notice lacks and the law requires (legal
bases, retention, recipients, rights, ...) is proposed here with confirmed = False: the
completeness check shows it as a gap until the DPO confirms or changes it.
"""
from __future__ import annotations

import functools

from . import i18n
from .i18n import NP_

CONTROLLER = {
    "name": "KuntaPlus-projektipalvelu",
    "street": "Kivikaarenkatu 21",
    "postcode": "33400",
    "city": "Tampere",
    "email": "info@kuntaplus.fi",
    "dpo_email": "pekka.vaatanen@kuntaplus.fi",
}

# (key, kind, name, aliases). Aliases are column names (lower case) that mean the category.
_CATEGORIES = [
    ("phone", "ordinary", NP_("seed data category", "Phone number"),
     "phone|puhelin|puhelinnumero|puh|matkapuhelin|gsm|mobile|tel|telephone"),
    ("email", "ordinary", NP_("seed data category", "Email address"),
     "email|e-mail|sähköposti|sähköpostiosoite|sposti|email address"),
    ("name", "ordinary", NP_("seed data category", "Name"),
     "name|nimi|full name|koko nimi"),
    ("organisation", "ordinary", NP_("seed data category", "Organisation"),
     "organisation|organization|organisaatio|org|kunta|company|yritys"),
    ("title", "ordinary", NP_("seed data category", "Title"),
     "title|titteli|nimike|tehtävänimike|job title"),
    ("ip_address", "ordinary", NP_("seed data category", "IP address"),
     "ip|ip address|ip-osoite"),
    ("browser", "ordinary", NP_("seed data category", "Browser data"),
     "browser|user agent|selain|selaintiedot"),
    ("site_usage", "ordinary", NP_("seed data category", "Website usage data"),
     "page|sivu|site usage"),
    ("username", "ordinary", NP_("seed data category", "Username"),
     "username|käyttäjätunnus|tunnus|login"),
    ("user_level", "ordinary", NP_("seed data category", "User level"),
     "user level|käyttäjätaso|rooli|role"),
    ("access_rights", "ordinary", NP_("seed data category", "Organisation-unit and project-specific rights"),
     "rights|oikeudet|käyttöoikeudet|access rights"),
    ("health", "special", NP_("seed data category", "Health data"),
     "health|terveys|terveystiedot|terveydentila|health data|diagnosis|diagnoosi|sairaus|sairaudet|allergia|allergiat|allergies|medical|lääkitys|medication|disability|vamma"),
    ("religion", "special", NP_("seed data category", "Religious or philosophical beliefs"),
     "religion|uskonto|vakaumus|belief|beliefs|religious belief|uskonnollinen vakaumus|katsomus"),
    ("trade_union", "special", NP_("seed data category", "Trade-union membership"),
     "trade union|trade union membership|union|union membership|ammattiliitto|ammattiliiton jäsenyys|ay-jäsenyys"),
    ("ethnic_origin", "special", NP_("seed data category", "Racial or ethnic origin"),
     "ethnicity|ethnic origin|etninen alkuperä|etnisyys|race|rotu|racial origin"),
    ("political_opinion", "special", NP_("seed data category", "Political opinions"),
     "political opinion|political opinions|politics|poliittinen kanta|poliittiset mielipiteet|puolue|party|political party"),
    ("sexual_orientation", "special", NP_("seed data category", "Sex life or sexual orientation"),
     "sexual orientation|seksuaalinen suuntautuminen|suuntautuminen|sex life|sukupuolielämä"),
    ("genetic", "special", NP_("seed data category", "Genetic data"),
     "genetic|genetic data|geneettinen|geneettiset tiedot|dna|geenitiedot"),
    ("biometric", "special", NP_("seed data category", "Biometric data"),
     "biometric|biometric data|biometrinen|biometriset tiedot|fingerprint|sormenjälki|face image|kasvokuva"),
    ("criminal", "special", NP_("seed data category", "Criminal convictions and offences"),
     "criminal record|criminal convictions|rikostausta|rikosrekisteri|rikostuomiot"),
    ("password", "credential", NP_("seed data category", "Password"),
     "password|salasana|passwd|pwd|pin|pin code|pin-koodi|credentials|tunnussana|passphrase|password hash"),
]

_PURPOSES = [
    {
        "key": "sales_marketing", "sort": 1, "legal_basis": "legitimate_interests",
        "retention_anchor": "last_contact", "retention_months": 36, "direct_marketing": True,
        "categories": ["phone", "email", "name", "organisation", "title"],
        "name": NP_("seed purpose name", "Sales and marketing"),
        "group": None,
        "subjects": NP_("seed purpose subjects", ("Current and potential customers (contact persons in "
                                      "municipalities and cities)")),
        "legitimate_interest": NP_("seed purpose legitimate interest", ("Managing customer relationships and marketing "
                                                 "our services and the software we resell to "
                                                 "contact persons in municipalities and cities.")),
        "provision": NP_("seed purpose provision", ("Providing the data is voluntary. Without contact details "
                                       "we cannot send offers or news.")),
    },
    {
        "key": "expert_admin", "sort": 2, "legal_basis": "legitimate_interests",
        "retention_anchor": "contract_end", "retention_months": 24, "direct_marketing": False,
        "categories": ["phone", "email", "name", "organisation", "title"],
        "name": NP_("seed purpose name", "Expert-service contact persons – group 1"),
        "group": NP_("seed purpose group", ("administrators of systems and software, contact persons for "
                                   "support services")),
        "subjects": NP_("seed purpose subjects", ("Administrators and support contact persons of customer "
                                      "organisations")),
        "legitimate_interest": NP_("seed purpose legitimate interest", ("Delivering the expert and support services "
                                                 "agreed with the customer organisation.")),
        "provision": NP_("seed purpose provision", ("The data is needed to deliver the agreed service; without "
                                       "it we cannot provide support.")),
    },
    {
        "key": "expert_user", "sort": 3, "legal_basis": "legitimate_interests",
        "retention_anchor": "last_training_support", "retention_months": 24, "direct_marketing": False,
        "categories": ["email", "name", "organisation", "title"],
        "name": NP_("seed purpose name", "Expert-service contact persons – group 2"),
        "group": NP_("seed purpose group", "end users of systems and software, training participants"),
        "subjects": NP_("seed purpose subjects", "End users and training participants of customer organisations"),
        "legitimate_interest": NP_("seed purpose legitimate interest", ("Delivering the training and user support ordered"
                                                 " by the customer organisation.")),
        "provision": NP_("seed purpose provision", ("The data is needed to enrol in training and to receive "
                                       "user support.")),
    },
    {
        "key": "web_analytics", "sort": 4, "legal_basis": "consent",
        "retention_anchor": "collection", "retention_months": 14, "direct_marketing": False,
        "categories": ["ip_address", "browser", "site_usage"],
        "name": NP_("seed purpose name", "Web visit analytics and statistics"),
        "group": None,
        "subjects": NP_("seed purpose subjects", "Visitors of the web site"),
        "legitimate_interest": None,
        "provision": NP_("seed purpose provision", ("Providing the data is voluntary: analytics cookies are set"
                                       " only with your consent, and the site can be used without "
                                       "them.")),
    },
]

# (key, sort, name, description, publicly available, from the person); the description continues the
# notice's lead "Henkilötiedot on saatu ensisijaisesti ..." / "Personuppgifterna har i första hand samlats in ...".
_SOURCES = [
    ("direct", 1, NP_("seed source", "Contacts with us"),
     NP_("seed source description", "when people contact us (emails, phone calls)"), False, True),
    ("partner", 2, NP_("seed source", "Partner"),
     NP_("seed source description", "from a partner"), False, False),
    ("public", 3, NP_("seed source", "Public sources"),
     NP_("seed source description", ("from public sources, such as contact details published on "
                                    "city web sites")), True, False),
]

# Proposed recipients (categories of recipients), unconfirmed until the DPO names them:
# (id, name, role, purposes, is a processor).
_RECIPIENTS = [
    (1, NP_("seed recipient", "Provider of the email and office software service"),
     NP_("seed recipient role", "Processor: email and documents"),
     ["sales_marketing", "expert_admin", "expert_user"], True),
    (2, NP_("seed recipient", ("Operator of the customer relationship management system (CRM) and the "
                           "servers")),
     NP_("seed recipient role", "Processor: customer register and hosting"),
     ["sales_marketing", "expert_admin", "expert_user"], True),
    (3, NP_("seed recipient", "Provider of the web analytics service"),
     NP_("seed recipient role", "Processor: web analytics"),
     ["web_analytics"], True),
    (4, NP_("seed recipient", "Suppliers of project-management software (software companies)"),
     NP_("seed recipient role", ("Recipient: the software vendor a support request is passed to for"
                                " resolution")),
     ["expert_admin", "expert_user"], False),
]

# key -> (text, confirmed). confirmed=True: the seed notice says it (or the law fixes it); the Swedish
# is always seeded unconfirmed (a proposal for the DPO).
_STATEMENTS = {
    "title": (NP_("seed statement", "PRIVACY NOTICE FOR MARKETING AND CUSTOMER SERVICE"), True),
    "business_description": (NP_("seed statement", ("KuntaPlus-projektipalvelu provides training and customer-specific "
                           "expert services for project-management systems, and supports the "
                           "administrators and end users of those systems. The company also "
                           "resells project-management software to municipalities and cities, and "
                           "takes part in developing project-management solutions together with "
                           "software companies. Its customers are mainly units of the technical "
                           "sector, such as municipal engineering units and the units that build "
                           "and maintain a city's properties.")), True),
    "concerns": (NP_("seed statement", ("This privacy notice explains how we process personal data for the "
                           "sales and marketing of our services and for delivering our expert "
                           "services. It concerns the current and potential customers of "
                           "KuntaPlus-projektipalvelu.")), True),
    "sources_lead": (NP_("seed statement", "Personal data has been obtained primarily"), True),
    "processor_role": (NP_("seed statement", ("Where KuntaPlus-projektipalvelu provides contracted expert and support"
                           " services in an information system that a third party has supplied to "
                           "the customer, KuntaPlus-projektipalvelu staff do not process the "
                           "Customer's personal data in that system on their own initiative, but "
                           "only when the Customer asks for it or when delivering the agreed "
                           "service requires it.")), True),
    "processor_categories_lead": (NP_("seed statement", "The third-party systems normally hold the following personal data:"), True),
    "processor_credentials": (NP_("seed statement", ("The software vendor sends the sign-in credentials of third-party "
                           "systems (username and password) directly to the customer's user. "
                           "KuntaPlus-projektipalvelu does not know customers' passwords and keeps"
                           " no register of them.")), True),
    "special_categories": (NP_("seed statement", ("No sensitive (special-category) personal data is processed or recorded"
                           " at all in the expert services, user support or other work "
                           "KuntaPlus-projektipalvelu does for its customers.")), True),
    "recipients_lead": (NP_("seed statement", ("Processors process personal data on our behalf and on our "
                           "instructions. Other recipients receive data only for the purpose "
                           "stated below. The data is not sold or disclosed for marketing "
                           "purposes.")), False),
    "recipients_none": (NP_("seed statement", "Personal data is not disclosed or transferred to third parties."), False),
    "transfers_none": (NP_("seed statement", ("Personal data is not transferred outside the European Union or the "
                           "European Economic Area.")), False),
    "rights": (NP_("seed statement", ("You have the right of access to your data (Article 15 of the EU "
                           "General Data Protection Regulation), to have inaccurate data rectified"
                           " (Art. 16), to ask for erasure (Art. 17) and to ask for restriction of"
                           " processing (Art. 18). Send requests to the data protection officer. "
                           "We answer within one month of receiving the request at the latest; "
                           "where a request is complex or there are many requests, the period may "
                           "be extended by at most two further months, and we tell you of the "
                           "extension and its reasons within the first month.")), False),
    "consent_withdrawal": (NP_("seed statement", ("Where processing is based on consent, you may withdraw it at any time,"
                           " for example in the cookie settings or by telling the data protection "
                           "officer. Withdrawal does not affect the lawfulness of processing "
                           "before it.")), False),
    "direct_marketing_objection": (NP_("seed statement", ("You have the right to object at any time to the use of your data for "
                           "direct marketing (Article 21(2)). You need not give reasons, and it is"
                           " free of charge. After an objection your data is no longer used for "
                           "direct marketing (Article 21(3)).")), False),
    "complaint": (NP_("seed statement", ("You have the right to lodge a complaint with the supervisory authority"
                           " if you consider that the processing of your personal data infringes "
                           "the GDPR: Office of the Data Protection Ombudsman "
                           "(Tietosuojavaltuutetun toimisto), PL 800, 00531 Helsinki, Finland; "
                           "visiting address Lintulahdenkuja 4, 00530 Helsinki; switchboard +358 "
                           "29 566 6700; tietosuoja@om.fi; tietosuoja.fi.")), True),
    "court_remedy": (NP_("seed statement", ("You also have the right to an effective judicial remedy before a court"
                           " (Article 79 GDPR).")), True),
    "automated_decisions": (NP_("seed statement", "Personal data is not used for automated decision-making or profiling."), False),
    "security_measures": (NP_("seed statement", ("Only staff who need the data for their work have access, with personal"
                           " credentials. The systems are protected by firewalls, encrypted "
                           "connections and backups, and staff are bound by confidentiality.")), False),
}

PROCESSOR_ROLE_CATEGORIES = ["name", "username", "email", "organisation", "title", "user_level", "access_rights"]


_TEXTS = ("name", "group", "subjects", "legitimate_interest", "provision")


@functools.cache
def _tables() -> dict:
    """The seed's facts in the shapes `load` and the migrations read: Finnish, English and Swedish
    taken from the catalogs (read on first use, not at import)."""
    def t(message, lang):
        return i18n.gettext(message, lang) if message is not None else None

    purposes = []
    for p in _PURPOSES:
        row = {k: v for k, v in p.items() if k not in _TEXTS}
        for f in _TEXTS:
            row |= {f"{f}_{lang}": t(p[f], lang) for lang in ("fi", "en", "sv")}
        purposes.append(row)
    return {
        "CATEGORIES": [(k, kind, t(m, "fi"), t(m, "en"), aliases) for k, kind, m, aliases in _CATEGORIES],
        "CATEGORIES_SV": {k: t(m, "sv") for k, _kind, m, _aliases in _CATEGORIES},
        "PURPOSES": purposes,
        "SOURCES": [(k, sort, t(n, "fi"), t(n, "en"), t(d, "fi"), t(d, "en"), public, own)
                    for k, sort, n, d, public, own in _SOURCES],
        "SOURCES_SV": {k: (t(n, "sv"), t(d, "sv")) for k, _sort, n, d, *_rest in _SOURCES},
        "RECIPIENTS": [(rid, t(n, "fi"), t(r, "fi"), t(r, "en"), purposes_, proc)
                       for rid, n, r, purposes_, proc in _RECIPIENTS],
        "RECIPIENTS_SV": {rid: t(r, "sv") for rid, _n, r, *_rest in _RECIPIENTS},
        "RECIPIENT_NAMES": {rid: {"sv": t(n, "sv"), "en": t(n, "en")} for rid, n, *_rest in _RECIPIENTS},
        "STATEMENTS": {k: (t(m, "fi"), t(m, "en"), confirmed) for k, (m, confirmed) in _STATEMENTS.items()},
        "STATEMENTS_SV": {k: t(m, "sv") for k, (m, _confirmed) in _STATEMENTS.items()},
    }


def __getattr__(name: str):
    """seed.CATEGORIES, seed.PURPOSES, seed.STATEMENTS_SV, ...: built from the catalogs when first read."""
    tables = _tables()
    if name in tables:
        return tables[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


SETTINGS = {
    "ip_full_days": "30",          # full IP addresses kept this many days, then truncated
    "notice_version_date": "",     # set when a notice is published
}


def load(con) -> None:
    """Insert the seed into an empty schema (inside the caller's transaction)."""
    tables = _tables()
    CATEGORIES, CATEGORIES_SV, PURPOSES = tables["CATEGORIES"], tables["CATEGORIES_SV"], tables["PURPOSES"]
    SOURCES, SOURCES_SV, RECIPIENTS = tables["SOURCES"], tables["SOURCES_SV"], tables["RECIPIENTS"]
    RECIPIENTS_SV, RECIPIENT_NAMES = tables["RECIPIENTS_SV"], tables["RECIPIENT_NAMES"]
    STATEMENTS, STATEMENTS_SV = tables["STATEMENTS"], tables["STATEMENTS_SV"]
    c = CONTROLLER
    con.execute("INSERT INTO controller (id, name, street, postcode, city, email, dpo_email) VALUES (1, ?, ?, ?, ?, ?, ?)",
                [c["name"], c["street"], c["postcode"], c["city"], c["email"], c["dpo_email"]])
    con.executemany("INSERT INTO data_category (key, kind, name_fi, name_en, aliases, sort, name_sv) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [[k, kind, fi, en, al, i, CATEGORIES_SV[k]] for i, (k, kind, fi, en, al) in enumerate(CATEGORIES)])
    from . import retention

    for p in PURPOSES:
        cols = [k for k in p if k != "categories"]
        # The retention sentences are generated from the rule (kpcore.retention), never typed.
        text = {f"retention_{lang}": retention.purpose_sentence(p, lang, int(SETTINGS["ip_full_days"]))
                for lang in ("fi", "en", "sv")}
        con.execute(f"INSERT INTO purpose ({', '.join(cols + list(text))}) VALUES ({', '.join('?' * (len(cols) + len(text)))})",
                    [p[k] for k in cols] + list(text.values()))
        con.executemany("INSERT INTO purpose_category (purpose, category) VALUES (?, ?)",
                        [[p["key"], cat] for cat in p["categories"]])
    con.executemany("INSERT INTO source (key, sort, name_fi, name_en, description_fi, description_en, "
                    "publicly_available, from_subject, name_sv, description_sv) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [list(s) + list(SOURCES_SV[s[0]]) for s in SOURCES])
    con.executemany("INSERT INTO processor_role_category (category) VALUES (?)",
                    [[c] for c in PROCESSOR_ROLE_CATEGORIES])
    for rid, name, role_fi, role_en, purposes, is_processor in RECIPIENTS:
        con.execute("INSERT INTO recipient (id, name, role_fi, role_en, is_processor, role_sv, name_sv, name_en) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [rid, name, role_fi, role_en, is_processor, RECIPIENTS_SV[rid], RECIPIENT_NAMES[rid]["sv"],
                     RECIPIENT_NAMES[rid]["en"]])
        con.executemany("INSERT INTO recipient_purpose VALUES (?, ?)", [[rid, p] for p in purposes])
    rows = []
    for key, (fi, en, confirmed) in STATEMENTS.items():
        rows += [[key, "fi", fi, confirmed], [key, "en", en, confirmed], [key, "sv", STATEMENTS_SV[key], False]]
    con.executemany("INSERT INTO statement (key, lang, body, confirmed) VALUES (?, ?, ?, ?)", rows)
    con.executemany("INSERT INTO setting VALUES (?, ?)", [[k, v] for k, v in SETTINGS.items()])
    seed_map(con)  # the systems map starts with this register (#12)


# The systems map's first entry (#12): this register itself (kpcore.systems owns the map).
REGISTER_SYSTEM = "Tietosuojarekisteri (tämä ohjelma)"  # a name (register data), the same in every language
_REGISTER_RETENTION = NP_("seed system retention", "As the purposes' retention periods")


def seed_map(cur) -> None:
    """This register, on every new register (inside the caller's transaction). The rest of the
    map is the DPO's to fill: the completeness check and the Systems view say so."""
    purposes = [r[0] for r in cur.execute("SELECT key FROM purpose ORDER BY sort").fetchall()]
    cats = [r[0] for r in cur.execute(
        "SELECT DISTINCT category FROM purpose_category ORDER BY category").fetchall()]
    sid = cur.execute(
        "INSERT INTO it_system (name, kind, connector, retention_fi, retention_en, retention_sv, confirmed)"
        " VALUES (?, 'register', 'register', ?, ?, ?, true) RETURNING id",
        [REGISTER_SYSTEM, *(i18n.gettext(_REGISTER_RETENTION, lang) for lang in ("fi", "en", "sv"))]).fetchall()[0][0]
    cur.executemany("INSERT INTO it_system_purpose VALUES (?, ?)", [[sid, p] for p in purposes])
    cur.executemany("INSERT INTO it_system_category (system_id, category) VALUES (?, ?)", [[sid, c] for c in cats])
