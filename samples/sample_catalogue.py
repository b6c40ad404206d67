"""The sample catalogue for samples/make_samples.py: which file exercises what, under which name.

Owns the list of samples (applications, reports, saved e-mails, bad files) with their names, seeds and the
English reason each exists. It returns bytes and the truth written; expected verdicts and the manifest are
make_samples.py's business.
"""

from __future__ import annotations

import io
import random
import zipfile
from datetime import datetime

try:  # samples/ on sys.path (make_samples.py puts it there)
    import sample_bytes as B
    import sample_forms as F
    import sample_reports as R
    import sample_text as T
except ImportError:  # imported as the samples package
    from samples import sample_bytes as B
    from samples import sample_forms as F
    from samples import sample_reports as R
    from samples import sample_text as T

CAPS4 = [T.CAPTIONS[0], T.CAPTIONS[1], T.CAPTIONS[2], T.CAPTIONS[3]]


def _d(s: str, hour: int = 9) -> datetime:
    y, m, d = map(int, s.split("-"))
    return datetime(y, m, d, hour, 30, 0)


def applications() -> list[tuple[str, bytes, dict, str]]:
    """(file name, bytes, fields, reason) for every application form."""
    Bd = T.BRANDS
    out = []
    data, f = F.form_ncut(
        Bd["xinhuo"],
        101,
        bottom="merged",
        signer="李华",
        date_text="2023年4月12日",
        date_iso="2023-04-12",
        unit="信息学院",
        when=_d("2023-04-12"),
    )
    out.append(
        (
            "信息学院第一学生党支部-一支部一品牌创建申报表.docx",
            data,
            f,
            "seed 004 form exactly; 支部意见/签字/date in ONE merged cell of several paragraphs",
        )
    )
    data, f = F.form_ncut(
        Bd["hongse"],
        102,
        bottom="rows",
        signer="",
        date_text="年    月    日",
        date_iso=None,
        unit="信息学院",
        when=_d("2023-04-13"),
    )
    out.append(
        (
            "信息学院教工第二党支部-一支部一品牌创建申报表.docx",
            data,
            f,
            "seed 004 form with the bottom as separate rows; signature and date left blank (required_fields fails)",
        )
    )
    data, f = F.form_szu(
        Bd["wucai"],
        103,
        leader="黄婷",
        signer="王强",
        date_text="二〇二二年六月二十日",
        date_iso="2022-06-20",
        when=_d("2022-06-20"),
    )
    out.append(
        (
            "机电工程学院学生党支部-党建精品项目申报书.docx",
            data,
            f,
            "seed 002 项目申报书: labels above values, 项目主持人/所在单位, date in Chinese numerals",
        )
    )
    data, f = F.form_sdpc(
        Bd["chucai"], 104, signer="赵敏", date_text="2024.9.18", date_iso="2024-09-18", when=_d("2024-09-18")
    )
    out.append(
        (
            "化学工程学院教工第一党支部-党建特色品牌创建申报表.docx",
            data,
            f,
            "seed 000 申报表: spaced labels, '党组织名称：', opinion + signature + （盖章） + dotted date in one cell",
        )
    )
    data, f = F.form_genhe(
        Bd["yinqing"],
        105,
        founded="2016年3月",
        founded_iso="2016-03",
        signer="周卫东",
        date_text="2020/11/5",
        date_iso="2020-11-05",
        when=_d("2020-11-05"),
    )
    out.append(
        (
            "根河市财政局机关党支部-市直机关党建品牌申报表.docx",
            data,
            f,
            "seed 001 市直机关 form: 申报单位, '·' in the brand name, 成立时间 date that is not the form date, slash date",
        )
    )
    data, f = F.form_paragraphs(
        Bd["yilu"], 106, date_text="2024-03-01", date_iso="2024-03-01", when=_d("2024-03-01")
    )
    out.append(
        (
            "外国语学院学生第一党支部-品牌申报书.docx",
            data,
            f,
            "no table: 'label：value' paragraphs, values continuing over paragraphs; quoted brand; no signature line (required_fields warns)",
        )
    )
    data, f = F.form_ncut(
        Bd["shuli"],
        107,
        bottom="rows",
        signer="何芳",
        date_text="2023年4月14日",
        date_iso="2023-04-14",
        unit="数理学院",
        when=_d("2023-04-14"),
    )
    out.append(("数理学院学生党支部-申报表.docx", data, f, "brand name of 21 字 (brand_name_length fails)"))
    data, f = F.form_sdpc(
        Bd["jianzhu"],
        108,
        signer="林晓",
        date_text="2024年9月19日",
        date_iso="2024-09-19",
        when=_d("2024-09-19"),
        stamp_same_line=False,
    )
    out.append(("建筑学院教工党支部-申报表.docx", data, f, "brand name of exactly 20 字 (passes)"))
    data, f = F.form_ncut(
        Bd["hongzhu"],
        109,
        bottom="merged",
        signer="梁峰",
        date_text="2023年4月13日",
        date_iso="2023-04-13",
        unit="文法学院",
        when=_d("2023-04-13"),
    )
    out.append(
        (
            "文法学院教工党支部-申报表.docx",
            data,
            f,
            "brand name written with quotes and a suffix: “红烛先锋”党建品牌",
        )
    )
    data, f = F.form_grid(
        Bd["houqin"],
        110,
        phone="0531-8866 0125",
        date_text="2024年5月8日",
        date_iso="2024-05-08",
        signer="孙海涛",
        when=_d("2024-05-08"),
    )
    out.append(
        (
            "后勤保障处党支部-党建项目申报表.docx",
            data,
            f,
            "4-column form (two label/value pairs a row, 申报日期 in the grid) with a vertically merged label",
        )
    )
    data, f = F.form_ncut(
        Bd["cailiao"],
        111,
        bottom="merged",
        signer="唐宇",
        date_text="2023年4月11日",
        date_iso="2023-04-11",
        unit="材料学院",
        when=_d("2023-04-11"),
    )
    out.append(
        (
            "材料学院学生党支部申报表.pdf",
            data,
            f,
            "a Word document named .pdf: content decides, not the suffix",
        )
    )
    return out


