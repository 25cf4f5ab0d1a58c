"""A conversion definition: YAML under conversies/, validated with pydantic, errors in Dutch naming file, line and
key path (like the region files). See docs/herindicatie.md for every field."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints, ValidationError, model_validator

from wmoketen.core.invoerfouten import melding

from ..domain import Wijze

Tekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
Model = Literal["pxq", "etmaal", "traject", "profiel", "budget", "taakgericht"]
MAX_BYTES = 512 * 1024

Pad = tuple[str | int, ...]


class _Strikt(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Regel(_Strikt):
    """Which assignments (by old product code and/or segment), from which model to which, and how."""

    naam: Tekst
    producten: list[Code] = Field(default_factory=list)
    segmenten: list[Code] = Field(default_factory=list)
    van_model: Model
    naar_model: Model
    wijze: Wijze
    datum: date | None = None
    uiterlijk: date | None = None
    naar_product: Code | None = None
    nieuwe_einddatum: date | None = None

    @model_validator(mode="after")
    def _samenhang(self) -> Regel:
        if not self.producten and not self.segmenten:
            raise ValueError("noem 'producten' of 'segmenten' (of beide)")
        if self.wijze == Wijze.ADMINISTRATIEF:
            if self.datum is None:
                raise ValueError("bij wijze 'administratief' hoort een 'datum' (ingangsdatum van de nieuwe toewijzing)")
            if self.naar_product is None:
                raise ValueError("bij wijze 'administratief' hoort een 'naar_product'")
        if self.wijze == Wijze.UITDIENEN and self.uiterlijk is None:
            raise ValueError("bij wijze 'uitdienen' hoort 'uiterlijk' (de laatste dag in het oude model)")
        return self


class Herbeoordeling(_Strikt):
    """How the re-assessments of the clients touched are spread over a period."""

    van: date
    tot: date
    capaciteit_per_consulent_per_week: Annotated[StrictInt, Field(ge=1, le=100)]
    consulenten: list[Tekst] = Field(default_factory=list, description="gebruikersnamen; leeg = alle consulenten")
    regels: list[Tekst] = Field(default_factory=list, description="namen van regels; leeg = alle regels")

    @model_validator(mode="after")
    def _periode(self) -> Herbeoordeling:
        if self.tot < self.van:
            raise ValueError("'tot' ligt vóór 'van'")
        return self


class Conversiedefinitie(_Strikt):
    versie: Tekst
    code: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
    naam: Tekst
    regio: Tekst
    omschrijving: str = ""
    peildatum: date
    gemeenten: list[Annotated[str, StringConstraints(pattern=r"^\d{4}$")]] = Field(default_factory=list)
    regels: list[Regel] = Field(min_length=1)
    geldeffect_tot: date | None = None
    herbeoordeling: Herbeoordeling | None = None

    @model_validator(mode="after")
    def _namen(self) -> Conversiedefinitie:
        namen = [r.naam for r in self.regels]
        dubbel = sorted({n for n in namen if namen.count(n) > 1})
        if dubbel:
            raise ValueError(f"regelnaam {dubbel[0]!r} komt meer dan eens voor")
        if self.herbeoordeling:
            onbekend = [n for n in self.herbeoordeling.regels if n not in namen]
            if onbekend:
                raise ValueError(f"herbeoordeling noemt onbekende regel {onbekend[0]!r}")
        return self

    def regel_voor(self, productcode: str, segment_code: str) -> int | None:
        """Index of the first rule that selects this product (by code and/or segment)."""
        for i, r in enumerate(self.regels):
            if r.producten and productcode not in r.producten:
                continue
            if r.segmenten and segment_code not in r.segmenten:
                continue
            return i
        return None

    def horizon(self) -> date:
        """Last day for the money effect: `geldeffect_tot`, else 31 December of the last date in the definition."""
        if self.geldeffect_tot:
            return self.geldeffect_tot
        datums = [d for r in self.regels for d in (r.datum, r.uiterlijk, r.nieuwe_einddatum) if d]
        return date(max(d.year for d in datums), 12, 31)


@dataclass(frozen=True)
class Fout:
    pad: Pad
    melding: str
    regel: int | None = None

    def tekst(self, bestand: Path | str) -> str:
        plaats = f"{bestand}:{self.regel}" if self.regel else str(bestand)
        pad = ""
        for part in self.pad:
            pad += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if pad else str(part))
        return f"{plaats}: {pad or '(bestand)'}: {self.melding}"


class DefinitieFout(Exception):
    """The definition was refused as a whole."""

    def __init__(self, bestand: Path | str, fouten: list[Fout]) -> None:
        self.bestand = bestand
        self.fouten = fouten
        super().__init__(self.rapport())

    def rapport(self) -> str:
        kop = f"Conversiedefinitie {self.bestand} geweigerd ({len(self.fouten)} fout(en))."
        return "\n".join([kop, *(f"  - {f.tekst(self.bestand)}" for f in self.fouten)])


@dataclass(frozen=True)
class GelezenDefinitie:
    pad: Path
    inhoud: Conversiedefinitie
    sha256: str

    def als_json(self) -> dict[str, Any]:
        return json.loads(self.inhoud.model_dump_json())


def _regels(node: yaml.Node, pad: Pad, out: dict[Pad, int]) -> None:
    out[pad] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            out[(*pad, key_node.value)] = key_node.start_mark.line + 1
            _regels(value_node, (*pad, key_node.value), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _regels(item, (*pad, index), out)


def _regel_van(pad: Pad, regels: dict[Pad, int]) -> int | None:
    for einde in range(len(pad), -1, -1):
        if pad[:einde] in regels:
            return regels[pad[:einde]]
    return None


def lees_definitie(pad: Path | str) -> GelezenDefinitie:
    """Read and validate a conversion definition; raise DefinitieFout listing every problem."""
    pad = Path(pad)
    try:
        raw = pad.read_bytes()
    except OSError as exc:
        raise DefinitieFout(pad, [Fout((), f"bestand niet te lezen: {exc.strerror}")]) from exc
    return definitie_uit_bytes(raw, pad)


def definitie_uit_bytes(raw: bytes, pad: Path) -> GelezenDefinitie:
    """`lees_definitie` for bytes already read (an upload); `pad` names the file in the messages."""
    if len(raw) > MAX_BYTES:
        raise DefinitieFout(pad, [Fout((), "bestand is groter dan 512 kB")])
    try:
        loader = yaml.SafeLoader(raw.decode("utf-8"))
        try:
            node = loader.get_single_node()
            data: Any = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except UnicodeDecodeError as exc:
        raise DefinitieFout(pad, [Fout((), "bestand is geen UTF-8-tekst")]) from exc
    except yaml.MarkedYAMLError as exc:
        regel = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise DefinitieFout(pad, [Fout((), f"geen geldige YAML: {exc.problem}", regel)]) from exc
    except ValueError as exc:  # e.g. an impossible date such as 2022-13-01
        raise DefinitieFout(pad, [Fout((), f"ongeldige waarde: {exc}")]) from exc
    if not isinstance(data, dict):
        raise DefinitieFout(pad, [Fout((), "het bestand moet met de sleutels versie, code, naam, ... beginnen")])
    regels: dict[Pad, int] = {}
    if node is not None:
        _regels(node, (), regels)
    try:
        inhoud = Conversiedefinitie.model_validate(data)
    except ValidationError as exc:
        fouten = []
        for e in exc.errors():
            loc = tuple(e["loc"])
            fouten.append(Fout(loc, melding(e), _regel_van(loc, regels)))
        raise DefinitieFout(pad, fouten) from exc
    return GelezenDefinitie(pad=pad, inhoud=inhoud, sha256=hashlib.sha256(raw).hexdigest())
