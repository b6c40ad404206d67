"""Sample submissions per campaign preset (issue 11): for each institution behind a preset
(pipeline/model/presets/<name>.toml, its notice in ../shared/seeds), a small campaign in that institution's own
forms, including submissions that break each of the preset's rules, and the truth of what must fire where.

    samples/make_samples.py writes them (with the other samples) to samples/presets/<preset>/:
      inbox/          the submissions, to drop into a workspace's inbox (nothing else is in it)
      roster.xlsx     the branches expected (党支部, 类型 教工/学生, 所属党组织, 成立时间, 书记), where the rules need one
      library.xlsx    earlier years' brands for the brand library, where names are compared city-wide
      manifest.json   the truth (below)

manifest.json:
  preset, seed, campaign   the preset, its notice, and the [campaign] keys a workspace for it uses (year, id)
  roster                   "roster.xlsx" or null
  library                  "library.xlsx" or null: earlier years' brands to import first (brandreview library import)
  files                    name in inbox/ -> doc_type (application | outcome_report | self_check), branch,
                           brand, expect {check id: "fail" | "warn"} — every other check on it passes (or
                           does not apply) — and reason (which rule the file breaks, or what it shows)
  coverage                 parent_orgs_without_brand: the roster's parent organisations with fewer brands than
                           the preset asks (shown in the overview's 名单对照, no document to attach to)

Owns which file exercises which rule, its name and its expected results. Layout lives in
samples/preset_forms.py. Every person, unit and brand is invented; the bytes are the same on every run.
tests/test_preset_samples.py runs one pass per preset over these and compares every document's failing and
warning checks with `expect`, exactly.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

try:  # samples/ on sys.path (make_samples.py puts it there)
    import preset_forms as F
    import sample_forms as SF
    import sample_reports as R
    import sample_text as T
except ImportError:  # imported as the samples package
    from samples import preset_forms as F
    from samples import sample_forms as SF
    from samples import sample_reports as R
    from samples import sample_text as T

from pipeline.model.wordcount import count_words

FAIL, WARN = "fail", "warn"


@dataclass
class Sample:
    name: str
    data: bytes
    doc_type: str
    branch: str
    brand: str | None
    expect: dict[str, str]
    reason: str


@dataclass
class PresetSamples:
    preset: str
    seed: str
    year: int
    files: list[Sample]
    roster: bytes | None = None
    coverage: dict[str, list[str]] = field(default_factory=dict)
    library: bytes | None = None  # earlier years' brands, imported into the brand library before the pass

    def manifest(self) -> dict:
        return {
            "preset": self.preset,
            "seed": self.seed,
            "campaign": {"preset": self.preset, "id": f"{self.preset}-{self.year}", "year": self.year},
            "roster": "roster.xlsx" if self.roster else None,
            "library": "library.xlsx" if self.library else None,
            "files": {s.name: {"doc_type": s.doc_type, "branch": s.branch, "brand": s.brand, "expect": s.expect,
                               "reason": s.reason} for s in sorted(self.files, key=lambda s: s.name)},
            "coverage": self.coverage,
        }


def _t(d: date, hour: int = 10) -> datetime:
    return datetime(d.year, d.month, d.day, hour, 40, 0)


# ---------------------------------------------------------------- branch-feature (seed 004)


def branch_feature() -> PresetSamples:
    """A college's 一支部一特色: each branch's 申报表 (the notice's nine rows) in April, its 成果报告 (five parts in
    order, ≤ 3000 字, 3–5 captioned photos, the news items it published listed) the next January."""
    unit, year = "信息学院", 2023
    B = F.brand
    jsj = B("bf-jsj", "信息学院计算机系教工党支部", "码上先锋", "faculty", "课程思政与专业育人", "", "高文博", "田雨")
    rj = B("bf-rj", "信息学院软件工程学生党支部", "星火助学", "student", "朋辈互助与学风建设", "", "陈晓", "罗佳")
    dz = B("bf-dz", "信息学院电子系教工党支部", "电光育人", "faculty", "实验教学与科研育人", "", "孟凡", "许静")
    yjs1 = B("bf-yjs1", "信息学院研究生第一党支部", "“科研报国·青春有为”研究生党员创新实践先锋工程", "student",
             "科研创新与学术诚信", "", "邓一鸣", "邓一鸣")
    zdh = B("bf-zdh", "信息学院自动化系教工党支部", "智控铸魂", "faculty", "工程实践与校企协同育人", "", "韩立", "苏晴")
    yjs2 = B("bf-yjs2", "信息学院研究生第二党支部", "数智青年说", "student", "理论宣讲与青年成长", "", "钱多多", "钱多多")
    bk2 = B("bf-bk2", "信息学院本科生第二党支部", "书香润心", "student", "阅读推广与文化育人", "", "杨柳", "杨柳")
    syzx = B("bf-syzx", "信息学院实验中心教工党支部", "书香·润心", "faculty", "实验室安全与服务师生", "", "冯强", "冯强")
    filled = date(year, 4, 12)
    files: list[Sample] = []

    def app(b: T.Brand, data: bytes, expect: dict[str, str], reason: str) -> None:
        files.append(Sample(f"{b.branch}-一支部一品牌创建申报表.docx", data, "application", b.branch, b.brand, expect,
                            reason))

    def form(b: T.Brand, seed: int, **kw: bool) -> bytes:
        return F.ncut_form(b, seed, filled=filled, unit=unit, **kw)

    def plain_form(b: T.Brand, seed: int, bottom: str) -> bytes:
        data, _ = SF.form_ncut(b, seed, bottom=bottom, signer=b.secretary, date_text=F.cn_date(filled),
                               date_iso=filled.isoformat(), unit=unit, when=_t(filled))
        return data

    app(jsj, form(jsj, 4101, cover=True, notes=True, ideographic=True), {},
        "a cover page (项目名称/申报支部/填报日期), a 填表须知 page, bracketed notes in the label cells, values indented "
        "with two U+3000; signed and dated: every rule passes")
    app(rj, plain_form(rj, 4102, "rows"), {}, "the notice's nine rows as rows, signed and dated")
    app(dz, form(dz, 4103, notes=True, signed=False), {"required_fields": FAIL},
        "支部书记签字 left empty and the date blank: required_fields (signed, dated)")
    app(yjs1, form(yjs1, 4104, ideographic=True), {"brand_name_length": FAIL},
        "a brand name of more than 20 字: brand_name_length (shared core)")
    app(zdh, form(zdh, 4105, cover=True), {}, "cover page and nine rows, all filled")
    app(yjs2, form(yjs2, 4106, notes=True), {}, "nine rows with bracketed notes, all filled")
    app(bk2, plain_form(bk2, 4107, "merged"), {"similar_brand_name": FAIL},
        "书香润心 — the same name as 书香·润心 of another branch: 雷同 (similar_brand_name)")
    app(syzx, form(syzx, 4108), {"similar_brand_name": FAIL},
        "书香·润心 — the same name as 书香润心 of another branch: 雷同 (similar_brand_name)")

    closing = F.cn_date(date(year + 1, 1, 20))
    news_from = date(year, 5, 1)

    def report(b: T.Brand, seed: int, expect: dict[str, str], reason: str, *, news: int = 2, url: bool = False,
               **kw: Any) -> None:
        spec = R.ReportSpec(brand=b.key, seed=seed, title=f"{b.branch}“{b.brand}”品牌创建成果报告",
                            closing_date=closing, when=_t(date(year + 1, 1, 20)),
                            **{"captions": ["支部党员开展{brand}主题活动", "党员先锋岗服务现场", "{brand}成果展示",
                                            "支部与结对单位交流"], **kw})
        built = F.news_report(b, spec, F.news_lines(b, news, news_from, url=url))
        files.append(Sample(f"{b.branch}-品牌创建成果报告.docx", built.data, "outcome_report", b.branch, b.brand,
                            expect, f"{reason} ({built.word_count} 字, {built.photos} photos, {news} news items)"))

    report(jsj, 4201, {}, "five parts in order, 4 captioned photos, 3 news items listed (the last with its link): "
           "every rule passes", news=3, url=True)
    report(rj, 4202, {"news_count": FAIL}, "only 1 published news item listed (at least 2): news_count", news=1)
    report(dz, 4203, {"photo_count": FAIL}, "6 photos (3–5): photo_count", style="paren",
           captions=["{brand}主题党日", "党员示范课堂", "实验室开放日", "支部学习交流", "结对共建活动", "表彰现场"])
    report(zdh, 4205, {"report_structure": FAIL}, "品牌内涵 before 创建背景: the five parts out of order "
           "(report_structure)", parts=["brand_name", "connotation", "background", "measures", "outcomes"])
    report(yjs2, 4206, {"report_length": FAIL, "photo_count": WARN},
           "over 3000 字 (report_length) and one photo without a caption (photo_count warns)",
           target=3080, style="part", captions=["{brand}宣讲现场", None, "支部党员集体学习", "成果展示"])
    roster = F.roster_xlsx(f"{unit}党支部名单（{year}年）", [
        (jsj.branch, "教工", "信息学院党委", "2012年9月", jsj.secretary),
        (rj.branch, "学生", "信息学院党委", "2016年10月", rj.secretary),
        (dz.branch, "教工", "信息学院党委", "2012年9月", dz.secretary),
        (yjs1.branch, "学生", "信息学院党委", "2015年11月", yjs1.secretary),
        (zdh.branch, "教工", "信息学院党委", "2013年3月", zdh.secretary),
        (yjs2.branch, "学生", "信息学院党委", "2018年10月", yjs2.secretary),
        (bk2.branch, "学生", "信息学院党委", "2017年5月", bk2.secretary),
        (syzx.branch, "教工", "信息学院党委", "2014年6月", syzx.secretary),
        ("信息学院网络系教工党支部", "教工", "信息学院党委", "2019年9月", "唐海"),
    ])
    return PresetSamples("branch-feature", "004", year, files, roster)


# ---------------------------------------------------------------- brand-and-project (seed 002)


def brand_and_project() -> PresetSamples:
    """A university's brands and 精品项目: 项目申报书 (项目名称, 项目主持人, 成员 from several units, 经费预算) through
    the 基层党委, one project per host; a 基层党委's 党建品牌创建工作情况报告 after the outline."""
    year = 2022
    filled = date(year, 6, 20)
    P = F.Project
    budget = [("资料印制费", "3000"), ("活动物资费", "5000"), ("交通费", "2000"), ("专家咨询费", "5000"), ("合计", "15000")]
    projects = [
        (P("计算机与软件学院党委", "朋辈学业互助工程", "陈立群", "0755-2653 1187",
           ["林晓（计算机与软件学院）", "吴迪（管理学院）", "郑好（学生部）"], budget, filled), {},
         "cover page, 填表须知, members from three units, a budget table with its 合计: every rule passes"),
        (P("管理学院党委", "青马领航读书会", "周文涛", "0755-2653 2201", ["马一凡（管理学院）", "宋佳（图书馆）"],
           "共计1.2万元，其中图书资料费5000元、活动组织费7000元。", filled),
         {"one_project_per_host": FAIL}, "周文涛 hosts this and 红色经济大讲堂: one_project_per_host"),
        (P("经济学院党委", "红色经济大讲堂", "周文涛 教授", "0755-2653 2201", ["潘悦（经济学院）", "黎明（管理学院）"],
           [("讲座专家费", "6000"), ("宣传材料费", "2000")], filled, cover=False),
         {"one_project_per_host": FAIL},
         "the same host written '周文涛 教授' (title dropped) with another project; budget items without 合计"),
        (P("医学部党委", "医路守护先锋岗", "黄思远", "0755-2653 3309", ["严冬（医学部）", "蔡琳（附属医院）"],
           "经费另行申请", filled), {"budget": FAIL}, "经费预算 with no amount: budget (required, numeric)"),
        (P("法学院党委", "“法治护航·青春同行”大学生党员普法志愿服务品牌工程", "梁静", "0755-2653 4412",
           ["江河（法学院）", "白雪（团委）"], "10000元", filled),
         {"brand_name_length": FAIL}, "a 项目名称 of more than 20 字: brand_name_length"),
        (P("材料学院党委", "新材铸魂", "许卫", "0755-2653 5520", [], budget, filled),
         {"required_fields": FAIL}, "项目成员 left empty: required_fields (members)"),
        (P("外国语学院党委", "译心向党", "何芳老师", "0755-2653 6631", ["苗苗（外国语学院）", "贺军（国际交流处）"],
           "8000元（资料费3000元，活动费5000元）", filled, cover=False), {},
         "no cover page, host '何芳老师', a budget in a sentence: every rule passes"),
    ]
    files = [Sample(f"{p.unit}-党建工作精品项目申报书.docx", F.project_form(p, 2100 + i), "application", p.unit,
                    p.name, expect, reason) for i, (p, expect, reason) in enumerate(projects)]
    org = F.brand("bp-report", "计算机与软件学院党委", "码上红心", "faculty", "党建引领学科发展", "", "陈立群", "陈立群")
    files.append(Sample("计算机与软件学院党委-党建品牌创建工作情况报告.docx",
                        F.situation_report(org, 2201, _t(date(year, 6, 22)), F.cn_date(date(year, 6, 22))),
                        "outcome_report", org.branch, org.brand, {},
                        "the 基层党委's 情况报告 after the outline, two captioned photos: every rule passes"))
    return PresetSamples("brand-and-project", "002", year, files)


