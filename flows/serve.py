"""`brandreview serve`: the workspace's Prefect deployments, served until Ctrl-C or SIGTERM.

Deployments: `brandreview-intake/intake` (started by the inbox watcher on every burst of changes, and every
serve.sweep_minutes anyway), `brandreview-nightly/nightly` (serve.nightly_cron in serve.timezone) and, when a
mailbox is configured, `brandreview-mailbox/mailbox` (every mailbox.poll_minutes). The Prefect server is the
caller's (pipeline.cli starts one, pipeline.service.PrefectServer, unless PREFECT_API_URL is set). A run
that is stopped half-way is repaired by the next one (pipeline.commit.recover): nothing is lost or doubled.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import signal
import warnings
from pathlib import Path
from typing import Any

from prefect import flow, serve, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import FlowRun, StateType
from prefect.deployments import run_deployment
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron

from flows.intake import intake_flow
from pipeline import run as stages
from pipeline.mailbox import poll_mailbox
from pipeline.model.config import Config, load_config
from pipeline.service import Heartbeat, InboxWatcher, clear_state, next_nightly, write_state
from pipeline.workspace import Workspace

log = logging.getLogger("brandreview.serve")

NIGHTLY = stages.NightlyStages(
    start=task(cache_policy=NO_CACHE)(stages.start_nightly),
    rejudge=task(cache_policy=NO_CACHE)(stages.rejudge_step),
    campaign=task(cache_policy=NO_CACHE)(stages.campaign_step),
    finish=task(cache_policy=NO_CACHE)(stages.finish_pass),
)


@flow(name="brandreview-nightly", log_prints=False)
def nightly_flow(home: str) -> dict[str, int]:
    """Every submission re-judged under the current campaign.toml, similar names again, reports rewritten."""
    summary = stages.run_nightly(Workspace.open(Path(home)), NIGHTLY)
    log.info("nightly: %s", summary.as_dict())
    return summary.as_dict()


@flow(name="brandreview-mailbox", log_prints=False)
def mailbox_flow(home: str) -> dict[str, int]:
    """One poll of the [mailbox]; mails written to inbox/邮箱/ are taken in by an intake pass (a subflow) and
    marked processed on the server once recorded (pipeline.mailbox)."""
    ws = Workspace.open(Path(home))
    counts = poll_mailbox(ws, load_config(ws.config_path), intake=lambda: intake_flow(home))
    log.info("mailbox: %s", counts.as_dict())
    return counts.as_dict()


def serve_workspace(ws: Workspace, config: Config) -> None:
    """Serve the deployments, watch the inbox, keep the state file; returns after Ctrl-C or SIGTERM."""
    home = str(ws.home)
    deployments = [
        _deployment(intake_flow, name="intake", parameters={"home": home}, concurrency_limit=1,
                    interval=dt.timedelta(minutes=config.serve.sweep_minutes)),
        _deployment(nightly_flow, name="nightly", parameters={"home": home}, concurrency_limit=1,
                    schedules=[Cron(config.serve.nightly_cron, timezone=config.serve.timezone)]),
    ]
    if config.mailbox.enabled:
        deployments.append(_deployment(mailbox_flow, name="mailbox", parameters={"home": home}, concurrency_limit=1,
                                       interval=dt.timedelta(minutes=config.mailbox.poll_minutes)))

    trigger = _IntakeTrigger()
    watcher = InboxWatcher(ws.inbox, config.intake, config.serve.debounce_ms, trigger)
    beat = Heartbeat(ws)
    write_state(ws, api_url=_api_url(), started=dt.datetime.now(dt.UTC).isoformat(),
                next_nightly=next_nightly(config).isoformat(),
                deployments=[f"{d.flow_name}/{d.name}" for d in deployments])
    signal.signal(signal.SIGTERM, _interrupt)
    watcher.start()
    beat.start()
    first = _Later(5.0, trigger)  # files already waiting: taken once the deployments are registered
    first.start()
    trigger.start()
    noise = _ShutdownNoise()
    logging.getLogger("asyncio").addFilter(noise)
    try:
        with warnings.catch_warnings():  # Prefect 3.8's runner leaves one coroutine unawaited on shutdown
            warnings.filterwarnings("ignore", message=".*Runner.astop.*was never awaited")
            serve(*deployments, pause_on_shutdown=False, print_starting_message=False)
    finally:
        first.cancel()
        trigger.stop()
        watcher.stop()
        beat.stop()
        clear_state(ws)
        logging.getLogger("asyncio").removeFilter(noise)
        log.info("serve stopped")


def _deployment(served: Any, **options: Any) -> RunnerDeployment:
    deployment = served.to_deployment(**options)
    assert isinstance(deployment, RunnerDeployment)  # called from sync code: never the coroutine
    return deployment


class _IntakeTrigger:
    """Starts intake runs for the inbox watcher, one at a time: a burst that finds the last run not begun yet
    starts nothing (that run lists the inbox when it begins); one that finds it running is remembered, and a
    new run starts as soon as that one has ended. So files that keep coming neither pile runs up behind the
    deployment's concurrency limit (Prefect retries a queued run only every 30 s) nor wait for the sweep."""

    def __init__(self, poll: float = 1.0):
        import threading

        self._lock = threading.Lock()
        self._last: Any = None  # the id of the last run this trigger started
        self._pending = False  # changes came while it ran
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._follow, args=(poll,), name="intake-trigger", daemon=True)

    def __call__(self) -> None:
        with self._lock:
            state = self._state()
            if state in (StateType.SCHEDULED, StateType.PENDING):
                log.info("inbox: intake run %s has not begun yet and will take these files too", self._last)
                return
            if state in (StateType.RUNNING, StateType.CANCELLING):
                self._pending = True
                log.info("inbox: intake run %s is running; another starts when it ends", self._last)
                return
            self._start()

    def _start(self) -> None:
        run = run_deployment("brandreview-intake/intake", timeout=0)
        assert isinstance(run, FlowRun)  # called from a plain thread: never the coroutine
        self._last, self._pending = run.id, False
        log.info("intake run %s started", run.id)

    def _state(self) -> StateType | None:
        """The last run's state type; None when there is none (or it cannot be read: start another)."""
        if self._last is None:
            return None
        from prefect.client.orchestration import get_client

        try:
            with get_client(sync_client=True) as client:
                state = client.read_flow_run(self._last).state
        except Exception:  # noqa: BLE001 - the server is gone or busy: the next burst or the sweep tries again
            log.warning("could not read intake run %s", self._last, exc_info=True)
            return None
        return state.type if state is not None else None

    def _follow(self, poll: float) -> None:
        while not self._stop.wait(poll):
            with self._lock:
                if self._pending and self._state() not in (StateType.RUNNING, StateType.CANCELLING,
                                                           StateType.SCHEDULED, StateType.PENDING):
                    try:
                        self._start()
                    except Exception:  # noqa: BLE001 - the sweep schedule takes the files later
                        log.exception("could not start the follow-up intake run")
                        self._pending = False

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()


class _ShutdownNoise(logging.Filter):
    """Drops the asyncio loop's report of a task cancelled while the runner shuts down (Prefect 3.8's
    control channel on SIGTERM): a clean stop logs no traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, asyncio.CancelledError)


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _api_url() -> str:
    from prefect.settings import PREFECT_API_URL

    return str(PREFECT_API_URL.value() or "")


class _Later:
    """Call once after a delay, unless cancelled (a timer that logs instead of dying on failure)."""

    def __init__(self, delay: float, call: Any):
        import threading

        def run() -> None:
            if not self._cancel.wait(delay):
                try:
                    call()
                except Exception:  # noqa: BLE001 - a failed first trigger is retried by the sweep schedule
                    log.exception("could not start the first intake run")

        self._cancel = threading.Event()
        self._thread = threading.Thread(target=run, name="first-intake", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()
