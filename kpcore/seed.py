"""The company's facts, as data: what `kp init` puts in a new register.

Every fact of the current privacy notice (tietosuojaseloste) is here, the Finnish as the
notice writes it, English and Swedish beside it. The Swedish (issue 18: Finland is bilingual) is a
proposal: every Swedish fact starts unconfirmed (statement.confirmed, purpose/source/recipient
.sv_confirmed), so the Swedish notice (dataskyddsbeskrivning) cannot be published before the DPO
has read and confirmed it, while the Finnish and English notices are not held back by it. What the notice lacks and the law requires (legal
bases, retention, recipients, rights, ...) is proposed here with confirmed = False: the
completeness check shows it as a gap until the DPO confirms or changes it.
"""
from __future__ import annotations

CONTROLLER = {
    "name": "KuntaPlus-projektipalvelu",
    "street": "Kivikaarenkatu 21",
    "postcode": "33400",
    "city": "Tampere",
    "email": "info@kuntaplus.fi",
    "dpo_email": "pekka.vaatanen@kuntaplus.fi",
}

# (key, kind, fi, en, aliases). Aliases are column names (lower case) that mean the category.
CATEGORIES = [
    ("phone", "ordinary", "Puhelinnumero", "Phone number", "phone|puhelin|puhelinnumero|puh|matkapuhelin|gsm|mobile|tel|telephone"),
    ("email", "ordinary", "Sähköpostiosoite", "Email address", "email|e-mail|sähköposti|sähköpostiosoite|sposti|email address"),
    ("name", "ordinary", "Nimi", "Name", "name|nimi|full name|koko nimi"),
    ("organisation", "ordinary", "Organisaatio", "Organisation", "organisation|organization|organisaatio|org|kunta|company|yritys"),
    ("title", "ordinary", "Titteli", "Title", "title|titteli|nimike|tehtävänimike|job title"),
    ("ip_address", "ordinary", "IP-osoite", "IP address", "ip|ip address|ip-osoite"),
    ("browser", "ordinary", "Selaintiedot", "Browser data", "browser|user agent|selain|selaintiedot"),
    ("site_usage", "ordinary", "Tiedot verkkosivun käytöstä", "Website usage data", "page|sivu|site usage"),
    ("username", "ordinary", "Käyttäjätunnus", "Username", "username|käyttäjätunnus|tunnus|login"),
    ("user_level", "ordinary", "Käyttäjätaso", "User level", "user level|käyttäjätaso|rooli|role"),
    ("access_rights", "ordinary", "Organisaatioyksikkökohtaiset ja hankekohtaiset oikeudet",
     "Organisation-unit and project-specific rights", "rights|oikeudet|käyttöoikeudet|access rights"),
    # Art. 9 special categories (and Art. 10): recognised only to be refused.
    ("health", "special", "Terveystiedot", "Health data",
     "health|terveys|terveystiedot|terveydentila|health data|diagnosis|diagnoosi|sairaus|sairaudet|allergia|allergiat|allergies|medical|lääkitys|medication|disability|vamma"),
    ("religion", "special", "Uskonnollinen tai filosofinen vakaumus", "Religious or philosophical beliefs",
     "religion|uskonto|vakaumus|belief|beliefs|religious belief|uskonnollinen vakaumus|katsomus"),
    ("trade_union", "special", "Ammattiliiton jäsenyys", "Trade-union membership",
     "trade union|trade union membership|union|union membership|ammattiliitto|ammattiliiton jäsenyys|ay-jäsenyys"),
    ("ethnic_origin", "special", "Rotu tai etninen alkuperä", "Racial or ethnic origin",
     "ethnicity|ethnic origin|etninen alkuperä|etnisyys|race|rotu|racial origin"),
    ("political_opinion", "special", "Poliittiset mielipiteet", "Political opinions",
     "political opinion|political opinions|politics|poliittinen kanta|poliittiset mielipiteet|puolue|party|political party"),
    ("sexual_orientation", "special", "Seksuaalinen suuntautuminen tai sukupuolielämä", "Sex life or sexual orientation",
     "sexual orientation|seksuaalinen suuntautuminen|suuntautuminen|sex life|sukupuolielämä"),
    ("genetic", "special", "Geneettiset tiedot", "Genetic data", "genetic|genetic data|geneettinen|geneettiset tiedot|dna|geenitiedot"),
    ("biometric", "special", "Biometriset tiedot", "Biometric data",
     "biometric|biometric data|biometrinen|biometriset tiedot|fingerprint|sormenjälki|face image|kasvokuva"),
    ("criminal", "special", "Rikostuomiot ja rikkomukset", "Criminal convictions and offences",
     "criminal record|criminal convictions|rikostausta|rikosrekisteri|rikostuomiot"),
    # Credentials: the register has no place for them.
    ("password", "credential", "Salasana", "Password",
     "password|salasana|passwd|pwd|pin|pin code|pin-koodi|credentials|tunnussana|passphrase|password hash"),
]

