"""Bad input at every form view of toegang, clienten and toewijzingen, and the import upload of migratie (issue 16,
"Bad input and faults"): each page is fetched as its user would see it, and every form on it is posted back with
junk: empty, every field junk, and the rendered values with one field at a time replaced by junk (overlong text,
markup, absurd numbers and dates, NUL and other control characters, emoji, SQL). Never a 500; a refusal answers in
Dutch (no Django default in English) and leaves nothing written; whatever is accepted ends in a redirect. Ending a
provision twice through the page has one effect. Issue 13 item 8: the same forms and those of the provider's
portal and the CAK export with other parties' ids and hostile numbers (below)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.test import Client as HttpClient

from tests.factories import GebruikerFactory
from tests.factories_toegang import beschikt, melding, toegangsregio, tot_aanvraag, tot_bij_aanbieder
from wmoketen.accounts.constants import Rol
from wmoketen.clienten.services import relatie_vastleggen
from wmoketen.toegang import bezwaren, klok
from wmoketen.toegang.constants import BriefSoort
from wmoketen.toegang.models import Brief
from wmoketen.toegang.views import STAPPEN
from wmoketen.toewijzingen.models import Beeindiging, Toewijzing, ToewijzingVersie

pytestmark = pytest.mark.django_db

JUNK = [
    "",
    "x" * 5000,
    "<script>alert(1)</script>",
    "-1",
    "99999999999999999999999",
    "1e309",
    "2024-02-30",
    "0001-01-01",
    "a\x00b",
    "\u202e\ufffe" + "😀" * 40,
    "' OR 1=1 --",
    "12.345,67",
]
ALLES = ["", "x" * 5000, "99999999999999999999999", "2024-02-30", "a\x00b", "<b>😀</b>' OR 1=1 --"]  # every field
ENGELS = (
    "This field is required",
    "Enter a valid",
    "Select a valid",
    "Ensure this value",
    "Null characters are not allowed",
    "is not one of the available choices",
    "Enter a whole number",
    "Enter a number",
)
STATUS_OK = {200, 302, 400, 403, 404, 405}
GEWIJZIGD_TOEGESTAAN_ZONDER_REDIRECT: set[str] = set()
APPS = ("clienten", "toegang", "toewijzingen", "berichten", "migratie", "taken")


@dataclass
class Formulier:
    velden: list[tuple[str, str, str]] = field(default_factory=list)  # (name, value, type)
    keuzes: dict[str, list[str]] = field(default_factory=dict)
    actie: str = ""  # the form's action ("": the page itself)

    def waarden(self) -> dict[str, Any]:
        uit: dict[str, Any] = {}
        for naam, waarde, _ in self.velden:
            if naam in uit:
                uit[naam] = [*(uit[naam] if isinstance(uit[naam], list) else [uit[naam]]), waarde]
            else:
                uit[naam] = waarde
        return uit

    def invulbaar(self) -> list[str]:
        return sorted({n for n, _, t in self.velden if t not in {"hidden", "submit"}} | set(self.keuzes))


class Formulieren(HTMLParser):
    """The POST forms of a page with the values the page would send as rendered."""

    def __init__(self) -> None:
        super().__init__()
        self.formulieren: list[Formulier] = []
        self._f: Formulier | None = None
        self._select: str | None = None
        self._select_gekozen = False
        self._eerste_optie: str | None = None
        self._textarea: str | None = None
        self._tekst = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._f = Formulier(actie=a.get("action", "")) if a.get("method", "").lower() == "post" else None
            if self._f is not None:
                self.formulieren.append(self._f)
        if self._f is None:
            return
        naam = a.get("name", "")
        if tag == "input" and naam:
            soort = a.get("type", "text").lower()
            if soort in {"checkbox", "radio"}:
                self._f.keuzes.setdefault(naam, []).append(a.get("value", "on"))
                if "checked" in a:
                    self._f.velden.append((naam, a.get("value", "on"), soort))
            elif soort not in {"submit", "button", "file"}:
                self._f.velden.append((naam, a.get("value", ""), soort))
            elif soort == "submit" and naam:
                self._f.velden.append((naam, a.get("value", ""), "submit"))
        elif tag == "button" and naam:
            self._f.velden.append((naam, a.get("value", ""), "submit"))
        elif tag == "select" and naam:
            self._select, self._select_gekozen, self._eerste_optie = naam, False, None
            self._f.keuzes.setdefault(naam, [])
        elif tag == "option" and self._select:
            waarde = a.get("value", "")
            self._f.keuzes[self._select].append(waarde)
            if self._eerste_optie is None:
                self._eerste_optie = waarde
            if "selected" in a:
                self._f.velden.append((self._select, waarde, "select"))
                self._select_gekozen = True
        elif tag == "textarea" and naam:
            self._textarea, self._tekst = naam, ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._tekst += data

    def handle_endtag(self, tag: str) -> None:
        if self._f is None:
            return
        if tag == "select" and self._select:
            if not self._select_gekozen and self._eerste_optie is not None:
                self._f.velden.append((self._select, self._eerste_optie, "select"))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._f.velden.append((self._textarea, self._tekst, "textarea"))
            self._textarea = None
        elif tag == "form":
            self._f = None


def formulieren(html: str) -> list[Formulier]:
    p = Formulieren()
    p.feed(html)
    return [f for f in p.formulieren if f.velden or f.keuzes]


def _stand() -> dict[str, int]:
    """Row counts of everything a form could write (the Logboek aside: every view writes its read to it)."""
    return {m._meta.label: m._default_manager.count() for a in APPS for m in apps.get_app_config(a).get_models()}


def ladingen(f: Formulier) -> Iterator[tuple[str, dict[str, Any]]]:
    basis = f.waarden()
    vast = {n: v for n, v, t in f.velden if t in {"hidden", "submit"}}
    yield "leeg", dict(vast)
    for i, junk in enumerate(ALLES):
        yield f"alles={junk[:12]!r}", vast | dict.fromkeys(f.invulbaar(), junk) | {"extra_" + str(i): junk}
    for i, naam in enumerate(f.invulbaar()):
        junk = JUNK[(i * 5 + 1) % len(JUNK)]
        yield f"{naam}={junk[:12]!r}", basis | {naam: [junk, "1", "2"] if naam in f.keuzes else junk}
    for naam in sorted(n for n, _, t in f.velden if t == "hidden"):
        for junk in ("99999999999999999999999", "💥", ""):
            yield f"verborgen {naam}={junk[:12]!r}", basis | {naam: junk}


@dataclass
class Pagina:
    url: str
    wie: Any


@pytest.fixture
def wereld(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(klok, "vandaag", lambda: date(2024, 7, 10))
    t = toegangsregio()
    t.m_nieuw = melding(t)
    t.m_plan = melding(t)
    t.plan = tot_bij_aanbieder(t, t.m_plan)
    t.m_aanvraag = melding(t)
    tot_aanvraag(t, t.m_aanvraag)
    t.m_beschikt = melding(t)
    beschikt(t, t.m_beschikt)
    t.brief = Brief.objects.get(melding=t.m_beschikt, soort=BriefSoort.BESCHIKKING)
    t.bezwaar = bezwaren.bezwaar_registreren(door=t.consulent, besluit=t.brief, ontvangen_op=date(2024, 7, 10))
    t.toewijzing = Toewijzing.objects.get(client=t.m_beschikt.client)
    relatie_vastleggen(
        door=t.consulent, client=t.m_beschikt.client, soort="03", achternaam="Vries", geldig_van=date(2024, 7, 1)
    )
    return t


def paginas(t: Any) -> list[Pagina]:
    c = t.consulent
    client = t.m_beschikt.client
    uit = [
        Pagina("/toegang/melding/nieuw/", c),
        Pagina(f"/toegang/brief/{t.brief.pk}/bezwaar/", c),
        Pagina(f"/toegang/bezwaar/{t.bezwaar.pk}/", c),
        Pagina(f"/toegang/aanbieder/plannen/{t.plan.pk}/", t.aanbieder_gebruiker),
        Pagina("/clienten/", c),
        Pagina(f"/clienten/{client.pk}/gegevens/", c),
        Pagina(f"/voorzieningen/{t.toewijzing.pk}/", c),  # switch of provider, interruption
        Pagina(f"/voorzieningen/client/{client.pk}/beeindigen/", c),
        # the import upload of functioneel beheer (junk instead of a file: refused in Dutch, nothing stored)
        Pagina("/migratie/importeren/", GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=t.regio)),
    ]
    # each step on a melding in the phase it belongs to (the others refuse it the same way)
    waar = {"versturen": t.m_plan, "akkoord": t.m_plan}
    waar |= dict.fromkeys(("beschikking", "afwijzen", "buiten_behandeling", "goedkeuren", "intrekken"), t.m_aanvraag)
    uit += [Pagina(f"/toegang/dossier/{waar.get(stap, t.m_nieuw).pk}/{stap}/", c) for stap in STAPPEN]
    return uit


def test_every_form_view_refuses_junk_in_dutch_never_500_and_writes_nothing(wereld: Any) -> None:
    fouten: list[str] = []
    geplaatst = 0
    for pagina in paginas(wereld):
        http = HttpClient(raise_request_exception=False)
        http.force_login(pagina.wie)
        get = http.get(pagina.url)
        assert get.status_code == 200, pagina.url
        gevonden = formulieren(get.content.decode())
        assert gevonden, f"geen formulier op {pagina.url}"
        voor = _stand()
        for f in gevonden:
            for wat, lading in ladingen(f):
                antwoord = http.post(pagina.url, lading)
                geplaatst += 1
                waar = f"{pagina.url} [{wat}]"
                if antwoord.status_code not in STATUS_OK:
                    fouten.append(f"{waar}: HTTP {antwoord.status_code}")
                    continue
                html = antwoord.content.decode(errors="replace")
                engels = [e for e in ENGELS if e in html]
                if engels:
                    fouten.append(f"{waar}: Engelse melding {engels}")
                na = _stand()
                anders = {k: (voor[k], na[k]) for k in voor if voor[k] != na[k]}
                if anders and antwoord.status_code != 302:
                    fouten.append(f"{waar}: geweigerd maar toch geschreven {anders}")
                voor = na
    assert fouten == [], "\n".join(fouten[:40])
    print(f"{geplaatst} formulieren met onzin verstuurd")
    assert geplaatst > 300  # the forms were found and posted


def test_ending_a_provision_twice_through_the_page_has_one_effect(wereld: Any) -> None:
    http = HttpClient()
    http.force_login(wereld.consulent)
    client = wereld.m_beschikt.client
    url = f"/voorzieningen/client/{client.pk}/beeindigen/"
    lading = {"reden": "einde_behoefte", "per": "2024-07-31", "toewijzingen": [wereld.toewijzing.pk]}
    eerste = http.post(url, lading, follow=True)
    assert "1 voorziening(en) beëindigd per 31-07-2024" in eerste.content.decode()
    versies = ToewijzingVersie.objects.filter(toewijzing=wereld.toewijzing).count()
    tweede = http.post(url, lading, follow=True)
    assert tweede.status_code == 200
    assert Beeindiging.objects.count() == 1
    assert ToewijzingVersie.objects.filter(toewijzing=wereld.toewijzing).count() == versies
    t = Toewijzing.objects.get(pk=wereld.toewijzing.pk)
    assert (t.einddatum, t.reden_wijziging) == (date(2024, 7, 31), "05")


# --- POST fuzz of the form views of every app, with other parties' ids (issue 13 item 8) -----------------------
# The test above posts junk to the forms of toegang, clienten and toewijzingen. Here also the forms of the
# provider's portal (a 315, a start, a 317: their forms post to another URL than the page) and the CAK export, and
# every id-like field gets the ids of another party: gemeente Leudal's client, melding, assignment, letter,
# provider, product and gemeente (pk and CBS code), its client's BSN, and ids beyond any integer column. Never a
# 500; nothing of Leudal ever changes (even when the form is accepted); a refused form (no redirect, or a redirect
# with an error message) changes nothing at all.

VIJANDIG_GETAL = ["-1", "0", "2147483648", "9" * 30, "1.5", "1e3", "0x10", "\x00"]


def _vreemd(b: Any) -> dict[str, list[str]]:
    """Ids of Leudal's objects by the name a form field gives them (a field named like none: all of them)."""
    ids = {
        "client": [b.client.pk],
        "melding": [b.melding.pk],
        "toewijzing": [b.toewijzing.pk],
        "brief": [b.brief.pk],
        "besluit": [b.brief.pk],
        "aanbieder": [b.aanbieder.pk, b.aanbieder.agb_code],
        "product": [b.bgi1.pk],
        "gemeente": [b.gemeente.pk, b.gemeente.cbs_code],
        "bsn": [b.client.bsn],
    }
    return {k: [str(v) for v in vs] for k, vs in ids.items()}


