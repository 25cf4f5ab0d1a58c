"""Write a checked region file to the database: all of it in one transaction, or nothing.

Rows are matched on their natural keys (codes, AGB codes, start dates), so loading the same file twice changes
nothing and a changed file updates in place. Rows the file no longer names are removed, unless something still
refers to them; then the whole load is refused.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone

from wmoketen.catalogus.domain import (
    EENHEDEN_VAN_MODEL,
    FREQUENTIE_CODES,
    STANDAARD_FREQUENTIE,
    VARIANT_VAN_MODEL,
    eenheid_code,
)
from wmoketen.catalogus.models import (
    Afrekenregel,
    Bekostiging,
    CakKostprijs,
    Gemeente,
    Grondslag,
    Perceel,
    Product,
    Profiel,
    Regio,
    Segment,
    Tarief,
)
from wmoketen.contracten.models import Aanbieder, Budgetplafond, Overeenkomst

from ..rekening import iban_compact
from .fouten import Fout, RegiobestandFout
from .lezen import GelezenRegiobestand
from .schema import AanbiederRegel, Regiobestand


@dataclass
class Laadverslag:
    regio: str
    aangemaakt: Counter[str] = field(default_factory=Counter)
    gewijzigd: Counter[str] = field(default_factory=Counter)
    verwijderd: Counter[str] = field(default_factory=Counter)

    @property
    def ongewijzigd(self) -> bool:
        return not (self.aangemaakt or self.gewijzigd or self.verwijderd)

    def samenvatting(self) -> str:
        if self.ongewijzigd:
            return f"Regio {self.regio}: ongewijzigd (het bestand was al geladen)."
        delen = []
        for label, teller in (
            ("aangemaakt", self.aangemaakt),
            ("gewijzigd", self.gewijzigd),
            ("verwijderd", self.verwijderd),
        ):
            if teller:
                delen.append(f"{label}: " + ", ".join(f"{n} {soort}" for soort, n in sorted(teller.items())))
        return f"Regio {self.regio}: " + "; ".join(delen) + "."


class _Schrijver:
    def __init__(self, verslag: Laadverslag) -> None:
        self.verslag = verslag

    def upsert(self, model: type[models.Model], sleutel: dict[str, Any], waarden: dict[str, Any]) -> Any:
        soort = str(model._meta.verbose_name_plural)
        obj = model._default_manager.filter(**sleutel).first()
        if obj is None:
            obj = model._default_manager.create(**sleutel, **waarden)
            self.verslag.aangemaakt[soort] += 1
            return obj
        changed = [name for name, value in waarden.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, waarden[name])
            obj.save(update_fields=changed)
            self.verslag.gewijzigd[soort] += 1
        return obj

    def m2m(self, manager: Any, gewenst: list[Any], soort: str) -> None:
        huidig = set(manager.all())
        if huidig != set(gewenst):
            manager.set(gewenst)
            self.verslag.gewijzigd[soort] += 1

    def opruimen(self, queryset: models.QuerySet[Any], behouden: list[Any]) -> None:
        weg = queryset.exclude(pk__in=[o.pk for o in behouden])
        aantal = weg.count()
        if aantal:
            weg.delete()
            self.verslag.verwijderd[str(queryset.model._meta.verbose_name_plural)] += aantal


def laad_regiobestand(gelezen: GelezenRegiobestand) -> Laadverslag:
    bestand = gelezen.inhoud
    verslag = Laadverslag(regio=bestand.regio.code)
    try:
        with transaction.atomic():
            _laad(bestand, gelezen.sha256, _Schrijver(verslag))
    except (ProtectedError, RestrictedError) as exc:
        namen = (
            ", ".join(sorted({str(o) for o in exc.protected_objects if o is not None})[:5])
            if isinstance(exc, ProtectedError)
            else ""
        )
        raise RegiobestandFout(
            gelezen.pad,
            [Fout((), f"het bestand laat onderdelen weg die nog in gebruik zijn ({namen}); niets geladen")],
        ) from exc
    return verslag


def _laad(b: Regiobestand, sha256: str, w: _Schrijver) -> None:
    kop = b.regio
    regio: Regio = w.upsert(
        Regio,
        {"code": kop.code},
        {
            "naam": kop.naam,
            "omschrijving": kop.omschrijving,
            "bron": kop.bron,
            "geldig_van": kop.geldig_van,
            "geldig_tot": kop.geldig_tot,
            "een_perceel_tegelijk": kop.een_perceel_tegelijk,
            "indicatietermijnen_maanden": list(kop.indicatietermijnen_maanden),
            "max_indicatie_stabiel_maanden": kop.max_indicatie_stabiel_maanden,
            "max_indicatie_verandering_maanden": kop.max_indicatie_verandering_maanden,
            "cak_week_53": kop.cak_week_53,
            "instellingen": b.instellingen,
            "bestand_versie": b.versie,
        },
    )
    if regio.bestand_sha256 != sha256:
        regio.bestand_sha256 = sha256
        regio.geladen_op = timezone.now()
        regio.save(update_fields=["bestand_sha256", "geladen_op"])

    gemeenten = [w.upsert(Gemeente, {"cbs_code": g.cbs_code}, {"naam": g.naam}) for g in b.gemeenten]
    w.m2m(regio.gemeenten, gemeenten, "gemeenten van de regio")

    grondslagen = {
        g.code: w.upsert(Grondslag, {"regio": regio, "code": g.code}, {"naam": g.naam}) for g in b.grondslagen
    }
    profielen = {
        p.code: w.upsert(
            Profiel,
            {"regio": regio, "code": p.code},
            {
                "naam": p.naam,
                "categorie": p.categorie,
                "intensiteit": p.intensiteit,
                "aard": p.aard,
                "volgorde": i,
            },
        )
        for i, p in enumerate(b.profielen)
    }
    afrekenregels = {
        a.code: w.upsert(
            Afrekenregel,
            {"regio": regio, "code": a.code},
            {
                "naam": a.naam,
                "periodegrid": a.periodegrid,
                "eerste_periode": a.eerste_periode,
                "laatste_periode": a.laatste_periode,
                "onderbreking": a.onderbreking,
                "wissel_aanbieder": a.wissel_aanbieder,
                "declaratiemoment": a.declaratiemoment,
                "toelichting": a.toelichting,
            },
        )
        for a in b.afrekenregels
    }

    segmenten: dict[str, Segment] = {}
    percelen: dict[str, Perceel] = {}
    alle_percelen: list[Perceel] = []
    alle_producten: list[Product] = []
    for s_i, s in enumerate(b.segmenten):
        segment: Segment = w.upsert(
            Segment,
            {"regio": regio, "code": s.code},
            {
                "naam": s.naam,
                "omschrijving": s.omschrijving,
                "toegang": s.instrumenten.toegang,
                "bekostiging": s.instrumenten.bekostiging,
                "leveranciersmanagement": s.instrumenten.leveranciersmanagement,
                "contractduur": s.instrumenten.contractduur,
                "max_indicatie_maanden": s.max_indicatie_maanden,
                "plafondregel": s.plafondregel or "",
                "volgorde": s_i,
            },
        )
        segmenten[s.code] = segment
        for p_i, p in enumerate(s.percelen):
            perceel: Perceel = w.upsert(
                Perceel,
                {"segment": segment, "code": p.code},
                {
                    "naam": p.naam,
                    "omschrijving": p.omschrijving,
                    "uitgezonderd_enkel_perceel": p.uitgezonderd_enkel_perceel,
                    "volgorde": p_i,
                },
            )
            percelen[f"{s.code}/{p.code}"] = perceel
            alle_percelen.append(perceel)
            for pr_i, pr in enumerate(p.producten):
                product: Product = w.upsert(
                    Product,
                    {"perceel": perceel, "productcode": pr.productcode},
                    {
                        "regio": regio,
                        "categorie": pr.categorie,
                        "naam": pr.naam,
                        "omschrijving": pr.omschrijving,
                        "regio_productcode": pr.regio_productcode,
                        "cak_code": pr.cak_code,
                        "profiel": profielen[pr.profiel] if pr.profiel else None,
                        "volgorde": pr_i,
                    },
                )
                alle_producten.append(product)
                w.m2m(product.grondslagen, [grondslagen[g] for g in pr.grondslagen], "grondslagen van producten")
                _laad_productperioden(w, product, pr, afrekenregels)
        w.opruimen(Perceel.objects.filter(segment=segment), [p for p in alle_percelen if p.segment_id == segment.pk])
    w.opruimen(Product.objects.filter(regio=regio), alle_producten)
    w.opruimen(Segment.objects.filter(regio=regio), list(segmenten.values()))
    w.opruimen(Profiel.objects.filter(regio=regio), list(profielen.values()))
    w.opruimen(Grondslag.objects.filter(regio=regio), list(grondslagen.values()))
    w.opruimen(Afrekenregel.objects.filter(regio=regio), list(afrekenregels.values()))

    aanbieders = {a.agb_code: w.upsert(Aanbieder, {"agb_code": a.agb_code}, _aanbiedervelden(a)) for a in b.aanbieders}
    overeenkomsten = []
    for o in b.overeenkomsten:
        overeenkomst: Overeenkomst = w.upsert(
            Overeenkomst,
            {"regio": regio, "kenmerk": o.kenmerk},
            {
                "aanbieder": aanbieders[o.aanbieder],
                "soort": o.soort,
                "procedure": o.procedure,
                "ingangsdatum": o.ingangsdatum,
                "einddatum": o.einddatum,
                "verlengingsopties": o.verlengingsopties,
            },
        )
        overeenkomsten.append(overeenkomst)
        gecontracteerd = [percelen[ref] for ref in o.percelen]
        w.m2m(overeenkomst.percelen, gecontracteerd, "percelen van overeenkomsten")
        producten = [pr for pr in alle_producten if pr.perceel in gecontracteerd and pr.productcode in o.producten]
        w.m2m(overeenkomst.producten, producten, "producten van overeenkomsten")
    w.opruimen(Overeenkomst.objects.filter(regio=regio), overeenkomsten)

    plafonds = [
        w.upsert(
            Budgetplafond,
            {"aanbieder": aanbieders[p.aanbieder], "segment": segmenten[p.segment], "jaar": p.jaar},
            {"bedrag_cent": p.bedrag_cent, "is_demowaarde": p.demowaarde},
        )
        for p in b.budgetplafonds
    ]
    w.opruimen(Budgetplafond.objects.filter(segment__regio=regio), plafonds)


def _laad_productperioden(w: _Schrijver, product: Product, pr: Any, afrekenregels: dict[str, Afrekenregel]) -> None:
    bekostigingen = []
    for k in pr.bekostiging:
        variant = VARIANT_VAN_MODEL[k.model]
        eenheid_naam = k.eenheid
        if eenheid_naam is None and EENHEDEN_VAN_MODEL[k.model]:
            eenheid_naam = EENHEDEN_VAN_MODEL[k.model][0]
        frequentie = k.frequentie or STANDAARD_FREQUENTIE[k.model]
        bekostigingen.append(
            w.upsert(
                Bekostiging,
                {"product": product, "geldig_van": k.geldig_van},
                {
                    "geldig_tot": k.geldig_tot,
                    "model": k.model,
                    "variant": variant,
                    "eenheid": eenheid_code(eenheid_naam, variant) if eenheid_naam else "",
                    "frequentie": FREQUENTIE_CODES[frequentie] if frequentie else "",
                    "afrekenregel": afrekenregels[k.afrekenregel] if k.afrekenregel else None,
                    "maximum_budget_cent": k.maximum_budget_cent,
                    "toelichting": k.toelichting,
                },
            )
        )
    w.opruimen(Bekostiging.objects.filter(product=product), bekostigingen)
    tarieven = [
        w.upsert(
            Tarief,
            {"product": product, "geldig_van": t.geldig_van},
            {
                "geldig_tot": t.geldig_tot,
                "bedrag_cent": t.bedrag_cent,
                "per": t.per,
                "is_demowaarde": t.demowaarde,
                "bron": t.bron,
            },
        )
        for t in pr.tarieven
    ]
    w.opruimen(Tarief.objects.filter(product=product), tarieven)
    kostprijzen = [
        w.upsert(
            CakKostprijs,
            {"product": product, "geldig_van": c.geldig_van},
            {
                "geldig_tot": c.geldig_tot,
                "bedrag_cent": c.bedrag_cent,
                "per": c.per,
                "is_demowaarde": c.demowaarde,
            },
        )
        for c in pr.cak_kostprijs
    ]
    w.opruimen(CakKostprijs.objects.filter(product=product), kostprijzen)


def _aanbiedervelden(a: AanbiederRegel) -> dict[str, object]:
    """A bank account only when the file gives one: an IBAN entered by functioneel beheer is not wiped."""
    velden: dict[str, object] = {"naam": a.naam, "is_demo": a.demo}
    if a.iban:
        velden.update(iban=iban_compact(a.iban), bic=a.bic.upper())
    return velden