# ---------------------------------------------------------------- benchmark-branch (seed 003)


def benchmark_branch() -> PresetSamples:
    """标杆院系 / 样板支部: a 申报书 and a 自查报告 from each applicant, eligibility by 成立时间, quotas per parent
    organisation (机关党委 1–2, a 党总支 1), the yearly amounts 2.5万 / 1万."""
    year = 2020
    d = date(year, 5, 20)
    A = F.Applicant
    plan: list[tuple[F.Applicant, dict[str, str], dict[str, str] | None, str]] = [
        (A("机械工程学院党总支", "黔岭理工学院党委", "标杆学院", "匠心铸魂·机械先锋", "罗建平", "罗建平", "2014年9月",
           "每年2.5万元，主要用于党员教育培训、阵地建设和品牌宣传。", d), {}, {},
         "a college committee (标杆学院), 5 years old, 2.5万 a year (the limit itself): every rule passes"),
        (A("机关党委财务处党支部", "机关党委", "样板支部", "清风理财", "龚平", "龚平", "2012年3月", "1万元", d), {}, {},
         "one of 机关党委's two applicants (its quota is 2), 1万 (the limit itself): every rule passes"),
        (A("机关党委组织人事党支部", "机关党委", "样板支部", "组工e家", "温雅", "温雅", "2015年6月", "8000元", d), {}, {},
         "机关党委's second applicant: still within its quota of 2"),
        (A("电气工程学院教工党支部", "电气工程学院党总支", "样板支部", "电亮初心", "石磊", "石磊", "2013年5月", "1万元", d),
         {"quota_per_parent_org": WARN}, {},
         "电气工程学院党总支 recommends two branches (a 党总支: 1): quota_per_parent_org warns on both "
         "applications (not on the 自查报告)"),
        (A("电气工程学院学生第一党支部", "电气工程学院党总支", "样板支部", "青电逐梦", "夏天", "夏天", "2018年3月", "9000元",
           d), {"quota_per_parent_org": WARN}, {},
         "the 党总支's second applicant; a student branch of 2 years 2 months (students: 2 years) is eligible"),
        (A("材料与冶金学院学生党支部", "材料与冶金学院党总支", "样板支部", "新材青年", "方圆", "方圆", "2019年5月", "6000元",
           d), {"eligibility_age": FAIL}, {}, "a student branch founded 1 year before (at least 2): eligibility_age"),
        (A("化学化工学院教工党支部", "化学化工学院党总支", "样板支部", "化育匠心", "蒋涛", "蒋涛", "2011年10月", "1万元", d),
         {"required_documents": FAIL}, None, "the 申报书 without its 自查报告: required_documents"),
        (A("土木工程学院教工党支部", "土木工程学院党总支", "样板支部", "筑梦先锋", "丁宁", "丁宁", "2010年4月",
           "每年3万元（其中阵地建设1.5万元、活动经费1.5万元）", d), {"budget": WARN}, {},
         "3万 a year for a 支部 (1万): budget warns"),
        (A("矿业工程学院教工党支部", "矿业工程学院党总支", "样板支部", "“深地铸魂·矿业报国”教工党员科研育人示范引领工程",
           "尹航", "尹航", "2012年11月", "1万元", d, signed=False), {"brand_name_length": FAIL, "required_fields": FAIL},
         {}, "a brand name of more than 20 字 (brand_name_length); 党支部书记签字 empty, date blank (required_fields)"),
    ]
    files: list[Sample] = []
    for i, (a, app_expect, check_expect, reason) in enumerate(plan):
        files.append(Sample(f"{a.branch}-示范创建申报书.docx", F.benchmark_form(a, 3100 + i), "application", a.branch,
                            a.brand, app_expect, reason))
        if check_expect is not None:
            word = "自查情况报告" if i == 7 else "对标争先自查报告"
            files.append(Sample(f"{a.branch}-{word}.docx", F.self_check_report(a, 3200 + i, _t(d), word), "self_check",
                                a.branch, None, check_expect, f"its {word}"))
    def kind(branch: str) -> str:
        return "党总支" if branch.endswith("党总支") else "学生" if "学生" in branch else "教工"

    roster = F.roster_xlsx(f"{year}年基层党组织名单", [
        *((a.branch, kind(a.branch), a.parent, a.established, a.secretary) for a, *_ in plan),
        ("机关党委后勤保障党支部", "教工", "机关党委", "2016年4月", "卢勇"),
        ("电气工程学院学生第二党支部", "学生", "电气工程学院党总支", "2017年9月", "武静"),
        ("化学化工学院学生党支部", "学生", "化学化工学院党总支", "2016年9月", "史丹"),
    ])
    return PresetSamples("benchmark-branch", "003", year, files, roster)


