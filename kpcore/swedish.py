"""Swedish texts of the outputs a person receives (issue 18 §2): the access report (Art. 15), the
refusal, extension and erasure letters (Art. 12(3)-(4), 17, 19) and the letters to people about a
breach (Art. 34), beside the Finnish and English (fi, en) tables of those builders.

Finland-Swedish administrative and GDPR usage: personuppgiftsansvarig (controller),
personuppgiftsbiträde (processor), dataskyddsombud (DPO), den registrerade (data subject),
Dataombudsmannens byrå (the Office of the Data Protection Ombudsman), rätt till tillgång (access),
dates as 1.12.2026. Each table has the keys of its Finnish/English table; tests/test_swedish.py
fails when a key lacks its Swedish.

These tables are the step before the gettext catalogs (kpcore/i18n.py): when a builder's texts move
to catalog messages, its Swedish moves with them into kpcore/locale/sv.
"""
from __future__ import annotations

# kpcore.marketing
MARKETING_BASIS = {
    "work_role": "arbetsroll: en adress i personens organisation, marknadsföringen gäller personens "
                 "arbetsuppgifter (rätt att förbjuda räcker)",
    "existing_customer": "kundförhållande: egna liknande produkter till en kund vars kontaktuppgifter har "
                         "erhållits i samband med en försäljning (rätt att förbjuda räcker)",
    "consent": "samtycke (givet på förhand; tidpunkt, kanal, textens version och sätt registrerade)",
    "none": "ingen elektronisk direktmarknadsföring: endast telefon eller post",
}

# kpcore.breach.texts: the letter to a person about a personal data breach (Art. 34(2))
OMBUDSMAN = "Dataombudsmannens byrå, PB 800, 00531 Helsingfors, tietosuoja@om.fi"
BREACH_TYPES = {
    "confidentiality": "Konfidentialitet (uppgifterna röjdes)",
    "integrity": "Integritet (uppgifterna ändrades)",
    "availability": "Tillgänglighet (uppgifterna förlorades eller var inte tillgängliga)",
}
ADVICE = {
    "confidentiality": "Var försiktig med oväntade meddelanden där man ber om användaruppgifter eller betalningar, "
                       "och byt lösenord om du har använt samma lösenord på annat håll.",
    "integrity": "Kontrollera att dina uppgifter är korrekta och meddela oss om fel.",
    "availability": "Om du behöver dina uppgifter kan du begära dem av oss; vi återställer dem från "
                    "säkerhetskopiorna.",
}
BREACH_LETTER = {
    "title": "Personuppgiftsincident som gäller dina personuppgifter",
    "dear": "Bästa {name},",
    "dear_nobody": "mottagare",
    "lead": "vi berättar om en personuppgiftsincident som gäller dina personuppgifter. Incidenten kan medföra en "
            "hög risk för dig, och därför berättar vi om den direkt för dig (artikel 34 i "
            "dataskyddsförordningen).",
    "s1": "1. Vad har hänt", "aware": "Vi fick kännedom om incidenten",
    "data": "Uppgifter om dig som berörs",
    "s2": "2. Vad det kan innebära för dig",
    "s3": "3. Vad vi har gjort och vad du kan göra",
    "s4": "4. Vem du kan kontakta",
    "dpo": "Dataskyddsombud", "authority": "Tillsynsmyndighet",
    "unknown": "(ännu inte känt)", "yes": "ja", "no": "nej", "approx": " (uppskattning)",
    "footer": "personuppgiftsincident",
}
