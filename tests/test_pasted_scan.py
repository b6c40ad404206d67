"""A Word file holding only a picture of a form page (a signed form scanned and pasted into Word) is read by
OCR, not left 'unknown'."""

from __future__ import annotations

import hashlib
import io

import docx
import pytest
from docx.shared import Cm

from pipeline.model.records import Submission
from pipeline.run import judge


def test_pasted_page_picture_is_read_by_ocr(samples_dir, manifest, config, params):
    photos = [n for n, t in manifest["files"].items() if t.get("derived") == "photo"]
    if not photos:
        pytest.skip("no LibreOffice: no photographed sample derived")
    truth = manifest["files"][photos[0]]["fields"]
    document = docx.Document()
    document.add_picture(io.BytesIO((samples_dir / photos[0]).read_bytes()), width=Cm(16))
    buf = io.BytesIO()
    document.save(buf)
    data = buf.getvalue()
    sub = Submission(file="粘贴扫描件.docx", data=data, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                     detected="docx", extension="docx")
    record = judge(sub, config, params)
    assert record.doc_type == "application" and record.ocr is not None
    assert record.fields.brand_name == truth["brand_name"]
    assert record.fields.branch_name == truth["branch_name"] and record.fields.leader == truth["leader"]
    assert any("OCR" in note for note in record.notes)
