"""ocr_confidence: text recognised from a scan or photo is flagged for a human where recognition was unsure;
it never fails a document, it warns (fields below `min_confidence`, or a low mean)."""

from __future__ import annotations

from checks.check import Check, Params
from pipeline.model.records import FIELD_NAMES_ZH, CheckResult, DocumentRecord


class OcrConfidenceParams(Params):
    min_confidence: float


def run(record: DocumentRecord, params: OcrConfidenceParams) -> CheckResult:
    ocr = record.ocr
    assert ocr is not None
    low = {f: c for f, c in ocr.field_confidence.items() if c < params.min_confidence}
    value = round(ocr.confidence, 3)
    if low or ocr.confidence < params.min_confidence:
        listed = "、".join(f"{FIELD_NAMES_ZH.get(f, f)}（{c:.2f}）" for f, c in sorted(low.items(), key=lambda x: x[1]))
        detail = f"以下内容识别置信度低于 {params.min_confidence:.2f}，请人工核对原件：{listed}" if low else \
            f"整体识别置信度 {ocr.confidence:.2f} 低于 {params.min_confidence:.2f}，请人工核对原件"
        return CheckResult(id="ocr_confidence", status="warn", value=value, limit=params.min_confidence,
                           message=f"本件为扫描件或照片，文字经 OCR 识别。{detail}", where=", ".join(low) or None)
    return CheckResult(id="ocr_confidence", status="pass", value=value, limit=params.min_confidence,
                       message=f"本件文字经 OCR 识别，整体置信度 {ocr.confidence:.2f}，各项均不低于 {params.min_confidence:.2f}")


CHECK = Check(id="ocr_confidence", params=OcrConfidenceParams, run=run, applies_to=("application", "outcome_report"),
              title="OCR 识别置信度", when=lambda record: record.ocr is not None)
