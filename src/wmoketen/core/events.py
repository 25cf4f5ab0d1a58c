"""A tiny synchronous in-process event bus.

It lets a lower app announce a fact ("beschikking vastgesteld") that a higher app acts on, without the lower app
importing the higher one (dependencies point one way, see docs/architectuur.md). Handlers run inside the
publisher's transaction, so a failing handler rolls the whole change back: nothing is half-written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

Handler = Callable[..., None]
_handlers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(event: str, handler: Handler) -> None:
    if handler not in _handlers[event]:
        _handlers[event].append(handler)


def publish(event: str, **payload: Any) -> None:
    for handler in list(_handlers[event]):
        handler(**payload)


def handlers(event: str) -> list[Handler]:
    return list(_handlers[event])
