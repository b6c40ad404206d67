"""Write a deterministic set of small synthetic submissions plus <out>.manifest.json beside the folder (the
truth for every file).

    python samples/make_samples.py --out DIR [--verify] [--presets DIR]

Also writes the per-preset sample campaigns (samples/preset_samples.py) to DIR/../presets/ unless --presets says
where ('' for none).

Owns the catalogue: which sample exercises what, file names, expected check verdicts and the manifest. Layout
lives in samples/sample_forms.py and samples/sample_reports.py, text in samples/sample_text.py, raw bytes
(PNG, PDF, e-mail, zip) in samples/sample_bytes.py. Every person, branch and brand is invented. The same
bytes come out on every run (fixed dates and zip times, seeded random.Random only).

manifest.json:
  files    name as dropped (an attachment: '<mail>.eml/<attachment name>') -> doc_type, status, fields | null,
           report | null, expect_checks, duplicate_of, reason.
  fields   application values exactly as written: value text only (quotes, '·', inner spaces kept), without the
           label, the signature line, '（盖章）' or a date sharing the cell; multi-paragraph values joined with
           '\n', empty paragraphs dropped. signed: true = a name follows the signature label, false = the
           signature line is empty, null = the form has no signature line. date: the date the form was filled
           in (YYYY-MM-DD), null when left blank; dates of other rows (成立时间) never count.
  report   brand_name as written under/after the 品牌名称 heading (quotes kept), or the text inside the title's
           quotes when there is no such part; branch_name from the closing lines; word_count = count_units over
           every body text unit written (title, headings, paragraphs, table cells, closing lines), photo
           captions and headers/footers excluded; sections = part keys in document order; photos = pictures in
           the body at photo size (header logos and a 2.5 cm brand logo are not photos).
  expect_checks  only the checks that apply: applications brand_name_length + required_fields, reports
           brand_name_length + report_length + report_structure + photo_count; {} for rejected files.
           required_fields fails on a missing field, signed == false or date == null; otherwise it warns
           when signed == null (no signature line to confirm) and passes when signed == true.
  duplicate_of   for identical bytes under several names, every name but the first in sorted order points to it.
  real-style entries (samples/sample_realstyle.py, issue #7) also carry: set = "real_style"; patterns = the
           issue's pattern numbers the file exercises; expect_verdict = the DocumentRecord.verdict a pass must
           give ('needs_review' for every doc_type "unknown" document: never passed or failed); notes_mention
           (optional) = strings the record's notes must name (a cover value that disagrees with the table's).
           Their fields list every ApplicationFields key (members: names split at 、，,；; and line breaks;
           parent_org: 所属党委 / 所在党总支, or 院系 / 所在学院 beside a branch label; phone: white space
           removed; established: 成立时间 as YYYY-MM-DD or YYYY-MM); an unknown document has fields = report = null.
  ignored  names written that must be skipped (Office lock files); similar: brand-name pairs and what a
           similar-name check should say about them ('similar', 'linked' = same branch, 'not_similar').
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import sys
import time
from pathlib import Path
from typing import NamedTuple

_HERE = Path(__file__).resolve().parent
for _p in (str(_HERE), str(_HERE.parent)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import preset_samples as PS  # noqa: E402
import sample_bytes as B  # noqa: E402
import sample_catalogue as C  # noqa: E402
import sample_derived as D  # noqa: E402
import sample_realstyle as RS  # noqa: E402
import sample_reports as R  # noqa: E402
import sample_wordml as WML  # noqa: E402

from pipeline.model.wordcount import count_units, count_words  # noqa: E402

# ---------------------------------------------------------------- expectations


def app_checks(fields: dict) -> dict:
    required = ("branch_name", "brand_name", "leader", "summary", "measures", "expected_outcomes")
    ok = all(fields.get(k) for k in required) and fields["signed"] is not False and fields["date"] is not None
    # a form without any signature line cannot show a signature: reviewers must look (warn), not fail
    required_fields = ("pass" if fields["signed"] else "warn") if ok else "fail"
    return {
        "brand_name_length": ("pass" if count_words(fields["brand_name"]) <= 20 else "fail")
        if fields["brand_name"] else "skip",
        "required_fields": required_fields,
    }


def report_checks(rep: dict) -> dict:
    n, cap = rep["photos"], rep["captioned_photos"]
    return {
        "brand_name_length": "pass" if count_words(rep["brand_name"]) <= 20 else "fail",
        "report_length": "pass" if rep["word_count"] <= 3000 else "fail",
        "report_structure": "pass" if rep["sections"] == list(R.ORDER) else "fail",
        "photo_count": "fail" if not 3 <= n <= 5 else ("warn" if cap < n else "pass"),
    }


def app_entry(fields: dict, reason: str) -> dict:
    return {
        "doc_type": "application",
        "status": "ok",
        "fields": fields,
        "report": None,
        "expect_checks": app_checks(fields),
        "duplicate_of": None,
        "reason": reason,
    }


def report_entry(rep: dict, reason: str) -> dict:
    rep = {k: v for k, v in rep.items() if not k.startswith("_")}
    return {
        "doc_type": "outcome_report",
        "status": "ok",
        "fields": None,
        "report": rep,
        "expect_checks": report_checks(rep),
        "duplicate_of": None,
        "reason": reason,
    }


def verdict_of(entry: dict) -> str:
    """DocumentRecord.verdict from an entry's expectations (similar names assumed not to fail or warn)."""
    if entry["status"] == "rejected":
        return "rejected"
    if entry["doc_type"] == "unknown":
        return "needs_review"
    statuses = set(entry["expect_checks"].values())
    return "failed" if "fail" in statuses else "warned" if "warn" in statuses else "passed"


