"""The real-style samples (issue #7: forms as people really fill them in, and the other papers an inbox holds)
through one whole pass, against the truth the samples script wrote for them (samples/out.manifest.json, entries with
set == "real_style"; the files are built by samples/sample_realstyle.py).

The samples script's build runs here without the LibreOffice-derived files, its verify re-checks the real-style
truth against the Word files (python-docx), and run_pass takes the whole generated folder — the tidy samples beside the real-style ones,
as in a real inbox — into a fresh workspace. Per real-style file: the document kind; every form field exact
(the whole fields dict, the four newer fields included); report facts exact; `signed` never true where the form
is unsigned; every unknown document needs a person (verdict needs_review), never passed or failed; one unit's
own documents are linked, not 雷同; the verdict and check statuses the manifest expects. Then each of the issue's
nine patterns on the files that carry it, both ways (what must be found, and what must not be taken).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from pipeline.run import run_pass
from pipeline.store import Store
from pipeline.workspace import Workspace

FIELD_KEYS = ["branch_name", "brand_name", "leader", "summary", "measures", "expected_outcomes", "branch_opinion",
              "signed", "date", "members", "parent_org", "phone", "established", "budget", "budget_yuan", "slogan",
              "logo", "logo_target"]


def dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, dict]:
    """The samples script's folder (no LibreOffice-derived files) and manifest; the real-style entries'
    truth re-checked against their Word files by the script's own --verify (python-docx)."""
    import make_samples

    out = tmp_path_factory.mktemp("realstyle-samples")
    built = make_samples.build(out, derived=False)
    real = {n: e for n, e in built.manifest["files"].items() if e.get("set") == "real_style"}
    problems = make_samples.verify(built._replace(manifest={**built.manifest, "files": real}))
    assert not problems, problems
    return out, json.loads(make_samples.manifest_path(out).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def truth(generated) -> dict[str, dict]:
    """The real-style manifest entries by file name."""
    return {n: e for n, e in generated[1]["files"].items() if e.get("set") == "real_style"}


@pytest.fixture(scope="module")
def passed(generated, tmp_path_factory) -> dict:
    out, _ = generated
    home = tmp_path_factory.mktemp("realstyle-home")
    ws = Workspace.open(home, inbox=out)
    summary = run_pass(ws)
    lines = (home / "reports" / "export.jsonl").read_text(encoding="utf-8").splitlines()
    store = Store(ws.db_url)
    try:
        records = {r.file: r for r in store.records()}
    finally:
        store.close()
    return {"summary": summary, "export": {r["file"]: r for r in map(json.loads, lines)}, "records": records}


def named(truth: dict, start: str) -> str:
    """The one real-style file whose name starts with `start`."""
    (name,) = [n for n in truth if n.startswith(start)]
    return name


# ---------------------------------------------------------------- the set itself


def test_the_set_is_what_the_issue_asks_for(truth, generated) -> None:
    out, _ = generated
    assert len(truth) >= 18
    for name, entry in truth.items():
        assert (out / name).is_file() and entry["reason"] and entry["patterns"], name
        if entry["doc_type"] == "application":
            assert list(entry["fields"]) == FIELD_KEYS, name
        if entry["doc_type"] == "unknown":
            assert entry["fields"] is None and entry["report"] is None and entry["expect_verdict"] == "needs_review"
    assert {p for e in truth.values() for p in e["patterns"]} == set(range(1, 10))
    kinds = [e["doc_type"] for e in truth.values()]
    assert kinds.count("unknown") >= 7 and kinds.count("application") >= 8 and kinds.count("outcome_report") >= 3
    signed = [e["fields"]["signed"] for e in truth.values() if e["fields"]]
    assert signed.count(False) >= 4 and signed.count(True) >= 4


# ---------------------------------------------------------------- per file


def test_every_file_is_read_as_what_it_is(passed, truth) -> None:
    wrong = {n: (passed["export"][n]["doc_type"], passed["export"][n]["status"], e["doc_type"])
             for n, e in truth.items()
             if (passed["export"][n]["doc_type"], passed["export"][n]["status"]) != (e["doc_type"], "ok")}
    assert not wrong, "(got doc_type, status, expected doc_type)\n" + dump(wrong)


def test_form_fields_are_exactly_what_was_written(passed, truth) -> None:
    """The whole fields dict: every field, the four newer ones included (got, expected)."""
    wrong = {}
    for name, entry in truth.items():
        if entry["doc_type"] != "application":
            continue
        got = passed["export"][name]["fields"] or {}
        diff = {k: (got.get(k, "<missing>"), v) for k, v in entry["fields"].items() if got.get(k, "<missing>") != v}
        extra = sorted(set(got) - set(entry["fields"]))
        if diff or extra:
            wrong[name] = {**diff, **({"<unexpected keys>": extra} if extra else {})}
    assert not wrong, dump(wrong)


def test_signed_is_never_true_on_an_unsigned_form(passed, truth) -> None:
    unsigned = [n for n, e in truth.items() if e["fields"] and e["fields"]["signed"] is False]
    assert len(unsigned) >= 4
    wrongly = [n for n in unsigned if (passed["export"][n]["fields"] or {}).get("signed") is True]
    assert not wrongly, wrongly


def test_report_facts_are_exactly_what_was_written(passed, truth) -> None:
    wrong = {}
    for name, entry in truth.items():
        if entry["doc_type"] != "outcome_report":
            continue
        got = passed["export"][name]["report"] or {}
        diff = {k: (got.get(k), v) for k, v in entry["report"].items() if got.get(k) != v}
        if diff:
            wrong[name] = diff
    assert not wrong, dump(wrong)


def test_unknown_documents_need_a_person(passed, truth) -> None:
    """Rosters, speeches, summaries, minutes, a cover alone, other processes' forms: never passed or failed."""
    wrong = {}
    for name, entry in truth.items():
        if entry["doc_type"] != "unknown":
            continue
        rec = passed["records"][name]
        failed = [c.id for c in rec.checks if c.status == "fail"]
        if rec.verdict != "needs_review" or failed or rec.fields is not None or rec.report is not None:
            wrong[name] = {"doc_type": rec.doc_type, "verdict": rec.verdict, "failed checks": failed,
                           "fields": rec.fields.model_dump() if rec.fields else None}
    assert not wrong, dump(wrong)
    s = passed["summary"]
    assert s.passed + s.warned + s.failed + s.rejected + s.unknown == s.documents


def test_verdicts_and_check_statuses(passed, truth) -> None:
    wrong = {}
    for name, entry in truth.items():
        rec = passed["records"][name]
        got = {c.id: c.status for c in rec.checks}
        diff = {k: (got.get(k), v) for k, v in entry["expect_checks"].items() if got.get(k) != v}
        if rec.verdict != entry["expect_verdict"]:
            diff["verdict"] = (rec.verdict, entry["expect_verdict"])
        if diff:
            wrong[name] = {**diff, "checks": {c.id: c.message for c in rec.checks if c.status != "pass"}}
    assert not wrong, dump(wrong)


def test_one_units_documents_are_linked_not_failed(passed, truth, generated) -> None:
    """Pattern 7: no branch name on the unit's documents; the file-name stem links them (not 雷同)."""
    unit = [n for n, e in truth.items() if 7 in e["patterns"]]
    assert len(unit) == 3
    for name in unit:
        sim = [c for c in passed["records"][name].checks if c.id == "similar_brand_name"]
        assert not sim or sim[0].status != "fail", (name, sim[0].message)
    pairs = [p for p in generated[1]["similar"] if p["a"] in unit and p["b"] in unit]
    assert pairs
    for pair in pairs:
        a, b = passed["export"][pair["a"]], passed["export"][pair["b"]]
        a_to_b = [s for s in a["similar"] if s["file"] == pair["b"]]
        b_to_a = [s for s in b["similar"] if s["file"] == pair["a"]]
        assert a_to_b and b_to_a, pair
        assert a_to_b[0]["same_branch"] is b_to_a[0]["same_branch"] is True, (pair, a_to_b, b_to_a)
        for side in (a, b):
            status = {c["id"]: (c["status"], c["message"]) for c in side["checks"]}["similar_brand_name"]
            assert status[0] == "pass", (side["file"], status)


def test_no_other_similar_names(passed, truth, generated) -> None:
    """The real-style brands are distinct from each other and from the tidy samples: only the listed pairs."""
    listed = {frozenset((p["a"], p["b"])) for p in generated[1]["similar"]}
    unexpected = {n: [(s["file"], s["brand_name"], s["score"]) for s in passed["export"][n]["similar"]
                      if frozenset((n, s["file"])) not in listed]
                  for n in truth}
    assert not {n: v for n, v in unexpected.items() if v}, dump(unexpected)


def test_a_cover_that_disagrees_with_the_table_is_noted(passed, truth) -> None:
    """Pattern 1: the table's value is kept (fields test) and the record's notes name the cover's."""
    noted = {n: e["notes_mention"] for n, e in truth.items() if e.get("notes_mention")}
    assert noted
    for name, strings in noted.items():
        notes = passed["records"][name].notes
        for s in strings:
            assert any(s in note for note in notes), (name, s, notes)
        assert passed["export"][name]["fields"]["brand_name"] == truth[name]["fields"]["brand_name"] != strings[0]


def test_ideographic_space_indents_count_zero(passed, truth, generated) -> None:
    """Pattern 8: the files really open their paragraphs with U+3000; 字数 leaves them out, and the report
    near the limit passes report_length only because of that."""
    import docx

    out, _ = generated
    reports = [n for n, e in truth.items() if 8 in e["patterns"]]
    assert len(reports) == 2
    for name in reports:
        texts = [p.text for p in docx.Document(io.BytesIO((out / name).read_bytes())).paragraphs]
        indented = [t for t in texts if t.startswith("\u3000\u3000")]
        assert len(indented) >= 20, name
        want = truth[name]["report"]["word_count"]
        assert passed["export"][name]["report"]["word_count"] == want, name
        assert sum(t.count("\u3000") for t in texts) >= 40, name
    limit = [n for n in reports if truth[n]["report"]["word_count"] > 2900]
    assert len(limit) == 1
    (name,) = limit
    texts = [p.text for p in docx.Document(io.BytesIO((out / name).read_bytes())).paragraphs]
    assert truth[name]["report"]["word_count"] + sum(t.count("\u3000") for t in texts) > 3000
    status = {c["id"]: c["status"] for c in passed["export"][name]["checks"]}
    assert status["report_length"] == "pass", passed["export"][name]["checks"]


# ---------------------------------------------------------------- each pattern, both ways

# pattern → (file name start, field, 'found' | 'empty', why). 'found': a value is there and must be taken as
# written; 'empty': nothing (or only a note, a stamp, another label) is there and nothing may be taken. Field
# 'doc_type' compares the kind; 'found' there means a form or report, 'empty' means unknown.
BOTH_WAYS: dict[int, list[tuple[str, str, str, str]]] = {
    1: [("食品与生物工程学院", "brand_name", "found", "cover '项目名称：' is empty: the table's value"),
        ("食品与生物工程学院", "date", "found", "cover '填报日期：2022年6月18日'"),
        ("海洋科学学院", "brand_name", "found", "cover and table disagree: the table's"),
        ("海洋科学学院", "leader", "found", "'主 持 人：…  联系电话：…': the line ends at the next label"),
        ("海洋科学学院", "phone", "found", "the second label on that line"),
        ("矿业工程学院", "leader", "found", "empty cover '联 系 人：' takes not the next line; the table's 负 责 人"),
        ("矿业工程学院", "parent_org", "found", "cover table '所属党委：'"),
        ("申报书封面", "doc_type", "empty", "a cover page alone is no form")],
    2: [("食品与生物工程学院", "summary", "found", "the '（限300字以内）' note opening the text row is left out"),
        ("食品与生物工程学院", "expected_outcomes", "found", "'四、项目预期成果（调研报告…）': the note is the label's"),
        ("融媒体学生党支部", "summary", "found", "'（限300字以内）' under the label in the label cell"),
        ("油气储运教工党支部", "measures", "found", "'（一）…' numbering in a value is kept"),
        ("附件-基层党建特色品牌创建申报表", "summary", "empty", "the template's '（300字以内）' hint only")],
    3: [("食品与生物工程学院", "signed", "found", "'负责人（签字）：郑国栋'"),
        ("海洋科学学院", "signed", "found", "a signature picture after '负责人签字：'"),
        ("药学院党委", "signed", "found", "'党委书记签字：name'"),
        ("油气储运教工党支部", "signed", "empty", "'负责人（签字）：    主管部门（盖章）：' nothing signed"),
        ("融媒体学生党支部", "signed", "empty", "'学院负责人签名：' then a blank 年 月 日"),
        ("矿业工程学院", "signed", "empty", "a signature cell with only （盖章） and a blank date"),
        ("附件-基层党建特色品牌创建申报表", "signed", "empty", "the blank template")],
    4: [("食品与生物工程学院", "measures", "found", "'三、实施方案' row, text in the row below"),
        ("食品与生物工程学院", "expected_outcomes", "found", "the 经费预算 row below does not join it"),
        ("海洋科学学院", "expected_outcomes", "found", "'7、项目预期成果及成果形式' + line break + text"),
        ("矿业工程学院", "summary", "found", "'三、品牌内涵' row; '二、创建基础' above is no field"),
        ("药学院党委", "summary", "found", "'（一）品牌简介' after '第二部分  创建方案'"),
        ("药学院党委", "members", "empty", "an empty table row adds nothing")],
    5: [("食品与生物工程学院", "branch_name", "found", "'学院' / '所在学院' with no branch label"),
        ("食品与生物工程学院", "members", "found", "'项目成员' split at 、"),
        ("海洋科学学院", "branch_name", "found", "'所在院系'"),
        ("融媒体学生党支部", "parent_org", "found", "'院系' beside '党支部名称'"),
        ("融媒体学生党支部", "measures", "found", "'工作计划'"),
        ("油气储运教工党支部", "parent_org", "found", "'所在党总支'"),
        ("油气储运教工党支部", "brand_name", "found", "'品 牌 名 称'"),
        ("药学院党委", "branch_name", "found", "only '所属党委'"),
        ("王立新-精品项目申报书", "leader", "found", "'主持人'"),
        ("王立新-精品项目申报书", "measures", "found", "'项目方案'"),
        ("矿业工程学院", "established", "found", "'成立时间' 2017年9月 → 2017-09"),
        ("食品与生物工程学院", "parent_org", "empty", "所在学院 gives branch_name, not parent_org, without a branch label"),
        ("油气储运教工党支部", "established", "empty", "no 成立时间 row")],
    6: [(p, "doc_type", "empty", why) for p, why in [
        ("2024年一支部一特色项目汇总表", "a roster's header row is no label row"),
        ("党委书记在2024年度", "a speech titled 工作报告 is no outcome report"),
        ("陈思雨-2024年度个人总结", "a personal summary"), ("支委会会议记录", "minutes with 主持人 lines"),
        ("沈一帆-入党积极分子推荐表", "another process's 推荐表"), ("王立新-结题申请表", "another process's 申请表")]]
        + [("王立新-精品项目申报书", "doc_type", "found", "the same unit's real 申报书 is a form")],
    7: [("王立新-精品项目申报书", "brand_name", "found", "the unit's brand"),
        ("王立新-项目成果报告", "brand_name", "found", "the same brand in its report"),
        ("王立新-项目成果报告", "branch_name", "empty", "the report closes with the 项目组, no branch")],
    8: [("人工智能学院研究生党支部", "word_count", "found", "U+3000 indents count 0"),
        ("音乐学院教工党支部", "word_count", "found", "2995 字 without the U+3000")],
    9: [("海洋科学学院", "date", "found", "blank cover 填报日期, opinion dated 二〇二〇年十一月五日"),
        ("油气储运教工党支部", "branch_opinion", "found", "an opinion above the unsigned line"),
        ("矿业工程学院", "branch_opinion", "empty", "only '签字：', （盖章） and a blank date"),
        ("油气储运教工党支部", "date", "empty", "only a blank 年 月 日")],
}


def _got_and_want(passed, truth, name: str, field: str):
    entry, got = truth[name], passed["export"][name]
    if field == "doc_type":
        return got["doc_type"], entry["doc_type"]
    part = "report" if entry["doc_type"] == "outcome_report" else "fields"
    return (got[part] or {}).get(field, "<missing>"), entry[part][field]


@pytest.mark.parametrize("pattern", sorted(BOTH_WAYS))
def test_pattern_both_ways(pattern: int, passed, truth) -> None:
    facts = BOTH_WAYS[pattern]
    sides = {side for *_, side, _ in facts}
    assert sides == {"found", "empty"} or pattern == 8, f"pattern {pattern} must be tested both ways"
    wrong = {}
    for start, field, side, why in facts:
        name = named(truth, start)
        assert pattern in truth[name]["patterns"], (name, pattern)
        got, want = _got_and_want(passed, truth, name, field)
        empty = want in (None, False, "unknown")
        assert empty is (side == "empty"), (name, field, want)  # the table above says what the truth holds
        if got != want:
            wrong[f"{name} {field}"] = {"got": got, "want": want, "why": why}
    assert not wrong, dump(wrong)
