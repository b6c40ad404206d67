"""Stopping a `brandreview serve` child process the way systemd does (SIGTERM), and killing it only if it
does not stop within a minute; its whole output."""

from __future__ import annotations

import signal
import subprocess


def stop(proc: subprocess.Popen[bytes], timeout: float = 60) -> bytes:
    proc.send_signal(signal.SIGTERM)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return out
