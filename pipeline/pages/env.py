"""The one Jinja2 environment of the review pages (pipeline/templates/), its filters and the Chinese
vocabulary the templates use.

Owns how values become page text: dates in the campaign's time zone, names from pipeline.model.vocabulary,
the Chinese part of a bilingual message. Autoescaping is on for every template; nothing here reads records.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from pipeline.model import vocabulary as V

TIMEZONE = ZoneInfo("Asia/Shanghai")  # the campaigns' time: dates are shown in it
NOT_FOUND = "（未找到）"  # a field or name the extraction did not find


def chinese_part(message: str | None) -> str:
    """'中文说明（English explanation）' or '中文说明 / English' → '中文说明': reviewers read the Chinese; the
    exports keep both."""
    if not message:
        return ""
    head, sep, tail = message.rpartition(" / ")
    if sep and head and tail.isascii():
        message = head
    head, sep, tail = message.rpartition("（")
    if sep and head and tail.endswith("）") and sum(ch.isascii() for ch in tail) > 0.8 * len(tail):
        return head
    return message


def when(value: dt.datetime | str | None, zone: str | None = None) -> str:
    """A moment as reviewers read it, in the campaign's time zone (Asia/Shanghai): '2024-04-15 10:23'."""
    if value is None or value == "":
        return V.EMPTY
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    else:
        moment = value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(ZoneInfo(zone) if zone else TIMEZONE).strftime("%Y-%m-%d %H:%M")


def size(n: int) -> str:
    if n < 1024:
        return f"{n} 字节"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def _env() -> Environment:
    env = Environment(loader=PackageLoader("pipeline", "templates"), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(zh=chinese_part, when=when, size=size, plain=V.plain, check_name=V.zh_check,
                       field_name=V.zh_field, mark=V.zh_mark, verdict_name=V.zh_verdict, doc_type_name=V.zh_doc_type,
                       section_name=V.zh_section, reason_name=V.zh_reason, format_name=V.zh_format,
                       status_name=V.zh_status)
    env.globals.update(zh_limit=V.zh_limit, zh_value=V.zh_value, EMPTY=V.EMPTY, NOT_FOUND_TEXT=NOT_FOUND)
    return env


ENV = _env()