def _idachtig(f: Formulier) -> list[str]:
    """The fields that carry an id or a code: digits as rendered or among the choices, or named like one."""
    namen = {n for n, v, t in f.velden if v.isdigit() and t != "submit"}
    namen |= {n for n, keuzes in f.keuzes.items() if any(k.isdigit() for k in keuzes)}
    namen |= {n for n, _, t in f.velden if t != "submit" and any(s in n for s in _VELDSOORTEN)}
    return sorted(namen)


_VELDSOORTEN = ("client", "melding", "toewijzing", "brief", "besluit", "aanbieder", "product", "gemeente", "bsn")


def vreemde_ladingen(f: Formulier, vreemd: dict[str, list[str]]) -> Iterator[tuple[str, dict[str, Any]]]:
    basis = f.waarden()
    alle = sorted({v for vs in vreemd.values() for v in vs})
    for i, naam in enumerate(_idachtig(f)):
        soort = next((s for s in _VELDSOORTEN if s in naam), None)
        for waarde in vreemd[soort] if soort else alle:
            yield f"{naam}=vreemd {waarde}", basis | {naam: waarde}
        yield f"{naam}=lijst", basis | {naam: [*(vreemd[soort] if soort else alle[:2]), "1"]}  # wrong type
        for junk in (VIJANDIG_GETAL[i % len(VIJANDIG_GETAL)], VIJANDIG_GETAL[(i + 4) % len(VIJANDIG_GETAL)]):
            yield f"{naam}={junk[:12]!r}", basis | {naam: junk}  # two per field, every one over the fields


