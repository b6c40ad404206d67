"""Reading a spreadsheet a person made — .xlsx (openpyxl) or a CSV saved as UTF-8 or as GBK by Excel on a
Chinese Windows — into rows of cells, for the roster (pipeline.roster) and the brand library
(pipeline.library).

Owns decoding and the limits; what the columns mean belongs to the callers. Errors come as the caller's own
exception type with the caller's Chinese name of the file (`what`), in Chinese and English.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any


def read_rows(path: Path, error: type[Exception], what: str, max_rows: int | None = None,
              csv_suffixes: tuple[str, ...] | None = None) -> list[list[Any]]:
    """The first sheet's rows (at most `max_rows` + 1 when given, so a caller can tell there were more), or the
    CSV's. `csv_suffixes`: the only other suffixes taken as CSV (None: anything not .xlsx is read as CSV)."""
    if not path.is_file():
        raise error(f"{path}: 文件不存在 / file not found")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile, InvalidFileException) as exc:
            raise error(f"{path}: {what}无法读取 / the spreadsheet cannot be read: {exc}") from exc
        try:
            out: list[list[Any]] = []
            for row in wb.worksheets[0].iter_rows(values_only=True):
                out.append(list(row))
                if max_rows is not None and len(out) > max_rows:
                    break
            return out
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            raise error(f"{path}: {what}无法读取 / the spreadsheet cannot be read: {exc}") from exc
        finally:
            wb.close()
    if csv_suffixes is not None and path.suffix.lower() not in csv_suffixes:
        raise error(f"{path}: 只能读取 .xlsx 或 .csv 文件 / only .xlsx and .csv files can be read")
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on a Chinese Windows saves CSV as GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise error(f"{path}: {what}不是 UTF-8 或 GBK 编码 / the file is neither UTF-8 nor GBK")
    try:
        return [list(r) for r in csv.reader(io.StringIO(text.replace("\x00", "")))]
    except csv.Error as exc:
        raise error(f"{path}: CSV 格式错误 / malformed CSV: {exc}") from exc
