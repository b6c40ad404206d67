"""Shared fixtures: the campaign config, the generated sample submissions, every Word sample and its PDFs
(LibreOffice, tagged and untagged), and database URLs (SQLite and PostgreSQL; under CI=true an unreachable
PostgreSQL fails the storage tests instead of skipping them, and a missing LibreOffice fails the PDF ones)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BRANDREVIEW_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def config():
    from pipeline.model.config import load_config

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
    import make_samples

    return json.loads(make_samples.manifest_path(samples_dir).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def word_samples(samples_dir: Path, manifest: dict, config) -> dict[str, bytes]:
    """Every ok sample that is a Word document, by manifest name (mail attachments taken out of their mail)."""
    from pipeline.ingest import submissions_from_bytes
    from pipeline.sniff import sniff

    docs: dict[str, bytes] = {}
    for name, entry in manifest["files"].items():
        if entry["status"] != "ok":
            continue
        if "/" in name:
            mail = name.split("/", 1)[0]
            for sub in submissions_from_bytes((samples_dir / mail).read_bytes(), mail, config.intake):
                if sub.file == name:
                    docs[name] = sub.data
        else:
            docs[name] = (samples_dir / name).read_bytes()
    return {name: data for name, data in docs.items() if sniff(data) == "docx"}


# LibreOffice's PDF exports: tagged (structure tags, as Word's "Save as PDF" writes by default) and its default.
PDF_EXPORTS = {"tagged": 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}',
               "untagged": "pdf"}


@pytest.fixture(scope="session")
def sample_pdfs(word_samples: dict[str, bytes], tmp_path_factory) -> dict[str, dict[str, tuple[bytes, bytes]]]:
    """kind ('tagged', 'untagged') → name → (docx bytes, the PDF LibreOffice made of it): one soffice run over
    the batch per kind, with a throw-away profile and a timeout."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI (make system-deps installs it)")
        pytest.skip("LibreOffice (soffice) is not installed")
    work = tmp_path_factory.mktemp("pdf_conversion")
    src = work / "in"
    src.mkdir()
    names = sorted(word_samples)
    files = []
    for i, name in enumerate(names):  # plain names: mail attachment names hold '/' and quotes
        path = src / f"d{i:03d}.docx"
        path.write_bytes(word_samples[name])
        files.append(str(path))
    out: dict[str, dict[str, tuple[bytes, bytes]]] = {}
    for kind, target in PDF_EXPORTS.items():
        dst = work / kind
        cmd = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", str(dst), *files]
        subprocess.run(cmd, timeout=900, check=False, capture_output=True)
        pairs = out[kind] = {}
        for i, name in enumerate(names):
            pdf = dst / f"d{i:03d}.pdf"
            if pdf.exists():
                pairs[name] = (word_samples[name], pdf.read_bytes())
        assert pairs, f"LibreOffice converted nothing ({kind})"
    return out


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


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh database URL that a child process can use as it is."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ws.db'}"
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
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