# Swedish names of the categories (Finland-Swedish legal usage, the Swedish GDPR's terms).
CATEGORIES_SV = {
    "phone": "Telefonnummer", "email": "E-postadress", "name": "Namn", "organisation": "Organisation",
    "title": "Titel", "ip_address": "IP-adress", "browser": "Webbläsaruppgifter",
    "site_usage": "Uppgifter om användningen av webbplatsen", "username": "Användarnamn",
    "user_level": "Användarnivå", "access_rights": "Organisationsenhets- och projektspecifika rättigheter",
    "health": "Uppgifter om hälsa", "religion": "Religiös eller filosofisk övertygelse",
    "trade_union": "Medlemskap i fackförening", "ethnic_origin": "Ras eller etniskt ursprung",
    "political_opinion": "Politiska åsikter", "sexual_orientation": "Sexualliv eller sexuell läggning",
    "genetic": "Genetiska uppgifter", "biometric": "Biometriska uppgifter",
    "criminal": "Fällande domar i brottmål och överträdelser", "password": "Lösenord",
}

PURPOSES = [
    {
        "key": "sales_marketing", "sort": 1,
        "name_fi": "Myynti ja markkinointi", "name_en": "Sales and marketing",
        "group_fi": None, "group_en": None,
        "subjects_fi": "Nykyiset ja potentiaaliset asiakkaat (kuntien ja kaupunkien yhteyshenkilöt)",
        "subjects_en": "Current and potential customers (contact persons in municipalities and cities)",
        "legal_basis": "legitimate_interests",
        "legitimate_interest_fi": "Asiakassuhteen hoitaminen sekä palveluidemme ja jälleenmyymiemme ohjelmistojen markkinointi kuntien ja kaupunkien yhteyshenkilöille.",
        "legitimate_interest_en": "Managing customer relationships and marketing our services and the software we resell to contact persons in municipalities and cities.",
        "retention_anchor": "last_contact", "retention_months": 36,
        "provision_fi": "Tietojen antaminen on vapaaehtoista. Ilman yhteystietoja emme voi lähettää tarjouksia emmekä tiedotteita.",
        "provision_en": "Providing the data is voluntary. Without contact details we cannot send offers or news.",
        "name_sv": "Försäljning och marknadsföring", "group_sv": None,
        "subjects_sv": "Nuvarande och potentiella kunder (kontaktpersoner i kommuner och städer)",
        "legitimate_interest_sv": "Skötsel av kundrelationer samt marknadsföring av våra tjänster och av den "
                                  "programvara vi återförsäljer till kontaktpersoner i kommuner och städer.",
        "provision_sv": "Det är frivilligt att lämna uppgifterna. Utan kontaktuppgifter kan vi inte skicka offerter "
                        "eller meddelanden.",
        "direct_marketing": True,
        "categories": ["phone", "email", "name", "organisation", "title"],
    },
    {
        "key": "expert_admin", "sort": 2,
        "name_fi": "Asiantuntijapalveluiden yhteyshenkilöt – ryhmä 1",
        "name_en": "Expert-service contact persons – group 1",
        "group_fi": "järjestelmien ja ohjelmistojen pääkäyttäjät, tukipalveluiden yhteyshenkilöt",
        "group_en": "administrators of systems and software, contact persons for support services",
        "subjects_fi": "Asiakasorganisaatioiden pääkäyttäjät ja tukipalveluiden yhteyshenkilöt",
        "subjects_en": "Administrators and support contact persons of customer organisations",
        "legal_basis": "legitimate_interests",
        "legitimate_interest_fi": "Asiakasorganisaation kanssa sovittujen asiantuntija- ja tukipalveluiden toteuttaminen.",
        "legitimate_interest_en": "Delivering the expert and support services agreed with the customer organisation.",
        "retention_anchor": "contract_end", "retention_months": 24,
        "provision_fi": "Tiedot ovat tarpeen sovitun palvelun toteuttamiseksi; ilman niitä emme voi tarjota tukea.",
        "provision_en": "The data is needed to deliver the agreed service; without it we cannot provide support.",
        "name_sv": "Kontaktpersoner för experttjänster – grupp 1",
        "group_sv": "huvudanvändare av system och programvara, kontaktpersoner för supporttjänster",
        "subjects_sv": "Kundorganisationernas huvudanvändare och kontaktpersoner för supporttjänster",
        "legitimate_interest_sv": "Genomförandet av de expert- och supporttjänster som har avtalats med "
                                  "kundorganisationen.",
        "provision_sv": "Uppgifterna behövs för att den avtalade tjänsten ska kunna genomföras; utan dem kan vi inte "
                        "ge support.",
        "direct_marketing": False,
        "categories": ["phone", "email", "name", "organisation", "title"],
    },
    {
        "key": "expert_user", "sort": 3,
        "name_fi": "Asiantuntijapalveluiden yhteyshenkilöt – ryhmä 2",
        "name_en": "Expert-service contact persons – group 2",
        "group_fi": "järjestelmien ja ohjelmistojen loppukäyttäjät, koulutuksiin osallistuvat",
        "group_en": "end users of systems and software, training participants",
        "subjects_fi": "Asiakasorganisaatioiden loppukäyttäjät ja koulutuksiin osallistuvat",
        "subjects_en": "End users and training participants of customer organisations",
        "legal_basis": "legitimate_interests",
        "legitimate_interest_fi": "Asiakasorganisaation tilaamien koulutusten ja käyttötuen toteuttaminen.",
        "legitimate_interest_en": "Delivering the training and user support ordered by the customer organisation.",
        "retention_anchor": "last_training_support", "retention_months": 24,
        "provision_fi": "Tiedot ovat tarpeen koulutukseen ilmoittautumista ja käyttötukea varten.",
        "provision_en": "The data is needed to enrol in training and to receive user support.",
        "name_sv": "Kontaktpersoner för experttjänster – grupp 2",
        "group_sv": "slutanvändare av system och programvara, deltagare i utbildningar",
        "subjects_sv": "Kundorganisationernas slutanvändare och deltagare i utbildningar",
        "legitimate_interest_sv": "Genomförandet av de utbildningar och den användarsupport som kundorganisationen "
                                  "har beställt.",
        "provision_sv": "Uppgifterna behövs för anmälan till utbildning och för användarsupport.",
        "direct_marketing": False,
        "categories": ["email", "name", "organisation", "title"],
    },
    {
        "key": "web_analytics", "sort": 4,
        "name_fi": "Verkkovierailujen analytiikka ja statistiikka",
        "name_en": "Web visit analytics and statistics",
        "group_fi": None, "group_en": None,
        "subjects_fi": "Verkkosivuston vierailijat",
        "subjects_en": "Visitors of the web site",
        "legal_basis": "consent",
        "legitimate_interest_fi": None, "legitimate_interest_en": None,
        "retention_anchor": "collection", "retention_months": 14,
        "provision_fi": "Tietojen antaminen on vapaaehtoista: analytiikkaevästeet asetetaan vain suostumuksellasi, ja sivustoa voi käyttää ilman niitä.",
        "provision_en": "Providing the data is voluntary: analytics cookies are set only with your consent, and the site can be used without them.",
        "name_sv": "Analys och statistik över webbesök", "group_sv": None,
        "subjects_sv": "Besökare på webbplatsen", "legitimate_interest_sv": None,
        "provision_sv": "Det är frivilligt att lämna uppgifterna: analyskakor används endast med ditt samtycke, och "
                        "webbplatsen kan användas utan dem.",
        "direct_marketing": False,
        "categories": ["ip_address", "browser", "site_usage"],
    },
]

