"""checks.name_similarity: the scores of realistic brand-name pairs (both orders) and the all-pairs search."""

from __future__ import annotations

import logging
import random

import jieba
import pytest

from checks import name_similarity
from checks.name_similarity import ScoredPair, prepare, score, similar_pairs
from pipeline.model.config import load_config

CONFIG = load_config()
SETTINGS = CONFIG.similarity
SIMILAR = float(CONFIG.checks["similar_brand_name"]["similar"])
NEAR_IDENTICAL = float(CONFIG.checks["similar_brand_name"]["near_identical"])
MARGIN = 3.0  # every listed pair clears its threshold by at least this much

# 雷同: the same brand up to decoration, stop words, order, letter case, width or sound.
NEAR_IDENTICAL_PAIRS = [
    ("红色引擎·先锋领航", "先锋领航 红色引擎"),  # required: halves swapped
    ("“先锋”党建品牌", "先锋"),  # required: decoration and stop words around a common word
    ("红色驿站", "红色忆站"),  # required: homophone (pinyin)
    ("红烛先锋", "红烛先锋"),  # required: identical
    ("书香党建", "书香支部"),  # required: stop words differ
    ("“红烛先锋”党建品牌", "红烛先锋"),
    ("《薪火驿站》", "薪火驿站"),
    ("e路先锋", "E路先锋"),
    ("ｅ路先锋", "e路先锋"),  # full-width letter
    ("AI+党建", "ai 党建"),
    ("5G+党建", "5G党建"),
    ("党旗领航·科研报国", "科研报国 党旗领航"),
    ("知行合一 立德树人", "立德树人·知行合一"),
    ("红船精神·薪火相传", "薪火相传——红船精神"),
    ("三心三力", "“三心三力”"),
    ("领航计划", "【领航计划】"),
    ("红烛先锋党支部", "红烛先锋"),
    ("薪火相传", "薪火相传党建品牌"),
    ("桃李先锋", "「桃李先锋」一支部一特色"),
    ("星火燎原", "星火燎原 一支部一特色"),
    ("青马工程", "“青马工程”党建品牌"),
    ("红心向党", "红心向党（党建品牌）"),
    ("同心圆", "同心圆党支部"),
    ("数智党建", "数智支部"),
    ("“红色引擎”", "红色引擎 党建"),
    ("匠心筑梦", "筑梦匠心"),  # tokens reordered
    ("先锋领航", "领航先锋"),  # common words only, reordered
    ("星火燎原", "星火燎源"),  # homophone
    ("杏林先锋", "杏林先峰"),  # homophone of a common word counts as it
    ("党员先锋岗", "党员先峰岗"),
    ("书香党建", "书香当建"),  # homophone of a stop word
]

# Listed as similar (a warning), not 雷同: the same distinctive part with other stock words, or one
# character changed in a long distinctive part.
SIMILAR_PAIRS = [
    ("红烛先锋", "红烛领航"),
    ("红烛", "红烛先锋"),
    ("红烛先锋", "红烛先锋工作室"),
    ("薪火驿站", "薪火港湾"),
    ("博学先锋", "博学担当"),
    ("e路先锋", "e路领航"),
    ("青马工程", "青马计划"),
    ("三心三力 服务师生", "三心三力"),
    ("强国有我加油站", "强国有我驿站"),
    ("科技强国服务站", "科技强国书屋"),
    ("同心共筑科研梦", "同心共筑科技梦"),  # one character of a 7-character distinctive part
    ("桃李芬芳满天下", "桃李芬芳遍天下"),
    ("匠心筑梦启新程", "匠心筑梦启新航"),
    ("博学笃行致远", "博学笃志致远"),  # one character of a 6-character distinctive part
    ("党旗领航·科研报国", "党旗领航·科技报国"),
    ("数智赋能 科研报国", "数智赋能·科研强国"),
]

