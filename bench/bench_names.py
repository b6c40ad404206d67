"""Benchmark of checks.name_similarity: all similar pairs within N generated brand names.

    .venv/bin/python bench/bench_names.py [N] [--seed S] [--cutoff C]

Generates N distinct, realistic-looking 党建品牌 names deterministically, times prepare() and
similar_pairs() on them, and measures beside it, in the same run and on the same names, plain rapidfuzz
`process.cdist(names, list(names), scorer=fuzz.ratio, score_cutoff=cutoff)` on the raw names. Peak memory
is what each all-pairs step adds to the process's peak resident size (Linux; tracemalloc elsewhere);
jieba's dictionary, loaded before, is not counted. The process's overall peak RSS is printed at the end.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz import fuzz, process  # noqa: E402

from checks import name_similarity  # noqa: E402
from pipeline.model.config import load_config  # noqa: E402

CORES = (
    "红烛 薪火 星火 桃李 匠心 书香 青马 红船 同心 筑梦 领雁 启航 聚力 灯塔 磐石 沃土 杏林 梧桐 银杏 翰墨 墨香 云端 "
    "数智 智汇 红心 铸魂 强基 固本 润心 暖心 连心 知行 笃行 明德 厚德 博学 格物 致远 青蓝 双创 绿洲 春风 春雨 甘泉 "
    "清风 丹心 赤诚 星光 北斗 灯火 火炬 雁阵 蒲公英 向日葵 金种子 螺丝钉 孺子牛 拓荒牛 铁军 尖兵 砺剑 亮剑 护航 扬帆 "
    "远航 破浪 攀登 追光 逐梦 圆梦 织梦 科创 智造 工匠 医心 仁心 杏坛 园丁 e路 AI 5G 云上 指尖 码上 田野 楼宇 "
    "两新 红帆 红星 赤子 向阳 朝阳 晨曦 微光 萤火 石榴籽 同心圆 暖阳 清泉 翰林 墨韵 琢玉 育苗 耕读 求是 弘毅"
).split()
MODIFIERS = "先锋 领航 引领 服务 红色 党员 示范 堡垒 初心 使命 担当".split()
SUFFIXES = (
    "驿站 港湾 工作室 课堂 讲堂 书屋 家园 之家 阵地 联盟 加油站 服务站 先锋岗 示范岗 突击队 服务队 宣讲团 号 计划 "
    "工程 行动 模式 引擎 矩阵 纽带 方阵 e站 云课堂"
).split()
PHRASES = (
    "科研报国 立德树人 薪火相传 星火燎原 学思践悟 知行合一 守正创新 砥砺前行 不忘初心 牢记使命 服务师生 筑梦青春 "
    "强国有我 青春献礼 红心向党 匠心育人 三全育人 五育并举 扎根基层 担当作为 勇毅前行 奋楫争先 赋能发展 融合发展 "
    "数智赋能 科技强国 健康中国 乡村振兴 服务社区 守护健康 党旗领航 红色引擎 先锋领航 青春建功 实干担当 铸魂育人"
).split()
NUMBERS = "一 二 三 四 五 六 双 多".split()
NUMBER_NOUNS = "心 力 化 融 促 带 联 引 强 有 向 进".split()
BASELINE_MAX_BYTES = 4 * 2**30
DECORATIONS = ("“{}”党建品牌", "“{}”", "《{}》", "{}党支部", "「{}」品牌", "{}")


def _name(rng: random.Random) -> str:
    core, mod, suffix = rng.choice(CORES), rng.choice(MODIFIERS), rng.choice(SUFFIXES)
    phrase, other = rng.choice(PHRASES), rng.choice(PHRASES)
    kind = rng.randrange(10)
    if kind == 0:
        body = core + suffix
    elif kind == 1:
        body = core + mod
    elif kind == 2:
        body = mod + core + suffix
    elif kind == 3:
        body = core + suffix + rng.choice("·· ") + phrase
    elif kind == 4:
        body = phrase + rng.choice("·· ") + other
    elif kind == 5:
        body = rng.choice(("党建+{}", "{}+党建", "{}赋能", "{}党建", "AI+{}")).format(core)
    elif kind == 6:
        a, b = rng.choice(NUMBERS), rng.choice(NUMBERS)
        body = f"{a}{rng.choice(NUMBER_NOUNS)}{b}{rng.choice(NUMBER_NOUNS)}"
    elif kind == 7:
        body = core + mod + rng.choice(("·", " ", "")) + phrase
    elif kind == 8:
        body = rng.choice(CORES) + core + suffix
    else:
        body = phrase + suffix
    return rng.choice(DECORATIONS).format(body)


def generate(n: int, seed: int) -> list[str]:
    """n distinct names (raw, as reviewers would see them), the same for the same n and seed."""
    rng = random.Random(seed)
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        name = _name(rng)
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def _rss() -> tuple[float, float] | None:
    """(current, peak) resident MiB of this process, from Linux's /proc; None elsewhere."""
    try:
        fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
        return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024
    except (OSError, KeyError, ValueError):
        return None