SOURCES = [
    ("direct", 1, "Yhteydenotot", "Contacts with us",
     "yhteydenottojen yhteydessä (sähköpostit, puhelut)", "when people contact us (emails, phone calls)",
     False, True),
    ("partner", 2, "Yhteistyökumppani", "Partner",
     "yhteistyökumppanilta", "from a partner", False, False),
    ("public", 3, "Julkiset lähteet", "Public sources",
     "julkisista lähteistä, kuten kaupunkien web-sivustoilla julkaistuista yhteystiedoista",
     "from public sources, such as contact details published on city web sites", True, False),
]

# key -> (name, description) in Swedish; the description continues the lead "Personuppgifterna har i
# första hand samlats in ..." as the Finnish one continues "Henkilötiedot on saatu ensisijaisesti ...".
SOURCES_SV = {
    "direct": ("Kontakter med oss", "i samband med att personer kontaktar oss (e-post, telefonsamtal)"),
    "partner": ("Samarbetspartner", "från en samarbetspartner"),
    "public": ("Offentliga källor", "från offentliga källor, till exempel kontaktuppgifter som publicerats på "
                                    "städernas webbplatser"),
}

PROCESSOR_ROLE_CATEGORIES = ["name", "username", "email", "organisation", "title", "user_level", "access_rights"]

