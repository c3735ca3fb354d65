"""Swedish texts of the outputs a person receives (issue 18 §2): the access report (Art. 15), the
refusal, extension and erasure letters (Art. 12(3)-(4), 17, 19), beside the Finnish and English (fi, en)
tables of those builders. (The breach texts' Swedish has moved to the catalogs: kpcore/locale/sv.)

Finland-Swedish administrative and GDPR usage: personuppgiftsansvarig (controller),
personuppgiftsbiträde (processor), dataskyddsombud (DPO), den registrerade (data subject),
Dataombudsmannens byrå (the Office of the Data Protection Ombudsman), rätt till tillgång (access),
dates as 1.12.2026. Each table has the keys of its Finnish/English table; tests/test_swedish.py
fails when a key lacks its Swedish.

These tables are the step before the gettext catalogs (kpcore/i18n.py): when a builder's texts move
to catalog messages, its Swedish moves with them into kpcore/locale/sv.
"""
from __future__ import annotations

# kpcore.models
REQUEST_TYPE = {
    "access": "Rätt till tillgång (art. 15)",
    "rectification": "Rättelse (art. 16)",
    "erasure": "Radering (art. 17)",
    "restriction": "Begränsning av behandling (art. 18)",
    "portability": "Dataportabilitet (art. 20)",
    "objection": "Invändning (art. 21)",
}
REQUEST_STATUS = {
    "received": "Mottagen",
    "awaiting_identity": "Väntar på identitetskontroll",
    "in_progress": "Under behandling",
    "extended": "Tidsfristen förlängd",
    "completed": "Klar",
    "refused": "Avslagen",
}

# kpcore.erasure
GROUNDS = {
    "a": "17.1 a: uppgifterna är inte längre nödvändiga för de ändamål för vilka de samlades in",
    "b": "17.1 b: den registrerade har återkallat sitt samtycke och det finns ingen annan rättslig grund för "
         "behandlingen",
    "c": "17.1 c: den registrerade har invänt mot behandlingen (artikel 21) och det finns inga berättigade skäl "
         "som väger tyngre, eller det gäller direktmarknadsföring",
    "d": "17.1 d: uppgifterna har behandlats på ett olagligt sätt",
    "e": "17.1 e: uppgifterna måste raderas för att uppfylla en rättslig förpliktelse",
    "f": "17.1 f: uppgifterna har samlats in i samband med erbjudande av informationssamhällets tjänster till "
         "ett barn",
}
EXCEPTIONS = {
    "legal_obligation": "17.3 b: för att uppfylla en rättslig förpliktelse (t.ex. bokföringslagen 1336/1997)",
    "legal_claims": "17.3 e: för att fastställa, göra gällande eller försvara rättsliga anspråk",
    "running_contract": "skyldigheter enligt ett gällande kundavtal: uppgifterna behövs fortfarande (17.1 a "
                        "uppfylls inte)",
    "freedom_of_expression": "17.3 a: yttrande- och informationsfrihet",
    "public_health": "17.3 c: allmänintresset på folkhälsoområdet",
    "archiving": "17.3 d: arkivändamål av allmänintresse, forskning eller statistik",
}

# kpcore.marketing
MARKETING_BASIS = {
    "work_role": "arbetsroll: en adress i personens organisation, marknadsföringen gäller personens "
                 "arbetsuppgifter (rätt att förbjuda räcker)",
    "existing_customer": "kundförhållande: egna liknande produkter till en kund vars kontaktuppgifter har "
                         "erhållits i samband med en försäljning (rätt att förbjuda räcker)",
    "consent": "samtycke (givet på förhand; tidpunkt, kanal, textens version och sätt registrerade)",
    "none": "ingen elektronisk direktmarknadsföring: endast telefon eller post",
}

