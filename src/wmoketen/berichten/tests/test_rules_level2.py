"""Every level-2 rule: the valid example passes, one mutation gives exactly that code, retourcode and path."""

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from wmoketen.berichten.codec import Bericht, BerichtSoort, build, read_xml
from wmoketen.berichten.codec.model import wmo323
from wmoketen.berichten.codec.model.basis import (
    BedragMetDC,
    Geboortedatum,
    GeslotenPeriode,
    Omvang,
    Product,
    Referentie,
    TotaalBedragMetDC,
    Verwijzer,
)
from wmoketen.berichten.rules import REGISTRY, Niveau, validate
from wmoketen.berichten.rules.officieel import officiele_codes

from . import factories as f

TP = f.toegewezen_product
P = f.prestatie


def _wmo301_client(**changes: object) -> Bericht:
    bericht = f.wmo301_bericht()
    return replace(bericht, client=replace(bericht.client, **changes))  # type: ignore[arg-type]


def _wmo301_contact(nummer: int, **changes: object) -> Bericht:
    """The 301 example with its contact `nummer` (0: the BRP address, 1: the temporary address) changed."""
    bericht = f.wmo301_bericht()
    contacten = list(bericht.client.contactgegevens)
    contacten[nummer] = replace(contacten[nummer], **changes)  # type: ignore[arg-type]
    return replace(bericht, client=replace(bericht.client, contactgegevens=tuple(contacten)))


def _wmo301_adres(**changes: object) -> Bericht:
    adres = f.wmo301_bericht().client.contactgegevens[0].adres
    assert adres is not None
    return _wmo301_contact(0, adres=replace(adres, **changes))  # type: ignore[arg-type]


def _wmo301_naam(**changes: object) -> Bericht:
    return _wmo301_client(naam=replace(f.wmo301_bericht().client.naam, **changes))  # type: ignore[arg-type]


def _wmo301_taal_zonder_tolk() -> Bericht:
    communicatie = f.wmo301_bericht().client.communicatie
    assert communicatie is not None
    return _wmo301_client(communicatie=replace(communicatie, vorm="2"))


def _wmo305_bsn_zonder_elfproef() -> Bericht:
    bericht = f.wmo305_bericht()
    return replace(bericht, client=replace(bericht.client, bsn="999990001"))


def _wmo305_geboren(datum: date, gebruik: str | None = None) -> Bericht:
    bericht = f.wmo305_bericht()
    geboortedatum = Geboortedatum(datum=datum, datum_gebruik=gebruik)
    return replace(bericht, client=replace(bericht.client, geboortedatum=geboortedatum))


def _wmo315_verwijzer(**velden: object) -> Bericht:
    return f.wmo315_bericht(f.aangevraagd_product(verwijzer=Verwijzer(**velden)))  # type: ignore[arg-type]


def _wmo317(**changes: object) -> Bericht:
    return f.wmo317_bericht(f.verzoek(**changes))


def _wmo317_nieuw(**changes: object) -> Bericht:
    nieuw = replace(f.verzoek().nieuwe_producten[0], **changes)  # type: ignore[arg-type]
    return _wmo317(nieuwe_producten=(nieuw,))


def _wmo317_te_wijzigen(**changes: object) -> Bericht:
    te_wijzigen = replace(f.verzoek().te_wijzigen_producten[0], **changes)  # type: ignore[arg-type]
    return _wmo317(te_wijzigen_producten=(te_wijzigen,))


def _wmo323_totaal(bedrag: int) -> Bericht:
    return f.wmo323_bericht(totaal_bedrag=TotaalBedragMetDC(totaal_bedrag=bedrag, debet_credit="D"))


def _wmo323_periode(begin: date, eind: date) -> Bericht:
    bericht = f.wmo323_bericht()
    declaratie = replace(bericht.declaratie, declaratie_periode=GeslotenPeriode(begindatum=begin, einddatum=eind))
    return replace(bericht, declaratie=declaratie)


