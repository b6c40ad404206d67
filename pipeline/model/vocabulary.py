"""The one table of Chinese names reviewers read: checks, fields, statuses, verdicts, document kinds, report
parts, reason codes, file formats and settings, and how a check's limit and value are written as a person
would write them ('3–5 张', '≤ 20 字', '品牌名称、创建背景'), never as a Python literal.

Owns the names (loaded once from vocabulary.toml in this package) and their formatting. Pure: imports nothing
of the project (records.py derives its *_ZH dicts from here), reads no file but its own table. A name that is
missing falls back to the code itself (tests/test_vocabulary.py keeps the table complete).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

EMPTY = "—"  # what a missing value is shown as
_SEP = "、"


@cache
def _table() -> dict[str, Any]:
    text = resources.files("pipeline.model").joinpath("vocabulary.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def names(kind: str) -> Mapping[str, str]:
    """One table of names: 'checks', 'fields', 'statuses', 'marks', 'verdicts', 'doc_types', 'sections',
    'reasons', 'formats', 'branch_statuses'."""
    table = _table()[kind]
    return {k: v for k, v in table.items() if isinstance(v, str)}


def _name(kind: str, code: object) -> str:
    if code is None:
        return EMPTY
    return names(kind).get(str(code), str(code))


def zh_check(check_id: str) -> str:
    return _name("checks", check_id)


def zh_field(field: str) -> str:
    return _name("fields", field)


def zh_status(status: str) -> str:
    """A check's status (pass/fail/warn/skip) or a record's (ok/rejected)."""
    return _name("statuses", status)


def zh_mark(status: str) -> str:
    """A check's status with its mark: ✓ 通过 / ✗ 不通过 / ! 提醒 / – 未检查."""
    return _name("marks", status)


def zh_verdict(verdict: str) -> str:
    return _name("verdicts", verdict)


def zh_doc_type(doc_type: str) -> str:
    return _name("doc_types", doc_type)


def zh_section(key: str) -> str:
    return _name("sections", key)


def zh_branch_status(status: str) -> str:
    """A branch's one status (pipeline.branches): 未提交, 逾期提交, 齐全且通过 …"""
    return _name("branch_statuses", status)


def zh_reason(code: str | None) -> str:
    return _name("reasons", code)


def zh_format(detected: str) -> str:
    return _name("formats", detected)


def setting_name(dotted: str) -> str | None:
    """The Chinese name of one setting ('checks.photo_count.min_photos', 'intake', 'report.sections.background'
    …), or None when the table has none."""
    parts = dotted.split(".")
    settings = _table()["settings"]
    if parts[0] == "checks" and len(parts) == 2:
        return names("checks").get(parts[1])
    if parts[0] == "report" and len(parts) >= 3 and parts[1] == "sections":  # report.sections.<key>[.names]
        section = names("sections").get(parts[2])
        if section is None:
            return None
        tail = [settings["report"].get(p) for p in parts[3:]]
        if any(t is None for t in tail):
            return None
        return " · ".join([settings["report"]["sections"], section, *tail])
    node: Any = settings
    for part in parts:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    if isinstance(node, dict):
        node = node.get("_")
    return node if isinstance(node, str) else None


def zh_setting(dotted: str) -> str:
    return setting_name(dotted) or dotted


def _format(check_id: str) -> dict[str, Any]:
    fmt: dict[str, Any] = _table()["check_format"].get(check_id, {})
    return fmt


def _number(x: int | float, decimals: int | None = None) -> str:
    if isinstance(x, bool):
        return "是" if x else "否"
    if decimals is not None:
        return f"{x:,.{decimals}f}"
    if isinstance(x, float) and not x.is_integer():
        return f"{x:,.2f}".rstrip("0").rstrip(".")
    return f"{int(x):,}"


def _with_unit(text: str, unit: str) -> str:
    return f"{text} {unit}" if unit else text


def _names_of(items: list[Any], kind: str) -> str:
    shown = [names(kind).get(str(i), plain(i)) for i in items]
    return _SEP.join(shown) if shown else "无"


def plain(value: object) -> str:
    """Any stored value as a reviewer reads it: numbers with thousands separators, 是/否, lists joined by 、,
    nothing as '—'; a code with a name (field, part, status …) is not looked up here."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, list | tuple | set):
        return _SEP.join(plain(v) for v in value) if value else "无"
    if isinstance(value, dict):
        return "；".join(f"{zh_field(str(k))}：{plain(v)}" for k, v in value.items()) if value else "无"
    return str(value)


def zh_limit(check_id: str, limit: object) -> str:
    """A check's limit as a person writes it: '≤ 20 字', '3–5 张', '≥ 0.80', '≥ 80 分相近，≥ 95 分雷同',
    the required parts or fields by name."""
    if limit is None or limit == []:
        return EMPTY
    fmt = _format(check_id)
    kind, unit, decimals = fmt.get("limit"), fmt.get("unit", ""), fmt.get("decimals")
    if kind in ("max", "min") and _is_number(limit):
        assert isinstance(limit, int | float)
        return f"{'≤' if kind == 'max' else '≥'} {_with_unit(_number(limit, decimals), unit)}"
    if kind in ("range", "thresholds") and isinstance(limit, list) and len(limit) == 2 \
            and all(_is_number(x) for x in limit):
        lo, hi = (_number(x, decimals) for x in limit)
        if kind == "range":
            return _with_unit(f"{lo}–{hi}", unit)
        return f"≥ {_with_unit(lo, unit)}相近，≥ {_with_unit(hi, unit)}雷同"
    if kind in ("sections", "fields", "doc_types") and isinstance(limit, list):
        return _names_of(limit, kind)
    return plain(limit)


def _is_number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def zh_value(check_id: str, value: object) -> str:
    """A check's value as a person writes it: '4 张', '3,120 字', '0.93', '96 分', the parts found or the
    fields missing by name."""
    if value is None:
        return EMPTY
    fmt = _format(check_id)
    kind, unit, decimals = fmt.get("value"), fmt.get("unit", ""), fmt.get("decimals")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if kind == "ratio":
            return _number(value, 2 if decimals is None else decimals)
        if kind in ("count", "score"):
            return _with_unit(_number(value, decimals), unit)
        return _number(value, decimals)
    if kind in ("sections", "fields", "doc_types") and isinstance(value, list):
        return _names_of(value, kind)
    return plain(value)