# Proposed recipients (categories of recipients): unconfirmed until the DPO names them.
RECIPIENTS = [
    (1, "Sähköposti- ja toimisto-ohjelmistopalvelun tarjoaja", "Henkilötietojen käsittelijä: sähköposti ja asiakirjat",
     "Processor: email and documents", ["sales_marketing", "expert_admin", "expert_user"], True),
    (2, "Asiakkuudenhallintajärjestelmän (CRM) ja palvelinten ylläpitäjä", "Henkilötietojen käsittelijä: asiakasrekisterin ylläpito ja palvelinpalvelut",
     "Processor: customer register and hosting", ["sales_marketing", "expert_admin", "expert_user"], True),
    (3, "Verkkoanalytiikkapalvelun tarjoaja", "Henkilötietojen käsittelijä: verkkosivuston analytiikka",
     "Processor: web analytics", ["web_analytics"], True),
    (4, "Projektihallintaohjelmistojen toimittajat (ohjelmistotalot)",
     "Vastaanottaja: ohjelmistotoimittaja, jolle tukipyyntö välitetään ratkaistavaksi",
     "Recipient: the software vendor a support request is passed to for resolution", ["expert_admin", "expert_user"],
     False),
]

# recipient id -> its name in Swedish and English (proposals, as the roles): the seeded recipients are
# categories of recipients described in words, not company names.
RECIPIENT_NAMES = {
    1: {"sv": "Leverantör av e-post- och kontorsprogramtjänsten", "en": "Provider of the email and office software service"},
    2: {"sv": "Förvaltare av kundrelationssystemet (CRM) och servrarna",
        "en": "Operator of the customer relationship management system (CRM) and the servers"},
    3: {"sv": "Leverantör av webbanalystjänsten", "en": "Provider of the web analytics service"},
    4: {"sv": "Leverantörer av projekthanteringsprogram (programvaruföretag)",
        "en": "Suppliers of project-management software (software companies)"},
}

# recipient id -> its role in Swedish (personuppgiftsbiträde = processor, Art. 28).
RECIPIENTS_SV = {
    1: "Personuppgiftsbiträde: e-post och dokument",
    2: "Personuppgiftsbiträde: underhåll av kundregistret och servertjänster",
    3: "Personuppgiftsbiträde: analys av webbplatsen",
    4: "Mottagare: programvaruleverantör som en supportbegäran förmedlas till för att lösas",
}

