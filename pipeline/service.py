"""What `brandreview serve` runs beside Prefect: its own Prefect server, the inbox watcher, its state file.

Owns starting and stopping a local Prefect server (SQLite-backed, on 127.0.0.1, its home in the workspace's
.prefect/) when PREFECT_API_URL does not point at one; watching the inbox (watchfiles, recursive, debounced:
a drop of many files triggers one intake run); and `.service.json`, which says the service is running (pid,
API, heartbeat, next nightly run) for `brandreview status`. It must not import Prefect (flows/serve.py
does) nor read documents.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from pipeline.model.config import Config, IntakeSettings
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)
STATE_FILE = ".service.json"
HEARTBEAT_SECONDS = 15.0


class ServiceError(RuntimeError):
    """The service cannot start (Chinese / English)."""


# --- the Prefect server ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def api_healthy(api_url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=timeout) as response:
            return bool(response.status == 200)
    except (OSError, urllib.error.URLError, ValueError):
        return False


class PrefectServer:
    """A `prefect server start` child process with its home in the workspace; stopped with the service."""

    def __init__(self, ws: Workspace, port: int = 0):
        self.home = ws.home / ".prefect"
        self.port = port or _free_port()
        self.api_url = f"http://127.0.0.1:{self.port}/api"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 120.0) -> str:
        self.home.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "PREFECT_HOME": str(self.home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
               "DO_NOT_TRACK": "1", "PREFECT_API_URL": self.api_url}
        log_file = open(self.home / "server.log", "ab")  # noqa: SIM115 - the child writes it for its whole life
        self.process = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(self.port)],
            env=env, stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        log_file.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServiceError(f"Prefect 服务器启动失败，见 {self.home / 'server.log'} / the Prefect server "
                                   f"exited with {self.process.returncode}; see {self.home / 'server.log'}")
            if api_healthy(self.api_url):
                log.info("Prefect server up at %s", self.api_url)
                return self.api_url
            time.sleep(0.5)
        self.stop()
        raise ServiceError(f"Prefect 服务器 {timeout:.0f} 秒内未就绪 / the Prefect server was not ready in "
                           f"{timeout:.0f} s; see {self.home / 'server.log'}")

    def stop(self, timeout: float = 30.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


# --- the inbox watcher ----------------------------------------------------------------------------------


class InboxWatcher(threading.Thread):
    """Calls `trigger()` once per burst of changes under the inbox (watchfiles groups changes that come
    within `debounce_ms` of each other); changes to ignored names (lock and partial files) alone trigger
    nothing."""

    def __init__(self, inbox: Path, intake: IntakeSettings, debounce_ms: int, trigger: Callable[[], None]):
        super().__init__(name="inbox-watcher", daemon=True)
        self.inbox, self.intake, self.debounce_ms, self.trigger = inbox, intake, debounce_ms, trigger
        self.stop_event = threading.Event()

    def run(self) -> None:
        from fnmatch import fnmatchcase

        from watchfiles import Change, watch

        patterns = [p.casefold() for p in self.intake.ignore]

        def wanted(change: Change, path: str) -> bool:  # the intake's own moves out of the inbox are deletions
            return change != Change.deleted and not any(fnmatchcase(Path(path).name.casefold(), p) for p in patterns)

        for changes in watch(self.inbox, watch_filter=wanted, debounce=self.debounce_ms, step=100,
                             recursive=True, stop_event=self.stop_event, raise_interrupt=False,
                             ignore_permission_denied=True):
            log.info("inbox: %d changes; starting an intake run", len(changes))
            try:
                self.trigger()
            except Exception:  # noqa: BLE001 - the watcher thread lives as long as the service: log and go on
                log.exception("could not start an intake run; the next sweep will take the files")

    def stop(self) -> None:
        self.stop_event.set()


# --- the state file -------------------------------------------------------------------------------------


def next_nightly(config: Config, after: dt.datetime | None = None) -> dt.datetime:
    from croniter import croniter

    zone = ZoneInfo(config.serve.timezone)
    start = (after or dt.datetime.now(dt.UTC)).astimezone(zone)
    return croniter(config.serve.nightly_cron, start).get_next(dt.datetime)  # type: ignore[no-any-return]


def write_state(ws: Workspace, **values: object) -> None:
    path = ws.home / STATE_FILE
    state = {**read_state(ws), **values, "pid": os.getpid(), "host": socket.gethostname(),
             "heartbeat": dt.datetime.now(dt.UTC).isoformat()}
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    tmp.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def read_state(ws: Workspace) -> dict[str, object]:
    try:
        data = json.loads((ws.home / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def clear_state(ws: Workspace) -> None:
    state = read_state(ws)
    if state.get("pid") == os.getpid():
        (ws.home / STATE_FILE).unlink(missing_ok=True)


def service_running(ws: Workspace) -> bool:
    """A serve process of this workspace is alive (same host: its pid; its heartbeat is recent)."""
    state = read_state(ws)
    pid, host, beat = state.get("pid"), state.get("host"), state.get("heartbeat")
    if not isinstance(pid, int) or not isinstance(beat, str):
        return False
    if host == socket.gethostname():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
    try:
        age = dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(beat)
    except ValueError:
        return False
    return age.total_seconds() < 4 * HEARTBEAT_SECONDS


class Heartbeat(threading.Thread):
    def __init__(self, ws: Workspace, every: float = HEARTBEAT_SECONDS):
        super().__init__(name="heartbeat", daemon=True)
        self.ws, self.every = ws, every
        self.stop_event = threading.Event()

    def run(self) -> None:
        while not self.stop_event.wait(self.every):
            try:
                write_state(self.ws)
            except OSError as exc:
                log.warning("cannot write %s: %s", STATE_FILE, exc)

    def stop(self) -> None:
        self.stop_event.set()
