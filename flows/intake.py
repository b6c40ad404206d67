"""The intake pass as a Prefect flow: the stages of pipeline.run as tasks, documents batched per task.

Run: `python -m flows.intake --home DIR [--inbox DIR] [--config FILE] [--db URL]` or `brandreview run`.
Without PREFECT_API_URL, Prefect starts its temporary local server by itself (9–20 s here).
"""

from __future__ import annotations

import argparse
from pathlib import Path

# Prefect's settings (no analytics, start-up timeout) are set by flows/__init__.py, which Python runs before
# this module, as its package, so they are in place before prefect is first imported here.
from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from pipeline import run as stages
from pipeline.workspace import Workspace

# The stages of pipeline.run as Prefect tasks (retries and caching stay Prefect's); run_stages orders them.
STAGES = stages.Stages(
    start=task(cache_policy=NO_CACHE)(stages.start_pass),
    plan=task(cache_policy=NO_CACHE)(stages.plan),
    intake=task(cache_policy=NO_CACHE)(stages.intake_batch),
    campaign=task(cache_policy=NO_CACHE)(stages.campaign_step),
    finish=task(cache_policy=NO_CACHE)(stages.finish_pass),
)


@flow(name="brandreview-intake", log_prints=False)
def intake_flow(home: str, inbox: str | None = None, config: str | None = None, db: str | None = None,
                batch: int = stages.BATCH) -> stages.PassSummary:
    """One pass over the inbox, in run_stages' order. A bad file never fails the flow: it becomes a rejected
    record."""
    ws = Workspace.open(Path(home), inbox=Path(inbox) if inbox else None,
                        config=Path(config) if config else None, db=db)
    return stages.run_stages(ws, STAGES, batch)


def main() -> None:
    parser = argparse.ArgumentParser(description="brandreview intake pass (Prefect flow)")
    parser.add_argument("--home", required=True)
    parser.add_argument("--inbox")
    parser.add_argument("--config")
    parser.add_argument("--db")
    args = parser.parse_args()
    summary = intake_flow(args.home, args.inbox, args.config, args.db)
    print(summary.as_dict())
    print(f"reports: {summary.reports}")


if __name__ == "__main__":
    main()
