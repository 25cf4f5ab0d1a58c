"""The state of a region's record as plain, comparable data: what an export and re-import must bring back equal,
and a way to empty the database of it (the 'empty wmoketen' with only its region files loaded)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError, Sum

from wmoketen.berichten.models import Bericht
from wmoketen.catalogus.models import Gemeente
from wmoketen.clienten.models import Client
from wmoketen.declaraties.models import Declaratie, Prestatie
from wmoketen.migratie.export.schrijven import betaalde_declaraties
from wmoketen.toewijzingen.models import Start, Stop, Toewijzing, ToewijzingVersie, Verzoek
from wmoketen.toewijzingen.selectors import te_verzenden_301


def _rijen(qs: Any, *velden: str) -> list[tuple[Any, ...]]:
    return sorted(qs.values_list(*velden), key=repr)


def _versies(toewijzingen: Any) -> list[tuple[Any, ...]]:
    """Every version; an assignment stored without any (data made outside the services, like the monitoring demo)
    counts its current state as its one version, which is what a 301 of it carries."""
    velden = ("ingangsdatum", "einddatum", "volume", "eenheid", "frequentie", "budget_cent", "reden_wijziging")
    rijen = _rijen(
        ToewijzingVersie.objects.filter(toewijzing__in=toewijzingen),
        "toewijzing__toewijzing_nummer", "toewijzingsdatum", "toewijzingstijd", *velden,
    )  # fmt: skip
    for t in toewijzingen.filter(versies__isnull=True):
        rijen.append((t.toewijzing_nummer, t.toewijzingsdatum, t.toewijzingstijd, *(getattr(t, v) for v in velden)))
    return sorted(rijen, key=repr)


def stand(gemeentecodes: set[str]) -> dict[str, Any]:
    clienten = Client.objects.filter(gemeente__cbs_code__in=gemeentecodes)
    toewijzingen = Toewijzing.objects.filter(client__in=clienten)
    prestaties = Prestatie.objects.filter(declaratie__gemeente__cbs_code__in=gemeentecodes)
    declaraties = Declaratie.objects.filter(gemeente__cbs_code__in=gemeentecodes)
    open_301 = {
        (c, a)
        for c, a in te_verzenden_301()
        if Client.objects.filter(pk=c, gemeente__cbs_code__in=gemeentecodes).exists()
    }
    return {
        "clienten": _rijen(
            clienten,
            "bsn", "gemeente__cbs_code", "geboortedatum", "geslacht", "voorletters", "voornamen", "voorvoegsel",
            "achternaam", "straat", "huisnummer", "huisnummer_toevoeging", "postcode", "plaats", "telefoon",
        ),
        "toewijzingen": _rijen(
            toewijzingen,
            "toewijzing_nummer", "client__bsn", "aanbieder__agb_code", "product__productcode", "product__regio__code",
            "ingangsdatum", "einddatum", "volume", "eenheid", "frequentie", "budget_cent", "reden_wijziging",
            "referentie_aanbieder",
        ),
        "versies": _versies(toewijzingen),
        "starts": _rijen(
            Start.objects.filter(client__in=clienten),
            "toewijzing_nummer", "client__bsn", "aanbieder__agb_code", "gemeente_code", "begindatum", "ontvangen_op",
            "verwijderd_op", "product_categorie", "product_code", "toewijzing_ingangsdatum",
        ),
        "stops": _rijen(
            Stop.objects.filter(start__client__in=clienten),
            "start__toewijzing_nummer", "start__begindatum", "reden_beeindiging", "einddatum", "ontvangen_op",
            "verwijderd_op",
        ),
        "verzoeken": _rijen(
            Verzoek.objects.filter(client__in=clienten),
            "soort", "client__bsn", "aanbieder__agb_code", "referentie_aanbieder", "status", "ontvangen_op",
        ),
        "declaraties": _rijen(
            declaraties,
            "aanbieder__agb_code", "gemeente__cbs_code", "declaratie_nummer", "periode_begin", "periode_eind",
            "dagtekening", "status", "totaal_ingediend_cent", "totaal_toegekend_cent", "retour_codes",
        ),
        "prestaties": _rijen(
            prestaties,
            "declaratie__declaratie_nummer", "aanbieder__agb_code", "client__bsn", "toewijzing__toewijzing_nummer",
            "referentie_nummer", "vorig_referentie_nummer", "toewijzing_nummer", "product_categorie", "product_code",
            "begindatum", "einddatum", "geleverd_volume", "eenheid", "product_tarief_cent", "ingediend_bedrag_cent",
            "debet_credit", "status", "retour_codes", "toegekend_cent",
        ),
        "geld": prestaties.aggregate(ingediend=Sum("ingediend_bedrag_cent"), toegekend=Sum("toegekend_cent")),
        # paid: per declaration whose approved prestaties are all in paid batches, the amount and the date
        "betaald": sorted(betaalde_declaraties(Gemeente.objects.filter(cbs_code__in=gemeentecodes))),
        "berichten": sorted(
            Counter(
                Bericht.objects.filter(partij__in=gemeentecodes).values_list("partij", "richting", "soort")
            ).items()
        ),
        "berichtinhoud": _rijen(Bericht.objects.filter(partij__in=gemeentecodes), "partij", "richting", "sha256"),
        "nog_te_sturen_301": sorted(
            (Client.objects.get(pk=c).bsn, a) for c, a in open_301
        ),
    }  # fmt: skip


def leegmaken() -> None:
    """Remove every client and everything that hangs on them, in as many passes as the protected references need
    (the Logboek stays: it is append-only; catalogue, providers and users stay: they come from the region files)."""
    blijft = {"accounts", "audit", "catalogus", "contracten", "migratie", "taken"}
    modellen = [
        m for c in apps.get_app_configs() if c.name.startswith("wmoketen.") and c.label not in blijft
        for m in c.get_models()
    ]  # fmt: skip
    for _ in range(10):
        over = []
        for model in modellen:
            try:
                with transaction.atomic():
                    eigen = [f.name for f in model._meta.fields if f.is_relation and f.related_model is model]
                    if eigen:  # versions pointing at versions: cut the chain first
                        model._default_manager.update(**dict.fromkeys(eigen))
                    model._default_manager.all().delete()
            except (ProtectedError, RestrictedError):
                over.append(model)
        if not over:
            return
        modellen = over
    raise AssertionError(f"niet leeg te maken: {modellen}")