AUTHORITY_FI = ("Tietosuojavaltuutetun toimisto, PL 800, 00531 Helsinki; käyntiosoite Lintulahdenkuja 4, "
                "00530 Helsinki; vaihde 029 566 6700; tietosuoja@om.fi; tietosuoja.fi")
AUTHORITY_EN = ("Office of the Data Protection Ombudsman (Tietosuojavaltuutetun toimisto), PL 800, 00531 Helsinki, "
                "Finland; visiting address Lintulahdenkuja 4, 00530 Helsinki; switchboard +358 29 566 6700; "
                "tietosuoja@om.fi; tietosuoja.fi")

AUTHORITY_SV = ("Dataombudsmannens byrå, PB 800, 00531 Helsingfors; besöksadress Fågelviksgränden 4, "
                "00530 Helsingfors; växel 029 566 6700; tietosuoja@om.fi; tietosuoja.fi/sv")

# key -> (fi, en, confirmed). confirmed=True: the seed notice says it (or the law fixes it).
STATEMENTS = {
    "title": ("MARKKINOINNIN JA ASIAKASPALVELUN TIETOSUOJASELOSTE",
              "PRIVACY NOTICE FOR MARKETING AND CUSTOMER SERVICE", True),
    "business_description": (
        "KuntaPlus-projektipalvelu kouluttaa ja tekee projektihallinnan järjestelmiin asiakaskohtaista "
        "asiantuntijapalvelua sekä järjestelmien pääkäyttäjien ja loppukäyttäjien käytön tukea. Lisäksi yritys "
        "toimii projektihallintaohjelmistojen jälleenmyyjänä kunnille ja kaupungeille sekä osallistuu "
        "projektihallintaratkaisujen kehitystyöhön yhdessä ohjelmistotalojen kanssa. Asiakkaat ovat pääasiassa "
        "teknisen toimialan yksiköitä, kuten yhdyskuntatekniikan yksiköt, kaupungin kiinteistöjä rakennuttavat "
        "ja kunnossapitävät yksiköt.",
        "KuntaPlus-projektipalvelu provides training and customer-specific expert services for project-management "
        "systems, and supports the administrators and end users of those systems. The company also resells "
        "project-management software to municipalities and cities, and takes part in developing "
        "project-management solutions together with software companies. Its customers are mainly units of the "
        "technical sector, such as municipal engineering units and the units that build and maintain a city's "
        "properties.", True),
    "concerns": (
        "Tässä tietosuojaselosteessa kerrotaan, miten käsittelemme henkilötietoja palveluidemme myyntiä, "
        "markkinointia ja asiantuntijapalveluiden toteuttamista varten. Seloste koskee KuntaPlus-projektipalvelun "
        "nykyisiä ja potentiaalisia asiakkaita.",
        "This privacy notice explains how we process personal data for the sales and marketing of our services and "
        "for delivering our expert services. It concerns the current and potential customers of "
        "KuntaPlus-projektipalvelu.", True),
    "sources_lead": ("Henkilötiedot on saatu ensisijaisesti", "Personal data has been obtained primarily", True),
    "processor_role": (
        "Mikäli KuntaPlus-projektipalvelu toimii sopimuksellisena asiantuntija- sekä tukipalveluja toteuttavana "
        "yrityksenä kolmannen osapuolen asiakkaalle toimittamassa tietojärjestelmässä, KuntaPlus-projektipalvelun "
        "henkilöstö ei itsenäisesti käsittele tietojärjestelmässä olevia Asiakkaan henkilötietoja muuten kuin "
        "Asiakkaan pyytäessä sitä tai kun sovitun palvelun tuottaminen sitä vaatii.",
        "Where KuntaPlus-projektipalvelu provides contracted expert and support services in an information system "
        "that a third party has supplied to the customer, KuntaPlus-projektipalvelu staff do not process the "
        "Customer's personal data in that system on their own initiative, but only when the Customer asks for it "
        "or when delivering the agreed service requires it.", True),
    "processor_categories_lead": (
        "Kolmannen osapuolen järjestelmissä ylläpidetään normaalisti seuraavia henkilötietoja:",
        "The third-party systems normally hold the following personal data:", True),
    "processor_credentials": (
        "Kolmannen osapuolen järjestelmien sisäänkirjautumistunnukset (käyttäjätunnus ja salasana) "
        "ohjelmistotoimittaja lähettää suoraan asiakkaan käyttäjälle. KuntaPlus-projektipalvelu ei tiedä "
        "asiakkaiden salasanoja eikä ylläpidä niistä tietorekisteriä.",
        "The software vendor sends the sign-in credentials of third-party systems (username and password) "
        "directly to the customer's user. KuntaPlus-projektipalvelu does not know customers' passwords and keeps "
        "no register of them.", True),
    "special_categories": (
        "KuntaPlus-projektipalvelun asiakkaalle tekemissä asiantuntijapalveluissa, käyttötuessa ym. toiminnassa ei "
        "käsitellä eikä rekisteröidä ollenkaan arkaluonteisia henkilötietoja.",
        "No sensitive (special-category) personal data is processed or recorded at all in the expert services, "
        "user support or other work KuntaPlus-projektipalvelu does for its customers.", True),
    "recipients_lead": (
        "Henkilötietojen käsittelijät käsittelevät henkilötietoja puolestamme ja ohjeidemme mukaisesti. Muille "
        "vastaanottajille tietoja luovutetaan vain alla kerrottuun tarkoitukseen. Tietoja ei myydä eikä luovuteta "
        "markkinointitarkoituksiin.",
        "Processors process personal data on our behalf and on our instructions. Other recipients receive data "
        "only for the purpose stated below. The data is not sold or disclosed for marketing purposes.", False),
    "recipients_none": (
        "Henkilötietoja ei luovuteta eikä siirretä kolmansille osapuolille.",
        "Personal data is not disclosed or transferred to third parties.", False),
    "transfers_none": (
        "Henkilötietoja ei siirretä Euroopan unionin tai Euroopan talousalueen ulkopuolelle.",
        "Personal data is not transferred outside the European Union or the European Economic Area.", False),
    "rights": (
        "Sinulla on oikeus saada pääsy tietoihisi (EU:n yleisen tietosuoja-asetuksen 15 artikla), vaatia "
        "virheellisten tietojen oikaisemista (16 art.), pyytää tietojesi poistamista (17 art.) ja pyytää "
        "käsittelyn rajoittamista (18 art.). Pyynnöt lähetetään tietosuojavastaavalle. Vastaamme viimeistään "
        "kuukauden kuluessa pyynnön saapumisesta; jos pyyntö on monimutkainen tai pyyntöjä on paljon, "
        "määräaikaa voidaan pidentää enintään kahdella kuukaudella, ja kerromme pidennyksestä ja sen syistä "
        "ensimmäisen kuukauden aikana.",
        "You have the right of access to your data (Article 15 of the EU General Data Protection Regulation), to "
        "have inaccurate data rectified (Art. 16), to ask for erasure (Art. 17) and to ask for restriction of "
        "processing (Art. 18). Send requests to the data protection officer. We answer within one month of "
        "receiving the request at the latest; where a request is complex or there are many requests, the period "
        "may be extended by at most two further months, and we tell you of the extension and its reasons within "
        "the first month.", False),
    "consent_withdrawal": (
        "Kun käsittely perustuu suostumukseen, voit peruuttaa suostumuksesi milloin tahansa, esimerkiksi "
        "evästeasetuksista tai ilmoittamalla tietosuojavastaavalle. Peruutus ei vaikuta ennen sitä tehdyn "
        "käsittelyn lainmukaisuuteen.",
        "Where processing is based on consent, you may withdraw it at any time, for example in the cookie "
        "settings or by telling the data protection officer. Withdrawal does not affect the lawfulness of "
        "processing before it.", False),
    "direct_marketing_objection": (
        "Sinulla on oikeus milloin tahansa kieltää tietojesi käyttö suoramarkkinointiin (21 artiklan 2 kohta). "
        "Kieltoa ei tarvitse perustella, ja se on maksuton. Kiellon jälkeen tietojasi ei enää käytetä "
        "suoramarkkinointiin (21 artiklan 3 kohta).",
        "You have the right to object at any time to the use of your data for direct marketing (Article 21(2)). "
        "You need not give reasons, and it is free of charge. After an objection your data is no longer used for "
        "direct marketing (Article 21(3)).", False),
    "complaint": (
        "Sinulla on oikeus tehdä valitus valvontaviranomaiselle, jos katsot, että henkilötietojesi käsittely "
        "rikkoo tietosuoja-asetusta: " + AUTHORITY_FI + ".",
        "You have the right to lodge a complaint with the supervisory authority if you consider that the "
        "processing of your personal data infringes the GDPR: " + AUTHORITY_EN + ".", True),
    "court_remedy": (
        "Sinulla on myös oikeus saattaa asia tuomioistuimen käsiteltäväksi (tietosuoja-asetuksen 79 artikla).",
        "You also have the right to an effective judicial remedy before a court (Article 79 GDPR).", True),
    "automated_decisions": (
        "Henkilötietoja ei käytetä automaattiseen päätöksentekoon eikä profilointiin.",
        "Personal data is not used for automated decision-making or profiling.", False),
    "security_measures": (
        "Tietoihin pääsevät vain niitä työssään tarvitsevat henkilöt henkilökohtaisin tunnuksin. Järjestelmät on "
        "suojattu palomuurein, salatuin yhteyksin ja varmuuskopioin, ja henkilöstöä sitoo vaitiolovelvollisuus.",
        "Only staff who need the data for their work have access, with personal credentials. The systems are "
        "protected by firewalls, encrypted connections and backups, and staff are bound by confidentiality.",
        False),
}