def _van_leudal(b: Any) -> dict[str, Any]:
    """Everything of Leudal a form could change: rows per model and the client's own fields."""
    from wmoketen.berichten.models import Bericht
    from wmoketen.clienten.models import Client, Clientversie, Relatie
    from wmoketen.toegang.models import Melding
    from wmoketen.toewijzingen.models import Start, Verzoek

    g = b.gemeente
    stand: dict[str, Any] = {
        "melding": list(Melding.objects.filter(client__gemeente=g).values_list("pk", "fase", "volgende_uiterlijk")),
        "toewijzing": list(Toewijzing.objects.filter(client__gemeente=g).values_list("pk", "einddatum", "volume")),
        "versie": ToewijzingVersie.objects.filter(toewijzing__client__gemeente=g).count(),
        "start": Start.objects.filter(client__gemeente=g).count(),
        "verzoek": Verzoek.objects.filter(client__gemeente=g).count(),
        "bericht": Bericht.objects.filter(gemeente_code=g.cbs_code).count(),
        "brief": Brief.objects.filter(client__gemeente=g).count(),
        "beeindiging": Beeindiging.objects.filter(client__gemeente=g).count(),
        "clientversie": Clientversie.objects.filter(client__gemeente=g).count(),
        "relatie": Relatie.objects.filter(client__gemeente=g).count(),
        "clienten": list(Client.objects.filter(gemeente=g).values()),
    }
    return stand


