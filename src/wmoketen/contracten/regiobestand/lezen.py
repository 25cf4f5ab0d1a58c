"""Read a region file: YAML with a line number for every key, validated against the schema, errors in Dutch."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from wmoketen.core.invoerfouten import melding

from .checks import controleer
from .fouten import Fout, Pad, RegiobestandFout
from .schema import Regiobestand

MAX_BESTAND_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class GelezenRegiobestand:
    pad: Path
    inhoud: Regiobestand
    sha256: str


def _regels(node: yaml.Node, pad: Pad, out: dict[Pad, int]) -> None:
    out[pad] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            out[(*pad, key)] = key_node.start_mark.line + 1
            _regels(value_node, (*pad, key), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _regels(item, (*pad, index), out)


def regel_van(pad: Pad, regels: dict[Pad, int]) -> int | None:
    """The line of the deepest part of `pad` that exists in the file."""
    for end in range(len(pad), -1, -1):
        if pad[:end] in regels:
            return regels[pad[:end]]
    return None


def _onleesbare_waarde(text: str) -> Fout:
    """Find the scalar that PyYAML could not construct (it raises without a position) and name its line."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        stapel = [node] if node is not None else []
        while stapel:
            huidig = stapel.pop()
            if isinstance(huidig, yaml.ScalarNode):
                try:
                    loader.construct_object(huidig, deep=True)
                except (ValueError, OverflowError) as exc:
                    regel = huidig.start_mark.line + 1
                    return Fout((), f"waarde {huidig.value!r} is ongeldig ({exc}); datums als JJJJ-MM-DD", regel)
            elif isinstance(huidig, yaml.MappingNode):
                stapel.extend(v for pair in huidig.value for v in pair)
            elif isinstance(huidig, yaml.SequenceNode):
                stapel.extend(huidig.value)
    finally:
        loader.dispose()
    return Fout((), "het bestand bevat een waarde die niet te lezen is")


def lees_regiobestand(pad: Path | str) -> GelezenRegiobestand:
    """Read and check a region file completely; raise RegiobestandFout listing every problem."""
    pad = Path(pad)
    try:
        raw = pad.read_bytes()
    except OSError as exc:
        raise RegiobestandFout(pad, [Fout((), f"bestand niet te lezen: {exc.strerror}")]) from exc
    if len(raw) > MAX_BESTAND_BYTES:
        raise RegiobestandFout(pad, [Fout((), "bestand is groter dan 2 MB")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RegiobestandFout(pad, [Fout((), "bestand is geen UTF-8-tekst")]) from exc

    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data: Any = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except (ValueError, OverflowError) as exc:  # a scalar YAML cannot construct, e.g. the date 2022-13-45
        raise RegiobestandFout(pad, [_onleesbare_waarde(text)]) from exc
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise RegiobestandFout(pad, [Fout((), f"geen geldige YAML: {exc.problem}", line)]) from exc
    except yaml.YAMLError as exc:
        raise RegiobestandFout(pad, [Fout((), f"geen geldige YAML: {exc}")]) from exc
    if not isinstance(data, dict):
        raise RegiobestandFout(pad, [Fout((), "het bestand moet met de sleutels versie, regio, ... beginnen")])

    regels: dict[Pad, int] = {}
    if node is not None:
        _regels(node, (), regels)
    try:
        inhoud = Regiobestand.model_validate(data)
    except ValidationError as exc:
        fouten = [Fout(tuple(e["loc"]), melding(e), regel_van(tuple(e["loc"]), regels)) for e in exc.errors()]
        raise RegiobestandFout(pad, fouten) from exc

    fouten = [Fout(f.pad, f.melding, regel_van(f.pad, regels)) for f in controleer(inhoud)]
    if fouten:
        raise RegiobestandFout(pad, fouten)
    return GelezenRegiobestand(pad=pad, inhoud=inhoud, sha256=hashlib.sha256(raw).hexdigest())
