"""The unseen documents' writer: samples/docx_build.DocWriter plus what a case needs to state its truth.

Owns how a case writes Word: grid tables, cells whose '\\n' is a line break, distinct photos (sample_bytes'
photo_png), report photos with the caption the tool must give, the deterministic save. Every counted body unit
is in DocWriter.units as it is written, the uncounted captions apart. It states no values and no verdicts: the
case modules write the values, unseen.oracle derives the statuses.
"""

from __future__ import annotations

from datetime import datetime

from docx_build import CENTER, RIGHT, DocWriter, inline_picture, make_floating
from sample_bytes import photo_png

from .oracle import report_truth
from .texts import BACKGROUND, CONNOTATION, MEASURES_R

TEXT_WIDTH_CM = 15.6  # A4 less DocWriter's margins
WHEN = datetime(2024, 1, 20, 10, 0)
FIRST_PARTS = ("一、品牌名称", "二、创建背景", "三、品牌内涵", "四、主要举措")


def merged(table, row: int, c0: int, c1: int):
    return table.cell(row, c0).merge(table.cell(row, c1))


class Writer(DocWriter):
    """One unseen document: a DocWriter whose photos are distinct and whose expected captions are kept."""

    def __init__(self) -> None:
        super().__init__()
        self.expected: list[str | None] = []  # per photo, in order: the caption the tool must give, or None
        self._photos = 0

    def png(self, width: int = 320, height: int = 240) -> bytes:
        self._photos += 1
        return photo_png(self._photos, width, height)

    def pic(self, run, width_cm: float = 6.0, height_cm: float = 4.0) -> None:
        """A distinct picture of exactly this size in `run`."""
        inline_picture(run, self.png(), width_cm, height_cm)

    def grid(self, rows: int, cols: int):
        """A 'Table Grid' table of equal columns over the text width."""
        return self.table(rows, cols, [TEXT_WIDTH_CM / cols] * cols)

    def cell(self, cell, texts: str | list[str], *, bold: bool | None = None, align=None) -> None:
        """Paragraphs into a fresh cell, '\\n' inside one a line break (w:br)."""
        self.put(cell, texts, bold=bold, align=align, breaks=True)

    def rows(self, table, rows, start: int = 0) -> None:
        """Label in the first column, value in the second, one row each from row `start`."""
        for r, (label, value) in enumerate(rows, start=start):
            self.cell(table.cell(r, 0), label)
            self.cell(table.cell(r, 1), value)

    def body(self, texts: list[str]) -> None:
        for text in texts:
            self.p(text, indent=True)

    def first_parts(self, brand: str, headings: tuple[str, ...] = FIRST_PARTS, **fmt) -> None:
        """品牌名称 (the brand its own paragraph), 创建背景, 品牌内涵 and 主要举措, each under its heading (`fmt`: the
        headings' style or bold)."""
        for heading, texts in zip(headings, ([brand], BACKGROUND, CONNOTATION, [t for _, t in MEASURES_R]),
                                  strict=True):
            self.p(heading, **fmt)
            self.body(texts)

    def photo(self, caption: str | None, width: float = 6.0, height: float = 4.0, floating: bool = False,
              caption_style: str | None = None):
        """A picture paragraph, then its caption line (not counted), which is the caption the tool must give."""
        par = self.p("", align=CENTER)
        run = par.add_run()
        self.pic(run, width, height)
        if floating:
            make_floating(run)
        if caption is not None:
            self.p(caption, style=caption_style, align=CENTER, counted=False)
        self.expected.append(caption)
        return par

    def closing(self, *lines: str) -> None:
        for line in lines:
            self.p(line, align=RIGHT)

    def bytes(self) -> bytes:
        return self.save("李明", WHEN)

    def report(self, file: str, brand: str | None, branch: str | None, sections: list[str]) -> tuple[bytes, dict]:
        """The report's bytes and its truth."""
        return self.bytes(), report_truth(file, brand, branch, sections, self.units, self.expected)
