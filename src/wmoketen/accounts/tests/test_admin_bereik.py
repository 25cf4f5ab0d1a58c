"""The admin as the beheerder (functioneel beheer) of region A, attacking region B (issue 13, item 1).

For every model registered in the admin and every way in (list, change, delete, history, bulk action, password,
form choices): nothing of region B can be seen, chosen or changed; the beheerder cannot raise their own or anyone's
rights; every change lands in the Logboek in the admin's own transaction. A model added to the admin without an
object of region B in `VAN_B` fails `test_every_admin_model_is_attacked`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import DatabaseError
from django.db.models import Model
from django.test import Client as HttpClient
from django.urls import reverse

from tests.factories import (
    AanbiederFactory,
    GebruikerFactory,
    GemeenteFactory,
    OvereenkomstFactory,
    PerceelFactory,
    ProductFactory,
    RegioFactory,
    SegmentFactory,
)
from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker, Systeemkoppeling
from wmoketen.accounts.services import koppeling_aanmaken
from wmoketen.audit.constants import Actie, Resultaat, Verwerkingsactiviteit
from wmoketen.audit.models import Bereiksignaal, Verwerking
from wmoketen.audit.services import verwerkingen_log
from wmoketen.catalogus.models import (
    Afrekenregel,
    Bekostiging,
    CakKostprijs,
    Gemeente,
    Grondslag,
    Leefgebied,
    Perceel,
    Product,
    Profiel,
    Regio,
    Segment,
    Tarief,
)
from wmoketen.contracten.models import Aanbieder, Budgetplafond, Overeenkomst
from wmoketen.core.admin import BeheerAdmin, momentopname

pytestmark = pytest.mark.django_db


@dataclass
class Regiowereld:
    regio: Regio
    gemeente: Gemeente
    segment: Segment
    perceel: Perceel
    product: Product
    grondslag: Grondslag
    profiel: Profiel
    afrekenregel: Afrekenregel
    aanbieder: Aanbieder
    overeenkomst: Overeenkomst
    budgetplafond: Budgetplafond
    beheerder: Gebruiker
    consulent: Gebruiker
    aanbieder_medewerker: Gebruiker
    koppeling: Systeemkoppeling


def regiowereld(naam: str, cbs: str) -> Regiowereld:
    gemeente = GemeenteFactory(cbs_code=cbs, naam=f"Gemeente {naam}")
    regio = RegioFactory(code=f"regio-{naam}", naam=f"Regio {naam}")
    regio.gemeenten.add(gemeente)
    segment = SegmentFactory(regio=regio)
    perceel = PerceelFactory(segment=segment)
    product = ProductFactory(perceel=perceel, regio=regio)
    grondslag = Grondslag.objects.create(regio=regio, code=f"g-{naam}", naam="Grondslag")
    profiel = Profiel.objects.create(regio=regio, code=f"p-{naam}", naam="Profiel", categorie="1", intensiteit="laag")
    afrekenregel = Afrekenregel.objects.create(regio=regio, code=f"a-{naam}", naam="Afrekenregel")
    Bekostiging.objects.create(product=product, geldig_van=date(2025, 1, 1), model="inspanning", variant="0")
    Tarief.objects.create(product=product, geldig_van=date(2025, 1, 1), bedrag_cent=1000)
    CakKostprijs.objects.create(product=product, geldig_van=date(2025, 1, 1), bedrag_cent=900)
    aanbieder = AanbiederFactory(naam=f"Aanbieder {naam}")
    overeenkomst = OvereenkomstFactory(regio=regio, aanbieder=aanbieder)
    budgetplafond = Budgetplafond.objects.create(aanbieder=aanbieder, segment=segment, jaar=2025, bedrag_cent=1)
    beheerder = GebruikerFactory(
        username=f"beheer.{naam}", rol=Rol.FUNCTIONEEL_BEHEER, regio=regio, gemeenten=[gemeente]
    )
    consulent = GebruikerFactory(username=f"consulent.{naam}", rol=Rol.CONSULENT, regio=regio, gemeenten=[gemeente])
    medewerker = GebruikerFactory(username=f"aanbieder.{naam}", rol=Rol.AANBIEDER, aanbieder=aanbieder)
    koppeling, _ = koppeling_aanmaken(naam=f"ECD {naam}", door=None, aanbieder=aanbieder)
    verwerkingen_log(
        actor=consulent, actie=Actie.INZIEN, verwerkingsactiviteit=Verwerkingsactiviteit.TOEGANG, client_ids=[1]
    )
    return Regiowereld(
        regio, gemeente, segment, perceel, product, grondslag, profiel, afrekenregel, aanbieder, overeenkomst,
        budgetplafond, beheerder, consulent, medewerker, koppeling,
    )  # fmt: skip


@pytest.fixture
def a() -> Regiowereld:
    return regiowereld("a", "0988")


@pytest.fixture
def b() -> Regiowereld:
    return regiowereld("b", "1640")


# An object of region B per admin model (national models: any object; the beheerder of A may only look).
VAN_B: dict[type[Model], Callable[[Regiowereld], Model]] = {
    Regio: lambda w: w.regio,
    Gemeente: lambda w: w.gemeente,
    Segment: lambda w: w.segment,
    Product: lambda w: w.product,
    Afrekenregel: lambda w: w.afrekenregel,
    Profiel: lambda w: w.profiel,
    Grondslag: lambda w: w.grondslag,
    Aanbieder: lambda w: w.aanbieder,
    Overeenkomst: lambda w: w.overeenkomst,
    Budgetplafond: lambda w: w.budgetplafond,
    Gebruiker: lambda w: w.consulent,
    Systeemkoppeling: lambda w: w.koppeling,
    Verwerking: lambda w: Verwerking.objects.filter(actor=w.consulent).first(),  # type: ignore[return-value]
}
NATIONAAL = {Leefgebied}


def _beheer(gebruiker: Gebruiker) -> HttpClient:
    http = HttpClient()
    http.force_login(gebruiker)
    return http


def _url(obj: Model, soort: str, *args: Any) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{soort}", args=args)


def _wachtwoord_url(gebruiker: Gebruiker) -> str:
    return reverse("admin:auth_user_password_change", args=[gebruiker.pk])  # Django's fixed name


def _bestaat_niet(antwoord: Any) -> bool:
    """An object outside get_queryset answers 404 (core.admin; Django's own admin redirected to its index, and
    that attempt was counted nowhere); a view the beheerder may not use at all answers 403 before any lookup.
    Neither reveals whether the object exists."""
    return antwoord.status_code in (403, 404)


def _pogingen(gebruiker: Gebruiker) -> int:
    return Verwerking.objects.filter(actor=gebruiker, resultaat=Resultaat.BUITEN_BEREIK).count()


def test_every_admin_model_is_attacked() -> None:
    beheer_modellen = {m for m, ma in admin.site._registry.items() if isinstance(ma, BeheerAdmin)}
    assert beheer_modellen == set(VAN_B) | NATIONAAL


@pytest.mark.parametrize("model", list(VAN_B), ids=lambda m: m.__name__)
def test_nothing_of_region_b_can_be_seen_or_changed(a: Regiowereld, b: Regiowereld, model: type[Model]) -> None:
    doelwit = VAN_B[model](b)
    assert doelwit is not None
    http = _beheer(a.beheerder)
    voor = momentopname(type(doelwit).objects.get(pk=doelwit.pk))

    lijst = http.get(_url(doelwit, "changelist"))
    assert lijst.status_code == 200
    assert doelwit.pk not in {o.pk for o in lijst.context["cl"].result_list}
    assert VAN_B[model](a).pk in {o.pk for o in lijst.context["cl"].result_list}  # own region is there
    pogingen = _pogingen(a.beheerder)
    antwoorden = [http.get(_url(doelwit, soort, doelwit.pk)) for soort in ("change", "delete", "history")]
    antwoorden.append(http.post(_url(doelwit, "change", doelwit.pk), {"naam": "overgenomen"}))
    antwoorden.append(http.post(_url(doelwit, "delete", doelwit.pk), {"post": "yes"}))
    assert all(_bestaat_niet(x) for x in antwoorden), [x.status_code for x in antwoorden]
    # every 404 is a failed attempt in the Logboek, like a 404 on any object URL (a 403 comes before any lookup)
    assert _pogingen(a.beheerder) - pogingen == sum(x.status_code == 404 for x in antwoorden)
    http.post(
        _url(doelwit, "changelist"),
        {"action": "delete_selected", "_selected_action": [doelwit.pk], "post": "yes"},
    )
    if model is Systeemkoppeling:
        http.post(_url(doelwit, "changelist"), {"action": "intrekken", "_selected_action": [doelwit.pk]})

    assert momentopname(type(doelwit).objects.get(pk=doelwit.pk)) == voor


def test_third_party_admin_models_are_closed_to_a_beheerder(a: Regiowereld) -> None:
    http = _beheer(a.beheerder)
    anderen = [m for m, ma in admin.site._registry.items() if not isinstance(ma, BeheerAdmin)]
    assert Group in anderen and len(anderen) >= 4  # auth groups and django-axes' logs
    for model in anderen:
        assert (
            http.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")).status_code == 403
        )
    assert http.get("/beheer/").status_code == 200


def _keuzes(http: HttpClient, url: str) -> set[tuple[type[Model], int]]:
    """Every object offered in every choice field of the admin form at `url`, inlines included."""
    antwoord = http.get(url)
    assert antwoord.status_code == 200, url
    formulieren = [antwoord.context["adminform"].form]
    for inline in antwoord.context.get("inline_admin_formsets", []):
        formulieren.extend(inline.formset.forms)
        formulieren.append(inline.formset.empty_form)
    gevonden = set()
    for formulier in formulieren:
        for naam, veld in formulier.fields.items():
            if naam == formulier._meta.model._meta.pk.name:
                continue  # an inline's hidden id: Django resolves it within the parent's own objects only
            qs = getattr(veld, "queryset", None)
            if qs is not None:
                gevonden |= {(qs.model, pk) for pk in qs.values_list("pk", flat=True)}
    return gevonden


def _van_regio(w: Regiowereld) -> set[tuple[type[Model], int]]:
    objecten: list[Model] = [
        w.regio, w.gemeente, w.segment, w.perceel, w.product, w.grondslag, w.profiel, w.afrekenregel, w.aanbieder,
        w.overeenkomst, w.beheerder, w.consulent, w.aanbieder_medewerker,
    ]  # fmt: skip
    return {(type(o), o.pk) for o in objecten}


@pytest.mark.parametrize(
    "model", [m for m in VAN_B if m not in {Regio, Gemeente, Verwerking}], ids=lambda m: m.__name__
)
def test_no_form_offers_a_choice_of_region_b(a: Regiowereld, b: Regiowereld, model: type[Model]) -> None:
    http = _beheer(a.beheerder)
    eigen = VAN_B[model](a)
    keuzes = _keuzes(http, _url(eigen, "add")) | _keuzes(http, _url(eigen, "change", eigen.pk))
    verboden = _van_regio(b) - {(Aanbieder, b.aanbieder.pk)} if model is Overeenkomst else _van_regio(b)
    assert keuzes & verboden == set()
    if model is Gebruiker:
        assert (Gemeente, a.gemeente.pk) in keuzes


def test_the_region_and_national_data_are_read_only_for_a_beheerder(a: Regiowereld) -> None:
    http = _beheer(a.beheerder)
    leefgebied = Leefgebied.objects.create(code="wonen", naam="Wonen")
    for obj in (a.regio, a.gemeente, leefgebied):
        voor = momentopname(type(obj).objects.get(pk=obj.pk))
        assert http.get(_url(obj, "change", obj.pk)).status_code == 200  # may look
        assert http.post(_url(obj, "change", obj.pk), {"naam": "x", "gemeenten": [a.gemeente.pk]}).status_code == 403
        assert http.post(_url(obj, "delete", obj.pk), {"post": "yes"}).status_code == 403
        assert momentopname(type(obj).objects.get(pk=obj.pk)) == voor
    assert http.get(_url(a.regio, "add")).status_code == 403


# --------------------------------------------------------------------------------------------- escalation


def _gebruiker_post(g: Gebruiker, **extra: Any) -> dict[str, Any]:
    gegevens: dict[str, Any] = {
        "username": g.username,
        "first_name": g.first_name,
        "last_name": g.last_name,
        "email": g.email,
        "is_active": "on",
        "rol": g.rol,
        "gemeenten": [x.pk for x in g.gemeenten.all()],
        "aanbieder": g.aanbieder_id or "",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "01-01-2020",
        "date_joined_1": "00:00:00",
    }
    gegevens.update(extra)
    return gegevens


def test_a_beheerder_cannot_raise_their_own_rights(a: Regiowereld, b: Regiowereld) -> None:
    http = _beheer(a.beheerder)
    eigen = a.beheerder
    poging = _gebruiker_post(
        eigen, is_superuser="on", is_staff="on", gemeenten=[a.gemeente.pk, b.gemeente.pk], groups=[1]
    )
    assert http.post(_url(eigen, "change", eigen.pk), poging).status_code == 403
    assert http.post(_wachtwoord_url(eigen), {"password1": "x" * 20, "password2": "x" * 20}).status_code == 403
    eigen.refresh_from_db()
    assert (eigen.is_superuser, eigen.is_staff, list(eigen.gemeenten.all())) == (False, False, [a.gemeente])


def test_a_beheerder_cannot_grant_superuser_staff_beheer_or_another_regions_gemeente(
    a: Regiowereld, b: Regiowereld
) -> None:
    """Issue 13, replayed: adding another region's gemeente to a consultant gave 200 on that region's clients;
    ticking is_superuser was saved."""
    http = _beheer(a.beheerder)
    c = a.consulent
    url = _url(c, "change", c.pk)

    vreemde_gemeente = http.post(url, _gebruiker_post(c, gemeenten=[a.gemeente.pk, b.gemeente.pk]))
    assert vreemde_gemeente.status_code == 200 and "gemeenten" in vreemde_gemeente.context["adminform"].form.errors
    beheerrol = http.post(url, _gebruiker_post(c, rol=Rol.FUNCTIONEEL_BEHEER))
    assert "rol" in beheerrol.context["adminform"].form.errors
    vreemde_aanbieder = http.post(url, _gebruiker_post(c, rol=Rol.AANBIEDER, aanbieder=b.aanbieder.pk))
    assert "aanbieder" in vreemde_aanbieder.context["adminform"].form.errors

    geslaagd = http.post(
        url,
        _gebruiker_post(
            c, first_name="Nieuw", is_superuser="on", is_staff="on", groups=[Group.objects.create(name="g").pk],
            user_permissions=[1], regio=b.regio.pk,
        ),
    )  # fmt: skip
    assert geslaagd.status_code == 302  # saved, but only the fields a beheerder has
    c.refresh_from_db()
    assert c.first_name == "Nieuw"
    assert (c.is_superuser, c.is_staff, c.regio, c.rol) == (False, False, a.regio, Rol.CONSULENT)
    assert (list(c.groups.all()), list(c.user_permissions.all()), list(c.gemeenten.all())) == ([], [], [a.gemeente])


def test_admin_attempts_outside_the_region_are_counted_like_404s_on_object_urls(a: Regiowereld, b: Regiowereld) -> None:
    """Django's admin answered another region's object with a redirect to its index: no trace anywhere. Now each
    is a 404 with a `buiten_bereik` record (view name and id, activity beheer), and a burst raises the signal on
    the beheer page of the prober's region, as for the application's own object URLs (audit.middleware)."""
    http = _beheer(a.beheerder)
    doelwitten = [b.consulent, b.aanbieder_medewerker, b.overeenkomst, b.product, b.budgetplafond]
    for doelwit in doelwitten:
        antwoord = http.get(_url(doelwit, "change", doelwit.pk))
        assert antwoord.status_code == 404 and "Pagina niet gevonden" in antwoord.content.decode()
    assert http.get(_url(b.consulent, "history", b.consulent.pk)).status_code == 404
    pogingen = Verwerking.objects.filter(actor=a.beheerder, resultaat=Resultaat.BUITEN_BEREIK).order_by("pk")
    assert [(p.object_type, p.object_id, p.verwerkingsactiviteit) for p in pogingen] == [
        (f"admin:{d._meta.app_label}_{d._meta.model_name}_change", f"object_id={d.pk}", Verwerkingsactiviteit.BEHEER)
        for d in doelwitten
    ] + [("admin:accounts_gebruiker_history", f"object_id={b.consulent.pk}", Verwerkingsactiviteit.BEHEER)]
    # own region: no attempt
    assert http.get(_url(a.consulent, "change", a.consulent.pk)).status_code == 200
    assert pogingen.count() == 6
    assert not Bereiksignaal.objects.exists()
    for doelwit in doelwitten[:4]:  # ten within ten minutes (WMOKETEN_BEREIK_DREMPEL): a burst
        assert http.get(_url(doelwit, "history", doelwit.pk)).status_code == 404
    signaal = Bereiksignaal.objects.get(actor=a.beheerder)
    assert signaal.aantal == 10 and signaal.afgehandeld_op is None


def test_superusers_and_other_beheerders_are_out_of_reach(a: Regiowereld) -> None:
    superuser = Gebruiker.objects.create_superuser("root", "", "geheim-wachtwoord-1")
    collega = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=a.regio, gemeenten=[a.gemeente])
    http = _beheer(a.beheerder)
    assert _bestaat_niet(http.get(_url(superuser, "change", superuser.pk)))
    assert _bestaat_niet(http.post(_wachtwoord_url(superuser), {"password1": "a"}))
    assert http.post(_url(collega, "change", collega.pk), _gebruiker_post(collega)).status_code == 403
    assert http.post(_wachtwoord_url(collega), {"password1": "a"}).status_code == 403


def test_password_reset_only_in_region_and_recorded(a: Regiowereld, b: Regiowereld) -> None:
    http = _beheer(a.beheerder)
    nieuw = {
        "password1": "een-nieuw-wachtwoord-7",
        "password2": "een-nieuw-wachtwoord-7",
        "set_usable_password": "true",
    }
    oud_b = b.consulent.password
    assert _bestaat_niet(http.post(_wachtwoord_url(b.consulent), nieuw))
    b.consulent.refresh_from_db()
    assert b.consulent.password == oud_b

    assert http.post(_wachtwoord_url(a.consulent), nieuw).status_code == 302
    a.consulent.refresh_from_db()
    assert a.consulent.check_password("een-nieuw-wachtwoord-7")
    assert (a.consulent.bevoegd_door, a.consulent.bevoegdheid_gewijzigd_op is not None) == (a.beheerder, True)
    record = Verwerking.objects.get(actie=Actie.WIJZIGEN, object_type="accounts.Gebruiker")
    assert record.actor == a.beheerder and "wachtwoord gewijzigd" in record.toelichting
    assert "een-nieuw-wachtwoord" not in record.toelichting


# ------------------------------------------------------------------------------------- into the Logboek


def test_every_admin_change_goes_into_the_logboek_with_what_changed(a: Regiowereld, b: Regiowereld) -> None:
    http = _beheer(a.beheerder)
    toegevoegd = http.post(
        reverse("admin:accounts_gebruiker_add"),
        {
            "username": "nieuwe.consulent",
            "password1": "lang-genoeg-wachtwoord-1",
            "password2": "lang-genoeg-wachtwoord-1",
            "usable_password": "true",
        },
    )
    assert toegevoegd.status_code == 302
    nieuw = Gebruiker.objects.get(username="nieuwe.consulent")
    assert (nieuw.regio, nieuw.aangemaakt_door, nieuw.bevoegd_door) == (a.regio, a.beheerder, a.beheerder)

    http.post(_url(nieuw, "change", nieuw.pk), _gebruiker_post(nieuw, rol=Rol.CONSULENT, gemeenten=[a.gemeente.pk]))
    http.post(_url(a.grondslag, "delete", a.grondslag.pk), {"post": "yes"})
    http.post(
        _url(a.profiel, "changelist"), {"action": "delete_selected", "_selected_action": [a.profiel.pk], "post": "yes"}
    )

    records = list(Verwerking.objects.filter(verwerkingsactiviteit=Verwerkingsactiviteit.BEHEER).order_by("volgnummer"))
    assert [(r.actie, r.object_type) for r in records] == [
        ("aanmaken", "accounts.Gebruiker"),
        ("wijzigen", "accounts.Gebruiker"),
        ("verwijderen", "catalogus.Grondslag"),
        ("verwijderen", "catalogus.Profiel"),
    ]
    assert all(r.actor == a.beheerder and r.client_pseudoniem == "" for r in records)
    wijziging = records[1].toelichting
    assert wijziging.startswith("nieuwe.consulent: gemeenten: (leeg) → Gemeente a (0988); rol: Monitoring (alleen ")
    assert "rol: Monitoring (alleen lezen) → Consulent / regisseur toegang" in wijziging


def test_an_admin_change_and_its_logboek_record_are_stored_together_or_not_at_all(
    a: Regiowereld, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wmoketen.audit import services

    def verbinding_weg(**_: Any) -> None:
        raise DatabaseError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "wijziging_log", verbinding_weg)
    http = HttpClient(raise_request_exception=False)
    http.force_login(a.beheerder)
    c = a.consulent
    antwoord = http.post(_url(c, "change", c.pk), _gebruiker_post(c, first_name="Half"))
    assert antwoord.status_code == 500
    c.refresh_from_db()
    assert c.first_name != "Half"


# ------------------------------------------------------------------------------------------- four eyes


def test_one_beheerder_cannot_make_two_accounts_that_approve_each_other(a: Regiowereld) -> None:
    """Four eyes cannot be satisfied by one person creating a second account for themself (accounts.vierogen)."""
    from datetime import timedelta

    from django.utils import timezone

    from wmoketen.accounts.vierogen import andere_persoon_fout

    eerste = GebruikerFactory(rol=Rol.CONSULENT, regio=a.regio, aangemaakt_door=a.beheerder, bevoegd_door=a.beheerder)
    tweede = GebruikerFactory(rol=Rol.CONSULENT, regio=a.regio, aangemaakt_door=a.beheerder, bevoegd_door=a.beheerder)
    werk = timezone.now()
    assert "van dezelfde beheerder" in str(andere_persoon_fout(voorsteller=eerste, goedkeurder=tweede, werk_sinds=werk))

    door_voorsteller = GebruikerFactory(rol=Rol.CONSULENT, aangemaakt_door=eerste)
    assert "door de voorsteller" in str(
        andere_persoon_fout(voorsteller=eerste, goedkeurder=door_voorsteller, werk_sinds=werk)
    )
    te_nieuw = GebruikerFactory(rol=Rol.CONSULENT, date_joined=werk + timedelta(seconds=1))
    assert "nieuwer dan het werk" in str(andere_persoon_fout(voorsteller=eerste, goedkeurder=te_nieuw, werk_sinds=werk))
    opnieuw_bevoegd = GebruikerFactory(rol=Rol.CONSULENT, bevoegdheid_gewijzigd_op=werk + timedelta(minutes=1))
    assert "nieuwer dan het werk" in str(
        andere_persoon_fout(voorsteller=eerste, goedkeurder=opnieuw_bevoegd, werk_sinds=werk)
    )

    superuser = Gebruiker.objects.create_superuser("root", "", "geheim-wachtwoord-1")
    collega = GebruikerFactory(rol=Rol.CONSULENT, aangemaakt_door=superuser, bevoegd_door=superuser)
    van_idp = GebruikerFactory(rol=Rol.CONSULENT)  # not made in this admin: no administrator recorded
    assert andere_persoon_fout(voorsteller=eerste, goedkeurder=collega, werk_sinds=werk) is None
    assert andere_persoon_fout(voorsteller=eerste, goedkeurder=van_idp, werk_sinds=werk) is None
    assert "eigen werk" in str(andere_persoon_fout(voorsteller=eerste, goedkeurder=eerste, werk_sinds=werk))


# ----------------------------------------------------------------------------- signing in to the admin


def test_the_admin_signs_in_through_the_application_so_its_session_is_listed(a: Regiowereld) -> None:
    """Issue 13 item 8, replayed: sessions opened through the admin's own login were missing from Mijn sessies
    (and skipped the second factor and the lockout)."""
    from tests.auth import WACHTWOORD, code_voor
    from wmoketen.accounts.models import Sessie

    http = HttpClient()
    assert http.get("/beheer/")["Location"] == "/beheer/login/?next=/beheer/"
    assert http.get("/beheer/login/?next=/beheer/")["Location"] == "/aanmelden/?next=/beheer/"
    http.post("/aanmelden/?next=/beheer/", {"username": a.beheerder.username, "password": WACHTWOORD})
    assert http.get("/beheer/")["Location"].startswith("/aanmelden/code/")  # the second factor first
    assert http.post("/aanmelden/code/", {"code": code_voor(a.beheerder), "next": "/beheer/"})["Location"] == "/beheer/"
    assert http.get("/beheer/").status_code == 200

    sessie = Sessie.objects.get(gebruiker=a.beheerder)
    assert sessie.sessiesleutel == http.session.session_key
    assert "deze sessie" in http.get("/account/sessies/").content.decode()

    http.post("/beheer/logout/")
    assert not Sessie.objects.filter(pk=sessie.pk).exists()
    assert http.get("/beheer/")["Location"] == "/beheer/login/?next=/beheer/"
