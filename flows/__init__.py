"""Prefect flows and deployments only: thin wrappers that call pipeline functions, one task per stage."""

import logging
import os

# No network here, and no analytics wanted anywhere: set before Prefect is imported.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


# The pipeline's own progress lines (one per batch) in a flow run's output, which `serve` shows as its log.
_progress = logging.getLogger("pipeline.run")
if not _progress.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    _progress.addHandler(_handler)
    _progress.setLevel(logging.INFO)
    _progress.propagate = False
