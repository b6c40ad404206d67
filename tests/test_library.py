"""The brand library (pipeline.library, `brandreview library`): importing an openpyxl-made workbook and a GBK CSV,
re-importing adds nothing, bad rows are named by row number, search ranks the exact name first and finds a
homophone and a decorated variant (the index answers as comparing with every name does), the export round-trips,
a pass flags a submission whose name repeats a library brand, and the CLI commands — on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from pipeline.campaign import load_campaign
from pipeline.library import Entry, Index, LibraryError, entries, export_file, import_file, read_brands
from pipeline.model.config import load_config
from pipeline.run import run_pass
from pipeline.store import Store
from pipeline.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _csv(path: Path, rows: list[list[object]], encoding: str = "gbk") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


WORKBOOK = [
    ["2021—2022 年度党建品牌汇总表"],  # a title row above the header
    [],
    ["序号", "品牌名称", "党支部名称", "年度", "所属党委", "备注"],
    [1, "红烛先锋驿站", "化学学院教工党支部", 2021, "化学学院党委", None],
    [2, "“星火燎原”党建品牌", "物理学院学生党支部", 2022.0, "物理学院党委", "优秀"],
    [3, "数智赋能·科研报国", "信息学院教工第一党支部", "2022年度", None, None],
    [4, "初心港湾", None, dt.datetime(2020, 9, 1), None, None],
]
GBK_ROWS = [
    ["品牌名称", "党支部", "年份", "来源", "所属党组织"],
    ["匠心育人工作室", "机械学院教工党支部", "2019", "2019年一支部一特色", "机械学院党委"],
    ["青马领航", "马克思主义学院学生党支部", "2020年", "2020年一支部一特色", "马克思主义学院党委"],
]


@pytest.fixture
def store(db):
    url, options = db
    s = Store(url, options)
    yield s
    s.close()


def _fields(store: Store) -> list[tuple]:
    return [(b.brand_name, b.branch_name, b.year, b.source, b.parent_org, b.note) for b in store.library()]


def test_import_a_workbook_and_a_gbk_csv_once(store, tmp_path):
    book = _xlsx(tmp_path / "往年品牌.xlsx", WORKBOOK)
    report = import_file(store, book)
    assert (report.rows, report.added, report.known, report.errors) == (4, 4, 0, [])
    gbk = _csv(tmp_path / "2019-2020.csv", GBK_ROWS)
    gbk.read_bytes().decode("gbk")  # really GBK, not UTF-8
    assert import_file(store, gbk).added == 2
    assert _fields(store) == [
        ("红烛先锋驿站", "化学学院教工党支部", 2021, None, "化学学院党委", None),
        ("“星火燎原”党建品牌", "物理学院学生党支部", 2022, None, "物理学院党委", "优秀"),
        ("数智赋能·科研报国", "信息学院教工第一党支部", 2022, None, None, None),
        ("初心港湾", None, 2020, None, None, None),
        ("匠心育人工作室", "机械学院教工党支部", 2019, "2019年一支部一特色", "机械学院党委", None),
        ("青马领航", "马克思主义学院学生党支部", 2020, "2020年一支部一特色", "马克思主义学院党委", None),
    ]
    assert {b.imported_from for b in store.library()} == {"往年品牌.xlsx", "2019-2020.csv"}

    again = import_file(store, book)  # the same file again, and the CSV saved as UTF-8 this time
    assert (again.added, again.known) == (0, 4)
    assert import_file(store, _csv(tmp_path / "utf8.csv", GBK_ROWS, "utf-8-sig")).added == 0
    assert len(store.library()) == 6


def test_bad_rows_are_named_and_the_good_ones_kept(store, tmp_path):
    rows = [
        ["品牌名称", "党支部", "年份"],
        ["红色引擎", "一支部", "2021"],                # row 2: fine
        ["", "二支部", "2021"],                         # row 3: no name
        ["长" * 101, "三支部", "2021"],                 # row 4: too long
        ["“……”", "四支部", "2021"],                   # row 5: punctuation only
        ["薪火相传", "五支部", "二〇二一年"],          # row 6: no year in digits
        ["桃李满园", "六支部", "1899"],                 # row 7: out of range
        [],                                             # blank: skipped, not counted
        ["=HYPERLINK(\"http://x\")", "七支部", ""],     # row 9: text, kept as text
        ["红色引擎", "一支部", "2021"],                 # row 10: the same brand twice in one file
    ]
    report = import_file(store, _csv(tmp_path / "bad.csv", rows))
    assert [e.row for e in report.errors] == [3, 4, 5, 6, 7]
    assert (report.rows, report.added, report.known) == (8, 2, 1)
    first = str(report.errors[0])
    assert first.startswith("第 3 行：缺少品牌名称") and "row 3: no brand name" in first
    assert "二〇二一年" in str(report.errors[3]) and "not a year" in str(report.errors[3])
    assert [b.brand_name for b in store.library()] == ["红色引擎", "=HYPERLINK(\"http://x\")"]

    with pytest.raises(LibraryError, match="品牌名称.*brand-name column"):
        import_file(store, _csv(tmp_path / "no-name.csv", [["党支部", "年份"], ["一支部", "2021"]]))
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(LibraryError, match="cannot be read"):
        import_file(store, tmp_path / "broken.xlsx")
    (tmp_path / "binary.csv").write_bytes(b"\xff\xfe\xff\x00\x81")
    with pytest.raises(LibraryError, match="neither UTF-8 nor GBK"):
        import_file(store, tmp_path / "binary.csv")
    with pytest.raises(LibraryError, match="only .xlsx and .csv"):
        import_file(store, _csv(tmp_path / "names.docx", rows))
    assert len(store.library()) == 2  # a refused file adds nothing


def _distractors(n: int) -> list[str]:
    rng = random.Random(7)
    cores = "桃李 匠心 书香 青马 红船 同心 筑梦 灯塔 磐石 沃土 杏林 梧桐 翰墨 云端 铸魂 强基 润心 知行 明德 北斗".split()
    tails = "驿站 港湾 工作室 课堂 书屋 家园 阵地 联盟 先锋岗 服务队 宣讲团 引擎 领航 先锋".split()
    return [f"{rng.choice(cores)}{rng.choice(cores)}{rng.choice(tails)}" for _ in range(n)]


def test_search_ranks_the_exact_name_first_and_finds_homophones_and_decorations(config):
    names = ["“红烛先锋驿站”党建品牌", "红竹先锋驿站", "红烛先锋驿站", "红烛先锋", "星火燎原", *_distractors(3000)]
    index = Index([Entry(n, f"支部{i}", 2020 + i % 4, "测试") for i, n in enumerate(names)], config.similarity)
    hits = index.search("红烛先锋驿站", limit=10)
    assert hits[0].entry.brand_name == "红烛先锋驿站" and hits[0].score == 100
    found = {h.entry.brand_name: h.score for h in hits}
    assert found["“红烛先锋驿站”党建品牌"] == 100  # decorated: quotes and stop words do not count
    assert found["红竹先锋驿站"] == 100  # 烛 / 竹: the same syllable
    assert found["红烛先锋"] >= 80
    assert "星火燎原" not in found
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert index.search("“红烛”", limit=None)[0].entry.brand_name == "红烛先锋"  # a part of a name finds it
    for query in ("红烛先锋驿站", "桃李驿站", "匠心书香工作室", "同心", "星火", "党建品牌", "……"):
        assert index.search(query, limit=None) == index.search_all(query, limit=None), query
    assert index.search("……") == []



def test_the_key_cache_gives_the_same_index(config, tmp_path):
    items = [Entry(n, None, None, None) for n in ["红烛先锋驿站", "红竹先锋驿站", "……", *_distractors(500)]]
    plain = Index(items, config.similarity)
    first = Index(items, config.similarity, cache=tmp_path)
    (cache,) = tmp_path.glob("keys-*.json")
    again = Index(items[:-100], config.similarity, cache=tmp_path)  # read back; no new name: not rewritten
    assert first.prepared == plain.prepared and again.prepared.keys == plain.prepared.keys[:len(again.prepared.keys)]
    assert again.search("红烛先锋驿站") == Index(items[:-100], config.similarity).search("红烛先锋驿站")
    cache.write_text("{not json", encoding="utf-8")  # a damaged cache is made again
    assert Index(items, config.similarity, cache=tmp_path).prepared == plain.prepared


def test_export_round_trips(store, tmp_path):
    import_file(store, _xlsx(tmp_path / "in.xlsx", WORKBOOK))
    import_file(store, _csv(tmp_path / "in.csv", [*GBK_ROWS, ["=1+1", "二支部", "2021", "", ""]]))
    before = _fields(store)
    for name in ("library.xlsx", "library.csv"):
        out = tmp_path / name
        assert export_file(store, out) == 7
        read, errors, _ = read_brands(out)
        assert errors == []
        assert [(b.brand_name, b.branch_name, b.year, b.source, b.parent_org, b.note) for _, b in read] == before
        assert import_file(store, out).added == 0  # the same brands: nothing twice
    sheet = load_workbook(tmp_path / "library.xlsx").active
    assert [c.value for c in sheet[1]] == ["品牌名称", "党支部", "年份", "来源", "所属党组织", "备注"]
    assert sheet.cell(8, 1).value == "'=1+1" and sheet.cell(8, 1).data_type == "s"  # shown, never computed
    text = (tmp_path / "library.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeff品牌名称,党支部,年份,来源") and "'=1+1" in text


def _sample_application(manifest: dict) -> tuple[str, dict]:
    for name, entry in sorted(manifest["files"].items()):
        fields = entry.get("fields") or {}
        if (entry["doc_type"] == "application" and entry["status"] == "ok" and name.endswith(".docx")
                and "/" not in name and not entry.get("duplicate_of") and fields.get("brand_name")
                and fields.get("branch_name") and entry.get("set") != "real_style"):
            return name, fields
    raise AssertionError("no plain application sample")


def test_a_pass_flags_a_name_of_the_library(db_url, samples_dir, manifest, tmp_path):
    name, fields = _sample_application(manifest)
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    shutil.copy(samples_dir / name, home / "inbox" / name)
    ws = Workspace.open(home, db=db_url)
    store = Store(ws.db_url)
    try:
        import_file(store, _csv(tmp_path / "old.csv", [
            ["品牌名称", "党支部", "年份", "来源"],
            [fields["brand_name"], "另一学院教工党支部", "2021", "2021年一支部一特色"],
            ["毫不相干的名字", "第三党支部", "2020", ""]]))
        run_pass(ws)
        (doc_id, rec), = store.records_with_ids()
        result = next(c for c in rec.checks if c.id == "similar_brand_name")
        assert result.status == "fail", result.message
        assert "另一学院教工党支部" in result.message and "品牌库 2021" in result.message
        assert "2021年一支部一特色" in result.message and "毫不相干" not in result.message
        # the library's entries: the imported brands and the document's name
        assert [e.brand_name for e in entries(store)] == [fields["brand_name"], "毫不相干的名字", fields["brand_name"]]
        assert entries(store)[2].document_id == doc_id

        # the same branch's brand of an earlier year is its own (linked), never 雷同
        store.add_library([])  # nothing to add is fine
        campaign_id = load_config(ws.config_path).campaign.id
        before = store.digest(campaign_id)
        import_file(store, _csv(tmp_path / "own.csv", [["品牌名称", "党支部", "年份"],
                                                       [fields["brand_name"], fields["branch_name"], "2020"]]))
        assert store.digest(campaign_id) != before  # the next nightly run judges the names again
        campaign = load_campaign(store, load_config(ws.config_path))
        assert [n.id < 0 for n in campaign.earlier] == [True, True, True]
    finally:
        store.close()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("BRANDREVIEW_DB", None)
    return subprocess.run([sys.executable, "-m", "pipeline.cli", "library", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)


def test_the_library_commands(db_url, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    book = _xlsx(tmp_path / "往年品牌.xlsx", WORKBOOK)
    done = _cli("import", str(book), "--home", str(home), "--db", db_url)
    assert done.returncode == 0, done.stderr
    assert "新增 4 个品牌" in done.stdout
    again = _cli("import", str(book), "--home", str(home))  # the workspace remembers its database
    assert again.returncode == 0 and "新增 0 个品牌" in again.stdout and "已有 4 个" in again.stdout

    bad = _cli("import", str(_csv(tmp_path / "bad.csv", [["品牌名称", "年份"], ["青春驿站", "2021"],
                                                         ["", "2021"]])), "--home", str(home))
    assert bad.returncode == 1 and "第 3 行" in bad.stderr and "row 3" in bad.stderr
    missing = _cli("import", str(tmp_path / "nothing.xlsx"), "--home", str(home))
    assert missing.returncode == 2 and "not found" in missing.stderr

    found = _cli("search", "红竹先锋驿站", "--home", str(home), "--limit", "3")
    assert found.returncode == 0, found.stderr
    for header in ("品牌名称", "党支部", "年份", "来源", "相似度"):
        assert header in found.stdout
    assert "红烛先锋驿站" in found.stdout and "化学学院教工党支部" in found.stdout and "100" in found.stdout
    nothing = _cli("search", "毫不相干", "--home", str(home))
    assert nothing.returncode == 0 and "没有相似度" in nothing.stdout
    assert len(list((home / ".library-index").glob("keys-*.json"))) == 1  # the names' keys, kept
    cached = _cli("search", "红竹先锋驿站", "--home", str(home), "--limit", "3")  # another process reads them
    assert cached.returncode == 0 and cached.stdout == found.stdout

    out = tmp_path / "导出.xlsx"
    exported = _cli("export", "-o", str(out), "--home", str(home))
    assert exported.returncode == 0, exported.stderr
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("品牌名称", "党支部", "年份", "来源") and len(rows) == 6
    assert _cli("search", "x", "--home", str(tmp_path / "nowhere")).returncode == 2
