"""pipeline.model.wordcount: Word-style 字数, one parametrised test per character class, whole sentences mixing
classes, and the count of a real .docx read by the docx Reader (the characters survive the reading)."""

from __future__ import annotations

import io

import docx
import pytest

from extractors.docx.reader import read_docx
from pipeline.model.config import IntakeSettings
from pipeline.model.wordcount import count_units, count_words

LIMITS = IntakeSettings(max_file_mb=50, max_member_mb=64, max_members=2000, max_ratio=200, ignore=[])


@pytest.mark.parametrize(("text", "n"), [
    ("党建品牌", 4),
    ("㐀㑇", 2),  # extension A
    ("\U00020000\U0002a700\U0002b740\U0002b820\U0002ceb0\U0002ebf0", 6),  # extensions B, C, D, E, F, I
    ("\U00030000\U00031350\U00031351", 3),  # extensions G, H
    ("\uf900\uf901\U0002f800", 3),  # compatibility ideographs and their supplement
    ("\u2f00\u2f01\u2e80", 3),  # Kangxi radicals, radicals supplement
    ("\u31c0\u31c1", 2),  # CJK strokes
    ("〇々〆", 3),
])
def test_han_ideographs_count_one_each(text, n):
    assert count_words(text) == n


@pytest.mark.parametrize(("text", "n"), [
    ("、。", 2),
    ("《红色引擎》", 6),
    ("「先锋」【一】〔二〕『三』〈四〉", 16),
    ("〖注〗〃", 4),
])
def test_cjk_punctuation_counts_one_each(text, n):
    assert count_words(text) == n


@pytest.mark.parametrize(("text", "n"), [
    ("，！？：；（）", 7),
    ("ＡＢ１２", 4),  # full-width letters and digits: one each, never one run
    ("ＧＤＰ增长", 5),
    ("％＠＃￥", 4),
    ("﹐﹑︰", 3),  # small form variants, vertical forms
])
def test_full_width_forms_count_one_each(text, n):
    assert count_words(text) == n


@pytest.mark.parametrize(("text", "n"), [
    ("“党建”", 4),
    ("‘你好’", 4),
    ("张·三", 3),
    ("红色——引擎", 6),
    ("等等……", 4),
    ("• 第一条", 4),
    ("※注", 2),
    ('Hello “世界”', 5),  # as Word counts it (byn9826/words-count)
    ("Let's say ‘你好’ 100 times per day, 勤勉", 12),
])
def test_ambiguous_width_marks_count_one_each(text, n):
    assert count_words(text) == n


@pytest.mark.parametrize(("text", "n"), [
    ("Hello World", 2),
    ("2024", 1),
    ("3.5", 1),
    ("e-mail", 1),
    ("https://www.example.com/a?b=1&c=2", 1),
    ("06/30/2003", 1),
    ("June 30, 2003", 3),
    ("vis-a-vis", 1),
    ("95%", 1),
    ("(2024)", 1),
    ("a , b", 3),  # a lone half-width mark is a run of its own
])
def test_half_width_runs_count_one_each(text, n):
    assert count_words(text) == n


@pytest.mark.parametrize(("text", "n"), [
    ("2024年", 2),
    ("GDP增长", 3),
    ("增长3.5%", 3),
    ("第1名", 3),
    ("用e-mail联系", 4),
    ("（2024）", 3),
])
def test_a_half_width_run_touching_han_counts_one(text, n):
    assert count_words(text) == n


@pytest.mark.parametrize("space", [
    " ", "\t", "\n", "\r\n", "\u00a0", "\u3000", "\u2002", "\u2003", "\u2005", "\u2009", "\u200a", "\u202f",
    "\u205f", "\u2028", "\u2029", "\x0b", "\x0c",
])
def test_white_space_counts_nothing_and_ends_a_run(space):
    assert count_words(space * 3) == 0
    assert count_words(f"ab{space}cd") == 2
    assert count_words(f"{space}{space}党建") == 2


@pytest.mark.parametrize("mark", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e",
                                  "\u2066", "\ufe0f", "\u0301"])
