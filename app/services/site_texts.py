"""Operator-edited page texts (privacy notice, accessibility statement): defaults, storage, safe rendering.

A text is plain text with a tiny markup: `# ` a heading, `## ` a subheading, `- ` a list item, a
blank line between paragraphs, web and email addresses become links. Nothing else is markup: the
text is escaped, so no HTML an operator types ever reaches a page as HTML."""
import re

from markupsafe import Markup, escape

from app.db import Database
from app.i18n import LANGUAGES
from app.models import SiteText, utcnow
from app.services.errors import Invalid, NotFound

KEYS = ("privacy", "accessibility")
MAX_BODY = 50_000
_LINK = re.compile(r"(https?://[^\s<>\"')\]]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})")

# ---------------------------------------------------------------------------------------------
# Defaults. {retention} is replaced by the sentence about the retention period (settings).

_PRIVACY = {
    "nb": """# Personvernerklæring for Samling

Samling er verktøyet vi bruker til å gjennomføre samlinger og verksteder med deltakere som svarer fra mobilen. Her står hvilke opplysninger Samling behandler, hvorfor, og hvor lenge.

## Behandlingsansvarlig

[Kommunens navn] er behandlingsansvarlig. Kontakt: [adresse, e-postadresse og telefon]. Personvernombud: [navn og e-postadresse]. (Teksten i hakeparenteser fylles ut av kommunen.)

## Hva vi lagrer om deg som deltaker

- Du trenger ingen konto. Navn er frivillig: skriver du ikke noe navn, er du anonym også for fasilitatoren.
- Svarene dine (tekst, ord, stemmer, poeng, rangeringer og selvvurderinger) lagres sammen med en tilfeldig deltaker-ID, gruppen du er i og tidspunktet.
- IP-adressen din lagres ikke sammen med svarene.
- Selvvurderinger er private: rommet ser bare hvor mange som valgte hver verdi, og bare når nok har svart. I eksporter står selvvurderinger uten noen deltakernøkkel.

## Informasjonskapsler og lagring på telefonen

Samling bruker bare nødvendige informasjonskapsler, ingen til sporing eller statistikk:

- samling_participant: hvem du er i verkstedet, så du kommer tilbake til rommet ditt (60 dager).
- samling_lang: språket du har valgt (ett år).
- samling_csrf: beskytter skjemaene mot forfalskede forespørsler (til nettleseren lukkes).
- samling_device: begrenser gjetting av koder fra samme enhet.
- samling_session: innloggingen til fasilitatorer.

Svar som ikke er sendt ennå, ligger i nettleserens lokale lagring på telefonen til de er sendt.

## Hvor lenge

{retention} Du kan selv slette svarene dine mens verkstedet pågår, med knappen «Slett svarene mine» på telefonen. Det du har skrevet for gruppen (plakat, felles diamant), blir stående, fordi gruppens arbeid bygger på det. Slettede svar overskrives i databasen.

## Hvem som ser svarene

Fasilitatoren som har laget verkstedet ser svarene og kan laste dem ned som regneark, JSON eller rapport. Eksportene inneholder ikke navn; deltakere står med et kallenavn som bare gjelder i den ene eksporten. Det som vises på storskjermen, bestemmer fasilitatoren.

## Fasilitatorer

For fasilitatorer lagres navn, e-postadresse, et passord-hash (aldri selve passordet) og innloggingsøkter. En fasilitator kan slette kontoen sin.

## Dine rettigheter

Du har rett til innsyn, retting og sletting, og til å klage til Datatilsynet (https://www.datatilsynet.no). Kontakt behandlingsansvarlig over.

Behandlingsgrunnlag: [fylles ut av kommunen, for eksempel personvernforordningen artikkel 6 nr. 1 bokstav e].
""",
    "nn": """# Personvernerklæring for Samling

Samling er verktøyet vi nyttar til å gjennomføre samlingar og verkstader med deltakarar som svarar frå mobilen. Her står kva opplysningar Samling behandlar, kvifor, og kor lenge.

## Behandlingsansvarleg

[Namnet på kommunen] er behandlingsansvarleg. Kontakt: [adresse, e-postadresse og telefon]. Personvernombod: [namn og e-postadresse]. (Teksten i hakeparentesar fyller kommunen ut.)

## Kva vi lagrar om deg som deltakar

- Du treng ingen konto. Namn er frivillig: skriv du ikkje noko namn, er du anonym også for fasilitatoren.
- Svara dine (tekst, ord, røyster, poeng, rangeringar og sjølvvurderingar) blir lagra saman med ein tilfeldig deltakar-ID, gruppa du er i og tidspunktet.
- IP-adressa di blir ikkje lagra saman med svara.
- Sjølvvurderingar er private: rommet ser berre kor mange som valde kvar verdi, og berre når nok har svart. I eksportar står sjølvvurderingar utan nokon deltakarnøkkel.

## Informasjonskapslar og lagring på telefonen

Samling brukar berre naudsynte informasjonskapslar, ingen til sporing eller statistikk:

- samling_participant: kven du er i verkstaden, så du kjem tilbake til rommet ditt (60 dagar).
- samling_lang: språket du har valt (eitt år).
- samling_csrf: vernar skjemaa mot forfalska førespurnader (til nettlesaren blir lukka).
- samling_device: avgrensar gjetting av kodar frå same eining.
- samling_session: innlogginga til fasilitatorar.

Svar som ikkje er sende enno, ligg i den lokale lagringa til nettlesaren på telefonen til dei er sende.

## Kor lenge

{retention} Du kan sjølv slette svara dine medan verkstaden går føre seg, med knappen «Slett svara mine» på telefonen. Det du har skrive for gruppa (plakat, felles diamant), blir ståande, fordi arbeidet i gruppa byggjer på det. Sletta svar blir overskrivne i databasen.

## Kven som ser svara

Fasilitatoren som har laga verkstaden ser svara og kan laste dei ned som rekneark, JSON eller rapport. Eksportane inneheld ikkje namn; deltakarar står med eit kallenamn som berre gjeld i den eine eksporten. Kva som blir vist på storskjermen, avgjer fasilitatoren.

## Fasilitatorar

For fasilitatorar blir namn, e-postadresse, ein passord-hash (aldri sjølve passordet) og innloggingsøkter lagra. Ein fasilitator kan slette kontoen sin.

## Rettane dine

Du har rett til innsyn, retting og sletting, og til å klage til Datatilsynet (https://www.datatilsynet.no). Kontakt behandlingsansvarleg over.

Behandlingsgrunnlag: [fyllast ut av kommunen, til dømes personvernforordninga artikkel 6 nr. 1 bokstav e].
""",
    "en": """# Privacy notice for Samling

Samling is the tool we use to run workshops where participants answer from their phones. This notice says what Samling processes, why, and for how long.

## Controller

[Name of the municipality] is the controller. Contact: [address, email and phone]. Data protection officer: [name and email]. (The operator fills in the text in square brackets.)

## What we store about you as a participant

- You need no account. Your name is optional: if you give none, you are anonymous to the facilitator too.
- Your answers (text, words, votes, points, rankings and self-assessments) are stored with a random participant id, your group and the time.
- Your IP address is not stored with your answers.
- Self-assessments are private: the room sees only how many chose each score, and only once enough people have answered. Exports carry self-assessments without any participant key.

## Cookies and storage on your phone

Samling uses only necessary cookies, none for tracking or statistics:

- samling_participant: who you are in the workshop, so you get back into your room (60 days).
- samling_lang: the language you chose (one year).
- samling_csrf: protects forms against forged requests (until the browser closes).
- samling_device: limits guessing of codes from one device.
- samling_session: facilitators' sign-in.

Answers not sent yet stay in the browser's local storage on your phone until they are sent.

## How long

{retention} You can delete your own answers while the workshop is running, with the button "Delete my answers" on your phone. What you wrote for your group (a poster, a group diamond) stays, because the group's work builds on it. Deleted answers are overwritten in the database.

## Who sees the answers

The facilitator who made the workshop sees the answers and can download them as a spreadsheet, JSON or a report. Exports carry no names; participants appear under a nickname that holds within that one export only. The facilitator decides what the big screen shows.

## Facilitators

For facilitators Samling stores name, email address, a password hash (never the password itself) and sign-in sessions. A facilitator can delete their account.

## Your rights

You have the right of access, rectification and erasure, and the right to complain to the Norwegian Data Protection Authority (https://www.datatilsynet.no). Contact the controller above.

Legal basis: [filled in by the municipality, for example GDPR Article 6(1)(e)].
""",
}