def report_specs() -> list[tuple[str, R.ReportSpec, str]]:
    S = R.ReportSpec
    return [
        (
            "信息学院第一学生党支部-成果报告.docx",
            S(
                "xinhuo",
                201,
                "信息学院第一学生党支部“薪火相传”党建品牌创建成果报告",
                "2024年1月22日",
                _d("2024-01-22"),
                captions=CAPS4,
                header="信息学院第一学生党支部  党建品牌创建",
                header_logo=True,
                footer=True,
                force_measures=(0, 5),
            ),
            "passing report: 一、… headings, （一） subheadings (one says 巩固创建成效), 4 captioned photos, header logo",
        ),
        (
            "经济管理学院学生第三党支部-成果报告.docx",
            S(
                "jingji",
                202,
                "经济管理学院学生第三党支部党建品牌创建成果报告",
                "2024年1月18日",
                _d("2024-01-18"),
                style="heading1",
                brand_line="“经世致用”",
                headings={
                    "background": "品牌创建背景",
                    "connotation": "品牌释义",
                    "measures": "主要做法",
                    "outcomes": "创建成效",
                },
                captions=CAPS4[:3],
                caption_fmt="图{n}：{text}",
                data_table=True,
                small_logo=True,
            ),
            "Heading 1 parts without numbers, synonyms; a data table (counted); a 2.5 cm brand logo that is no photo",
        ),
        (
            "机械工程学院教工第一党支部-成果报告.docx",
            S(
                "qinglan",
                203,
                "“青蓝相继”党建品牌创建成果报告",
                "2024年1月25日",
                _d("2024-01-25"),
                style="paren",
                captions=CAPS4,
                photo_mode="table",
            ),
            "（一） part headings, '1.' subheadings; photos in a 2×2 table with captions in the same cells; branch only in 落款",
        ),
        (
            "理学院教工党支部-成果报告.docx",
            S(
                "shuli2",
                204,
                "理学院教工党支部“数理启航”党建品牌创建成果报告",
                "2024年1月26日",
                _d("2024-01-26"),
                style="part",
                captions=[T.CAPTIONS[i] for i in (0, 2, 4, 6, 8)],
                caption_fmt="照片{n} {text}",
                photo_mode="end",
                header="理学院教工党支部",
            ),
            "'第一部分 品牌名称' headings; 5 photos after the 落款 under '附：工作照片', captions '照片1 …'",
        ),
        (
            "艺术设计学院学生党支部-成果报告.docx",
            S(
                "meiyu",
                205,
                "艺术设计学院学生党支部“美育润心”品牌创建成果报告",
                "2024年1月19日",
                _d("2024-01-19"),
                style="bold",
                captions=CAPS4[:3],
            ),
            "part headings as bold short plain lines, no numbering; '一是…二是…' measures without subheadings",
        ),
        (
            "环境学院学生党支部-成果报告.docx",
            S(
                "lvse",
                206,
                "环境学院学生党支部“碧水蓝天”党建品牌创建成果报告",
                "2024年1月23日",
                _d("2024-01-23"),
                captions=CAPS4,
                target=3001,
            ),
            "3001 字 (report_length fails by one)",
        ),
        (
            "计算机学院研究生第一党支部-成果报告.docx",
            S(
                "daima",
                207,
                "计算机学院研究生第一党支部“代码筑基”党建品牌创建成果报告",
                "2024年1月24日",
                _d("2024-01-24"),
                captions=CAPS4,
                target=3000,
            ),
            "exactly 3000 字 (report_length passes at the limit)",
        ),
        (
            "马克思主义学院教工党支部-成果报告.docx",
            S(
                "lilun",
                208,
                "马克思主义学院教工党支部“理论轻骑兵”党建品牌创建成果报告",
                "2024年1月20日",
                _d("2024-01-20"),
                parts=["brand_name", "background", "measures", "outcomes"],
                captions=CAPS4,
            ),
            "no 品牌内涵 part (report_structure fails)",
        ),
        (
            "体育部教工党支部-成果报告.docx",
            S(
                "jiankang",
                209,
                "体育部教工党支部“健康护航”党建品牌创建成果报告",
                "2024年1月21日",
                _d("2024-01-21"),
                parts=["brand_name", "background", "measures", "connotation", "outcomes"],
                captions=CAPS4[:3],
            ),
            "主要举措 before 品牌内涵 (report_structure fails on order)",
        ),
        (
            "图书馆党支部-成果报告.docx",
            S(
                "shuxiang",
                210,
                "图书馆党支部“书香党建”品牌创建成果报告",
                "2024年1月17日",
                _d("2024-01-17"),
                parts=["background", "connotation", "measures", "outcomes"],
                captions=CAPS4,
            ),
            "no 品牌名称 part: brand only in the title's quotes (report_structure fails)",
        ),
        (
            "校医院党支部-成果报告.docx",
            S(
                "yixin",
                211,
                "校医院党支部“医心向党”党建品牌创建成果报告",
                "2024年1月16日",
                _d("2024-01-16"),
                captions=CAPS4[:2],
            ),
            "2 photos (photo_count fails)",
        ),
        (
            "电气工程学院学生党支部-成果报告.docx",
            S(
                "guangming",
                212,
                "电气工程学院学生党支部“光明使者”党建品牌创建成果报告",
                "2024年1月15日",
                _d("2024-01-15"),
                captions=T.CAPTIONS[:6],
            ),
            "6 photos (photo_count fails)",
        ),
        (
            "生命科学学院学生党支部-成果报告.docx",
            S(
                "shengsheng",
                213,
                "生命科学学院学生党支部“生生不息”党建品牌创建成果报告",
                "2024年1月22日",
                _d("2024-01-22"),
                captions=[T.CAPTIONS[0], None, T.CAPTIONS[4]],
            ),
            "3 photos, the second without a caption (photo_count warns)",
        ),
        (
            "国际交流处党支部-成果报告.docx",
            S(
                "silu",
                214,
                "国际交流处党支部“丝路连心”党建品牌创建成果报告",
                "2024年1月19日",
                _d("2024-01-19"),
                captions=[T.CAPTIONS[i] for i in (3, 4, 7, 9)],
                caption_fmt="style",
            ),
            "captions in Word's Caption style without a 图 prefix",
        ),
        (
            "资产管理处党支部-成果报告.docx",
            S(
                "yangguang",
                215,
                "资产管理处党支部“阳光资产”党建品牌创建成果报告",
                "2024年1月18日",
                _d("2024-01-18"),
                captions=CAPS4[:3],
                floating=(1,),
            ),
            "3 photos, the second a floating picture (wp:anchor)",
        ),
        (
            "机关党委财务处党支部-成果报告.docx",
            S(
                "yizhan",
                216,
                "机关党委财务处党支部党建品牌创建成果报告",
                "2024年1月24日",
                _d("2024-01-24"),
                brand_inline=True,
                captions=CAPS4[:3],
                caption_fmt="图{n}  {text}",
            ),
            "'一、品牌名称：红色忆站' inline value; near-identical to another branch's 红色驿站",
        ),
    ]