# kpcore.pdf.sar (the access report)
SAR = {
    "title": "Utredning om dina personuppgifter",
    "subtitle": "Den registrerades rätt till tillgång, artikel 15 i EU:s allmänna dataskyddsförordning",
    "controller": "Personuppgiftsansvarig",
    "dpo": "Dataskyddsombud",
    "to": "Mottagare",
    "request_no": "Begärans nummer",
    "request_type": "Begäran",
    "received": "Begäran mottagen",
    "answered": "Datum för svaret",
    "due": "Svaret senast",
    "extension": "Förlängning av tidsfristen",
    "no_extension": "Inte förlängd",
    "extended_fmt": "Förlängd {on}; motivering: {reason}",
    "id_pause": "Identitetskontroll",
    "id_pause_fmt": "Begärd {asked}, mottagen {got}",
    "searched": "Sökt med uppgifterna",
    "s_confirm": "Bekräftelse av behandlingen",
    "confirm_yes": "Vi bekräftar att {controller} behandlar personuppgifter som gäller dig. Nedan finns en kopia av "
                   "alla uppgifter som vårt register innehåller om dig och information om hur de behandlas.",
    "s_copy": "Kopia av dina uppgifter",
    "f_name": "Namn", "f_email": "E-postadress", "f_phone": "Telefonnummer",
    "f_organisation": "Organisation", "f_title": "Titel",
    "f_restricted": "Behandlingen begränsad (art. 18)",
    "f_created_at": "Införd i registret", "f_updated_at": "Senast ändrad",
    "yes": "Ja", "no": "Nej", "empty": "(inte registrerad)",
    "links_head": "Ändamål för vilka dina uppgifter behandlas",
    "purpose": "Ändamål", "source": "Källa", "collected": "Insamlad",
    "notice_sent": "Du informerades",
    "s_purposes": "Ändamålen med behandlingen och den rättsliga grunden",
    "basis": "Rättslig grund", "interest": "Berättigat intresse",
    "group": "Grupp",
    "s_categories": "Kategorier av personuppgifter som behandlas",
    "s_sources": "Varifrån uppgifterna har erhållits",
    "source_fmt": "{purpose}: {source} – {description}; insamlad {collected}{public}.",
    "public": " (en allmänt tillgänglig källa)",
    "from_you": " (från dig själv)",
    "s_recipients": "Mottagare av uppgifterna",
    "recipient": "Mottagare", "role": "Roll", "country": "Land",
    "no_recipients": "Dina uppgifter lämnas inte ut till några mottagare.",
    "s_transfers": "Överföringar utanför EU och EES",
    "transfer_fmt": "{name} ({country}): skyddsåtgärd {safeguard}",
    "s_retention": "Hur länge uppgifterna lagras",
    "s_visits": "Besök på webbplatsen från IP-adressen {ip}",
    "visits_lead": "I analysen av webbesök har {n} besök från den IP-adress du uppgav registrerats "
                   "({first} – {last}).",
    "visits_more": "Nedan visas de {shown} senaste besöken. Alla {n} besök med alla uppgifter ger vi som en "
                   "maskinläsbar fil (CSV eller JSON) som bilaga till denna utredning eller på begäran.",
    "visits_none": "Inga besök från IP-adressen {ip} som du uppgav har registrerats.",
    "visited_at": "Tid", "ip": "IP-adress", "browser": "Webbläsare", "page": "Sida",
    "truncated": " (förkortad)",
    "s_requests": "Dina begäranden",
    "type": "Typ", "status": "Status",
    "s_rights": "Dina rättigheter",
    "s_complaint": "Rätt att lämna in klagomål till tillsynsmyndigheten",
    "s_automated": "Automatiserat beslutsfattande och profilering",
    "signature": "Med vänliga hälsningar",
    "none_title": "Svar på din begäran om tillgång",
    "none_body": "Vi har kontrollerat vårt register. {controller} behandlar inga personuppgifter som gäller dig: "
                 "vårt register innehåller inga uppgifter med ovanstående sökuppgifter.",
    "none_ip": "Inte heller från IP-adressen {ip} som du uppgav har några besök på webbplatsen registrerats.",
    "none_more": "Om du har kontaktat oss med en annan e-postadress eller ett annat telefonnummer kan du meddela "
                 "oss det, så kontrollerar vi också det.",
    "proc_title": "Svar på din begäran om tillgång: den personuppgiftsansvarige är vår kund",
    "proc_body": "{controller} behandlar inga personuppgifter som gäller dig i egenskap av personuppgiftsansvarig. "
                 "Av din e-postadress att döma kan du vara användare i ett system hos vår kund, där vi är "
                 "personuppgiftsbiträde (underbiträde) för kundens räkning. Kunden är personuppgiftsansvarig för "
                 "dessa uppgifter och svarar på din begäran.",
    "portability_none": "Rätten till dataportabilitet gäller inte behandlingen av dina uppgifter, eftersom den inte "
                        "grundar sig på samtycke eller avtal.",
    "customer": "Personuppgiftsansvarig (kund)",
    "proc_forwarded": "Vi förmedlade din begäran till kunden {on} (mottagare: {to}) och hjälper kunden att svara "
                      "på den (artikel 28.3 e i dataskyddsförordningen).",
    "proc_will_forward": "Vi förmedlar din begäran till kunden utan dröjsmål och hjälper kunden att svara på den "
                         "(artikel 28.3 e i dataskyddsförordningen).",
    "answers": "Svar på din begäran",
    "answers_fmt": "Med denna utredning besvaras din begäran nr {id} {on}. Begäran har behandlats (status: {status}).",
    "detail": "närmare",
    "retention_lead": "Nedan anges lagringstiden för varje ändamål och, för dina uppgifter, den dag då den löper "
                      "ut. När lagringstiden har löpt ut raderas uppgifterna.",
    "rule": "Regel", "your_end": "Dina uppgifter",
    "visits_shared": "Samma IP-adress kan användas av flera personer (till exempel på en arbetsplats eller i en "
                     "kommuns nät), så besöken från en adress kan vara andra personers.",
    "visits_unconfirmed": "Därför tar vi inte med de besök som registrerats från adressen {ip} i denna utredning "
                          "förrän vi har försäkrat oss om att adressen används av dig ensam. Vi kontaktar dig för "
                          "att bekräfta detta.",
    "visits_confirmed": "Vi har försäkrat oss om att adressen används av dig.",
    "systems": "System",
    "customer_contact": "Kontaktuppgifter",
}
SAR_SYSTEMS = {
    "s_systems": "Dina uppgifter i företagets system",
    "systems_lead": "Din begäran har behandlats i varje system där dina uppgifter kan finnas. Nedan anges "
                    "resultatet för varje system; den fullständiga förteckningen finns i JSON/CSV-kopian av "
                    "denna utredning.",
    "run_by": "Underhålls av", "own": "KuntaPlus själv",
    "result": "Resultat", "checked": "Kontrollerat",
    "open": "Kontrollen pågår ännu.",
    "na": "Gäller inte denna begäran: {reason}",
    "found": "Hittades: {summary}", "notfound": "Inga uppgifter hittades.",
    "more": "De {shown} första av {n} anges; alla finns i JSON/CSV-kopian.",
    "m_date": "Datum", "m_folder": "Mapp", "m_subject": "Ämne",
    "m_people": "Andra parter", "row": "Rad", "values": "Uppgifter",
}
UNCONFIRMED = " [OBEKRÄFTAT]"
UNCONFIRMED_NOTE = ("Obs.: avsnitt märkta [OBEKRÄFTAT] är förslag som dataskyddsombudet ännu inte har bekräftat. "
                    "De är inte bekräftade uppgifter om behandlingen.")
