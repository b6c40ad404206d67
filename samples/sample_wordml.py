"""Real sample .docx files rewritten the way WPS Office and Word 2016+ write their packages, the truth kept.

Owns the rewrites (lxml on the package XML of a python-docx sample; what Word shows is unchanged unless said):
  wps()        WPS Office 11 (samples/wordml_wps.py): its namespaces and mc:Ignorable, its custom parts,
               settings and <Application>, numeric style ids, runs split at every change of script with
               w:rFonts w:hint="eastAsia", bookmarks.
  controls()   Word 2016+ content controls on a form: a block-level w:sdt around the form table and around
               the title, row-level w:sdt around the first and last rows, cell-level w:sdt around every filled
               value cell (<w:tr><w:sdt><w:sdtContent><w:tc>), a run-level one inside the second row's, date
               pickers (w:date) on the date texts given, a 申报类别 line with check-box controls (w14:checkbox,
               ☒ ticked, ☐ not) before the table and a 备注 line after it whose control still shows its
               placeholder prompt (no value); rsids, w14:paraId, proofErr and lastRenderedPageBreak.
  revisions()  Word 2016+ with Track Changes on a report: insertions (w:ins; one of new text, INSERTED: the
               visible text gains its 字, which revisions() returns), deletions (w:del/w:delText after a
               heading and in prose, a whole deleted paragraph with its mark), one written paragraph in two
               with the first one's mark deleted (Word shows the source's one paragraph), a move (w:moveFrom
               / w:moveTo), a deleted table row; caption numbers as SEQ fields (w:fldSimple), a complex
               HYPERLINK field, a w:hyperlink, w:smartTag, inline w:customXml, a comment, a continuous section
               break; w:revisionView hides the markup (LibreOffice's PDF export then prints the final text too).
Package plumbing lives in samples/wordml_package.py. It does not build documents from scratch
(samples/sample_forms.py, sample_reports.py do) and does not decide file names or the manifest
(make_samples.py does). Every function returns the same bytes for the same input.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

try:  # samples/ on sys.path (make_samples.py puts it there)
    from wordml_package import (
        W14,
        R,
        W,
        add_part,
        add_rel,
        body_paragraphs,
        el,
        finish,
        pack,
        paragraphs,
        run,
        sdt,
        set_words,
        text_of,
        unpack,
        w,
        word_noise,
        word_root,
        wrap,
        wrap_runs,
    )
    from wordml_wps import wps
except ImportError:  # imported as the samples package
    from samples.wordml_package import (
        W14,
        R,
        W,
        add_part,
        add_rel,
        body_paragraphs,
        el,
        finish,
        pack,
        paragraphs,
        run,
        sdt,
        set_words,
        text_of,
        unpack,
        w,
        word_noise,
        word_root,
        wrap,
        wrap_runs,
    )
    from samples.wordml_wps import wps

PLACEHOLDER = "单击或点击此处输入文字。"
CATEGORY = ("申报类别：", "党建品牌", "党建精品项目")  # the check-box line controls() adds (first box ticked)
REMARK = "备注："  # the line whose only value is a placeholder prompt
INSERTED = "全体党员参与率达到百分之百。"  # the new text revisions() inserts with changes tracked
_AUTHOR, _WHEN = "王强", "2024-01-20T10:15:00Z"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
__all__ = ["controls", "revisions", "wps"]


# ------------------------------------------------------------------------------------------ Word: content controls

def controls(data: bytes, dates: dict[str, str] | None = None) -> bytes:
    """A form as Word 2016+ saves it after its fields were filled in through content controls. `dates`
    maps a date text as written ('2020/11/5') to the day it means ('2020-11-05') for date pickers."""
    m = unpack(data)
    root, body = word_root(m)
    sid = iter(range(1, 10_000))
    tbl = body.find(w("tbl"))
    for text, iso in (dates or {}).items():
        for p in paragraphs(root):
            if text_of(p).strip() == text:
                date = el("date", {"fullDate": f"{iso}T00:00:00Z"}, el("dateFormat", {"val": "yyyy/M/d"}),
                          el("lid", {"val": "zh-CN"}), el("storeMappedDataAs", {"val": "dateTime"}),
                          el("calendar", {"val": "gregorian"}))
                wrap_runs(p, "日期", next(sid), date)
    if tbl is not None:
        rows = [tr for tr in tbl if tr.tag == w("tr")]
        for k, tr in enumerate(rows):
            cells = [tc for tc in tr if tc.tag == w("tc")]
            label = text_of(cells[0]).strip() if cells else ""
            for tc in cells[1:]:
                if not text_of(tc).strip():
                    continue
                if k == 1:  # a run-level control inside the cell-level one, as a template nests them
                    first_p = next((p for p in tc.iter(w("p")) if text_of(p).strip()), None)
                    if first_p is not None:
                        wrap_runs(first_p, label, next(sid), el("text"))
                wrap(tc, label or None, next(sid))
            if k == 0 or k == len(rows) - 1:
                wrap(tr, "行", next(sid))  # repeating-section style control around a whole row
        anchor = wrap(tbl, "申报表", next(sid))  # the table's block-level control
        anchor.addprevious(_category_line(sid))
        anchor.addnext(_remark_line(sid))
    title = next((p for p in body_paragraphs(body) if text_of(p).strip()), None)
    if title is not None:
        wrap(title, "标题", next(sid))
    word_noise(root)
    m["word/document.xml"] = finish(root)
    return pack(m)


def _checkbox(checked: bool, sid: int) -> etree._Element:
    box = etree.Element(f"{{{W14}}}checkbox")
    etree.SubElement(box, f"{{{W14}}}checked").set(f"{{{W14}}}val", "1" if checked else "0")
    for state, code in (("checkedState", "2612"), ("uncheckedState", "2610")):
        s = etree.SubElement(box, f"{{{W14}}}{state}")
        s.set(f"{{{W14}}}val", code)
        s.set(f"{{{W14}}}font", "MS Gothic")
    fonts = el("rPr", None, el("rFonts", {"ascii": "MS Gothic", "eastAsia": "MS Gothic", "hAnsi": "MS Gothic",
                                          "hint": "eastAsia"}))
    return sdt([run("☒" if checked else "☐", fonts)], None, sid, box)


def _category_line(sid) -> etree._Element:
    label, yes, no = CATEGORY
    return el("p", None, run(label), _checkbox(True, next(sid)), run(yes + "  "), _checkbox(False, next(sid)),
              run(no))


def _remark_line(sid) -> etree._Element:
    pr = el("rPr", None, el("rStyle", {"val": "PlaceholderText"}))
    prompt = sdt([run(PLACEHOLDER, pr)], "备注", next(sid),
                  el("placeholder", None, el("docPart", {"val": "DefaultPlaceholder_-1854013440"})),
                  el("showingPlcHdr"), el("text"))
    return el("p", None, run(REMARK), prompt)


# ------------------------------------------------------------------------------------------ Word: tracked changes

def _change(tag: str, n: int, *children: etree._Element) -> etree._Element:
    return el(tag, {"id": str(900 + n), "author": _AUTHOR, "date": _WHEN}, *children)


def revisions(data: bytes, row: bool = True) -> tuple[bytes, int]:
    """A report as Word 2016+ saves it with Track Changes on; returns the bytes and how many 字 the
    visible text gained (the one tracked insertion of new text). `row`: also a deleted table row."""
    from pipeline.model.wordcount import count_units

    m = unpack(data)
    root, body = word_root(m)
    ids = iter(range(1, 10_000))
    paras = body_paragraphs(body)
    prose = [p for p in paras if len(text_of(p)) >= 40 and p.find(w("r")) is not None]
    headings = [p for p in paras if 0 < len(text_of(p).strip()) <= 12]
    # an insertion of text that is there in the source, and one of new text at the end of a paragraph
    runs = _runs(prose[0])
    ins = _change("ins", next(ids))
    runs[0].addprevious(ins)
    ins.extend(runs)
    before = text_of(prose[1])
    last = _runs(prose[1])[-1]
    last.addnext(_change("ins", next(ids), run(INSERTED, last.find(w("rPr")))))
    gained = count_units([text_of(prose[1])]) - count_units([before])
    # deletions: a phrase after a heading and in prose, a whole paragraph with its mark
    for p, gone in ((headings[1], "及意义"), (prose[2], "（此处数据待核实）")):
        p.append(_change("del", next(ids), run(gone, None, "delText")))
    whole = el("p", None, el("pPr", None, el("rPr", None, _change("del", next(ids)))),
               _change("del", next(ids), run("本段为初稿中的重复表述，已删除。", None, "delText")))
    prose[3].addnext(whole)
    _split(prose[4], next(ids))
    # a move: the first run now stands in one paragraph (moveTo) and is gone from another (moveFrom)
    src, dst = prose[5], prose[6]
    moved = _runs(dst)[0]
    moved.addprevious(el("moveToRangeStart", {"id": "800", "author": _AUTHOR, "date": _WHEN, "name": "move1"}))
    to = _change("moveTo", next(ids))
    moved.addprevious(to)
    to.append(moved)
    to.addnext(el("moveToRangeEnd", {"id": "800"}))
    src.append(el("moveFromRangeStart", {"id": "801", "author": _AUTHOR, "date": _WHEN, "name": "move1"}))
    src.append(_change("moveFrom", next(ids), copy.deepcopy(moved)))
    src.append(el("moveFromRangeEnd", {"id": "801"}))
    tbl = next((t for t in body.iter(w("tbl")) if t.find(f".//{w('drawing')}") is None), None)
    if row and tbl is not None:  # a row deleted with changes tracked
        tr = copy.deepcopy([r for r in tbl if r.tag == w("tr")][-1])
        trpr = tr.find(w("trPr"))
        if trpr is None:
            trpr = el("trPr")
            tr.insert(0, trpr)
        trpr.append(_change("del", next(ids)))
        for p in tr.iter(w("p")):
            for r in _runs(p):
                t = r.find(w("t"))
                if t is not None:
                    t.tag = w("delText")
                dl = _change("del", next(ids))
                r.addprevious(dl)
                dl.append(r)
        tbl.append(tr)
    _fields(root, m, prose, ids)
    word_noise(root)
    m["word/document.xml"] = finish(root)
    settings = m["word/settings.xml"]
    settings = settings.replace(b"<w:zoom ", b'<w:revisionView w:markup="0" w:insDel="0"/><w:zoom ', 1)
    m["word/settings.xml"] = settings.replace(b"<w:defaultTabStop", b"<w:trackRevisions/><w:defaultTabStop", 1)
    set_words(m, gained)
    return pack(m), gained


def _runs(p: etree._Element) -> list[etree._Element]:
    return [c for c in p if c.tag == w("r")]


def _split(p: etree._Element, n: int) -> None:
    """`p` written as two paragraphs, the first one's mark deleted: Word shows `p` as it was."""
    runs = _runs(p)
    t = runs[-1].find(w("t"))
    cut = len(t.text) // 2
    first = el("p")
    ppr = p.find(w("pPr"))
    first.append(copy.deepcopy(ppr) if ppr is not None else el("pPr"))
    first[0].append(el("rPr", None, _change("del", n)))
    for r in runs[:-1]:
        first.append(r)  # moved out of p
    head = copy.deepcopy(runs[-1])
    head.find(w("t")).text = t.text[:cut]
    first.append(head)
    t.text = t.text[cut:]
    p.addprevious(first)