def _wmo323_dagtekening(dag: date, *prestaties: wmo323.Prestatie) -> Bericht:
    """The example 323 sent on `dag` (Dagtekening and DeclaratieDagtekening)."""
    bericht = f.wmo323_bericht(*prestaties)
    identificatie = replace(bericht.header.bericht_identificatie, dagtekening=dag)
    declaratie = replace(bericht.declaratie, declaratie_dagtekening=dag)
    return replace(bericht, header=replace(bericht.header, bericht_identificatie=identificatie), declaratie=declaratie)


def _wmo323_twee_clienten(bsn: str) -> Bericht:
    bericht = f.wmo323_bericht()
    (client,) = bericht.declaratie.clienten
    tweede = replace(client, bsn=bsn, prestaties=(P(product_referentie=Referentie(referentie_nummer="P0002")),))
    clienten = (client, tweede)
    declaratie = replace(bericht.declaratie, clienten=clienten, totaal_ingediend_bedrag=f.totaal((P(), P())))
    return replace(bericht, declaratie=declaratie)


def _credit(nummer: str, vorig: str) -> wmo323.Prestatie:
    return P(
        product_referentie=Referentie(referentie_nummer=nummer, vorig_referentie_nummer=vorig),
        ingediend_bedrag=BedragMetDC(bedrag=24000, debet_credit="C"),
    )


def _wmo325(**changes: object) -> Bericht:
    bericht = f.wmo325_bericht()
    assert bericht.declaratie_antwoord is not None
    return replace(bericht, declaratie_antwoord=replace(bericht.declaratie_antwoord, **changes))  # type: ignore[arg-type]


def _wmo325_prestatie(**changes: object) -> Bericht:
    antwoord = f.wmo325_bericht().declaratie_antwoord
    assert antwoord is not None
    (client,) = antwoord.clienten
    prestatie = replace(client.prestaties[0], **changes)  # type: ignore[arg-type]
    return _wmo325(clienten=(replace(client, prestaties=(prestatie,)),))


PRESTATIE = "/Bericht/Declaratie/Clienten/Client/Prestaties/Prestatie"
PRESTATIE_325 = "/Bericht/DeclaratieAntwoord/Clienten/Client/Prestaties/Prestatie"
TOEGEWEZEN = "/Bericht/Client/ToegewezenProducten/ToegewezenProduct"
AANGEVRAAGD = "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct"
NIEUW = "/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct"
TE_WIJZIGEN = "/Bericht/Client/Verzoek/TeWijzigenProducten/TeWijzigenProduct"
CONTACT = "/Bericht/Client/Contactgegevens/Contact"
BUDGET = {"product": Product(categorie="02"), "omvang": None, "budget": 50000}
PER_DAG = Omvang(volume=2, eenheid="16", frequentie="1")