def real_style_entry(rf: RS.RealFile) -> dict:
    if rf.kind == "application":
        entry = app_entry(rf.truth, rf.reason)
    elif rf.kind == "outcome_report":
        entry = report_entry(rf.truth, rf.reason)
    else:
        entry = dict(rejected(rf.reason), status="ok")
    entry.update(set="real_style", patterns=list(rf.patterns), expect_verdict=verdict_of(entry))
    if rf.notes_mention:
        entry["notes_mention"] = list(rf.notes_mention)
    return entry


def rejected(reason: str) -> dict:
    return {
        "doc_type": "unknown",
        "status": "rejected",
        "fields": None,
        "report": None,
        "expect_checks": {},
        "duplicate_of": None,
        "reason": reason,
    }


# ---------------------------------------------------------------- build


class Built(NamedTuple):
    manifest: dict
    written: int  # files written, .manifest.json excluded
    docs: dict[str, bytes]  # every document by manifest name (attachments included)
    captions: dict[str, list[str]]  # report captions by manifest name


def build(out: Path, derived: bool = True) -> Built:
    files: dict[str, bytes] = {}
    manifest: dict[str, dict] = {}
    captions: dict[str, list[str]] = {}
    for name, data, fields, reason in C.applications():
        files[name], manifest[name] = data, app_entry(fields, reason)
    for name, spec, reason in C.report_specs():
        data, truth = R.build(spec)
        files[name], manifest[name] = data, report_entry(truth, reason)
        captions[name] = truth["_captions"]
    # the same bytes under a second name: the one sorting later is the duplicate
    original = "机电工程学院学生党支部-党建精品项目申报书.docx"
    copy = "重发-机电工程学院学生党支部-党建精品项目申报书.docx"
    files[copy] = files[original]
    first, second = sorted([original, copy])
    manifest[copy] = dict(manifest[original], reason="the same bytes as another file under a second name")
    manifest[second]["duplicate_of"] = first
    mails, mail_truth, attachments, mail_captions = C.mail_files()
    files.update(mails)
    for name, (kind, truth, reason) in mail_truth.items():
        entry = {"application": app_entry, "outcome_report": report_entry}.get(kind)
        manifest[name] = entry(truth, reason) if entry else rejected(reason)
    captions.update(mail_captions)
    for name, data, reason in C.bad_files(files["信息学院第一学生党支部-一支部一品牌创建申报表.docx"]):
        files[name], manifest[name] = data, rejected(reason)
    # plain.pdf: a bare one-page text PDF (title, branch, one part heading, the name) — read, and failing
    lines = ["党建品牌创建成果报告", "信息学院教工第二党支部", "一、品牌名称", "红色驿站"]
    manifest["plain.pdf"] = report_entry(
        {"brand_name": "红色驿站", "branch_name": "信息学院教工第二党支部", "word_count": count_units(lines),
         "sections": ["brand_name"], "photos": 0, "captioned_photos": 0},
        "a bare text PDF: an outcome report with one part and no photos")
    for rf in RS.files():  # submissions as people really fill them in, and the other papers inboxes hold
        files[rf.name], manifest[rf.name] = rf.data, real_style_entry(rf)
        if rf.captions:
            captions[rf.name] = rf.captions
    for name, (source, data, gained, reason) in WML.rewrites(files).items():  # as WPS / Word 2016+ save them
        src, files[name] = manifest[source], data
        captions.update({name: captions[source]} if source in captions else {})
        manifest[name] = app_entry(src["fields"], reason) if src["fields"] else report_entry(
            {**src["report"], "word_count": src["report"]["word_count"] + gained}, reason)
    ignored = {"~$lock.docx": B.office_lock_file()}
    if derived:
        made = D.derive(files)
        if not made:
            print("note: LibreOffice (soffice) not found: no PDF/.doc/.wps/scan samples derived", file=sys.stderr)
        for name, data in made.items():
            source, how = D.PLAN[name]
            files[name] = data
            manifest[name] = dict(manifest[source], duplicate_of=None, derived=how, derived_from=source,
                                  reason=f"{how} made from {source}")

    docs = {**{k: v for k, v in files.items() if manifest.get(k, {}).get("status") == "ok"}, **attachments}
    for name, data in docs.items():
        assert len(data) < 200_000 or name in D.PLAN, (name, len(data))

    out.mkdir(parents=True, exist_ok=True)
    _clean(out)
    for name, data in {**files, **ignored}.items():
        (out / name).write_bytes(data)
    doc = {
        "files": {k: manifest[k] for k in sorted(manifest)},
        "ignored": sorted(ignored),
        "similar": [
            {
                "a": "信息学院教工第二党支部-一支部一品牌创建申报表.docx",
                "b": "机关党委财务处党支部-成果报告.docx",
                "expect": "similar",
                "same_branch": False,
                "reason": "红色驿站 / 红色忆站: one character apart, same pinyin",
            },
            {
                "a": "信息学院第一学生党支部-一支部一品牌创建申报表.docx",
                "b": "信息学院第一学生党支部-成果报告.docx",
                "expect": "linked",
                "same_branch": True,
                "reason": "one branch's application and report, same name",
            },
            {
                "a": "mail-tumu.eml/土木工程学院学生第二党支部品牌申报书.docx",
                "b": "mail-tumu.eml/“匠心筑梦”党建品牌创建成果报告.docx",
                "expect": "linked",
                "same_branch": True,
                "reason": "application and report of one branch in one mail",
            },
            {
                "a": "机电工程学院学生党支部-党建精品项目申报书.docx",
                "b": "化学工程学院教工第一党支部-党建特色品牌创建申报表.docx",
                "expect": "not_similar",
                "same_branch": False,
                "reason": "五彩党建 / 出彩党建 must not be flagged",
            },
            *RS.SIMILAR,
        ],
    }
    manifest_path(out).write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return Built(doc, len(files) + len(ignored), docs, captions)