_RETENTION = {
    "nb": ("Et verksted slettes automatisk med alle svar {days} dager etter at det er avsluttet. Fasilitatoren "
           "ser datoen og kan velge en annen frist for hvert verksted.",
           "Et verksted med alle svar slettes når fasilitatoren sletter det."),
    "nn": ("Ein verkstad blir automatisk sletta med alle svar {days} dagar etter at han er avslutta. Fasilitatoren "
           "ser datoen og kan velje ein annan frist for kvar verkstad.",
           "Ein verkstad med alle svar blir sletta når fasilitatoren slettar han."),
    "en": ("A workshop is deleted automatically with all its answers {days} days after it ends. The facilitator "
           "sees the date and can choose another period for each workshop.",
           "A workshop and all its answers are deleted when the facilitator deletes it."),
}

_ACCESSIBILITY = {
    "nb": """# Tilgjengelighetserklæring for Samling

[Virksomhetens navn] har plikt til å sørge for at Samling er universelt utformet etter forskrift om universell utforming av IKT-løsninger, som krever WCAG 2.1 på nivå AA. Erklæringen gjelder denne installasjonen av Samling: deltakersidene (bli med, svar fra mobilen), storskjermen og fasilitatorsidene.

## Status

Samling er laget for å oppfylle WCAG 2.1 nivå AA: alt kan brukes med tastatur og skjermleser, tekst kan forstørres, og sidene fungerer på små skjermer. Status for denne installasjonen: [delvis i samsvar / i samsvar, etter virksomhetens egen kontroll]. Erklæringen skal også publiseres på uustatus.no (https://uustatus.no).

## Kjente avvik

- Ordskyen på storskjermen er en visuell framstilling. De samme ordene og antallene står som tekst i fasilitatorens konsoll og i eksporten.
- Nedtellingen på storskjermen leses ikke opp fortløpende. Tiden som er igjen står som tekst på telefonen.
- [Legg til avvik virksomheten har funnet, med kriterium i WCAG 2.1 og hva brukeren kan gjøre i stedet.]

## Kontakt oss

Møter du på noe som ikke virker for deg, eller trenger du innholdet i en annen form? Skriv til [e-postadresse] eller ring [telefon]. Vi svarer innen [antall] virkedager.

## Tilsyn og klage

Tilsynet for universell utforming av IKT (uutilsynet) i Digitaliseringsdirektoratet fører tilsyn med at nettløsninger er universelt utformet. Du kan melde fra om mangler til tilsynet: https://www.uutilsynet.no

Erklæringen ble sist oppdatert [dato].
""",
    "nn": """# Tilgjengelegheitserklæring for Samling

[Namnet på verksemda] har plikt til å syte for at Samling er universelt utforma etter forskrift om universell utforming av IKT-løysingar, som krev WCAG 2.1 på nivå AA. Erklæringa gjeld denne installasjonen av Samling: deltakarsidene (bli med, svar frå mobilen), storskjermen og fasilitatorsidene.

## Status

Samling er laga for å oppfylle WCAG 2.1 nivå AA: alt kan brukast med tastatur og skjermlesar, tekst kan forstørrast, og sidene fungerer på små skjermar. Status for denne installasjonen: [delvis i samsvar / i samsvar, etter eigen kontroll i verksemda]. Erklæringa skal også publiserast på uustatus.no (https://uustatus.no).

## Kjende avvik

- Ordskya på storskjermen er ei visuell framstilling. Dei same orda og tala står som tekst i konsollen til fasilitatoren og i eksporten.
- Nedteljinga på storskjermen blir ikkje lesen opp fortløpande. Tida som er att står som tekst på telefonen.
- [Legg til avvik verksemda har funne, med kriterium i WCAG 2.1 og kva brukaren kan gjere i staden.]

## Kontakt oss

Møter du på noko som ikkje verkar for deg, eller treng du innhaldet i ei anna form? Skriv til [e-postadresse] eller ring [telefon]. Vi svarar innan [tal] verkedagar.

## Tilsyn og klage

Tilsynet for universell utforming av IKT (uutilsynet) i Digitaliseringsdirektoratet fører tilsyn med at nettløysingar er universelt utforma. Du kan melde frå om manglar til tilsynet: https://www.uutilsynet.no

Erklæringa vart sist oppdatert [dato].
""",
    "en": """# Accessibility statement for Samling

[Name of the organisation] must make Samling universally designed under the Norwegian regulation on universal design of ICT, which requires WCAG 2.1 at level AA. This statement covers this installation of Samling: the participant pages (joining, answering from a phone), the big screen and the facilitator pages.

## Status

Samling is built to meet WCAG 2.1 level AA: everything works with a keyboard and a screen reader, text can be enlarged, and the pages work on small screens. Status of this installation: [partially compliant / compliant, after the organisation's own check]. The statement must also be published on uustatus.no (https://uustatus.no).

## Known deviations

- The word cloud on the big screen is a visual presentation. The same words and counts are shown as text in the facilitator's console and in the export.
- The countdown on the big screen is not read out continuously. The time left is shown as text on the phone.
- [Add deviations the organisation has found, with the WCAG 2.1 criterion and what users can do instead.]

## Contact us

If something does not work for you, or you need the content in another form, write to [email address] or call [phone]. We answer within [number] working days.

## Enforcement and complaints

The Authority for Universal Design of ICT (Tilsynet for universell utforming av IKT, uutilsynet) at the Norwegian Digitalisation Agency enforces the rules. You can report shortcomings to the authority: https://www.uutilsynet.no

This statement was last updated [date].
""",
}