# (code, message, path of the finding, further findings that come with it by definition)
CASES: list[tuple[str, Callable[[], Bericht], str, *tuple[tuple[str, str], ...]]] = [
    ("CS002", _wmo305_bsn_zonder_elfproef, "/Bericht/Client/Bsn"),
    ("CS050", lambda: _wmo301_naam(naam_gebruik="6"), "/Bericht/Client/Naam/NaamGebruik"),
    ("CS139", lambda: _wmo305_geboren(date(1950, 6, 2), "1"), "/Bericht/Client/Geboortedatum/DatumGebruik"),
    ("TR002", lambda: _wmo305_geboren(date(1905, 3, 2)), "/Bericht/Client/Geboortedatum/Datum"),
    ("CD005", lambda: _wmo301_adres(land_code=None), f"{CONTACT}[1]/Adres/Postcode"),
    ("CD025", lambda: _wmo301_adres(huis=None), f"{CONTACT}[1]/Adres/LandCode"),
    ("CS089", lambda: _wmo301_adres(postcode="1234 AB"), f"{CONTACT}[1]/Adres/Postcode"),
    ("CD007", _wmo301_taal_zonder_tolk, "/Bericht/Client/Communicatie"),
    ("TR134", lambda: f.wmo301_bericht(TP(toewijzingsdatum=date(2025, 3, 4))), f"{TOEGEWEZEN}/Toewijzingsdatum"),
    ("TR101", lambda: f.wmo301_bericht(TP(), TP(ingangsdatum=date(2026, 1, 1), einddatum=date(2026, 12, 31))),
     f"{TOEGEWEZEN}[2]"),
    ("CS338", lambda: f.wmo301_bericht(TP(omvang=PER_DAG, einddatum=None)), f"{TOEGEWEZEN}/Omvang/Eenheid"),
    ("CS343", lambda: f.wmo315_bericht(f.aangevraagd_product(omvang=Omvang(volume=1, eenheid="14", frequentie="1"))),
     f"{AANGEVRAAGD}/Omvang/Eenheid"),
    ("CD075", lambda: f.wmo301_bericht(TP(**BUDGET, einddatum=None)), f"{TOEGEWEZEN}/Budget"),
    ("CD076", lambda: f.wmo301_bericht(TP(einddatum=None)), f"{TOEGEWEZEN}/Omvang/Frequentie"),
    ("CD076", lambda: f.wmo315_bericht(f.aangevraagd_product(toewijzing_einddatum=None)),
     f"{AANGEVRAAGD}/Omvang/Frequentie"),
    ("CD077", lambda: _wmo317_te_wijzigen(budget=50000), f"{TE_WIJZIGEN}/Budget",
     ("CD078", f"{TE_WIJZIGEN}/Omvang")),
    ("CD041", lambda: f.wmo301_bericht(TP(omvang=None)), TOEGEWEZEN),
    ("CD080", lambda: f.wmo301_bericht(TP(product=Product(categorie="02"))), f"{TOEGEWEZEN}/Omvang"),
    ("CD095", lambda: f.wmo315_bericht(f.aangevraagd_product(product=Product(categorie="07"))),
     f"{AANGEVRAAGD}/Omvang"),
    ("CD096", lambda: _wmo317_nieuw(product=Product(categorie="07")), f"{NIEUW}/Omvang"),
    ("CD079", lambda: f.wmo301_bericht(TP(product=None, omvang=None)), TOEGEWEZEN),
    ("CS003", lambda: f.wmo301_bericht(TP(einddatum=date(2025, 2, 28))), f"{TOEGEWEZEN}/Einddatum"),
    ("CS335", lambda: f.wmo301_bericht(TP(reden_wijziging="13")), f"{TOEGEWEZEN}/RedenWijziging"),
    ("CS336", lambda: f.wmo301_bericht(TP(reden_wijziging="01")), f"{TOEGEWEZEN}/RedenWijziging"),
    ("TR302", lambda: f.wmo301_bericht(TP(), TP(toewijzing_nummer=1002, ingangsdatum=date(2025, 12, 1))),
     f"{TOEGEWEZEN}[2]"),
    ("CD009", lambda: _wmo301_contact(1, soort="02"), f"{CONTACT}[2]/Periode"),
    ("CD034", lambda: _wmo301_contact(1, soort="03", periode=None), f"{CONTACT}[2]"),
    ("TR061", lambda: _wmo301_client(contactgegevens=f.wmo301_bericht().client.contactgegevens[1:]),
     "/Bericht/Client/Contactgegevens"),
    ("TR006", lambda: _wmo301_contact(1, telefoon=None, emailadres="a@example.invalid"), f"{CONTACT}[2]"),
    ("CS058", lambda: f.wmo305_bericht(f.start_product(status_aanlevering="2")),
     "/Bericht/Client/StartProducten/StartProduct/StatusAanlevering"),
    ("TR018", lambda: f.wmo307_bericht(f.stop_product(einddatum=date(2025, 3, 2))),
     "/Bericht/Client/StopProducten/StopProduct/Einddatum"),
    ("CD043", lambda: f.wmo315_bericht(f.aangevraagd_product(beschikking_ingangsdatum=None)), AANGEVRAAGD),
    ("CD066", lambda: _wmo315_verwijzer(type="02", naam="Huisarts", zorgverlener_code="01234567"),
     f"{AANGEVRAAGD}/Verwijzer"),
    ("CD067", lambda: _wmo315_verwijzer(type="02"), f"{AANGEVRAAGD}/Verwijzer"),
    ("CD068", lambda: _wmo315_verwijzer(type="01", zorgverlener_code="01234567"), f"{AANGEVRAAGD}/Verwijzer"),
    ("TR383", lambda: f.wmo315_bericht(f.aangevraagd_product(), f.aangevraagd_product(
        product=Product(categorie="07", code="07A02"), omvang=Omvang(volume=1, eenheid="16", frequentie="2"))),
     f"{AANGEVRAAGD}[2]/ReferentieAanbieder", ("TR101", f"{AANGEVRAAGD}[2]")),
    ("TR386", lambda: f.wmo315_bericht(f.aangevraagd_product(), f.aangevraagd_product(referentie_aanbieder="V2")),
     f"{AANGEVRAAGD}[2]"),
    ("TR352", lambda: _wmo317(ongewijzigde_producten=(), te_wijzigen_producten=()), "/Bericht/Client/Verzoek"),
    ("TR353", lambda: _wmo317(te_wijzigen_producten=(), nieuwe_producten=()), "/Bericht/Client/Verzoek"),
    ("TR380", lambda: _wmo317_nieuw(gewenste_ingangsdatum=date(2025, 3, 3)), f"{NIEUW}/GewensteIngangsdatum"),
    ("TR410", lambda: _wmo317(nieuwe_producten=(f.verzoek().nieuwe_producten[0], replace(
        f.verzoek().nieuwe_producten[0], gewenste_ingangsdatum=date(2025, 5, 1)))), f"{NIEUW}[2]"),
    ("CD085", lambda: f.wmo319_bericht(reden_afwijzing_verzoek=None), "/Bericht/Antwoord/VerzoekAntwoord"),
    ("CD086", lambda: f.wmo319_bericht(verzoek_antwoord="2"), "/Bericht/Antwoord/RedenAfwijzingVerzoek"),
    ("TR358", lambda: _wmo323_totaal(24001), "/Bericht/Declaratie/TotaalIngediendBedrag"),
    ("CD087", lambda: f.wmo323_bericht(P(product_tarief=None)), f"{PRESTATIE}/Eenheid"),
    ("CD087", lambda: f.wmo323_bericht(P(eenheid="83", geleverd_volume=24000)), f"{PRESTATIE}/Eenheid"),
    ("CS339", lambda: f.wmo323_bericht(P(eenheid="83", product_tarief=None, geleverd_volume=100)),
     f"{PRESTATIE}/IngediendBedrag"),
    ("CS325", lambda: f.wmo323_bericht(
        P(geleverd_volume=0, ingediend_bedrag=BedragMetDC(bedrag=0, debet_credit="C"),
          product_referentie=Referentie(referentie_nummer="P2", vorig_referentie_nummer="P1"))),
     f"{PRESTATIE}/IngediendBedrag"),
    ("CS337", lambda: f.wmo323_bericht(P(product_periode=GeslotenPeriode(begindatum=date(2025, 2, 1),
                                                                          einddatum=date(2025, 3, 1)))),
     f"{PRESTATIE}/ProductPeriode"),
    ("CS340", lambda: _wmo323_periode(date(2025, 3, 2), date(2025, 3, 31)), "/Bericht/Declaratie/DeclaratiePeriode"),
    ("CS100", lambda: f.wmo323_bericht(P(product_periode=GeslotenPeriode(begindatum=date(2020, 12, 1),
                                                                          einddatum=date(2020, 12, 31)))),
     f"{PRESTATIE}/ProductPeriode"),
    ("CD060", lambda: f.wmo323_bericht(P(product_referentie=Referentie(referentie_nummer="P2",
                                                                        vorig_referentie_nummer="P1"))),
     f"{PRESTATIE}/ProductReferentie"),
    ("TR137", lambda: _wmo323_dagtekening(date(2025, 3, 30)), "/Bericht/Declaratie/DeclaratiePeriode",
     ("TR137", f"{PRESTATIE}/ProductPeriode")),
    ("TR319", lambda: f.wmo323_bericht(P(product_periode=GeslotenPeriode(begindatum=date(2025, 4, 1),
                                                                          einddatum=date(2025, 4, 1)))),
     f"{PRESTATIE}/ProductPeriode"),
    ("TR335", lambda: _wmo323_dagtekening(date(2026, 4, 2), P(product_periode=GeslotenPeriode(
        begindatum=date(2021, 3, 1), einddatum=date(2021, 3, 31)))), f"{PRESTATIE}/ProductPeriode"),
    ("TR315", lambda: f.wmo323_bericht(_credit("P2", "P0"), _credit("P3", "P0"), P(), P(
        product_referentie=Referentie(referentie_nummer="P4"), product_periode=GeslotenPeriode(
            begindatum=date(2025, 2, 1), einddatum=date(2025, 2, 28)))),
     f"{PRESTATIE}[2]/ProductReferentie"),
    ("TR316", lambda: f.wmo323_bericht(P(), _credit("P2", "P0001")), f"{PRESTATIE}[2]/ProductReferentie"),
    ("TR416", lambda: f.wmo323_bericht(P(), P(product_referentie=Referentie(referentie_nummer="P2"))),
     f"{PRESTATIE}[2]"),
    ("TR101", lambda: _wmo323_twee_clienten(f.BSN), "/Bericht/Declaratie/Clienten/Client[2]"),
    ("TR342", lambda: _wmo325(totaal_toegekend_bedrag=TotaalBedragMetDC(totaal_bedrag=20000, debet_credit="D")),
     "/Bericht/DeclaratieAntwoord"),
    ("TR137", lambda: _wmo325_prestatie(product_periode=GeslotenPeriode(begindatum=date(2025, 4, 1),
                                                                         einddatum=date(2025, 4, 30))),
     f"{PRESTATIE_325}/ProductPeriode"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_finds_exactly_its_violation(case: tuple) -> None:  # type: ignore[type-arg]
    code, make, path, *meer = case
    data = build(make())
    result = validate(data)
    verwacht = [(code, path), *meer]
    assert sorted((x.code, x.pad) for x in result.findings) == sorted(verwacht)
    assert {(x.retourcode, x.niveau) for x in result.findings} == {("0001", 2)}
    assert officiele_codes(read_xml(data).root) == {c for c, _ in verwacht}  # the official validation agrees


def test_every_level2_rule_has_a_case() -> None:
    level2 = {r.code for r in REGISTRY if r.niveau == Niveau.BERICHT}
    assert level2 == {case[0] for case in CASES} | {meer[0] for case in CASES for meer in case[3:]}


@pytest.mark.parametrize("soort", list(BerichtSoort), ids=lambda s: s.label)
def test_examples_are_valid(soort: BerichtSoort) -> None:
    data = build(f.all_examples()[soort])
    assert validate(data).findings == []
    assert officiele_codes(read_xml(data).root) == set()


def test_finding_reads_as_code_retourcode_explanation_path() -> None:
    (finding,) = validate(build(f.wmo301_bericht(TP(reden_wijziging="01")))).findings
    assert str(finding) == (
        "CS336 0001: RedenWijziging 01 (administratieve correctie, vervallen) mag niet meer gebruikt worden; "
        "gebruik 13 of 14. (/Bericht/Client/ToegewezenProducten/ToegewezenProduct/RedenWijziging)"
    )


def test_tr358_counts_credit_as_negative() -> None:
    debet = P()
    credit = P(
        product_referentie=Referentie(referentie_nummer="P2", vorig_referentie_nummer="P0"),
        ingediend_bedrag=BedragMetDC(bedrag=24000, debet_credit="C"),
    )
    nul = TotaalBedragMetDC(totaal_bedrag=0, debet_credit="D")
    assert validate(build(f.wmo323_bericht(debet, credit, totaal_bedrag=nul))).findings == []
    fout = TotaalBedragMetDC(totaal_bedrag=48000, debet_credit="D")
    (finding,) = validate(build(f.wmo323_bericht(debet, credit, totaal_bedrag=fout))).findings
    assert finding.uitleg.endswith("Som van de prestaties 0 eurocent (debet min credit).")


def test_xsd_error_stops_before_level_two() -> None:
    data = build(f.wmo301_bericht(TP(reden_wijziging="01"))).replace(b">414<", b">999<")
    result = validate(data)
    assert [(x.code, x.retourcode, x.niveau) for x in result.findings] == [("XSD", "-", 1)]
    assert result.findings[0].pad == "/Bericht/Header/BerichtCode"