# key -> Swedish text of the statement: always seeded unconfirmed (a proposal for the DPO).
STATEMENTS_SV = {
    "title": "DATASKYDDSBESKRIVNING FÖR MARKNADSFÖRING OCH KUNDSERVICE",
    "business_description": (
        "KuntaPlus-projektipalvelu utbildar och tillhandahåller kundspecifika experttjänster för "
        "projekthanteringssystem samt stöd för systemens huvudanvändare och slutanvändare. Företaget är dessutom "
        "återförsäljare av projekthanteringsprogram till kommuner och städer och deltar i utvecklingen av "
        "projekthanteringslösningar tillsammans med programvaruföretag. Kunderna är i huvudsak enheter inom den "
        "tekniska sektorn, såsom enheter för kommunalteknik samt enheter som bygger och underhåller stadens "
        "fastigheter."),
    "concerns": (
        "I denna dataskyddsbeskrivning berättar vi hur vi behandlar personuppgifter för försäljning och "
        "marknadsföring av våra tjänster och för genomförandet av våra experttjänster. Beskrivningen gäller "
        "nuvarande och potentiella kunder till KuntaPlus-projektipalvelu."),
    "sources_lead": "Personuppgifterna har i första hand samlats in",
    "processor_role": (
        "Om KuntaPlus-projektipalvelu på basis av avtal tillhandahåller expert- och supporttjänster i ett "
        "informationssystem som en tredje part har levererat till kunden, behandlar KuntaPlus-projektipalvelus "
        "personal inte på eget initiativ Kundens personuppgifter i informationssystemet, utan endast när Kunden "
        "begär det eller när det krävs för att den avtalade tjänsten ska kunna tillhandahållas."),
    "processor_categories_lead": "I tredje parters system finns normalt följande personuppgifter:",
    "processor_credentials": (
        "Inloggningsuppgifterna till tredje parters system (användarnamn och lösenord) skickar "
        "programvaruleverantören direkt till kundens användare. KuntaPlus-projektipalvelu känner inte till "
        "kundernas lösenord och för inget register över dem."),
    "special_categories": (
        "I de experttjänster, den användarsupport och den övriga verksamhet som KuntaPlus-projektipalvelu utför "
        "för sina kunder behandlas eller registreras inga känsliga personuppgifter överhuvudtaget."),
    "recipients_lead": (
        "Personuppgiftsbiträden behandlar personuppgifter för vår räkning och enligt våra instruktioner. Till "
        "andra mottagare lämnas uppgifter ut endast för det ändamål som anges nedan. Uppgifterna säljs inte och "
        "lämnas inte ut för marknadsföringsändamål."),
    "recipients_none": "Personuppgifter lämnas inte ut och överförs inte till tredje parter.",
    "transfers_none": ("Personuppgifter överförs inte utanför Europeiska unionen eller Europeiska ekonomiska "
                       "samarbetsområdet."),
    "rights": (
        "Du har rätt till tillgång till dina uppgifter (artikel 15 i EU:s allmänna dataskyddsförordning), rätt "
        "att kräva att felaktiga uppgifter rättas (art. 16), rätt att begära att dina uppgifter raderas (art. 17) "
        "och rätt att begära begränsning av behandlingen (art. 18). Begäranden skickas till dataskyddsombudet. Vi "
        "svarar senast en månad efter att begäran kom in; om begäran är komplicerad eller begärandena är många "
        "kan tidsfristen förlängas med högst två månader, och vi meddelar dig om förlängningen och orsakerna till "
        "den inom den första månaden."),
    "consent_withdrawal": (
        "När behandlingen grundar sig på samtycke kan du när som helst återkalla ditt samtycke, till exempel i "
        "inställningarna för kakor eller genom att meddela dataskyddsombudet. Återkallandet påverkar inte "
        "lagligheten av behandlingen innan samtycket återkallades."),
    "direct_marketing_objection": (
        "Du har rätt att när som helst invända mot att dina uppgifter används för direktmarknadsföring "
        "(artikel 21.2). Du behöver inte motivera invändningen, och den är kostnadsfri. Efter en invändning "
        "används dina uppgifter inte längre för direktmarknadsföring (artikel 21.3)."),
    "complaint": (
        "Du har rätt att lämna in ett klagomål till tillsynsmyndigheten om du anser att behandlingen av dina "
        "personuppgifter strider mot dataskyddsförordningen: " + AUTHORITY_SV + "."),
    "court_remedy": "Du har också rätt att föra saken till domstol (artikel 79 i dataskyddsförordningen).",
    "automated_decisions": "Personuppgifter används inte för automatiserat beslutsfattande eller profilering.",
    "security_measures": (
        "Endast personer som behöver uppgifterna i sitt arbete har tillgång till dem, med personliga "
        "användarkoder. Systemen är skyddade med brandväggar, krypterade förbindelser och säkerhetskopior, och "
        "personalen har tystnadsplikt."),
}

