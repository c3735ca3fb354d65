"""Swedish texts of the outputs a person receives (issue 18 §2): the access report (Art. 15), the
refusal, extension and erasure letters (Art. 12(3)-(4), 17, 19), beside the Finnish and English (fi, en)
tables of those builders. The breach letters' Swedish has moved to the catalogs (kpcore/locale/sv).

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