def test_zero_width_and_format_characters_count_nothing_and_join(mark):
    assert count_words(mark) == 0
    assert count_words(f"foo{mark}bar") == 1  # Word: foo<ZWSP>bar is one word (office-wordcount's dataset)
    assert count_words(f"{mark}Hello") == 1
    assert count_words(f"党{mark}建") == 2
    assert count_words(f"党{mark}ab") == 2


@pytest.mark.parametrize(("text", "n"), [
    ("👍", 1),
    ("👍👎👏", 1),  # Word: one word (office-wordcount's dataset)
    ("Hello👍World", 1),
    ("こんにちは👋", 6),
    ("hello 🙂 world", 3),
    ("👨\u200d👩\u200d👧\u200d👦", 1),  # one family, joined by ZWJ
    ("👍🏻", 1),
    ("🇨🇳", 1),
    ("1\ufe0f\u20e32\ufe0f\u20e3", 1),  # keycaps
    ("①②③④⑤", 1),  # Word: one word, not five
    ("点赞👍", 3),
    ("℃ ± × ★ →", 5),
])
def test_emoji_and_other_symbols_make_part_of_a_run(text, n):
    assert count_words(text) == n


@pytest.mark.parametrize(("text", "n"), [
    ("こんにちは", 5),
    ("カタカナ・ー", 6),
    ("東京2024オリンピック", 9),
    ("ｶﾀｶﾅ", 4),  # half-width katakana: one each
    ("안녕하세요", 5),
    ("한국 Korea", 3),
    ("ㄅㄆㄇ", 3),  # bopomofo
    ("㈱テスト㈲", 5),
    ("㍻㎡", 2),
])
def test_kana_hangul_and_other_east_asian_letters_count_one_each(text, n):
    assert count_words(text) == n


@pytest.mark.parametrize(("text", "n"), [
    ("\ue000", 1),
    ("\uf0fc同意", 3),  # a Wingdings check mark as Word's w:sym maps it, then two Han
    ("\uf0fcYes", 1),
    ("\U000f0000\U000f0001", 1),
])
def test_private_use_characters_count_like_symbols(text, n):
    assert count_words(text) == n


@pytest.mark.parametrize("control", ["\x00", "\x01", "\x08", "\x0e", "\x1b", "\x7f", "\x85", "\x9f", "\ufffc"])
def test_control_characters_count_nothing_and_end_a_run(control):
    assert count_words(control) == 0
    assert count_words(f"ab{control}cd") == 2
    assert count_words(f"党{control}建") == 2


@pytest.mark.parametrize(("text", "n"), [
    ("\u3000\u3000我支部于2024年3月启动“红色引擎”党建品牌创建工作，覆盖党员56名。", 32),
    ("品牌口号：“学习强国，e路同行”（详见https://example.cn/brand）。", 22),
    ("一、创建背景\t(Background)", 7),
    ("支部书记张·明说：“GDP增长3.5%，靠的是实干！”", 22),
    ("党员\u00a0\u00a0先锋 岗 \u200b", 5),
])
def test_whole_sentences_mixing_classes(text, n):
    assert count_words(text) == n


def test_empty_and_missing_text_count_nothing():
    assert count_words("") == 0
    assert count_words(None) == 0
    assert count_units([]) == 0


def test_units_never_join_into_one_run():
    assert count_words("ab" + "cd") == 1
    assert count_units(["ab", "cd"]) == 2
    assert count_units(["党建", "2024", "", "\u3000"]) == 3


def test_a_real_docx_counts_as_its_text_says():
    """The characters reach the count through the Reader: U+3000 indents, NBSP, ZWSP, tabs, full-width forms."""
    doc = docx.Document()
    texts = ["\u3000\u3000我支部于2024年3月启动“红色引擎”党建品牌创建工作，覆盖党员56名。",
             "联系：e-mail\u00a0party@example.cn\u200b（工作日）",
             "ＡＢ１２\tGDP增长3.5%"]
    for t in texts:
        doc.add_paragraph(t)
    cell = doc.add_table(rows=1, cols=2).rows[0].cells
    cell[0].text, cell[1].text = "2024", "年"  # two cells: never one run
    buf = io.BytesIO()
    doc.save(buf)
    layout = read_docx(buf.getvalue(), LIMITS)
    units = [p.text for p in layout.paragraphs()]
    assert units[:3] == texts
    assert count_units(units) == 32 + 10 + 8 + 2
