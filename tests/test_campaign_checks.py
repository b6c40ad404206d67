"""The campaign-wide check slot: a second campaign check, registered here like any check (a CampaignCheck in
checks.registry.CAMPAIGN_CHECKS and a [checks.<id>] table in campaign.toml), is run by a real pass next to
similar_brand_name, its results are stored, replaced (not piled up) by the next pass and exported; the
in-memory step of `brandreview check` gives the same results; a crashing campaign check gives 'skip' on
each document it judges and the pass goes on; the check's table is validated like any other."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from docx_build import DocWriter
from pydantic import Field

from checks import registry
from checks.check import Campaign, CampaignCheck, CampaignOutcome, Params
from extractors.registry import extract
from pipeline.campaign import judge_in_memory
from pipeline.model.config import ConfigError, load_config
from pipeline.model.records import CheckResult, DocumentRecord, Submission
from pipeline.run import run_pass
from pipeline.store import Store
from pipeline.workspace import Workspace

CAMPAIGN = '[campaign]\nid = "2024"\nname = "测试"\nyear = 2024\n'
TABLE = "[checks.one_project_per_leader]\nmax_projects = 1\n"


class OneProjectParams(Params):
    max_projects: int = Field(gt=0)


def one_project_per_leader(campaign: Campaign, params: OneProjectParams) -> CampaignOutcome:
    """A leader may lead at most `max_projects` projects (distinct brand names) in the campaign."""
    led: dict[str, dict[str, str]] = {}
    for doc in campaign.documents:
        rec = doc.record
        if rec.status == "ok" and rec.duplicate_of is None and rec.fields and rec.fields.leader and rec.brand_name:
            led.setdefault(rec.fields.leader, {}).setdefault(rec.brand_name, rec.file)
    results: dict[int, CheckResult] = {}
    for doc in campaign.judged(("application",)):
        leader = doc.record.fields.leader if doc.record.fields else None
        projects = led.get(leader or "", {})
        if len(projects) > params.max_projects:
            others = "、".join(f"“{b}”（{f}）" for b, f in projects.items() if b != doc.record.brand_name)
            results[doc.id] = CheckResult(id="one_project_per_leader", status="fail", value=len(projects),
                                          limit=params.max_projects, message=f"{leader} 还主持：{others}")
        else:
            results[doc.id] = CheckResult(id="one_project_per_leader", status="pass", value=len(projects),
                                          limit=params.max_projects, message="")
    return CampaignOutcome(results=results)


def _run(campaign: Campaign, params: object) -> CampaignOutcome:
    assert isinstance(params, OneProjectParams)  # validated from the [checks.one_project_per_leader] table
    return one_project_per_leader(campaign, params)


ONE_PROJECT = CampaignCheck(id="one_project_per_leader", params=OneProjectParams, run=_run,
                            applies_to=("application",), title="一人一项目")


def _broken(campaign: Campaign, params: object) -> CampaignOutcome:
    raise RuntimeError("quota table missing")


BROKEN = CampaignCheck(id="one_project_per_leader", params=OneProjectParams, run=_broken,
                       applies_to=("application",), title="一人一项目")


def _form(brand: str, leader: str, branch: str) -> bytes:
    w = DocWriter()
    w.title("党建研究项目申报书")
    rows = [("党支部名称", branch), ("项目名称", brand), ("项目主持人", leader), ("项目简介", "简介。"),
            ("实施方案", "方案。")]
    t = w.table(len(rows), 2, [4, 11.6])
    for r, (label, value) in enumerate(rows):
        w.put(t.cell(r, 0), label)
        w.put(t.cell(r, 1), value)
    return w.save(leader, dt.datetime(2024, 3, 1, 9, 0))


FORMS = {
    "外语/申报书.docx": _form("红烛引航育新人", "陈明", "外国语学院教工党支部"),
    "数学/申报书.docx": _form("数理先锋筑梦行", "陈明", "数学学院学生党支部"),  # 陈明's second project
    "化学/申报书.docx": _form("红烛引航育新人", "王五", "化学学院教工党支部"),  # another branch, the same name
}


@pytest.fixture
def registered(monkeypatch):
    monkeypatch.setattr(registry, "CAMPAIGN_CHECKS", (*registry.CAMPAIGN_CHECKS, ONE_PROJECT))


def _workspace(home: Path, files: dict[str, bytes]) -> Workspace:
    home.mkdir(exist_ok=True)
    (home / "campaign.toml").write_text(CAMPAIGN + TABLE, encoding="utf-8")
    for name, data in files.items():
        (home / "inbox" / name).parent.mkdir(parents=True, exist_ok=True)
        (home / "inbox" / name).write_bytes(data)
    return Workspace.open(home)


def _exported(home: Path) -> dict[str, dict]:
    lines = (home / "reports" / "export.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["file"]: r for r in map(json.loads, lines)}


def _status(record: dict, check_id: str) -> list[str]:
    return [c["status"] for c in record["checks"] if c["id"] == check_id]


def test_a_registered_campaign_check_is_run_stored_replaced_and_exported(tmp_path, registered):
    home = tmp_path / "home"
    ws = _workspace(home, {**FORMS, "空白.docx": b"", "外语/终稿.docx": FORMS["外语/申报书.docx"]})
    summary = run_pass(ws)
    assert summary.similar_pairs == 1  # similar_brand_name still runs beside it: 外语 and 化学

    out = _exported(home)
    assert _status(out["外语/申报书.docx"], "one_project_per_leader") == ["fail"]
    assert _status(out["数学/申报书.docx"], "one_project_per_leader") == ["fail"]
    assert _status(out["化学/申报书.docx"], "one_project_per_leader") == ["pass"]
    assert out["外语/终稿.docx"]["duplicate_of"] == "外语/申报书.docx"
    assert _status(out["外语/终稿.docx"], "one_project_per_leader") == ["fail"]  # a duplicate too
    assert [s["file"] for s in out["外语/终稿.docx"]["similar"]] == ["化学/申报书.docx"]  # its original's
    assert out["空白.docx"]["status"] == "rejected" and out["空白.docx"]["checks"] == []
    fail = next(c for c in out["数学/申报书.docx"]["checks"] if c["id"] == "one_project_per_leader")
    assert (fail["value"], fail["limit"]) == (2, 1) and "红烛引航育新人" in fail["message"]
    # both campaign checks' results come after the per-document checks, in registry order
    assert [c["id"] for c in out["外语/申报书.docx"]["checks"]][-2:] == ["similar_brand_name",
                                                                      "one_project_per_leader"]
    assert _status(out["化学/申报书.docx"], "similar_brand_name") == ["fail"]
    assert [s["file"] for s in out["化学/申报书.docx"]["similar"]] == ["外语/申报书.docx"]

    # the next pass: 王五 now leads a second project; every stored result is replaced, none piles up
    (home / "inbox" / "物理").mkdir()
    (home / "inbox" / "物理" / "申报书.docx").write_bytes(_form("格物致知铸师魂", "王五", "物理学院党支部"))
    run_pass(Workspace.open(home))
    out = _exported(home)
    assert _status(out["化学/申报书.docx"], "one_project_per_leader") == ["fail"]
    assert _status(out["物理/申报书.docx"], "one_project_per_leader") == ["fail"]
    assert _status(out["外语/申报书.docx"], "one_project_per_leader") == ["fail"]
    store = Store(ws.db_url)
    try:
        for rec in store.records("2024"):
            ids = [c.id for c in rec.checks]
            assert ids.count("one_project_per_leader") == (rec.status == "ok"), (rec.file, ids)
            assert ids.count("similar_brand_name") == (rec.status == "ok"), (rec.file, ids)
    finally:
        store.close()


def test_brandreview_check_takes_the_same_path(tmp_path, registered):
    path = tmp_path / "campaign.toml"
    path.write_text(CAMPAIGN + TABLE, encoding="utf-8")
    config = load_config(path)
    params = registry.validate_config(config)
    records = []
    for name, data in FORMS.items():
        sub = Submission(file=name, data=data, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                         detected="docx", extension="docx")
        extraction = extract(sub, config)
        rec = DocumentRecord(file=name, sha256=sub.sha256, doc_type=extraction.doc_type, fields=extraction.fields)
        rec.checks = registry.run_checks(rec, params)
        records.append(rec)
    assert judge_in_memory(records, config, params) == 1
    by_file = {r.file: r for r in records}
    got = {f: [c.status for c in r.checks if c.id == "one_project_per_leader"] for f, r in by_file.items()}
    assert got == {"外语/申报书.docx": ["fail"], "数学/申报书.docx": ["fail"], "化学/申报书.docx": ["pass"]}
    assert [c.id for c in by_file["外语/申报书.docx"].checks][-2:] == ["similar_brand_name", "one_project_per_leader"]
    assert [s.file for s in by_file["化学/申报书.docx"].similar] == ["外语/申报书.docx"]


def test_a_crashing_campaign_check_is_skip_and_the_pass_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(registry, "CAMPAIGN_CHECKS", (*registry.CAMPAIGN_CHECKS, BROKEN))
    home = tmp_path / "home"
    run_pass(_workspace(home, FORMS))
    out = _exported(home)
    for name in FORMS:
        broken = next(c for c in out[name]["checks"] if c["id"] == "one_project_per_leader")
        assert broken["status"] == "skip" and "quota table missing" in broken["message"]
    assert _status(out["化学/申报书.docx"], "similar_brand_name") == ["fail"]  # the other check is unharmed


def test_its_table_is_validated_like_any_check(tmp_path, monkeypatch):
    path = tmp_path / "campaign.toml"
    path.write_text(CAMPAIGN + TABLE, encoding="utf-8")
    with pytest.raises(ConfigError, match="one_project_per_leader"):  # not registered: an unknown table
        registry.validate_config(load_config(path))
    monkeypatch.setattr(registry, "CAMPAIGN_CHECKS", (*registry.CAMPAIGN_CHECKS, ONE_PROJECT))
    assert registry.validate_config(load_config(path))["one_project_per_leader"].max_projects == 1
    with pytest.raises(ConfigError, match="checks.one_project_per_leader: missing table"):
        registry.validate_config(load_config())
    path.write_text(CAMPAIGN + "[checks.one_project_per_leader]\nmax_project = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="checks.one_project_per_leader"):
        registry.validate_config(load_config(path))


def test_the_shipped_registry_has_its_campaign_checks_with_their_per_document_params():
    # similar names across the campaign; photos sent beside a report (replacing photo_count's own result)
    # and the rules across submissions (issue 11), campaign checks of their own (no per-document twin)
    ids = [c.id for c in registry.CAMPAIGN_CHECKS]
    assert ids[:2] == ["similar_brand_name", "photo_count"]
    own = ["one_project_per_host", "one_brand_per_org", "quota_per_parent_org", "required_documents",
           "brand_per_parent_org"]
    assert [i for i in ids if i in own] == own and not set(own) & set(registry.BY_ID)
    for check in registry.CAMPAIGN_CHECKS:
        if check.id in registry.BY_ID:
            assert check.params is registry.BY_ID[check.id].params
