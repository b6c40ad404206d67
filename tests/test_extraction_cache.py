"""The extraction cache: the nightly run reads no document when neither the extractor nor the extraction
settings changed; when either did, it reads each archived document again (each distinct content once) from
its stored copy, and the verdicts follow. Real passes over real sample files; the readers are watched, not
replaced, except where a test shows they are never called.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import extractors.registry
import pipeline.reextract
from pipeline.run import run_nightly, run_pass
from pipeline.store import Store
from pipeline.workspace import Workspace

FILES = ["信息学院第一学生党支部-一支部一品牌创建申报表.docx", "重发-机电工程学院学生党支部-党建精品项目申报书.docx",
         "机电工程学院学生党支部-党建精品项目申报书.docx", "mail-tumu.eml", "plain.pdf", "empty.docx",
         "信息学院第一学生党支部-成果报告.docx"]


@pytest.fixture
def ws(tmp_path, samples_dir, db_url) -> Workspace:
    home = tmp_path / "home"
    home.mkdir()
    (home / "campaign.toml").write_text('[campaign]\nid = "c"\nname = "缓存"\nyear = 2026\n'
                                        "[intake]\nsettle_seconds = 0\n", encoding="utf-8")
    ws = Workspace.open(home, db=db_url)
    for name in FILES:
        shutil.copyfile(samples_dir / name, ws.inbox / name)
    run_pass(ws)
    return ws


def _watch(monkeypatch) -> list[str]:
    """The files the nightly run reads again (the real readers still do the reading)."""
    read: list[str] = []
    real = pipeline.reextract.read_all

    def watched(subs, config):
        read.extend(s.file for s in subs)
        return real(subs, config)

    monkeypatch.setattr(pipeline.reextract, "read_all", watched)
    return read


def _records(ws: Workspace) -> dict[str, dict]:
    store = Store(ws.db_url)
    try:
        return {r.file: json.loads(r.model_dump_json(exclude={"received_at"})) for r in store.records("c")}
    finally:
        store.close()


def test_nothing_changed_reads_nothing(ws, monkeypatch):
    before = _records(ws)

    def never(*_a, **_k):
        raise AssertionError("a document was read although nothing changed")

    monkeypatch.setattr(pipeline.reextract, "read_all", never)
    summary = run_nightly(ws)
    assert summary.rejudged == 0
    assert _records(ws) == before


def test_a_new_extractor_reads_each_content_once_from_the_archive(ws, monkeypatch):
    before = _records(ws)
    read = _watch(monkeypatch)
    monkeypatch.setattr(extractors.registry, "EXTRACTOR_VERSION", "next")
    for path in ws.inbox.rglob("*"):
        assert not path.is_file(), "the inbox is empty: what is read comes from the archive"
    run_nightly(ws)
    documents = [n for n, r in before.items() if r["sha256"] and r["detected"] not in ("eml_no_attachments",)]
    distinct = {before[n]["sha256"] for n in documents}
    assert len(read) == len(distinct), read  # the duplicate shares its original's reading
    assert "mail-tumu.eml/土木工程学院学生第二党支部品牌申报书.docx" in read  # a mail's member, from its stored copy
    after = _records(ws)
    for name in before:
        for key in before[name]:
            assert after[name][key] == before[name][key], (name, key)  # the same extractor, the same bytes
    read.clear()
    run_nightly(ws)
    assert read == [], "the new key was stored: the next night reads nothing"


def test_changed_extraction_settings_change_the_verdict(ws, monkeypatch):
    name = "信息学院第一学生党支部-一支部一品牌创建申报表.docx"
    before = _records(ws)[name]
    assert before["fields"]["brand_name"]
    read = _watch(monkeypatch)
    config = ws.config_path.read_text(encoding="utf-8")
    ws.config_path.write_text(config + '[labels]\nbrand_name = ["不存在的标签"]\n[report.sections.brand_name]\n'
                              'names = ["不存在的标题"]\nkeywords = ["不存在"]\n', encoding="utf-8")
    run_nightly(ws)
    assert name in read
    after = _records(ws)[name]
    assert after["fields"]["brand_name"] != before["fields"]["brand_name"]
    required = next(c for c in after["checks"] if c["id"] == "required_fields")
    assert required["status"] == "fail" and "brand_name" in json.dumps(required, ensure_ascii=False)


def test_a_changed_stored_copy_is_not_trusted(ws, monkeypatch, caplog):
    name = "信息学院第一学生党支部-成果报告.docx"
    before = _records(ws)[name]
    Path(before["stored_path"]).write_bytes(b"tampered")
    read = _watch(monkeypatch)
    monkeypatch.setattr(extractors.registry, "EXTRACTOR_VERSION", "next")
    with caplog.at_level("WARNING"):
        run_nightly(ws)
    assert name not in read
    assert "has changed since it was recorded" in caplog.text
    assert _records(ws)[name] == before