@functools.cache
def ok_docx_names() -> tuple[str, ...]:
    """The manifest names of every ok sample whose bytes are a .docx, sorted, as build() registers them: the
    forms, reports, mail attachments, real-style files and Word/WPS rewrites — not the second name of the same
    bytes, not plain.pdf, not the PDF/.doc/.wps/scan files derived with LibreOffice. For tests that list the
    samples at collection time: no LibreOffice, nothing written, reports named from their specs, rewrites
    from sample_wordml.SAMPLES; the forms, mails and real-style files are built in memory (~2 s, once a
    process). Tests compare it with the manifest a session writes, so a drift is caught."""
    apps = [(name, data) for name, data, _, _ in C.applications()]
    _, mail_truth, attachments, _ = C.mail_files()
    real = [(rf.name, rf.data) for rf in RS.files()]
    names = [name for name, data in [*apps, *real, *attachments.items()]
             if data[:2] == b"PK" and mail_truth.get(name, ("",))[0] != "rejected"]
    return tuple(sorted([*names, *(name for name, _, _ in C.report_specs()), *WML.SAMPLES]))


def manifest_path(out: Path) -> Path:
    """The truth sits beside the sample folder, not in it: the folder is an inbox, and everything in an inbox
    is taken in (samples/out → samples/out.manifest.json)."""
    return out.parent / f"{out.name}.manifest.json"


def _clean(out: Path) -> None:
    """Remove what a previous run wrote (only names its manifest lists)."""
    old = manifest_path(out)
    if not old.exists():
        return
    try:
        prev = json.loads(old.read_text(encoding="utf-8"))
    except ValueError:
        return
    for name in list(prev.get("files", {})) + list(prev.get("ignored", [])):
        path = out / name.split("/", 1)[0]
        if path.is_file() and path.resolve().parent == out.resolve():
            path.unlink()


