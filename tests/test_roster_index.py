"""pipeline.roster.RosterIndex against the straightforward matching it replaced (kept here as the reference:
every name compared with every entry's keys, all rebuilt for each name), on a few hundred generated branch
names — short and generic names, numbers, parent organisations in front, full and short forms, duplicates and
ties — and by_branch's grouping of the names off the roster against the old loop (the unlisted rows rebuilt
and matched again for each document)."""

from __future__ import annotations

import random
import re

from pipeline.branches import RosterEntry, RosterIndex, by_branch, match_branch
from pipeline.model.records import ApplicationFields, DocumentRecord
from pipeline.roster import _entry_keys, name_key, row_key

# --- the reference: match_branch as it was before the index ----------------------------------------------------

_ORDINALS = re.compile(r"[0-9一二三四五六七八九十]+")
_GENERIC = re.compile(r"总支|支部|教工|教职工|教师|学生|研究生|本科生|机关|党|[0-9一二三四五六七八九十]")


def _old_distinct(key: str) -> int:
    return len(_GENERIC.sub("", key))


def old_match_branch(name, roster):
    key = name_key(name or "")
    if not key or not roster:
        return None
    keyed = [(k, e) for e in roster for k in _entry_keys(e)]
    same = [e for k, e in keyed if k == key]
    if same:
        return same[0]
    digits = _ORDINALS.findall(key)
    near = {}
    for k, e in keyed:
        if (k in key or key in k) and _old_distinct(min(k, key, key=len)) >= 2 and _ORDINALS.findall(k) == digits:
            near[id(e)] = max(near.get(id(e), (0, e)), (len(k), e), key=lambda t: t[0])
    ranked = sorted(near.values(), key=lambda t: -t[0])
    if len(ranked) == 1 or (len(ranked) > 1 and ranked[0][0] > ranked[1][0]):
        return ranked[0][1]
    return None


def old_grouping(names, roster):
    """by_branch's rows before the index: (row name, the names placed in it) in by_branch's order."""
    rows = {}
    for e in roster:
        rows.setdefault(row_key(e), [e.branch, e, []])
    for name in names:
        if not name or not name_key(name):
            continue
        entry = old_match_branch(name, roster)
        if entry is None:
            unlisted = [RosterEntry(branch=r[0]) for r in rows.values() if r[1] is None]
            entry = old_match_branch(name, unlisted)
        key = row_key(entry) if entry else name_key(name)
        row = rows.setdefault(key, [name, None, []])
        if name not in row[2]:
            row[2].append(name)
    listed = [rows.pop(row_key(e)) for e in roster if row_key(e) in rows]
    return [(r[0], r[2]) for r in listed + sorted(rows.values(), key=lambda r: r[0])]


# --- generated names -------------------------------------------------------------------------------------------

ORGS = ["信息学院", "文法学院", "物理学院", "中共数学学院委员会", "机关党委", "第一党委", "第12党委", "计算机"]
UNITS = ["计算机系", "数学系", "软件", "软件工程系", "物理", "应用物理系", "计算", "图书馆", "A", "AB", ""]
KINDS = ["教工", "学生", "研究生", "本科生", "教职工", "机关", "教师", ""]
NUMBERS = ["", "", "第一", "第二", "一", "二", "1", "2", "12", "第十", "十二", "3"]
ENDS = ["党支部", "支部", "党总支", "总支", "党支部（筹）"]


def _branch(rng: random.Random, org: bool) -> str:
    name = rng.choice(UNITS) + rng.choice(KINDS) + rng.choice(NUMBERS) + rng.choice(ENDS)
    return (rng.choice(ORGS) + rng.choice(["", " ", "·"]) + name) if org else name


def _roster(rng: random.Random) -> list[RosterEntry]:
    entries = []
    for _ in range(rng.randint(0, 40)):
        branch = _branch(rng, org=rng.random() < 0.4)
        parent = rng.choice([None, None, *ORGS, ""])
        entries.append(RosterEntry(branch=branch, parent_org=parent))
    if entries and rng.random() < 0.5:
        entries.append(rng.choice(entries))  # the same entry twice
    if entries and rng.random() < 0.5:
        twin = rng.choice(entries)
        entries.append(RosterEntry(branch=twin.branch, parent_org=twin.parent_org))  # an equal one: a tie
    if rng.random() < 0.3:
        entries.append(RosterEntry(branch=rng.choice(["支部", "党支部", "教工支部", "学生", "1", "——"])))
    rng.shuffle(entries)
    return entries


