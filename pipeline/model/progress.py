"""Progress of long work, for whoever shows it (the CLI's Rich progress bars; serve logs per batch instead).

Owns a process-wide list of listeners and the two events a pass reports: how much work there is (`total`) and
how much was just done (`advance`). Reporting never fails the work: a listener that raises is dropped.
Listeners are called from whichever thread does the work (Prefect runs tasks in worker threads).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)
Listener = Callable[[str, int, str], None]  # (event 'total' | 'advance', amount, description)

_listeners: list[Listener] = []
_lock = threading.Lock()


def report(event: str, amount: int, description: str = "") -> None:
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        try:
            listener(event, amount, description)
        except Exception:  # noqa: BLE001 - showing progress must never stop the work
            log.exception("progress listener failed; dropped")
            with _lock:
                if listener in _listeners:
                    _listeners.remove(listener)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    with _lock:
        _listeners.append(listener)
    try:
        yield
    finally:
        with _lock:
            if listener in _listeners:
                _listeners.remove(listener)
