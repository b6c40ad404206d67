"""The intake pass as a Prefect flow: the stages of pipeline.run as tasks, documents batched per task.

Run: `python -m flows.intake --home DIR [--inbox DIR] [--config FILE] [--db URL]` or `brandreview run`.
Without PREFECT_API_URL, Prefect starts its temporary local server by itself (9–20 s here).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

import flows  # noqa: F401  (Prefect settings before the import below)
from pipeline import run as stages
from pipeline.campaign import run_similarity
from pipeline.model.config import Config
from pipeline.store import Store
from pipeline.workspace import Workspace


@task(cache_policy=NO_CACHE)
def plan(ws: Workspace, config: Config) -> list[stages.Arrival]:
    return stages.plan(ws, config)


@task(cache_policy=NO_CACHE)
def process_and_commit(batch: list[stages.Arrival], ws: Workspace, config: Config, params: dict[str, Any],
                       db_url: str, pass_id: int) -> int:
    store = Store(db_url)
    try:
        return stages.commit(stages.process(batch, config, params, store), ws, store, config.campaign.id, pass_id)
    finally:
        store.close()


@task(cache_policy=NO_CACHE)
def similar_names(config: Config, params: dict[str, Any], db_url: str) -> int:
    store = Store(db_url)
    try:
        return run_similarity(store, config, params)
    finally:
        store.close()


@task(cache_policy=NO_CACHE)
def reports(ws: Workspace, config: Config, pairs: int, pass_id: int, new: int) -> stages.PassSummary:
    store = Store(ws.db_url)
    try:
        return stages.finalize(store, ws, config, pairs, pass_id, new)
    finally:
        store.close()


@flow(name="brandreview-intake", log_prints=False)
def intake_flow(home: str, inbox: str | None = None, config: str | None = None, db: str | None = None,
                batch: int = stages.BATCH) -> stages.PassSummary:
    """One pass over the inbox. A bad file never fails the flow: it becomes a rejected record."""
    ws = Workspace.open(Path(home), inbox=Path(inbox) if inbox else None,
                        config=Path(config) if config else None, db=db)
    cfg, params = stages.prepare(ws)
    store = Store(ws.db_url)
    try:
        pass_id = store.start_pass(cfg.campaign.id, str(ws.inbox))
    finally:
        store.close()
    new = sum(process_and_commit(chunk, ws, cfg, params, ws.db_url, pass_id)
              for chunk in stages.batches(plan(ws, cfg), batch))
    pairs = similar_names(cfg, params, ws.db_url)
    return reports(ws, cfg, pairs, pass_id, new)


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