SETTINGS = {
    "ip_full_days": "30",          # full IP addresses kept this many days, then truncated
    "notice_version_date": "",     # set when a notice is published
}


def load(con) -> None:
    """Insert the seed into an empty schema (inside the caller's transaction)."""
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
REGISTER_SYSTEM = "Tietosuojarekisteri (tämä ohjelma)"


def seed_map(cur) -> None:
    """This register, on every new register (inside the caller's transaction). The rest of the
    map is the DPO's to fill: the completeness check and the Systems view say so."""
    purposes = [r[0] for r in cur.execute("SELECT key FROM purpose ORDER BY sort").fetchall()]
    cats = [r[0] for r in cur.execute(
        "SELECT DISTINCT category FROM purpose_category ORDER BY category").fetchall()]
    sid = cur.execute(
        "INSERT INTO it_system (name, kind, connector, retention_fi, retention_en, retention_sv, confirmed)"
        " VALUES (?, 'register', 'register', ?, ?, ?, true) RETURNING id",
        [REGISTER_SYSTEM, "Käyttötarkoitusten säilytysaikojen mukaan", "As the purposes' retention periods",
         "Enligt ändamålens lagringstider"]).fetchall()[0][0]
    cur.executemany("INSERT INTO it_system_purpose VALUES (?, ?)", [[sid, p] for p in purposes])
    cur.executemany("INSERT INTO it_system_category (system_id, category) VALUES (?, ?)", [[sid, c] for c in cats])
