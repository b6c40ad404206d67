"""Storage on SQLite and on PostgreSQL (the latter required under CI): migrations, round trips,
duplicates, similar pairs and earlier campaigns' names."""

from __future__ import annotations

from pipeline.model.records import ApplicationFields, CheckResult, DocumentRecord, Origin, Photo, ReportFacts
from pipeline.store import Store


def _records() -> list[DocumentRecord]:
    app = DocumentRecord(
        file="mail.eml/申报表.docx", sha256="a" * 64, size=10, detected="docx", doc_type="application",
        fields=ApplicationFields(branch_name="信息学院第一党支部", brand_name="“红烛先锋”党建品牌", leader="张明",
                                 signed=False, date="2023-04-12"),
        origin=Origin(container="mail.eml", mail_from="张明 <zm@example.edu.cn>", mail_subject="申报材料"),
        checks=[CheckResult(id="required_fields", status="fail", value=["signed"], limit=["leader"], message="签字栏未签字")])
    report = DocumentRecord(
        file="报告.docx", sha256="b" * 64, size=20, detected="docx", doc_type="outcome_report",
        report=ReportFacts(brand_name="红烛先锋", branch_name="信息学院第一党支部", word_count=2999,
                           sections=["brand_name", "outcomes"], photos=[Photo(caption="图1 x", where="第 3 段")]))
    bad = DocumentRecord(file="坏.docx", sha256="c" * 64, status="rejected", error="文件为空", error_code="empty")
    return [app, report, bad]


def test_round_trip_and_duplicates(db):
    url, options = db
    store = Store(url, options)
    try:
        pass_id = store.start_pass("2024", "/inbox")
        ids = store.add(_records(), "2024", pass_id)
        dup = _records()[1].model_copy(update={"file": "报告(1).docx", "duplicate_of": "报告.docx"})
        store.add([dup], "2024", pass_id, {0: ids[1]})
        store.finish_pass(pass_id, {"documents": 4})
        back = store.records("2024")
        assert [r.file for r in back] == ["mail.eml/申报表.docx", "报告.docx", "坏.docx", "报告(1).docx"]
        assert back[0].fields.brand_name == "“红烛先锋”党建品牌" and back[0].fields.signed is False
        assert back[0].origin.mail_subject == "申报材料"
        assert back[0].checks[0].value == ["signed"] and back[0].checks[0].message == "签字栏未签字"
        assert back[1].report.photos[0].caption == "图1 x" and back[1].report.word_count == 2999
        assert back[2].status == "rejected" and back[2].error_code == "empty"
        assert back[3].duplicate_of == "报告.docx"
        assert store.first_by_sha("2024", ["b" * 64, "z" * 64]) == {"b" * 64: (ids[1], "报告.docx")}
        assert store.first_by_sha("2023", ["b" * 64]) == {}
        names = store.names(campaign="2024")
        assert [n.brand_name for n in names] == ["“红烛先锋”党建品牌", "红烛先锋"]  # no rejected, no duplicates
    finally:
        store.close()


def test_similarity_replacement_and_earlier_campaigns(db):
    url, options = db
    store = Store(url, options)
    try:
        old = store.add([DocumentRecord(file="2023/a.docx", sha256="d" * 64, doc_type="application",
                                        fields=ApplicationFields(brand_name="红烛先锋", branch_name="化学系党支部"))],
                        "2023", None)
        ids = store.add(_records(), "2024", None)
        result = CheckResult(id="similar_brand_name", status="fail", value=100, message="雷同")
        store.replace_similarity("2024", [(ids[0], ids[1], 96.0, True), (ids[1], ids[0], 96.0, True),
                                          (ids[1], old[0], 100.0, False)], {ids[1]: result})
        store.replace_similarity("2024", [(ids[0], ids[1], 96.0, True), (ids[1], ids[0], 96.0, True),
                                          (ids[1], old[0], 100.0, False)], {ids[1]: result})  # idempotent
        back = {r.file: r for r in store.records("2024")}
        report = back["报告.docx"]
        assert [(s.file, s.score, s.same_branch, s.campaign) for s in report.similar] == [
            ("2023/a.docx", 100.0, False, "2023"), ("mail.eml/申报表.docx", 96.0, True, None)]
        assert [c.status for c in report.checks if c.id == "similar_brand_name"] == ["fail"]
        assert [n.campaign for n in store.names(exclude_campaign="2024")] == ["2023"]
        assert store.records("2023")[0].similar == []
    finally:
        store.close()


def test_reopening_keeps_data_and_schema(db):
    url, options = db
    Store(url, options).add(_records(), "2024", None)
    again = Store(url, options)  # migrations are idempotent
    try:
        assert len(again.records("2024")) == 3
    finally:
        again.close()