def _fields(root: etree._Element, m: dict[str, bytes], prose: list[etree._Element], ids) -> None:
    """Caption numbers as SEQ fields, a complex HYPERLINK field, a w:hyperlink, a smart tag, inline custom
    XML, a comment and a continuous section break: none of them changes what Word shows."""
    for p in paragraphs(root):
        text = text_of(p)
        match = re.match(r"^(图\s*)(\d+)(.*)$", text, re.S)
        runs = _runs(p)
        if match and len(runs) == 1 and runs[0].find(w("t")) is not None:
            rpr = runs[0].find(w("rPr"))
            seq = el("fldSimple", {"instr": " SEQ 图 \\* ARABIC "}, run(match.group(2), rpr))
            p.remove(runs[0])
            p.extend([run(match.group(1), rpr), seq, run(match.group(3), rpr)])
    target = prose[7]
    r0 = _runs(target)[0]
    rpr = r0.find(w("rPr"))
    parts = [run(" HYPERLINK \"http://www.12371.cn/\" ", rpr, "instrText")]
    r0.addprevious(el("r", None, el("fldChar", {"fldCharType": "begin"})))
    r0.addprevious(parts[0])
    r0.addprevious(el("r", None, el("fldChar", {"fldCharType": "separate"})))
    r0.addnext(el("r", None, el("fldChar", {"fldCharType": "end"})))
    rid = add_rel(m, "word/document.xml", f"{_REL}/hyperlink", "http://dangjian.example.edu.cn/", external=True)
    r1 = _runs(prose[8])[0]
    link = etree.Element(w("hyperlink"), {f"{{{R}}}id": rid, w("history"): "1"})
    r1.addprevious(link)
    link.append(r1)
    r2 = _runs(prose[9])[0]
    tag = el("smartTag", {"uri": "urn:schemas-microsoft-com:office:smarttags", "element": "PersonName"})
    r2.addprevious(tag)
    tag.append(r2)
    r3 = _runs(prose[10])[-1]
    custom = el("customXml", {"uri": "http://dangjian.example.edu.cn/brand", "element": "measure"})
    r3.addprevious(custom)
    custom.append(r3)
    _comment(m, prose[2])
    sect = root.find(w("body")).find(w("sectPr"))
    if sect is not None:  # the same page set-up in a section of its own from here, no new page
        brk = copy.deepcopy(sect)
        for ref in [c for c in brk if c.tag in (w("headerReference"), w("footerReference"))]:
            brk.remove(ref)
        brk.insert(0, el("type", {"val": "continuous"}))
        ppr = prose[11].find(w("pPr"))
        if ppr is None:
            ppr = el("pPr")
            prose[11].insert(0, ppr)
        ppr.append(brk)


