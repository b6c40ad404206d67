"""The data of the overview's browser tables: columns and compact rows as JSON, drawn a page at a time,
sorted, filtered and searched by pipeline/templates/table.js.

Owns the table format: repeated texts (verdicts, organisations, check names) are sent once per column and
referred to by index, so 10,000 rows stay about a megabyte. Must not decide what a row says (the pages do).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

ColumnType = Literal["text", "number", "enum", "list", "doc", "link"]
PAGE_SIZE = 100  # rows drawn at once; the page offers 100 / 500 / all


@dataclass
class Column:
    label: str
    type: ColumnType = "text"
    filter: bool = False  # a select above the table
    empty: str = ""  # what an empty cell shows
    values: list[str] = field(default_factory=list)  # enum / list / doc: the texts referred to by index
    classes: list[str] | None = None  # enum / doc: a CSS class per value
    rank: list[int] | None = None  # enum / doc: the sort order of each value
    _index: dict[str, int] = field(default_factory=dict, repr=False)

    def code(self, value: str, css: str | None = None) -> int:
        """The index of `value` in this column (added on first use)."""
        if value not in self._index:
            self._index[value] = len(self.values)
            self.values.append(value)
            if self.classes is not None:
                self.classes.append(css or "")
        return self._index[value]

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"label": self.label, "type": self.type}
        for key in ("filter", "empty", "values", "classes", "rank"):
            value = getattr(self, key)
            if value:
                out[key] = value
        return out


@dataclass
class TableData:
    columns: list[Column]
    rows: list[list[Any]]
    pattern: str  # a document page's href, '{id}' filled in

    def options(self, i: int) -> list[tuple[str, str]]:
        """A filter select's options (value, label) for column i, in the column's sort order."""
        col = self.columns[i]
        order = sorted(range(len(col.values)), key=lambda k: (col.rank[k] if col.rank else 0, col.values[k]))
        opts = [(str(k), col.values[k]) for k in order]
        if col.type == "doc":
            opts.append(("none", col.empty))
        return opts

    def as_script(self) -> str:
        """The JSON, safe inside <script type="application/json"> (no '<' at all)."""
        data = {"columns": [c.as_json() for c in self.columns], "rows": self.rows, "pattern": self.pattern,
                "page_size": PAGE_SIZE}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