def _names(rng: random.Random, roster: list[RosterEntry], n: int) -> list[str]:
    out = []
    for _ in range(n):
        pick = rng.random()
        if roster and pick < 0.45:  # a roster name, as written, shortened, lengthened or in another form
            e = rng.choice(roster)
            name = e.branch
            how = rng.randrange(6)
            if how == 1 and e.parent_org:
                name = e.parent_org + name
            elif how == 2 and len(name) > 2:
                i = rng.randrange(len(name) - 1)
                name = name[i:rng.randrange(i + 1, len(name) + 1)]
            elif how == 3:
                name = rng.choice(["中共", "中国共产党", ""]) + rng.choice(ORGS) + name
            elif how == 4:
                name = name.replace("党支部", "支部").replace("第", "") + rng.choice(["", "1", "二"])
            elif how == 5:
                name = " ".join(name)
        elif pick < 0.55:
            name = rng.choice(["支部", "教工支部", "学生党支部", "党支部", "1", "一", "12支部", "", "  ", "（）", "计算",
                               "计算机", "软件", "物理", "AB", "A"])
        else:
            name = _branch(rng, org=rng.random() < 0.5)
        out.append(name)
    return out


def test_the_index_matches_exactly_as_the_straightforward_comparison():
    rng = random.Random(20241207)
    compared = matched = 0
    for _ in range(60):
        roster = _roster(rng)
        index = RosterIndex(roster)
        grown = RosterIndex()
        for e in roster:
            grown.add(e)
        for name in _names(rng, roster, 40):
            want = old_match_branch(name, roster)
            assert index.match(name) is want, (name, roster)
            assert grown.match(name) is want, (name, roster)
            assert match_branch(name, roster) is want, (name, roster)
            compared += 1
            matched += want is not None
    assert compared >= 2000 and matched > compared // 5  # the names do match often enough to test something


def test_the_incremental_index_answers_as_a_fresh_one_after_every_addition():
    rng = random.Random(7)
    roster = _roster(rng) + _roster(rng)
    index = RosterIndex()
    for i, entry in enumerate(roster):
        index.add(entry)
        for name in _names(rng, roster[: i + 1], 8):
            assert index.match(name) is old_match_branch(name, roster[: i + 1]), name


def test_by_branch_groups_the_names_as_the_old_loop_did(config):
    rng = random.Random(11)
    for _ in range(15):
        roster = _roster(rng)
        names = _names(rng, roster, 120) + _names(rng, [], 60)
        rng.shuffle(names)
        records = [DocumentRecord(file=f"{i}.docx", sha256=f"{i:064x}", doc_type="application", id=i + 1,
                                  fields=ApplicationFields(branch_name=name or None))
                   for i, name in enumerate(names)]
        rows = by_branch(records, roster, config)
        assert [(r.branch, r.names) for r in rows] == old_grouping(names, roster)


def test_an_entry_counts_its_longest_matching_name():
    a = RosterEntry("计算机系教工支部", parent_org="信息学院")  # 8 and 12 characters as compared, both in the name
    b = RosterEntry("学院计算机系教工支部")  # 10
    for roster in ([a, b], [b, a]):
        assert old_match_branch("中共信息学院计算机系教工支部委员会", roster) is a
        assert RosterIndex(roster).match("中共信息学院计算机系教工支部委员会") is a
    twins = [RosterEntry("信息学院学生支部"), RosterEntry("信息学院学生支部")]  # equal, not the same: no guess
    assert RosterIndex(twins).match("信息学院学生第一支部") is old_match_branch("信息学院学生第一支部", twins)
    assert RosterIndex(twins).match("信息学院学生支部") is twins[0]
    assert RosterIndex(twins).match("中共信息学院学生支部委员会") is None
