"""Closed sets (detected format, layout source, reason codes, doc types …: Literals in pipeline/model) are
validated at run time — pydantic on the records, BadInput where it is raised — and the project's mypy
settings are strict enough to reject a str where one of them is wanted."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pydantic import ValidationError

from pipeline.model.errors import REASON_CODES, BadInput
from pipeline.model.layout import Layout
from pipeline.model.records import DocumentRecord

ROOT = Path(__file__).resolve().parents[1]


def test_records_refuse_values_outside_their_closed_sets():
    with pytest.raises(ValidationError, match="detected"):
        DocumentRecord(file="a.docx", sha256="", detected="docxx")
    with pytest.raises(ValidationError, match="error_code"):
        DocumentRecord(file="a.pdf", sha256="", status="rejected", error_code="encrypted_pdf")
    with pytest.raises(ValidationError, match="converted_from"):
        DocumentRecord(file="a.odt", sha256="", converted_from="odt")
    with pytest.raises(ValidationError, match="source_format"):
        Layout(source_format="rtf")
    for code in sorted(REASON_CODES):  # a stored record (JSON) carrying any code loads back
        record = DocumentRecord(file="a", sha256="", status="rejected", error_code=code)
        assert DocumentRecord.model_validate_json(record.model_dump_json()).error_code == code


def test_bad_input_refuses_an_unknown_reason_code_where_it_is_raised():
    with pytest.raises(ValueError, match="'encrypted_pdf'"):
        BadInput("encrypted_pdf", "文件已加密", "encrypted")  # type: ignore[arg-type]
    known = BadInput("encrypted", "文件已加密", "encrypted")
    assert (known.code, known.message) == ("encrypted", "文件已加密（encrypted）")


_USES = '''
from checks.check import Check, Params
from pipeline.model.errors import BadInput
from pipeline.model.layout import Layout
from pipeline.model.records import CheckResult, DocumentRecord, Submission


def refuse() -> BadInput:
    return BadInput("encrypted_pdf", "文件已加密", "encrypted")  # expect arg-type


def layout() -> Layout:
    return Layout(source_format="rtf")  # expect arg-type


def is_word(sub: Submission) -> bool:
    return sub.detected == "word"  # expect comparison-overlap


def record(kind: str) -> DocumentRecord:
    return DocumentRecord(file="a", sha256="", detected=kind)  # expect arg-type


def judge(record: DocumentRecord, params: Params) -> CheckResult:
    return CheckResult(id="x", status="pass")


CHECK = Check(id="x", params=Params, run=judge, applies_to=("applicaton",), title="x")  # expect arg-type
FINE = Check(id="x", params=Params, run=judge, applies_to=("application",), title="x")


def fine(sub: Submission) -> bool:
    return sub.detected == "docx" and Layout(source_format="ocr").ocr is False
'''


def test_mypy_rejects_a_str_where_a_closed_set_is_wanted(tmp_path):
    module = tmp_path / "uses_closed_sets.py"
    module.write_text(textwrap.dedent(_USES), encoding="utf-8")
    expected = {n: m.group(1) for n, line in enumerate(module.read_text(encoding="utf-8").splitlines(), 1)
                if (m := re.search(r"# expect ([a-z-]+)$", line))}
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
         "--cache-dir", str(tmp_path / "cache"), "--no-error-summary", str(module)],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    found = {int(m.group(1)): m.group(2)
             for m in re.finditer(r"uses_closed_sets\.py:(\d+): error: .*\[([a-z-]+)\]$", done.stdout, re.M)}
    assert found == expected, done.stdout + done.stderr
    assert done.returncode == 1
