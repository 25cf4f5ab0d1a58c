"""Pages of declarations: the list and detail with findings (back office and provider, scoped), payments
(batches with four eyes, exports; a provider's payments), budget ceilings and the CAK cost-price export."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.http import IngelogdVerzoek
from wmoketen.audit.constants import Actie, Verwerkingsactiviteit
from wmoketen.audit.services import verwerkingen_log
from wmoketen.core import parameters
from wmoketen.core.money import format_euro
from wmoketen.taken.models import Taak
from wmoketen.taken.services import aanbieden

from . import betaling, selectors
from .constants import BatchStatus, DeclaratieStatus, retourcode_tekst
from .lijsten import BETAALBATCHES, DECLARATIES
from .tasks import betaalbestand_maken, cak_export_maken


@login_required
def lijst(request: IngelogdVerzoek) -> HttpResponse:
    """Filters, search, sorting and paging in the URL, so a view of the list can be shared (issue 19 item 5)."""
    keuzes = DECLARATIES.keuzes(request.GET)
    lijst = selectors.declaraties_lijst(request.user, keuzes)
    pagina = keuzes.pagina(lijst.declaraties)
    vandaag = timezone.localdate()
    uitkomsten = selectors.uitkomsten(list(pagina))
    for d in pagina:
        d.te_laat = selectors.antwoord_te_laat(d, vandaag=vandaag)  # type: ignore[attr-defined]
        d.uitkomst = uitkomsten[d.pk]  # type: ignore[attr-defined]
    return render(
        request,
        "declaraties/lijst.html",
        {"pagina": pagina, "lijst": lijst, "keuzes": keuzes, "statussen": DeclaratieStatus.choices},
    )


@login_required
def detail(request: IngelogdVerzoek, declaratie_id: int) -> HttpResponse:
    declaratie = selectors.declaratie_ophalen(gebruiker=request.user, declaratie_id=declaratie_id)
    prestaties = list(
        declaratie.prestaties.select_related("toewijzing__product", "client").order_by("volgnummer")[:500]
    )
    client_ids = sorted({p.client_id for p in prestaties if p.client_id})
    if client_ids:
        verwerkingen_log(
            actor=request.user,
            actie=Actie.INZIEN,
            verwerkingsactiviteit=Verwerkingsactiviteit.DECLARATIE,
            client_ids=client_ids,
            object_type="Declaratie",
            object_id=str(declaratie.pk),
        )
    for p in prestaties:
        p.codes = [(c, retourcode_tekst(c)) for c in p.retour_codes]  # type: ignore[attr-defined]
    return render(
        request,
        "declaraties/detail.html",
        {
            "declaratie": declaratie,
            "uitkomst": selectors.uitkomsten([declaratie])[declaratie.pk],
            "prestaties": prestaties,
            "meer": declaratie.prestaties.count() - len(prestaties),
            "codes": [(c, retourcode_tekst(c)) for c in declaratie.retour_codes],
            "te_laat": selectors.antwoord_te_laat(declaratie, vandaag=timezone.localdate()),
        },
    )


@login_required
def betalingen(request: IngelogdVerzoek) -> HttpResponse:
    if request.user.rol == Rol.AANBIEDER:
        regels = Paginator(selectors.betalingen_aanbieder(request.user), 100).get_page(parameters.pagina(request.GET))
        return render(
            request,
            "declaraties/betalingen_aanbieder.html",
            {"pagina": regels, "aanhoudingen": selectors.aanhoudingen_zichtbaar(request.user)},
        )
    if request.user.rol not in selectors.GEMEENTE_ROLLEN:
        raise Http404("Geen toegang")
    vandaag = timezone.localdate()
    keuzes = BETAALBATCHES.keuzes(request.GET)  # issue 19 item 5: filters, sorting and paging in the URL
    lijst = selectors.betaalbatches_lijst(request.user, keuzes)
    pagina = keuzes.pagina(lijst.batches)
    for b in pagina:
        b.te_laat = selectors.batch_te_laat(b, vandaag=vandaag)  # type: ignore[attr-defined]
    return render(
        request,
        "declaraties/betalingen.html",
        {
            "pagina": pagina,
            "lijst": lijst,
            "keuzes": keuzes,
            "statussen": BatchStatus.choices,
            "gemeenten": request.user.gemeenten.all(),
            "aanhoudingen": selectors.aanhoudingen_zichtbaar(request.user),
            "onbetaalbaar": selectors.zonder_geldige_rekening(request.user),
        },
    )


@login_required
def batch_detail(request: IngelogdVerzoek, batch_id: int) -> HttpResponse:
    """The batch per provider and municipality with totals, what was held or left out, and the lines behind it:
    what the second person sees before approving."""
    overzicht = selectors.batchoverzicht(gebruiker=request.user, batch_id=batch_id)
    if overzicht.client_ids:
        verwerkingen_log(
            actor=request.user,
            actie=Actie.INZIEN,
            verwerkingsactiviteit=Verwerkingsactiviteit.DECLARATIE,
            client_ids=overzicht.client_ids,
            object_type="Betaalbatch",
            object_id=str(overzicht.batch.pk),
        )
    return render(
        request,
        "declaraties/betaalbatch.html",
        {"o": overzicht, "te_laat": selectors.batch_te_laat(overzicht.batch, vandaag=timezone.localdate())},
    )


@login_required
@require_POST
def batch_aanmaken(request: IngelogdVerzoek) -> HttpResponse:
    gemeente = request.user.gemeenten.filter(pk=request.POST.get("gemeente") or 0).first()
    if gemeente is None:
        raise Http404("Gemeente niet gevonden")
    try:
        batch = betaling.betaalbatch_aanmaken(gemeente=gemeente, actor=request.user)
    except betaling.BetaalFout as exc:
        messages.error(request, str(exc))
        return redirect("declaraties:betalingen")
    if batch is None:
        messages.info(request, "Er is niets te betalen.")
    else:
        messages.success(request, f"Betaalbatch {batch.pk} aangemaakt; een collega moet hem goedkeuren (vier ogen).")
        for u in batch.uitgesloten:
            messages.warning(request, f"{u['naam']} niet in de batch ({format_euro(u['bedrag_cent'])}): {u['reden']}")
    aangehouden = selectors.aanhoudingen_zichtbaar(request.user, gemeente=gemeente)
    if aangehouden:
        bedrag = format_euro(sum(r.aanhouding.bedrag_cent for r in aangehouden))
        messages.warning(request, f"{bedrag} aangehouden boven het plafond (regel van de regio); zie de lijst.")
    return redirect("declaraties:betalingen")


def _batch(request: IngelogdVerzoek, batch_id: int) -> betaling.Betaalbatch:
    batch = selectors.betaalbatches_zichtbaar(request.user).filter(pk=batch_id).first()
    if batch is None:
        raise Http404("Betaalbatch niet gevonden")
    return batch


@login_required
@require_POST
def batch_actie(request: IngelogdVerzoek, batch_id: int, actie: str) -> HttpResponse:
    batch = _batch(request, batch_id)
    try:
        if actie == "goedkeuren":
            betaling.betaalbatch_goedkeuren(batch=batch, actor=request.user)
            messages.success(request, f"Betaalbatch {batch.pk} goedgekeurd.")
        elif actie == "annuleren":
            betaling.betaalbatch_annuleren(batch=batch, actor=request.user)
            messages.success(request, f"Betaalbatch {batch.pk} geannuleerd.")
        else:
            raise Http404("Onbekende actie")
    except betaling.BetaalFout as exc:
        messages.error(request, str(exc))
    return redirect("declaraties:batch_detail", batch_id=batch.pk)


@login_required
@require_POST
def batch_export(request: IngelogdVerzoek, batch_id: int, soort: str) -> HttpResponse:
    """The payment file is made on the worker; its page offers the download."""
    batch = _batch(request, batch_id)
    if soort not in {"pain001", "csv"}:
        raise Http404("Onbekend formaat")
    taak = aanbieden(
        betaalbestand_maken,
        kwargs={"gebruiker_id": request.user.pk, "batch_id": batch.pk, "soort": soort},
        titel=f"Betaalbatch {batch.pk}: {'SEPA (pain.001)' if soort == 'pain001' else 'CSV'}",
        door=request.user,
        regio=request.user.regio,
    )
    return _taakpagina(taak, reverse("declaraties:betalingen"))


def _taakpagina(taak: Taak, terug: str) -> HttpResponse:
    return redirect(f"{reverse('taken:detail', args=[taak.pk])}?{urlencode({'terug': terug})}")


@login_required
def plafonds(request: IngelogdVerzoek) -> HttpResponse:
    vandaag = timezone.localdate()
    jaren = selectors.plafondjaren(gebruiker=request.user)
    standaard = selectors.standaard_plafondjaar(jaren, vandaag.year)  # this year, or the latest with ceilings
    jaar = parameters.jaar(request.GET, standaard=standaard)  # jaar=abc: 400, not silently this year
    standen = selectors.plafondstanden(gebruiker=request.user, jaar=jaar, peildatum=vandaag)
    context = {
        "standen": standen,
        "jaar": jaar,
        "jaren": sorted({*jaren, vandaag.year, jaar}, reverse=True),
        "verschoven": "jaar" not in request.GET and jaar != vandaag.year,
        "dit_jaar": vandaag.year,
    }
    return render(request, "declaraties/plafonds.html", context)


@login_required
def cak(request: IngelogdVerzoek) -> HttpResponse:
    if request.user.rol not in selectors.GEMEENTE_ROLLEN:
        raise Http404("Alleen voor de gemeente")
    gemeenten = request.user.gemeenten.all()
    if request.method == "GET":
        return render(request, "declaraties/cak.html", {"gemeenten": gemeenten, "jaar": timezone.localdate().year})
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    keuze = request.POST.get("gemeente", "")
    if not keuze.isascii() or not keuze.isdigit():  # text in the id was a 500 (issue 13 item 8)
        messages.error(request, "Kies een gemeente uit de lijst.")
        return redirect("declaraties:cak")
    gemeente = gemeenten.filter(pk=int(keuze)).first()
    if gemeente is None:
        raise Http404("Gemeente niet gevonden")
    try:
        jaar = int(request.POST.get("jaar", ""))
        date(jaar, 1, 1)
    except (ValueError, OverflowError):  # not a number, or far beyond any year
        messages.error(request, "Geef een geldig jaar op.")
        return redirect("declaraties:cak")
    taak = aanbieden(
        cak_export_maken,
        kwargs={"gebruiker_id": request.user.pk, "gemeente_id": gemeente.pk, "jaar": jaar},
        titel=f"CAK-kostprijs {gemeente.naam} {jaar}",
        door=request.user,
        regio=request.user.regio,
    )
    return _taakpagina(taak, reverse("declaraties:cak"))