def _measure(step: Callable[[], Any]) -> tuple[Any, float, float]:
    """(result, seconds, MiB the step added to the peak).

    On Linux the peak resident size is reset before the step (/proc/self/clear_refs), which sees memory
    allocated by C++ code too; elsewhere tracemalloc counts what Python and numpy allocate.
    """
    before = _rss()
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        before = None
    if before is None:
        tracemalloc.start()
    start = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - start
    if before is None:
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    else:
        after = _rss()
        peak = (after[1] - before[0]) if after else float("nan")
    return result, seconds, peak


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--cutoff", type=float, default=None, help="default: [checks.similar_brand_name] similar")
    args = parser.parse_args(argv)
    config = load_config()
    settings = config.similarity
    cutoff = args.cutoff if args.cutoff is not None else float(config.checks["similar_brand_name"]["similar"])
    names = generate(args.n, args.seed)
    all_pairs = args.n * (args.n - 1) // 2

    start = time.perf_counter()
    name_similarity.prepare(names[:2], settings)  # jieba's dictionary: loaded once per process
    warm = time.perf_counter() - start
    start = time.perf_counter()
    prepared = name_similarity.prepare(names, settings)
    prep = time.perf_counter() - start
    pairs, engine, engine_mb = _measure(lambda: name_similarity.similar_pairs(prepared, None, settings, cutoff))
    baseline = args.n * args.n * 4 <= BASELINE_MAX_BYTES  # its float32 matrix must fit in memory
    if baseline:
        matrix, base, base_mb = _measure(
            lambda: process.cdist(names, list(names), scorer=fuzz.ratio, score_cutoff=cutoff))
        base_pairs = (int((matrix > 0).sum()) - args.n) // 2  # off-diagonal, each pair once
        del matrix

    print(f"names: {args.n} (seed {args.seed}), distinct keys {len(prepared.keys)}, cutoff {cutoff:g}, "
          f"pinyin {'on' if settings.pinyin else 'off'}")
    print(f"jieba start-up           {warm:8.2f} s")
    print(f"prepare                  {prep:8.2f} s  {args.n / prep:12,.0f} names/s")
    print(f"similar_pairs            {engine:8.2f} s  {all_pairs / engine:12,.0f} pairs/s  "
          f"peak {engine_mb:7.1f} MiB  found {len(pairs)}")
    total = prep + engine
    print(f"engine total             {total:8.2f} s  {args.n / total:12,.0f} names/s  {all_pairs / total:12,.0f} pairs/s")
    if baseline:
        print(f"baseline cdist raw names {base:8.2f} s  {all_pairs / base:12,.0f} pairs/s  "
              f"peak {base_mb:7.1f} MiB  found {base_pairs}")
        print(f"ratio engine/baseline: time {total / base:.1f}x (similar_pairs alone {engine / base:.1f}x), "
              f"memory {engine_mb / max(base_mb, 0.1):.2f}x")
    else:
        print(f"baseline skipped: its {args.n}² float32 matrix would take {args.n ** 2 * 4 / 2**30:.0f} GiB")
    print(f"process peak RSS (whole run, jieba included) "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