def verify(built: Built) -> list[str]:
    """Re-read every ok Word document with python-docx: word counts and photos of reports, the field texts of
    forms (every line of every value, members, phone, dates written as the truth says), no value that is only
    a bracketed note, text in every unknown document, and the strings notes_mention names."""
    import docx

    from pipeline.model.wordcount import count_units

    problems = []
    for name, entry in built.manifest["files"].items():
        if entry["status"] != "ok" or not built.docs[name].startswith(b"PK"):
            continue  # rejected files, plain.pdf and the derived PDF/.doc/.wps/scan files are not Word files
        d = docx.Document(io.BytesIO(built.docs[name]))
        body = d.element.body
        texts = ["".join(t.text or "" for t in p.iter("{*}t")) for p in body.iter("{*}p")]
        blips = len(list(body.iter("{*}blip")))
        joined = "\n".join(texts)
        if entry["report"]:
            rep = entry["report"]
            caps = list(built.captions[name])
            counted = list(texts)
            for c in caps:
                counted.remove(c)
            if count_units(counted) != rep["word_count"]:
                problems.append(f"{name}: word_count {count_units(counted)} != {rep['word_count']}")
            logos = 1 if "经济管理" in name else 0
            if blips - logos != rep["photos"]:
                problems.append(f"{name}: {blips - logos} pictures != {rep['photos']}")
        elif entry["fields"]:
            problems += [f"{name}: {p}" for p in _verify_fields(entry["fields"], texts, joined)]
        elif not count_units(texts):
            problems.append(f"{name}: an unknown document without text")
        problems += [f"{name}: notes_mention {s!r} not in the document" for s in entry.get("notes_mention", [])
                     if s not in joined]
    return problems


_CN = "〇一二三四五六七八九"


def _cn_number(n: int) -> str:
    return ("" if n < 20 else _CN[n // 10]) + ("十" if n >= 10 else "") + (_CN[n % 10] if n % 10 or n < 10 else "")


def _date_forms(iso: str) -> list[str]:
    y, m, d = (int(x) for x in iso.split("-"))
    cn_year = "".join(_CN[int(c)] for c in str(y))
    return [iso, f"{y}年{m}月{d}日", f"{y}.{m}.{d}", f"{y}/{m}/{d}", f"{cn_year}年{_cn_number(m)}月{_cn_number(d)}日"]


def _verify_fields(fields: dict, texts: list[str], joined: str) -> list[str]:
    problems = []
    flat = "".join(joined.split())
    for key in ("branch_name", "brand_name", "leader", "branch_opinion", "parent_org"):
        if fields.get(key) and fields[key] not in joined:
            problems.append(f"{key} not found")
    for key in ("summary", "measures", "expected_outcomes", "branch_opinion"):
        for line in (fields.get(key) or "").split("\n"):
            if not line:
                continue
            if not any(line in t for t in texts):
                problems.append(f"{key} line not found")
            if line[0] in "（(" and line[-1] in "）)" and not any(c in line[1:-1] for c in "（()）"):
                problems.append(f"{key}: a line that is only a bracketed note is never a value")
    for member in fields.get("members") or []:
        if member not in joined:
            problems.append(f"member {member} not found")
    if fields.get("phone") and fields["phone"] not in flat:
        problems.append("phone not found")
    if fields.get("date") and not any(f in flat for f in _date_forms(fields["date"])):
        problems.append(f"date {fields['date']} not written")
    if fields.get("established"):
        y, m, *_ = (int(x) for x in fields["established"].split("-"))
        if f"{y}年{m}月" not in flat:
            problems.append(f"established {fields['established']} not written")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write synthetic brand-creation submissions and <out>.manifest.json.")
    ap.add_argument("--out", default="samples/out", help="output folder (default: samples/out)")
    ap.add_argument("--verify", action="store_true", help="re-read the documents and check the manifest")
    ap.add_argument("--no-derived", action="store_true",
                    help="skip the PDF/.doc/.wps/scan/photo files derived from the Word samples with LibreOffice")
    ap.add_argument("--presets", help="where the per-preset samples go (preset_samples.py; default: beside --out, "
                    "presets/), '' for none")
    args = ap.parse_args(argv)
    start = time.perf_counter()
    out = Path(args.out)
    built = build(out, derived=not args.no_derived)
    if args.verify:
        problems = verify(built)
        for p in problems:
            print("VERIFY:", p, file=sys.stderr)
        if problems:
            return 1
    if args.presets != "":
        PS.build(Path(args.presets) if args.presets else out.parent / "presets")
    print(
        f"wrote {built.written} files + {manifest_path(out)} ({len(built.manifest['files'])} manifest entries) "
        f"to {out} in {time.perf_counter() - start:.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
