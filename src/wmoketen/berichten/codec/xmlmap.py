"""Generic mapping between frozen dataclasses and iWmo XML elements.

A dataclass field maps to the element whose name is the PascalCase of the field name
(`toewijzing_nummer` -> `ToewijzingNummer`). Field order is XSD sequence order. Children of a shared
(CDT_) type live in the basisschema namespace; children of a message type live in the message namespace.
A tuple field is a wrapper element with repeated items (`Relaties/Relatie`); its item name comes from the
field metadata. The plan per class is computed once, so building and reading is a loop over fields.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any, ClassVar

from lxml import etree

from .errors import BerichtError
from .soorten import BASISSCHEMA_NS


class Berichtklasse:
    """Base of message-namespace classes (Header, Client, ToegewezenProduct, ...)."""

    __slots__ = ()
    BASIS: ClassVar[bool] = False


class Cdt:
    """Base of the shared complex types (CDT_*), whose children are in the basisschema namespace."""

    __slots__ = ()
    BASIS: ClassVar[bool] = True


def lijst(item: str, *, required: bool = False) -> Any:
    """A repeated element `item` inside a wrapper element named after the field."""
    if required:
        return field(metadata={"item": item})
    return field(default=(), metadata={"item": item})


def retourcodes() -> Any:
    """RetourCodes > RetourCode 1..n; only in retour messages and the 325 (empty tuple: element absent)."""
    return field(default=(), metadata={"item": "RetourCode"})


SCALAR_TYPES = (str, int, date, time)
Scalar = str | int | date | time


@dataclass(frozen=True, slots=True)
class FieldPlan:
    attr: str
    tag: str
    kind: str  # "scalar", "nested", "list"
    python_type: Any
    item_tag: str = ""


def pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def _unwrap_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


_PLANS: dict[type, tuple[FieldPlan, ...]] = {}
_PLANS_BY_TAG: dict[type, dict[str, FieldPlan]] = {}


def plan_for(cls: type) -> tuple[FieldPlan, ...]:
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _make_plan(cls)
    return plan


def _make_plan(cls: type) -> tuple[FieldPlan, ...]:
    hints = typing.get_type_hints(cls)
    plans = []
    for f in dataclasses.fields(cls):
        annotation = _unwrap_optional(hints[f.name])
        tag = f.metadata.get("tag", pascal(f.name))
        if typing.get_origin(annotation) is tuple:
            item_type = typing.get_args(annotation)[0]
            plans.append(FieldPlan(f.name, tag, "list", item_type, f.metadata["item"]))
        elif dataclasses.is_dataclass(annotation):
            plans.append(FieldPlan(f.name, tag, "nested", annotation))
        elif annotation in SCALAR_TYPES:
            plans.append(FieldPlan(f.name, tag, "scalar", annotation))
        else:  # pragma: no cover - a programming error in the model
            raise TypeError(f"{cls.__name__}.{f.name}: type {annotation!r} wordt niet ondersteund")
    return tuple(plans)


def format_scalar(value: Scalar, tag: str) -> str:
    if isinstance(value, bool):  # bool is an int; iWmo has no booleans (JaNee is a code list)
        raise BerichtError(f"Element {tag}: een ja/nee-waarde moet als code '1' of '2' worden opgegeven.")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()  # YYYY-MM-DD, never with a time zone
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise BerichtError(f"Element {tag}: een tijd in een iWmo-bericht heeft geen tijdzone.")
        return value.isoformat(timespec="seconds" if not value.microsecond else "auto")
    if not value.strip():
        raise BerichtError(f"Element {tag}: lege waarden zijn niet toegestaan; laat het element weg (RS033).")
    return value


def write_children(parent: etree._Element, obj: Any, message_ns: str) -> None:
    ns = BASISSCHEMA_NS if obj.BASIS else message_ns
    for plan in plan_for(type(obj)):
        value = getattr(obj, plan.attr)
        if value is None:
            continue
        if plan.kind == "scalar":
            etree.SubElement(parent, f"{{{ns}}}{plan.tag}").text = format_scalar(value, plan.tag)
        elif plan.kind == "nested":
            write_children(etree.SubElement(parent, f"{{{ns}}}{plan.tag}"), value, message_ns)
        elif value:  # a list: never an empty wrapper element
            wrapper = etree.SubElement(parent, f"{{{ns}}}{plan.tag}")
            for item in value:
                child = etree.SubElement(wrapper, f"{{{ns}}}{plan.item_tag}")
                if plan.python_type in SCALAR_TYPES:
                    child.text = format_scalar(item, plan.item_tag)
                else:
                    write_children(child, item, message_ns)


_PARSERS: dict[Any, Callable[[str], Any]] = {
    str: str,
    int: int,
    date: date.fromisoformat,
    time: time.fromisoformat,
}


def local_name(tag: str) -> str:
    return tag[tag.index("}") + 1 :] if tag[:1] == "{" else tag


def _plan_by_tag(cls: type) -> dict[str, FieldPlan]:
    by_tag = _PLANS_BY_TAG.get(cls)
    if by_tag is None:
        by_tag = _PLANS_BY_TAG[cls] = {plan.tag: plan for plan in plan_for(cls)}
    return by_tag


def read_object(element: etree._Element, cls: type, paths: dict[int, etree._Element] | None = None) -> Any:
    """Read `element` into an instance of `cls`; the element must be XSD-valid already.

    When `paths` is given, it maps id(object) -> element for every object made, so rules working on objects
    can report the element path of what they found.
    """
    by_tag = _plan_by_tag(cls)
    values: dict[str, Any] = {}
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue  # comments and processing instructions
        plan = by_tag.get(local_name(tag))
        if plan is None:
            continue  # BerichtCode/BerichtVersie/BerichtSubversie follow from the message kind
        if plan.kind == "scalar":
            values[plan.attr] = _PARSERS[plan.python_type](child.text or "")
        elif plan.kind == "nested":
            values[plan.attr] = read_object(child, plan.python_type, paths)
        elif plan.python_type in SCALAR_TYPES:
            convert = _PARSERS[plan.python_type]
            values[plan.attr] = tuple(convert(item.text or "") for item in child if isinstance(item.tag, str))
        else:
            values[plan.attr] = tuple(
                read_object(item, plan.python_type, paths) for item in child if isinstance(item.tag, str)
            )
    obj = cls(**values)
    if paths is not None:
        paths[id(obj)] = element
    return obj