MARKETING_BASIS_LEAD = "Grund för elektronisk marknadsföring: "

# kpcore.pdf.letters (refusal, extension, erasure)
LETTERS = {
    "refusal_title": "Beslut om din begäran: begäran tillmötesgås inte",
    "extension_title": "Meddelande om förlängd svarstid",
    "subtitle": "EU:s allmänna dataskyddsförordning, artikel 12",
    "controller": "Personuppgiftsansvarig", "dpo": "Dataskyddsombud",
    "to": "Mottagare", "request_no": "Begärans nummer",
    "request_type": "Begäran", "received": "Begäran mottagen",
    "date": "Datum", "new_due": "Ny tidsfrist",
    "refusal_lead": "Vi har behandlat din begäran. Vi tillmötesgår den inte av följande skäl:",
    "refusal_law": "Beslutet grundar sig på artikel 12.4 och 12.5 i dataskyddsförordningen. Den "
                   "personuppgiftsansvarige ska informera den registrerade om varför begäran inte tillmötesgås och "
                   "om möjligheten att lämna in klagomål till en tillsynsmyndighet och att begära rättslig prövning.",
    "remedies": "Rättsmedel",
    "extension_lead": "Vi tog emot din begäran {received}. Med stöd av artikel 12.3 i dataskyddsförordningen "
                      "förlängs svarstiden med ytterligare två månader. Vi svarar senast {due}.",
    "reason": "Orsak till förlängningen",
    "signature": "Med vänliga hälsningar",
    "erasure_title": "Svar på din begäran om radering",
    "erasure_subtitle": "EU:s allmänna dataskyddsförordning, artiklarna 17 och 19",
    "erasure_done": "Vi har raderat de personuppgifter som gäller dig ur vårt register. Grund:",
    "erasure_partial": "Vi har raderat de personuppgifter som gäller dig ur vårt register, med undantag för de "
                       "ändamål som anges nedan, där det enligt artikel 17.3 i dataskyddsförordningen finns grund "
                       "för att bevara uppgifterna. Dessa uppgifter behandlas endast i den omfattning som denna "
                       "grund kräver. Grund för raderingen:",
    "kept": "Uppgifter som bevaras och grunden för det",
    "suppression": "För att dina uppgifter inte ska föras in i registret på nytt bevarar vi endast ett nycklat "
                   "hashvärde av din e-postadress och ditt telefonnummer, ur vilket de inte kan återställas. "
                   "Om behandlingen av din begäran bevaras minimiuppgifter (begärans nummer, typ, datum, grund och "
                   "resultat) på grund av ansvarsskyldigheten (artikel 5.2).",
    "recipients": "Vi meddelar raderingen till de mottagare till vilka dina uppgifter har lämnats ut "
                  "(artikel 19); på begäran berättar vi vilka de är.",
}