# Not similar: only stock words in common, a different distinctive word, or nothing at all.
NOT_SIMILAR_PAIRS = [
    ("党建引领 筑梦青春", "党建引领 服务师生"),  # required
    ("五彩党建", "出彩党建"),  # required
    ("初心驿站", "初心港湾"),  # required
    # required, decided: 青春 (youth as a spirit) and 青年 (young people) are different words sharing one
    # character of two, and both are stock themes of student branches; flagging them would be noise.
    ("青春党建", "青年党建"),
    ("红烛先锋", "薪火先锋"),
    ("红烛先锋", "星火先锋"),
    ("“红烛先锋”党建品牌", "“星火先锋”党建品牌"),  # the same decoration does not make them alike
    ("红色驿站", "初心驿站"),
    ("党员先锋岗", "党员示范岗"),
    ("先锋引领", "先锋服务"),
    ("红色领航", "红色引领"),
    ("党员之家", "职工之家"),
    ("书香党建", "墨香党建"),
    ("三心三力", "四心四力"),
    ("领航计划", "启航计划"),
    ("领航计划", "领雁计划"),
    ("e路先锋", "e路同行"),
    ("AI+党建", "5G+党建"),
    ("党旗领航·科研报国", "党旗领航·青春建功"),
    ("党建引领 筑梦青春", "党建引领 青春建功"),
    ("星火燎原", "星光灿烂"),
    ("薪火驿站", "薪火相传"),
    ("薪火驿站", "星火驿站"),
    ("桃李先锋", "桃李芬芳"),
    ("匠心育人", "匠心筑梦"),
    ("同心圆", "同心结"),
    ("数智党建", "数字党建"),
    ("青马工程", "青蓝工程"),
    ("红心向党", "红心向阳"),
    ("红船精神", "红旗精神"),
    ("学思践悟", "知行合一"),
    ("党建+科研", "党建+教学"),
    ("红烛先锋", "星火燎原"),
    ("e路先锋", "桃李芬芳"),
    ("书香党建", "青马工程"),
    ("AI+党建", "红色驿站"),
]


