"""Shared fixtures: the campaign config, the generated sample submissions, and database URLs (SQLite and
PostgreSQL; under CI=true an unreachable PostgreSQL fails the storage tests instead of skipping them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BRANDREVIEW_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def config():
    from pipeline.rules import load_config

    return load_config()


@pytest.fixture(scope="session")
def params(config):
    from checks.registry import validate_config

    return validate_config(config)


@pytest.fixture(scope="session")
def samples_dir(tmp_path_factory) -> Path:
    """The sample submissions, generated once per test session by the samples script."""
    out = tmp_path_factory.mktemp("samples")
    subprocess.run([sys.executable, str(ROOT / "samples" / "make_samples.py"), "--out", str(out)], check=True,
                   capture_output=True)
    return out


@pytest.fixture(scope="session")
def manifest(samples_dir) -> dict:
    return json.loads((samples_dir / ".manifest.json").read_text(encoding="utf-8"))


def _pg_available() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_URL.replace("+psycopg", ""), connect_timeout=3):
            return None
    except Exception as exc:  # noqa: BLE001
        return repr(exc)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    """A fresh, empty database of each kind: (url, engine options)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}", {}
        return
    problem = _pg_available()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI and unreachable at {PG_URL}: {problem}")
        pytest.skip(f"PostgreSQL unreachable at {PG_URL}: {problem}")
    import psycopg

    schema = f"br_{uuid.uuid4().hex[:12]}"
    plain = PG_URL.replace("+psycopg", "")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield PG_URL, {"connect_args": {"options": f"-csearch_path={schema}"}}
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