# ---------------------------------------------------------------- brand-cultivation (seed 000)


def brand_cultivation() -> PresetSamples:
    """一总支一品牌、一支部一特色: each 党总支 recommends at least one brand with the 申报表 (品牌名称, 品牌标语, 品牌标识 —
    a logo picture —, 内涵释义, 推进措施) by 9月20日."""
    year = 2024
    d = date(year, 9, 16)
    C = F.Cultivated
    slogan20 = "化育英才，以工载道，党建引领，匠心筑梦行"  # 20 字 with its commas: the limit itself
    slogan25 = "机电报国，精工铸魂，党员示范，服务师生，勇攀新高峰"
    assert (count_words(slogan20), count_words(slogan25)) == (20, 25)
    plan = [
        (C("化学工程学院教工第一党支部", "化学工程学院党总支", "化育匠心", slogan20, "赵立新", True, d), {},
         "slogan of exactly 20 字 (the limit), a logo in the 品牌标识 cell: every rule passes"),
        (C("化学工程学院学生党支部", "化学工程学院党总支", "青化逐梦", "青春向党，化梦为行", "宋雨", True, d), {},
         "the 党总支's second brand (at least one), logo present: every rule passes"),
        (C("机电工程学院教工党支部", "机电工程学院党总支", "精工先锋", slogan25, "钟毅", True, d), {"slogan": FAIL},
         "a 品牌标语 of 25 字 (≤ 20): slogan"),
        (C("信息工程学院学生第一党支部", "信息工程学院党总支", "数据领航", "数据赋能，青春领航", "柳青", False, d),
         {"logo": FAIL}, "the 品牌标识 row holds only '（标识设计中，后补）', no picture: logo"),
        (C("经济管理学院教工党支部", "经济管理学院党总支", "“经世济民·党建领航”教工党员服务地方经济发展先锋行动",
           "经世济民，服务地方", "包容", True, d), {"brand_name_length": FAIL},
         "a brand name of more than 20 字: brand_name_length"),
        (C("石油工程学院油气储运教工党支部", "石油工程学院党总支", "管道卫士", "守护能源动脉，争做管道卫士", "田志远", True,
           d), {}, "spaced labels, logo and its design note: every rule passes"),
    ]
    files = [Sample(f"{c.branch}-基层党建特色品牌创建申报表.docx", F.sdpc_form(c, 5100 + i), "application", c.branch,
                    c.brand, expect, reason) for i, (c, expect, reason) in enumerate(plan)]
    roster = F.roster_xlsx(f"{year}年基层党组织名单", [
        *((c.branch, "学生" if "学生" in c.branch else "教工", c.parent, "2015年9月", c.leader) for c, *_ in plan),
        ("机电工程学院学生党支部", "学生", "机电工程学院党总支", "2016年9月", "关山"),
        ("外国语学院英语系教工党支部", "教工", "外国语学院党总支", "2013年9月", "林英"),
        ("外国语学院学生党支部", "学生", "外国语学院党总支", "2014年9月", "欧阳"),
    ])
    return PresetSamples("brand-cultivation", "000", year, files, roster,
                         {"parent_orgs_without_brand": ["外国语学院党总支"]})


