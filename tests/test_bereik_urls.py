"""Need to know, per URL: the project has no REST API schema, so the URL configuration *is* the schema. This test
walks every pattern of `get_resolver()` recursively and demands that each one is classified:

- OBJECT: a page or action on one object that belongs to a client. It is requested for an object of client 1
  (Weert, provider A) by users outside that scope: each must get 404 (existence not revealed); an in-scope user
  gets 200 on GET pages (so the id is real and the 404 is the scope); anonymous gets a redirect to the login;
- LIJST: a list or overview; out-of-scope users never see client 1 (name, BSN, assignment number) on it;
- VRIJ: not personal data, with the reason.

A new URL that is not classified fails `test_every_url_is_classified`."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import GebruikerFactory
from tests.test_bereik_wereld import Wereld, wereld_bouwen
from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker, Sessie
from wmoketen.taken.models import Taak, TaakStatus


def url_namen() -> Iterator[tuple[str, str]]:
    """(namespace:name, route) of every pattern; unnamed patterns are reported as '<route>'."""

    def walk(patronen: list[Any], ns: str, prefix: str) -> Iterator[tuple[str, str]]:
        for p in patronen:
            if isinstance(p, URLResolver):
                nieuw_ns = f"{ns}{p.namespace}:" if p.namespace else ns
                yield from walk(p.url_patterns, nieuw_ns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                yield (f"{ns}{p.name}" if p.name else f"{ns}<{route}>", route)

    yield from walk(get_resolver().url_patterns, "", "")


@dataclass(frozen=True)
class Object:
    kwargs: Callable[[Wereld], dict[str, Any]]
    buiten: tuple[str, ...]  # users outside the scope: must get 404
    binnen: str = ""  # a user inside the scope (GET gives 200); empty for POST-only actions
    methode: str = "get"
    rolpoort: tuple[str, ...] = ()  # roles refused before any lookup (403, whatever the id: reveals nothing)


GEMEENTE_BUITEN = ("aanbieder_b", "consulent_leudal", "backoffice_leudal", "monitoring")
AANBIEDER_BUITEN = ("aanbieder_b", "consulent_leudal", "consulent_weert", "monitoring")


def _c1(w: Wereld) -> Any:
    return w.clienten[0]


def _taak(w: Wereld) -> Taak:
    """An export consultant Weert asked for (its file may hold client data): only she and beheer see it."""
    taak, _ = Taak.objects.get_or_create(
        sleutel="bereik-export",
        defaults={
            "naam": "monitoring.export",
            "titel": "Export",
            "status": TaakStatus.KLAAR,
            "aangemaakt_door": w.t.consulent,
            "bestand": b"bsn;naam\n",
            "bestandsnaam": "export.csv",
        },
    )
    return taak


OBJECT: dict[str, Object] = {
    "clienten:detail": Object(lambda w: {"client_id": _c1(w).client.pk}, GEMEENTE_BUITEN, "consulent_weert"),
    "clienten:gegevens": Object(lambda w: {"client_id": _c1(w).client.pk}, GEMEENTE_BUITEN, "consulent_weert"),
    "clienten:brp": Object(lambda w: {"client_id": _c1(w).client.pk}, GEMEENTE_BUITEN, methode="post"),
    "toegang:dossier": Object(lambda w: {"melding_id": _c1(w).melding.pk}, GEMEENTE_BUITEN, "consulent_weert"),
    "toegang:stap": Object(
        lambda w: {"melding_id": _c1(w).melding.pk, "stap": "verslag"}, GEMEENTE_BUITEN, "consulent_weert"
    ),
    "toegang:beschikking_pdf": Object(
        lambda w: {"beschikking_id": _c1(w).beschikking.pk}, GEMEENTE_BUITEN, "consulent_weert"
    ),
    "toegang:plan_pdf": Object(lambda w: {"plan_id": _c1(w).plan.pk}, GEMEENTE_BUITEN, "consulent_weert"),
    "toegang:brief_pdf": Object(  # letters to the client are the municipality's: its provider gets 404 too
        lambda w: {"brief_id": _c1(w).client.brieven.order_by("pk").first().pk},
        (*GEMEENTE_BUITEN, "aanbieder_a"),
        "consulent_weert",
    ),
    "toegang:aanbieder_plan": Object(lambda w: {"plan_id": _c1(w).plan.pk}, AANBIEDER_BUITEN, "aanbieder_a"),
    "toegang:bezwaar_nieuw": Object(
        lambda w: {"brief_id": _c1(w).client.brieven.get(soort="beschikking").pk},
        (*GEMEENTE_BUITEN, "aanbieder_a"),
        "consulent_weert",
    ),
    "toegang:bezwaar": Object(
        lambda w: {"bezwaar_id": _c1(w).bezwaar.pk}, (*GEMEENTE_BUITEN, "aanbieder_a"), "consulent_weert"
    ),
    "toewijzingen:beeindigen": Object(lambda w: {"client_id": _c1(w).client.pk}, GEMEENTE_BUITEN, "consulent_weert"),
    "toewijzingen:toewijzing": Object(
        lambda w: {"toewijzing_id": _c1(w).toewijzing.pk}, (*GEMEENTE_BUITEN, "aanbieder_a"), "consulent_weert"
    ),
    "berichten:detail": Object(lambda w: {"bericht_id": _c1(w).berichten[0].pk}, GEMEENTE_BUITEN, "consulent_weert"),
    "berichten:toewijzing": Object(lambda w: {"toewijzing_id": _c1(w).toewijzing.pk}, AANBIEDER_BUITEN, "aanbieder_a"),
    "berichten:start": Object(lambda w: {"toewijzing_id": _c1(w).toewijzing.pk}, AANBIEDER_BUITEN, methode="post"),
    "berichten:stop": Object(
        lambda w: {"toewijzing_id": _c1(w).toewijzing.pk, "start_id": _c1(w).start.pk}, AANBIEDER_BUITEN, methode="post"
    ),
    "berichten:vow": Object(lambda w: {"toewijzing_id": _c1(w).toewijzing.pk}, AANBIEDER_BUITEN, methode="post"),
    "berichten:corrigeren": Object(lambda w: {"prestatie_id": _c1(w).prestatie.pk}, AANBIEDER_BUITEN, "aanbieder_a"),
    "berichten:verzoek": Object(lambda w: {"verzoek_id": _c1(w).verzoek.pk}, GEMEENTE_BUITEN, "consulent_weert"),
    "berichten:antwoord": Object(lambda w: {"verzoek_id": _c1(w).verzoek.pk}, GEMEENTE_BUITEN, methode="post"),
    "berichten:regel_antwoord": Object(
        lambda w: {"verzoek_id": _c1(w).verzoek.pk, "regel_id": _c1(w).verzoek.regels.get().pk},
        GEMEENTE_BUITEN,
        methode="post",
    ),
    "herindicatie:evaluatie": Object(
        lambda w: {"evaluatie_id": _c1(w).evaluatie.pk}, GEMEENTE_BUITEN, "consulent_weert"
    ),
    "herindicatie:signaal_melden": Object(lambda w: {"signaal_id": _c1(w).signaal.pk}, GEMEENTE_BUITEN, methode="post"),
    "herindicatie:signaal_starten": Object(
        lambda w: {"signaal_id": _c1(w).signaal.pk}, GEMEENTE_BUITEN, methode="post"
    ),
    "herindicatie:rapport": Object(
        lambda w: {"run_id": w.run.pk, "formaat": "csv"},
        ("consulent_andere_regio",),
        "consulent_weert",
        rolpoort=("aanbieder_b", "monitoring"),
    ),
    "declaraties:detail": Object(
        lambda w: {"declaratie_id": _c1(w).declaratie.pk}, GEMEENTE_BUITEN, "backoffice_weert"
    ),
    "declaraties:batch_detail": Object(lambda w: {"batch_id": w.batch.pk}, GEMEENTE_BUITEN, "backoffice_weert"),
    "declaraties:batch_actie": Object(
        lambda w: {"batch_id": w.batch.pk, "actie": "goedkeuren"}, GEMEENTE_BUITEN, methode="post"
    ),
    "declaraties:batch_export": Object(
        lambda w: {"batch_id": w.batch.pk, "soort": "csv"}, GEMEENTE_BUITEN, methode="post"
    ),
    "monitoring:rapport": Object(
        lambda w: {"aanbieder_id": w.a.pk}, ("aanbieder_b",), "aanbieder_a", rolpoort=("consulent_leudal",)
    ),
    "monitoring:rapport_pdf": Object(
        lambda w: {"aanbieder_id": w.a.pk}, ("aanbieder_b",), "aanbieder_a", rolpoort=("consulent_leudal",)
    ),
    "taken:detail": Object(lambda w: {"taak_id": _taak(w).pk}, GEMEENTE_BUITEN, "consulent_weert"),
    "taken:status": Object(lambda w: {"taak_id": _taak(w).pk}, GEMEENTE_BUITEN, "consulent_weert"),
    "taken:bestand": Object(lambda w: {"taak_id": _taak(w).pk}, GEMEENTE_BUITEN, "consulent_weert"),
    "taken:opnieuw": Object(lambda w: {"taak_id": _taak(w).pk}, GEMEENTE_BUITEN, methode="post"),
    "taken:afhandelen": Object(lambda w: {"taak_id": _taak(w).pk}, GEMEENTE_BUITEN, methode="post"),
    "contracten:overeenkomst": Object(
        lambda w: {"overeenkomst_id": w.a.overeenkomsten.get().pk},
        ("aanbieder_b", "consulent_andere_regio"),
        "aanbieder_a",
    ),
}

LIJST: dict[str, str] = {
    "home": "redirects to the role's start page",
    "clienten:lijst": "client search (POST), clients in scope only",
    "toegang:werklijst": "consultant's worklist",
    "signalen:lijst": "the user's task list, built from the scoped selectors of each context (signalen.selectors)",
    "toegang:aanbieder_plannen": "plans sent to the provider",
    "berichten:lijst": "message copies of the user's parties",
    "berichten:portaal": "provider portal with its own assignments",
    "berichten:verzoeken": "open requests of the user's municipalities",
    "berichten:declareren": "provider's draft declaration",
    "herindicatie:overzicht": "evaluations and signals in scope",
    "herindicatie:conversie": "conversion counts of the user's region only (another region's: 404, issue 14 item 7)",
    "herindicatie:planning": "re-assessment planning of the user's region, only clients in scope listed",
    "declaraties:lijst": "declarations in scope",
    "toewijzingen:lijst": "assignments in scope (toewijzingen.selectors.toewijzingen_zichtbaar); monitoring 403",
    "lijst_export": "the export of a list: the same selectors as the list pages, within scope (tests/test_lijsten.py)",
    "declaraties:betalingen": "payment batches of the user's municipalities / the provider's payments",
    "declaraties:plafonds": "budget ceilings (aggregates)",
    "declaraties:cak": "CAK export form; the POST takes one of the user's municipalities (checked again by the task)",
    "contracten:overeenkomsten": "agreements of the user's region / provider",
    "toegang:brieven": "letter batch form: counts and bundles only letters of clients in scope (toegang.postbundel); "
    "the ZIP goes to the requester only (taken:bestand)",
}

VRIJ: dict[str, str] = {
    "security_txt": "public by RFC 9116",
    "toegankelijkheid": "the accessibility statement, public by law (Besluit digitale toegankelijkheid overheid)",
    "thema": "a region's design tokens (colours, sizes) as a stylesheet, no personal data",
    "regios": "the loaded regions and their municipalities, no personal data",
    "login": "sign-in form",
    "tweede_factor": "the signed-in user's own second factor",
    "logout": "sign-out (POST)",
    "sessies": "the signed-in user's own sessions only (Sessie.objects.filter(gebruiker=request.user))",
    "sessie_beeindigen": "ends only the user's own session; another user's id answers like a non-existent one "
    "(test_ending_someone_elses_session_changes_nothing)",
    "catalogus:regio": "the regional product catalogue: products and tariffs, no personal data",
    "toegang:melding_nieuw": "empty form for a new melding (consultants only)",
    "berichten:upload": "machine upload with a systeemkoppeling token (never a password); the token's party must be "
    "the message's sender (berichten tests)",
    "signalen:afvinken": "POST; only a key on the user's own task list is accepted (signalen.services.afvinken)",
    "beheer_aanmelden": "redirect to the sign-in form (the admin has no sign-in of its own)",
    "beheer_afmelden": "sign-out (POST), the same view as logout",
    "berichten:vot": "POST of a new 315 by a provider; no object id",
    "monitoring:dashboard": "aggregates only, small numbers suppressed (monitoring.definities.ONDERDRUKKING)",
    "monitoring:benchmark": "aggregates per segment, small numbers suppressed",
    "monitoring:export": "the dashboard's aggregate tables as CSV/XLSX, small numbers suppressed ('alles': a task)",
    "herindicatie:conversie_starten": "POST, functioneel beheer of the conversion's region only, not the uploader",
    "herindicatie:conversie_aanleveren": "functioneel beheer only (403): upload form; the definition's region must "
    "be the beheerder's (herindicatie.conversie.aanlevering)",
    "declaraties:batch_aanmaken": "POST; the municipality must be one of the user's (request.user.gemeenten)",
    "beheer:taken": "functioneel beheer only (403 for others): schedules, task titles, file names and party codes, "
    "no client data; dead tasks of other regions hidden (taken.selectors)",
    "beheer:bereiksignaal_afhandelen": "POST, functioneel beheer only (403 for others); a signal about an account "
    "outside the beheerder's region: 404 (no client data; audit/tests/test_buiten_bereik.py)",
    "migratie:overzicht": "functioneel beheer of a region only (403): the region's imports and exports, status and "
    "counts (migratie/tests/test_pagina.py)",
    "migratie:exporteren": "POST, functioneel beheer only (403); exports the own region, clients in the user's scope "
    "(export.schrijven.bereik_voor), written by a task",
    "migratie:rapport": "functioneel beheer of the migration's region only (403 others, 404 another region's): the "
    "report of the beheerder's own import or export",
    "migratie:afwijzingen": "as migratie:rapport, the refusals of an import as CSV",
    "migratie:download": "the export's ZIP only for the one who started it, once complete (404 for anyone else)",
    "migratie:importeren": "functioneel beheer of a region only (403): upload form; the source is imported into the "
    "beheerder's own region (migratie.aanlevering; migratie/tests/test_import_pagina.py)",
    "migratie:starten": "POST, functioneel beheer of the dry run's region only (403 others, 404 another region's), "
    "never the uploader (four eyes, accounts.vierogen); migratie/tests/test_import_pagina.py",
}
# Answered by web.middleware.BeheerEindpuntenMiddleware before URL resolution (so not in the URL configuration).
PLATFORM: dict[str, str] = {
    "/health/live": "liveness: 'ok', nothing else",
    "/health/ready": "readiness: 'gereed' or 'niet gereed', which part failed only in the log",
    "/metrics": "Prometheus: counts without personal data, only with the bearer token WMOKETEN_METRIEK_TOKEN",
}
ADMIN_REDEN = (
    "Django admin at /beheer/: functioneel beheer with a second factor, scoped to the beheerder's region "
    "(core.admin, accounts/tests/test_admin_bereik.py); no client data is registered in it (catalogue, contracts, "
    "users, system tokens, the audit log with pseudonyms only)"
)


@pytest.mark.django_db
def test_every_platform_endpoint_is_classified_and_reveals_nothing_to_a_stranger() -> None:
    from wmoketen.web.middleware import EINDPUNTEN

    assert set(EINDPUNTEN) == set(PLATFORM)
    for pad in PLATFORM:
        antwoord = HttpClient().get(pad, HTTP_HOST="203.0.113.9")
        assert antwoord.content in {b"ok\n", b"gereed\n", b"niet gereed\n", b"Niet gevonden\n"}, pad


def test_every_url_is_classified() -> None:
    onbekend = [
        naam
        for naam, _route in url_namen()
        if not naam.startswith("admin:") and naam not in OBJECT and naam not in LIJST and naam not in VRIJ
    ]
    assert onbekend == [], f"Classificeer deze URL's in tests/test_bereik_urls.py: {onbekend}"
    bekend = {naam for naam, _ in url_namen()}
    assert sorted((set(OBJECT) | set(LIJST) | set(VRIJ)) - bekend) == []  # no stale entries


@pytest.fixture
def wereld(db: None) -> Wereld:
    return wereld_bouwen()


def _gebruikers(w: Wereld) -> dict[str, Gebruiker]:
    t = w.t
    return {
        "consulent_weert": t.consulent,
        "backoffice_weert": GebruikerFactory(rol=Rol.BACKOFFICE, regio=t.regio, gemeenten=[w.weert]),
        "aanbieder_a": t.aanbieder_gebruiker,
        "aanbieder_b": t.andere_aanbieder_gebruiker,
        "consulent_leudal": GebruikerFactory(rol=Rol.CONSULENT, regio=t.regio, gemeenten=[w.leudal]),
        "backoffice_leudal": GebruikerFactory(rol=Rol.BACKOFFICE, regio=t.regio, gemeenten=[w.leudal]),
        "monitoring": GebruikerFactory(rol=Rol.MONITORING, regio=t.regio, gemeenten=[w.weert, w.leudal]),
        "consulent_andere_regio": GebruikerFactory(rol=Rol.CONSULENT),
    }


def _http(gebruiker: Gebruiker | None) -> HttpClient:
    http = HttpClient()
    if gebruiker is not None:
        http.force_login(gebruiker)
    return http


@pytest.mark.django_db
def test_object_urls_answer_404_outside_scope(wereld: Wereld) -> None:
    gebruikers = _gebruikers(wereld)
    resultaten: dict[str, dict[str, int]] = {}
    verwacht: dict[str, dict[str, int]] = {}
    for naam, o in OBJECT.items():
        url = reverse(naam, kwargs=o.kwargs(wereld))
        resultaten[naam], verwacht[naam] = {}, {}
        for sleutel in o.buiten:
            resultaten[naam][sleutel] = getattr(_http(gebruikers[sleutel]), o.methode)(url).status_code
            verwacht[naam][sleutel] = 404
        for sleutel in o.rolpoort:
            resultaten[naam][sleutel] = getattr(_http(gebruikers[sleutel]), o.methode)(url).status_code
            verwacht[naam][sleutel] = 403
        if o.binnen:
            resultaten[naam][o.binnen] = _http(gebruikers[o.binnen]).get(url).status_code
            verwacht[naam][o.binnen] = 200
        anoniem = getattr(_http(None), o.methode)(url)
        resultaten[naam]["anoniem"] = anoniem.status_code
        verwacht[naam]["anoniem"] = 302
        assert anoniem.status_code != 302 or anoniem["Location"].startswith("/aanmelden/?next=")
    assert resultaten == verwacht


def _ander_id(waarde: Any) -> Any:
    if isinstance(waarde, int):
        return waarde + 10_000
    return uuid.uuid4() if isinstance(waarde, uuid.UUID) else waarde


@pytest.mark.django_db
def test_nonexistent_ids_answer_404_like_out_of_scope_ones(wereld: Wereld) -> None:
    gebruikers = _gebruikers(wereld)
    for naam, o in OBJECT.items():
        if not o.binnen:
            continue
        kwargs = {k: _ander_id(v) for k, v in o.kwargs(wereld).items()}
        status = _http(gebruikers[o.binnen]).get(reverse(naam, kwargs=kwargs)).status_code
        assert (naam, status) == (naam, 404)


def _lijst_urls(w: Wereld) -> dict[str, str]:
    conversie = w.run.conversie.code
    return {
        naam: reverse(
            naam,
            kwargs={"code": conversie}
            if naam.startswith("herindicatie:") and naam != ("herindicatie:overzicht")
            else {"lijst": "toewijzingen", "formaat": "csv"}
            if naam == "lijst_export"
            else None,
        )
        for naam in LIJST
    } | {  # the chosen client list and the other exports (issue 19 item 5)
        "clienten:lijst?toon=lijst": "/clienten/?toon=lijst",
        **{f"lijst_export:{lijst}": f"/lijsten/{lijst}/csv/" for lijst in ("clienten", "declaraties", "berichten")},
    }


@pytest.mark.django_db
def test_lists_never_show_a_client_outside_scope(wereld: Wereld) -> None:
    gebruikers = _gebruikers(wereld)
    c1 = wereld.clienten[0]
    verraders = [c1.client.achternaam, c1.client.bsn, str(c1.toewijzing.toewijzing_nummer)]
    gezien: list[tuple[str, str, str]] = []
    for naam, url in _lijst_urls(wereld).items():
        for sleutel in GEMEENTE_BUITEN:
            antwoord = _http(gebruikers[sleutel]).get(url)
            assert antwoord.status_code in {200, 302, 403, 404}, (naam, sleutel, antwoord.status_code)
            html = antwoord.content.decode()
            gezien += [(naam, sleutel, v) for v in verraders if v in html]
        assert _http(None).get(url).status_code == 302
    assert gezien == []
    # the search (a POST) finds client 1 only for those in scope, by BSN and by name
    # (the page repeats what was typed, so the query itself is not a betrayal; the link and the rest are)
    for sleutel in GEMEENTE_BUITEN:
        for q in (c1.client.bsn, c1.client.achternaam):
            html = _http(gebruikers[sleutel]).post("/clienten/", {"q": q}).content.decode()
            anders = [v for v in (*verraders, f"/clienten/{c1.client.pk}/") if v != q]
            gezien += [("clienten:lijst", sleutel, v) for v in anders if v in html]
    assert gezien == []
    # and the positive control: the in-scope consultant and provider do find client 1
    for sleutel in ("consulent_weert", "aanbieder_a"):
        for q in (c1.client.bsn, c1.client.achternaam):
            assert (
                f"/clienten/{c1.client.pk}/" in _http(gebruikers[sleutel]).post("/clienten/", {"q": q}).content.decode()
            )


@pytest.mark.django_db
def test_conversion_report_lists_only_the_users_municipalities(wereld: Wereld) -> None:
    url = reverse("herindicatie:rapport", kwargs={"run_id": wereld.run.pk, "formaat": "csv"})
    weert = _http(_gebruikers(wereld)["consulent_weert"]).get(url).content.decode()
    nummer = wereld.clienten[0].toewijzing.toewijzing_nummer
    assert weert == f"volgnummer;gemeente;toewijzing\n1;0988;{nummer}\n"


@pytest.mark.django_db
def test_admin_is_closed_to_non_staff(wereld: Wereld) -> None:
    gebruikers = _gebruikers(wereld)
    assert ADMIN_REDEN
    for sleutel in ("consulent_weert", "aanbieder_a", "monitoring"):
        antwoord = _http(gebruikers[sleutel]).get("/beheer/")
        assert (antwoord.status_code, antwoord["Location"]) == (302, "/beheer/login/?next=/beheer/")


@pytest.mark.django_db
def test_ending_someone_elses_session_changes_nothing(wereld: Wereld) -> None:
    gebruikers = _gebruikers(wereld)
    from django.utils import timezone

    nu = timezone.now()
    sessie = Sessie.objects.create(
        gebruiker=gebruikers["consulent_weert"], sessiesleutel="x" * 32, aangemeld_op=nu, laatst_actief=nu
    )
    antwoord = _http(gebruikers["aanbieder_b"]).post(reverse("sessie_beeindigen", kwargs={"sessie_id": sessie.pk}))
    assert antwoord.status_code == 302
    assert Sessie.objects.filter(pk=sessie.pk).count() == 1


# an absolute POSIX path under a server's root directories, or a Windows drive path
SERVERPAD = re.compile(r"(?<![\w.:/-])/(?:home|srv|work|tmp|usr|var|opt|root|etc|mnt|app|data)/|\b[A-Za-z]:\\\\")


@pytest.mark.django_db
def test_no_page_shows_a_server_path(wereld: Wereld) -> None:
    """Issue 14 item 7: every list and every object page, as the users who may see it, shows no server path, even
    with a conversion loaded from an absolute path and a run that failed on a file."""
    from wmoketen.herindicatie.models import Conversie, Conversierun

    pad = str(Path(__file__).resolve().parents[1] / "conversies" / "test-conversie.yaml")
    Conversie.objects.filter(pk=wereld.run.conversie_id).update(bestand=pad)
    Conversierun.objects.filter(pk=wereld.run.pk).update(fout=f"FileNotFoundError: [Errno 2] '{pad}'")
    gebruikers = _gebruikers(wereld)
    bezoeken = [(url, sleutel) for url in _lijst_urls(wereld).values() for sleutel in
                ("consulent_weert", "backoffice_weert", "aanbieder_a", "monitoring")]  # fmt: skip
    bezoeken += [
        (reverse(naam, kwargs=o.kwargs(wereld)), o.binnen)
        for naam, o in OBJECT.items()
        if o.binnen and o.methode == "get"
    ]
    gezien, bekeken = [], 0
    for url, sleutel in bezoeken:
        antwoord = _http(gebruikers[sleutel]).get(url)
        if antwoord.status_code != 200 or not antwoord.get("Content-Type", "").startswith("text/"):
            continue
        tekst = antwoord.content.decode(errors="replace")
        bekeken += 1
        gevonden = SERVERPAD.search(tekst)
        if gevonden or pad in tekst:
            gezien.append((url, sleutel, tekst[max(0, (gevonden.start() if gevonden else 0) - 60) :][:160]))
    assert gezien == []
    assert bekeken >= 20