def _comment(m: dict[str, bytes], p: etree._Element) -> None:
    comments = (f'<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="{_AUTHOR}" w:date="{_WHEN}" '
                'w:initials="WQ"><w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr><w:r><w:rPr>'
                '<w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r><w:r>'
                "<w:t>建议补充具体数据。</w:t></w:r></w:p></w:comment></w:comments>")
    add_part(m, "word/comments.xml", comments.encode(),
             "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
             "word/document.xml", f"{_REL}/comments", "comments.xml")
    runs = _runs(p)
    runs[0].addprevious(el("commentRangeStart", {"id": "0"}))
    runs[-1].addnext(el("commentRangeEnd", {"id": "0"}))
    p.append(el("r", None, el("rPr", None, el("rStyle", {"val": "CommentReference"})),
                el("commentReference", {"id": "0"})))


# ------------------------------------------------------------------------------------------ the registered samples

# name -> (source sample, reason); the manifest entry is the source's truth (a report's word_count + the 字 gained)
SAMPLES: dict[str, tuple[str, str]] = {
    "WPS保存-信息学院第一学生党支部-一支部一品牌创建申报表.docx": (
        "信息学院第一学生党支部-一支部一品牌创建申报表.docx",
        "the form as WPS Office saves it: wpsCustomData namespaces, KSO custom properties, numeric style ids, "
        "runs split at every script change with eastAsia hints, bookmarks"),
    "Word控件-根河市财政局机关党支部-市直机关党建品牌申报表.docx": (
        "根河市财政局机关党支部-市直机关党建品牌申报表.docx",
        "the form filled in through Word content controls: block sdt around table and title, row- and cell-level "
        "sdt, run sdt, date pickers, check-box controls, a placeholder prompt that is no value"),
    "Word修订-经济管理学院学生第三党支部-成果报告.docx": (
        "经济管理学院学生第三党支部-成果报告.docx",
        "the report with tracked changes (insertions, one of new text, deletions, a deleted paragraph mark, a move, "
        "a deleted row), SEQ caption fields, a HYPERLINK field, a hyperlink, smart tag, comment, section break"),
}
_DATES = {"2020/11/5": "2020-11-05", "2016年3月": "2016-03-01"}  # the 根河 form's date texts


def rewrites(files: dict[str, bytes]) -> dict[str, tuple[str, bytes, int, str]]:
    """name -> (source name, bytes, 字 the visible text gained, reason) for every registered sample."""
    out = {}
    for name, (source, reason) in SAMPLES.items():
        data, gained = files[source], 0
        if name.startswith("WPS"):
            data = wps(data)
        elif "控件" in name:
            data = controls(data, _DATES)
        else:
            data, gained = revisions(data)
        out[name] = (source, data, gained, reason)
    return out