TITLES = {"privacy": "Privacy notice", "accessibility": "Accessibility statement"}  # msgids, see pages.py


def default_text(key: str, language: str, retention_days: int) -> str:
    """The built-in text of `key` in `language`, with the installation's retention period filled in."""
    if key == "privacy":
        kept, by_hand = _RETENTION[language]
        sentence = kept.format(days=retention_days) if retention_days > 0 else by_hand
        return _PRIVACY[language].replace("{retention}", sentence)
    return _ACCESSIBILITY[language]


def _check(key: str, language: str) -> None:
    if key not in KEYS:
        raise NotFound("No such page.", "page")
    if language not in LANGUAGES:
        raise Invalid("Unknown language.", "language")


def get_text(db: Database, key: str, language: str, retention_days: int) -> tuple[str, bool]:
    """(body, whether the operator has edited it) of a page in a language."""
    _check(key, language)
    with db.read() as s:
        row = s.get(SiteText, (key, language))
    if row is not None and row.body.strip():
        return row.body, True
    return default_text(key, language, retention_days), False


def save_text(db: Database, key: str, language: str, body: str) -> None:
    """Store the operator's text; an empty body brings the built-in default back."""
    _check(key, language)
    body = (body or "").replace("\r\n", "\n").replace("\x00", "")
    if len(body) > MAX_BODY:
        raise Invalid("The text is too long (at most %(limit)s characters).", "too_long", limit=MAX_BODY)
    with db.write() as s:
        row = s.get(SiteText, (key, language))
        if not body.strip():
            if row is not None:
                s.delete(row)
            return
        row = row or SiteText(key=key, language=language)
        row.body, row.updated_at = body, utcnow()
        s.add(row)