def mail_files() -> tuple[dict[str, bytes], dict[str, tuple], dict[str, bytes], dict[str, list[str]]]:
    """Two saved e-mails: one with a GB18030 application (RFC 2231) and report (RFC 2047), one with nothing.
    Returns (files to write, {name: (kind, truth, reason)}, attachment bytes by entry name, report captions by entry name)."""
    b = T.BRANDS["tumu"]
    app_data, app_fields = F.form_cover(
        b, 301, date_text="2024年4月10日", date_iso="2024-04-10", when=_d("2024-04-10")
    )
    rep_data, rep_truth = R.build(
        R.ReportSpec(
            "tumu",
            302,
            "土木工程学院学生第二党支部“匠心筑梦”党建品牌创建成果报告",
            "2024年4月12日",
            _d("2024-04-12"),
            captions=CAPS4[:3],
            caption_fmt="图{n}：{text}",
        )
    )
    app_name = "土木工程学院学生第二党支部品牌申报书.docx"
    rep_name = "“匠心筑梦”党建品牌创建成果报告.docx"
    rep_word = B.encoded_word(rep_name)
    assert len(rep_word) <= 75
    headers = [
        ("Received", "from mail.example.edu.cn by mx.example.edu.cn; Mon, 15 Apr 2024 10:23:47 +0800"),
        ("From", f"{B.encoded_word('土木二支部')} <tumu2dzb@example.edu.cn>"),
        ("To", f"{B.encoded_word('党委组织部')} <zzb@example.edu.cn>"),
        ("Subject", B.encoded_word("土木工程学院学生第二党支部党建品牌申报材料")),
        ("Date", "Mon, 15 Apr 2024 10:23:45 +0800"),
        ("Message-ID", "<20240415102345.4f2a@example.edu.cn>"),
        ("X-Mailer", "Coremail Webmail Server"),
    ]
    text = "组织部老师：\n您好！附件是土木工程学院学生第二党支部的党建品牌申报书和创建成果报告，请查收。\n\n杜鹏\n2024年4月15日\n"
    attachments = [
        (B.DOCX_MIME, "attachment;\r\n\t" + B.rfc2231_params("filename", app_name), app_data),
        (
            f'application/octet-stream;\r\n\tname="{rep_word}"',
            f'attachment;\r\n\tfilename="{rep_word}"',
            rep_data,
        ),
    ]
    mail = B.build_eml(headers, text, "GB18030", attachments, "----=_Part_52301_1713147825.8866")
    no_att = B.build_eml(
        [
            ("From", f"{B.encoded_word('外国语学院学生第一党支部', 'UTF-8')} <wgy1dzb@example.edu.cn>"),
            ("To", "zzb@example.edu.cn"),
            ("Subject", B.encoded_word("关于报送党建品牌申报材料的说明", "UTF-8")),
            ("Date", "Tue, 16 Apr 2024 08:05:12 +0800"),
            ("Message-ID", "<20240416080512.77ab@example.edu.cn>"),
        ],
        "组织部老师：\n申报表还在修改完善，明天一并补发，谢谢！\n",
        "UTF-8",
        [],
        "",
    )
    truth = {
        f"mail-tumu.eml/{app_name}": (
            "application",
            app_fields,
            "mail attachment, GB18030 name in RFC 2231 continuations; "
            "cover page with 填报日期, table opinion date left blank, no signature line (warns)",
        ),
        f"mail-tumu.eml/{rep_name}": (
            "outcome_report",
            rep_truth,
            "mail attachment, GB18030 name as an RFC 2047 word; "
            "same branch and brand as the application beside it",
        ),
        "mail-noattach.eml": (
            "rejected",
            None,
            "saved e-mail without any attachment (Chinese UTF-8 subject)",
        ),
    }
    parts = {f"mail-tumu.eml/{app_name}": app_data, f"mail-tumu.eml/{rep_name}": rep_data}
    captions = {f"mail-tumu.eml/{rep_name}": rep_truth["_captions"]}
    return {"mail-tumu.eml": mail, "mail-noattach.eml": no_att}, truth, parts, captions