def _both_ways(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return pairs + [(b, a) for a, b in pairs]


def test_thresholds_are_ordered() -> None:
    assert 0 < SIMILAR < NEAR_IDENTICAL <= 100


@pytest.mark.parametrize(("a", "b"), _both_ways(NEAR_IDENTICAL_PAIRS))
def test_near_identical(a: str, b: str) -> None:
    assert score(a, b, SETTINGS) >= NEAR_IDENTICAL + MARGIN


@pytest.mark.parametrize(("a", "b"), _both_ways(SIMILAR_PAIRS))
def test_similar_not_near_identical(a: str, b: str) -> None:
    value = score(a, b, SETTINGS)
    assert SIMILAR + MARGIN <= value <= NEAR_IDENTICAL - 1


@pytest.mark.parametrize(("a", "b"), _both_ways(NOT_SIMILAR_PAIRS))
def test_not_similar(a: str, b: str) -> None:
    assert score(a, b, SETTINGS) <= SIMILAR - MARGIN


@pytest.mark.parametrize("empty", ["", None, "“”", " ·— ", "（）"])
def test_empty_names_are_never_similar(empty: str | None) -> None:
    assert score(empty, "红烛先锋", SETTINGS) == 0.0
    assert score("红烛先锋", empty, SETTINGS) == 0.0
    assert score(empty, empty, SETTINGS) == 0.0


def test_stop_words_only_are_compared_as_written() -> None:
    assert score("党建品牌", "党建品牌", SETTINGS) == 100.0
    assert score("党建品牌", "红烛先锋", SETTINGS) == 0.0


def test_pinyin_off_does_not_match_homophones() -> None:
    plain = SETTINGS.model_copy(update={"pinyin": False})
    assert score("红色驿站", "红色忆站", plain) < NEAR_IDENTICAL
    assert score("红色引擎·先锋领航", "先锋领航 红色引擎", plain) == 100.0
    assert score("“红烛先锋”党建品牌", "红烛先锋", plain) == 100.0


def test_private_cached_tokenizer_with_user_words() -> None:
    prepare(["红烛先锋"], SETTINGS)
    vocab = name_similarity._vocabulary(name_similarity._words(SETTINGS))
    assert vocab is name_similarity._vocabulary(name_similarity._words(SETTINGS))
    assert isinstance(vocab.tokenizer, jieba.Tokenizer) and vocab.tokenizer is not jieba.dt
    assert list(vocab.tokenizer.cut("红色引擎先锋领航书记工作室", HMM=False)) == ["红色引擎", "先锋领航", "书记工作室"]
    assert logging.getLogger("jieba").getEffectiveLevel() >= logging.WARNING


# ------------------------------------------------------------------------------------------- all pairs

LIST = ["红烛先锋", "“红烛先锋”党建品牌", "", None, "红烛先锋", "星火燎原", "红色驿站", "红色忆站", "“”",
        "初心港湾", "红烛领航"]


def test_similar_pairs_within_a_list() -> None:
    pairs = similar_pairs(prepare(LIST, SETTINGS), None, SETTINGS, SIMILAR)
    got = [(p.left, p.right, round(p.score, 1)) for p in pairs]
    assert got == [(0, 1, 100.0), (0, 4, 100.0), (0, 10, 83.3), (1, 4, 100.0), (1, 10, 83.3),
                   (4, 10, 83.3), (6, 7, 100.0)]
    assert all(isinstance(p, ScoredPair) and p.left < p.right for p in pairs)


def test_similar_pairs_left_by_right() -> None:
    left = prepare(["红烛先锋", "薪火驿站", "", "星火燎原"], SETTINGS)
    right = prepare(["“红烛先锋”", "星光灿烂", "薪火港湾", None, "红烛先锋"], SETTINGS)
    got = [(p.left, p.right, round(p.score, 1)) for p in similar_pairs(left, right, SETTINGS, SIMILAR)]
    assert got == [(0, 0, 100.0), (0, 4, 100.0), (1, 2, 83.3)]
    same = prepare(["红烛先锋", ""], SETTINGS)
    assert [(p.left, p.right) for p in similar_pairs(same, same, SETTINGS, SIMILAR)] == [(0, 0)]


def test_similar_pairs_rejects_bad_cutoff_and_other_settings() -> None:
    prepared = prepare(LIST, SETTINGS)
    for cutoff in (0, -1, 100.5):
        with pytest.raises(ValueError):
            similar_pairs(prepared, None, SETTINGS, cutoff)
    with pytest.raises(ValueError):
        similar_pairs(prepared, None, SETTINGS.model_copy(update={"pinyin": False}), SIMILAR)


def _generated(seed: int, n: int) -> list[str | None]:
    rng = random.Random(seed)
    cores = ["红烛", "薪火", "星火", "桃李", "匠心", "书香", "青马", "同心", "e路", "AI", "数智", "数字", "心忆"]
    tails = ["先锋", "领航", "驿站", "港湾", "工作室", "计划", "燎原", "相传", "筑梦", "育人", "", "·科研报国"]
    decorations = ["{}", "“{}”党建品牌", "《{}》", "{}党支部", "{} 党建"]
    names: list[str | None] = [rng.choice(decorations).format(rng.choice(cores) + rng.choice(tails))
                               for _ in range(n)]
    names[3] = None
    names[7] = ""
    return names


NAMES, OTHERS = _generated(1, 80), _generated(2, 30)


@pytest.fixture(scope="module")
def every_pair() -> tuple[dict[tuple[int, int], float], dict[tuple[int, int], float]]:
    """score() of every pair within NAMES and of NAMES × OTHERS, the slow way."""
    within = {(i, j): score(NAMES[i], NAMES[j], SETTINGS)
              for i in range(len(NAMES)) for j in range(i + 1, len(NAMES))}
    across = {(i, j): score(a, b, SETTINGS) for i, a in enumerate(NAMES) for j, b in enumerate(OTHERS)}
    return within, across


@pytest.mark.parametrize("cutoff", [SIMILAR, 60.0, NEAR_IDENTICAL])
def test_similar_pairs_equals_scoring_every_pair(cutoff: float, every_pair: tuple[dict, dict],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    expect_within = {k: v for k, v in every_pair[0].items() if v >= cutoff}
    expect_across = {k: v for k, v in every_pair[1].items() if v >= cutoff}
    assert expect_within and expect_across
    for blocks, cells, numpy in ((256, 16_000_000, True), (3, 20, True), (7, 100, False)):
        monkeypatch.setattr(name_similarity, "_BLOCK_ROWS", blocks)
        monkeypatch.setattr(name_similarity, "_BLOCK_CELLS", cells)
        if not numpy:
            monkeypatch.setattr(name_similarity, "_np", None)
        left, right = prepare(NAMES, SETTINGS), prepare(OTHERS, SETTINGS)
        got = {(p.left, p.right): p.score for p in similar_pairs(left, None, SETTINGS, cutoff)}
        assert got == pytest.approx(expect_within)
        got = {(p.left, p.right): p.score for p in similar_pairs(left, right, SETTINGS, cutoff)}
        assert got == pytest.approx(expect_across)


def test_prepare_scores_identical_keys_once() -> None:
    prepared = prepare(["红烛先锋", "“红烛先锋”党建品牌", "红烛先锋党支部", "星火燎原", None, ""], SETTINGS)
    assert len(prepared) == 6
    assert len(prepared.keys) == 2
    assert prepared.slots[4] == prepared.slots[5] == -1