def _inline(text: str) -> Markup:
    """Escaped text with web and email addresses as links."""
    out, last = [], 0
    for m in _LINK.finditer(text):
        out.append(escape(text[last:m.start()]))
        target = m.group(0)
        href = target if target.startswith("http") else "mailto:" + target
        out.append(Markup('<a href="{}">{}</a>').format(href, target))
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def render(body: str) -> tuple[str, Markup]:
    """(title, HTML) of a text: its first `# ` line is the title, the rest the tiny markup above."""
    title = ""
    blocks: list[Markup] = []
    para: list[str] = []
    items: list[str] = []

    def flush():
        if para:
            blocks.append(Markup("<p>{}</p>").format(_inline(" ".join(para))))
            para.clear()
        if items:
            blocks.append(Markup("<ul>{}</ul>").format(Markup("").join(Markup("<li>{}</li>").format(_inline(i))
                                                                       for i in items)))
            items.clear()

    for raw in body.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("## "):
            flush()
            blocks.append(Markup("<h2>{}</h2>").format(_inline(line[3:].strip())))
        elif line.startswith("# "):
            flush()
            if title:
                blocks.append(Markup("<h2>{}</h2>").format(_inline(line[2:].strip())))
            else:
                title = line[2:].strip()
        elif line.startswith("- "):
            if para:
                flush()
            items.append(line[2:].strip())
        else:
            if items:
                flush()
            para.append(line)
    flush()
    return title, Markup("\n").join(blocks)