# ---------------------------------------------------------------- agency-three-year (seed 001)


def agency_three_year() -> PresetSamples:
    """The city's agencies: one brand per party organisation with the 市直机关党建品牌申报表 (党组织名称, 品牌名称,
    品牌理念), names that must not repeat one another across the city."""
    year = 2020
    d = date(year, 12, 10)
    G = F.AgencyBrand
    idea = "坚持把为民服务作为机关党建的出发点和落脚点，以党建引领业务提质增效，让党员干部在服务群众中当先锋、作表率。"
    plan = [
        (G("北川市财政局机关党支部", "理财为民", idea, "吴建国", "吴建国", d), {}, "every rule passes"),
        (G("北川市税务局机关党支部", "税心向党", idea, "钱进", "钱进", d), {"one_brand_per_org": FAIL},
         "市税务局's first brand; the same organisation sends 春风润万家 too: one_brand_per_org"),
        (G("税务局机关党支部", "春风润万家", idea, "钱进", "钱进", date(year, 12, 15)), {"one_brand_per_org": FAIL},
         "the same organisation under its short name with a second brand: one_brand_per_org"),
        (G("北川市交通运输局机关党支部", "畅行先锋", idea, "路通", "路通", d), {"similar_brand_name": FAIL},
         "畅行先锋 — another agency's 畅行·先锋 is the same name: similar_brand_name (雷同)"),
        (G("北川市公路养护中心党支部", "畅行·先锋", idea, "程远", "程远", d), {"similar_brand_name": FAIL},
         "畅行·先锋 repeats 畅行先锋 of 市交通运输局: similar_brand_name (雷同)"),
        (G("北川市医疗保障局机关党支部", "医保暖心", None, "康宁", "康宁", d), {"required_fields": FAIL},
         "品牌理念 left empty: required_fields (summary)"),
        (G("北川市自然资源局机关党支部", "“守护绿水青山·服务自然资源”机关党员先锋模范行动品牌", idea, "林森", "林森", d),
         {"brand_name_length": FAIL}, "a brand name of more than 20 字: brand_name_length"),
        (G("北川市教育局机关党支部", "育苗护航", idea, "文华", "", d), {},
         "unsigned and still passing: this notice asks for no signature"),
        (G("北川市民政局机关党支部", "情暖万家", idea, "童欣", "童欣", d), {"similar_brand_name": FAIL},
         "情暖万家 — the brand 市残联 was named with in 2019 (the city's brand library): similar_brand_name"),
    ]
    files = [Sample(f"{g.org}-市直机关党建品牌申报表.docx", F.agency_form(g, 1100 + i), "application", g.org, g.brand,
                    expect, reason) for i, (g, expect, reason) in enumerate(plan)]
    orgs = [g.org for g, *_ in plan if g.org.startswith("北川市")]
    roster = F.roster_xlsx(f"{year}年市直机关党组织名单", [
        *((org, "机关", "北川市直属机关工委", "2010年1月", "") for org in orgs),
        ("北川市卫生健康委员会机关党支部", "机关", "北川市直属机关工委", "2011年3月", "白芷"),
    ])
    library = F.library_xlsx("北川市直机关党建品牌库（2018—2019年）", [
        ("情暖万家", "北川市残疾人联合会机关党支部", 2019, "市直机关党建品牌"),
        ("法护民安", "北川市司法局机关党支部", 2019, "市直机关党建品牌"),
        ("金盾先锋", "北川市公安局机关党委", 2018, "市直机关党建品牌"),
    ])
    return PresetSamples("agency-three-year", "001", year, files, roster, library=library)


PRESETS: dict[str, Callable[[], PresetSamples]] = {
    "branch-feature": branch_feature,
    "brand-and-project": brand_and_project,
    "benchmark-branch": benchmark_branch,
    "brand-cultivation": brand_cultivation,
    "agency-three-year": agency_three_year,
}


def build(root: Path) -> dict[str, dict]:
    """Write every preset's inbox/, roster.xlsx, library.xlsx and manifest.json under root/<preset>/ (a previous inbox/ is
    replaced); returns the manifests by preset."""
    out = {}
    for name, make in PRESETS.items():
        made = make()
        folder = root / name
        shutil.rmtree(folder / "inbox", ignore_errors=True)
        (folder / "inbox").mkdir(parents=True)
        for s in made.files:
            (folder / "inbox" / s.name).write_bytes(s.data)
        for file, data in (("roster.xlsx", made.roster), ("library.xlsx", made.library)):
            if data:
                (folder / file).write_bytes(data)
            elif (folder / file).exists():
                (folder / file).unlink()
        out[name] = made.manifest()
        (folder / "manifest.json").write_text(json.dumps(out[name], ensure_ascii=False, indent=2) + "\n",
                                              encoding="utf-8")
    return out
