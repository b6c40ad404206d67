"""One unit's own documents are not 雷同 with each other, even when no branch name is found: the same mail,
sender, dropped folder, leader or file-name stem links them; without any such evidence a near-identical name
is 'please confirm' (warn), never a failure. Two known, different branches still fail."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from docx_build import DocWriter

from checks.registry import validate_config
from pipeline.campaign import judge_in_memory
from pipeline.model.records import Origin, Submission
from pipeline.run import judge


def _form(brand: str, leader: str, branch: str | None, title: str = "党建研究项目申报书") -> bytes:
    w = DocWriter()
    w.title(title)
    rows = [("项目名称", brand), ("项目主持人", leader), ("项目简介", "简介。"), ("实施方案", "方案。")]
    if branch:
        rows.insert(0, ("党支部名称", branch))
    t = w.table(len(rows), 2, [4, 11.6])
    for r, (label, value) in enumerate(rows):
        w.put(t.cell(r, 0), label)
        w.put(t.cell(r, 1), value)
    return w.save(leader, dt.datetime(2024, 3, 1, 9, 0))


def _records(config, docs: list[tuple[str, bytes, Origin | None]]):
    params = validate_config(config)
    records = []
    for name, data, origin in docs:
        sub = Submission(file=name, data=data, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                         detected="docx", extension="docx", origin=origin)
        records.append(judge(sub, config, params))
    judge_in_memory(records, config, params)
    return {r.file: next(c for c in r.checks if c.id == "similar_brand_name") for r in records}


def test_a_units_own_documents_in_one_folder_are_linked(config):
    results = _records(config, [
        ("外国语学院/申报书.docx", _form("红烛引航育新人", "陈明", None), None),
        ("外国语学院/修改版申报书.docx", _form("红烛引航育新人", "陈明", None), None),
    ])
    assert all(c.status == "pass" for c in results.values()), results


@pytest.mark.parametrize("a,b", [
    (("陈明-申报书.docx", "陈明"), ("陈明-结题材料.docx", "陈敏")),  # the submitter's file-name stem
    (("申报书.docx", "陈明"), ("另一份.docx", "陈明")),  # the same leader
])
def test_same_leader_or_file_stem_links_without_a_branch(config, a, b):
    results = _records(config, [
        (a[0], _form("红烛引航育新人", a[1], None), None),
        (b[0], _form("红烛引航育新人", b[1], None), None),
    ])
    assert all(c.status == "pass" for c in results.values()), results


def test_same_sender_links_two_mails(config):
    sender = Origin(container="a.eml", mail_from="waiyu@example.edu.cn")
    other = Origin(container="b.eml", mail_from="WaiYu@example.edu.cn ")
    results = _records(config, [
        ("a.eml/申报书.docx", _form("红烛引航育新人", "陈明", None), sender),
        ("b.eml/报告.docx", _form("红烛引航育新人", "李四", None), other),
    ])
    assert all(c.status == "pass" for c in results.values()), results


def test_without_evidence_it_asks_to_confirm_never_fails(config):
    results = _records(config, [
        ("甲.docx", _form("红烛引航育新人", "陈明", None), None),
        ("乙.docx", _form("红烛引航育新人", "王五", None), None),
    ])
    for check in results.values():
        assert check.status == "warn" and "请确认" in check.message, check


def test_two_known_branches_with_the_same_name_still_fail(config):
    results = _records(config, [
        ("甲/申报书.docx", _form("红烛引航育新人", "陈明", "外国语学院教工党支部"), None),
        ("乙/申报书.docx", _form("红烛引航育新人", "陈明", "数学学院学生党支部"), None),
    ])
    assert all(c.status == "fail" for c in results.values()), results