def bad_files(real_docx: bytes) -> list[tuple[str, bytes, str]]:
    rng = random.Random(4242)
    doc_xml = zipfile.ZipFile(io.BytesIO(real_docx)).read("word/document.xml").decode("utf-8")
    cut_xml = doc_xml[: len(doc_xml) * 3 // 5].encode("utf-8")  # valid UTF-8, unclosed elements
    return [
        ("empty.docx", b"", "zero bytes"),
        (
            "truncated.docx",
            real_docx[: len(real_docx) // 2],
            "first half of a real docx (no central directory)",
        ),
        (
            "malformed.docx",
            B.replace_member(real_docx, "word/document.xml", cut_xml),
            "valid zip whose word/document.xml is cut off (not well-formed XML)",
        ),
        ("random.docx", rng.randbytes(6000), "random bytes named .docx"),
        (
            "bomb.docx",
            B.bomb_docx(200),
            "zip whose word/document.xml inflates to ~200 MB of spaces (decompression bomb)",
        ),
        (
            "notes.txt",
            (
                "党建品牌申报注意事项\n1. 申报表请用Word填写，不要改动表格格式。\n2. 成果报告控制在3000字以内，"
                "附3-5张工作照片。\n3. 材料请于4月15日前报送党委组织部。\n"
            ).encode(),
            "plain text note, not a submission",
        ),
        (
            "encrypted.pdf",
            B.encrypted_pdf(),
            "PDF with an /Encrypt dictionary in its trailer (password protected)",
        ),
        (
            "plain.pdf",
            B.plain_pdf(["党建品牌创建成果报告", "信息学院教工第二党支部", "一、品牌名称", "红色驿站"]),
            "small valid text PDF: rejected as 'PDF support pending' until the PDF reader lands",
        ),
    ]
