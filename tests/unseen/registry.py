"""The one list of unseen-document cases: every builder registers here under its name without 'build_'.

Owns the registry only; the builders live in the case modules (unseen.forms_*, unseen.reports_*, unseen.other).
"""

from __future__ import annotations

from collections.abc import Callable

Case = tuple[bytes, dict]
CASES: dict[str, Callable[[], Case]] = {}


def case(fn: Callable[[], Case]) -> Callable[[], Case]:
    name = fn.__name__.removeprefix("build_")
    assert name not in CASES, f"two unseen cases named {name}"
    CASES[name] = fn
    return fn
