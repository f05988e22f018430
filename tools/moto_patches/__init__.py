"""Corrections to moto, applied inside the emulator process before its server starts.

Each patch names the moto behaviour it corrects. They exist so that the `local` environment
synthesizes exactly what real environments do and still applies, re-plans clean and
destroys on the emulator; nothing here is ever used against real AWS.

One module per AWS service; each registers its patches with ``@patch``. ``apply_all()``
imports them all and applies every patch once.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

PATCHES: list[Callable[[], None]] = []


def patch(fn: Callable[[], None]) -> Callable[[], None]:
    """Register a patch: a function that adjusts one named moto behaviour, idempotently."""
    PATCHES.append(fn)
    return fn


def apply_all() -> list[str]:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    for fn in PATCHES:
        fn()
    return [f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}" for fn in PATCHES]