def _geweigerd(antwoord: Any) -> bool:
    """No redirect, or a redirect that carries an error message (the portal and the CAK export refuse that way)."""
    from django.contrib.messages import constants, get_messages

    if antwoord.status_code != 302:
        return True
    return any(m.level >= constants.ERROR for m in get_messages(antwoord.wsgi_request))


def test_every_form_view_refuses_other_parties_ids_and_hostile_values(wereld: Any) -> None:
    b = toegangsregio(cbs_code="1640", naam="Leudal")
    b.melding = melding(b)
    beschikt(b, b.melding)
    b.client = b.melding.client
    b.brief = Brief.objects.get(melding=b.melding, soort=BriefSoort.BESCHIKKING)
    b.toewijzing = Toewijzing.objects.get(client=b.client)
    vreemd = _vreemd(b)
    t = wereld
    backoffice = GebruikerFactory(rol=Rol.BACKOFFICE, regio=t.regio, gemeenten=[t.gemeente])
    nieuw = [  # form views outside the test above: junk as well as other parties' ids
        Pagina("/berichten/portaal/", t.aanbieder_gebruiker),
        Pagina(f"/berichten/portaal/toewijzing/{t.toewijzing.pk}/", t.aanbieder_gebruiker),
        Pagina("/declaraties/cak/", backoffice),
    ]
    leudal = _van_leudal(b)
    fouten: list[str] = []
    geplaatst = 0
    for pagina in [*paginas(t), *nieuw]:
        http = HttpClient(raise_request_exception=False)
        http.force_login(pagina.wie)
        get = http.get(pagina.url)
        assert get.status_code == 200, pagina.url
        gevonden = formulieren(get.content.decode())
        assert gevonden, f"geen formulier op {pagina.url}"
        voor = _stand()
        for f in gevonden:
            doel = f.actie or pagina.url
            ladingen_hier = list(vreemde_ladingen(f, vreemd))
            if pagina in nieuw:
                ladingen_hier += list(ladingen(f))
            for wat, lading in ladingen_hier:
                antwoord = http.post(doel, lading)
                geplaatst += 1
                waar = f"{doel} [{wat}]"
                if antwoord.status_code not in STATUS_OK:
                    fouten.append(f"{waar}: HTTP {antwoord.status_code}")
                    continue
                html = antwoord.content.decode(errors="replace")
                engels = [e for e in ENGELS if e in html]
                if engels:
                    fouten.append(f"{waar}: Engelse melding {engels}")
                na = _stand()
                anders = {k: (voor[k], na[k]) for k in voor if voor[k] != na[k]}
                if anders and _geweigerd(antwoord):
                    fouten.append(f"{waar}: geweigerd maar toch geschreven {anders}")
                voor = na
        if _van_leudal(b) != leudal:
            fouten.append(f"{pagina.url}: gegevens van Leudal veranderd")
            leudal = _van_leudal(b)
    assert fouten == [], "\n".join(fouten[:40])
    print(f"{geplaatst} formulieren met vreemde id's en vijandige waarden verstuurd")
    assert geplaatst > 200
