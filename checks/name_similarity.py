"""Similar brand names: scores pairs of 党建品牌 names 0–100 and finds every similar pair in bulk.

Owns name normalisation, jieba tokenisation, the discounting of the field's stock words, the pinyin
(homophone) comparison and the all-pairs search. Works on strings only: it must not read files (jieba
loading its own dictionary aside), talk to a database, or know about records or check results; the
similar_brand_name check decides what a score means. Prepared names are only valid in the process that
made them (pinyin codes are handed out per process; sound_syllables and sound_code translate a key
kept on disk from one process's codes to another's).

Scoring. A name is normalised (NFKC, lower case; every character that is not a letter or digit —
quotes, brackets, dots, dashes, punctuation, spaces — separates segments) and each segment is cut by a
private jieba tokenizer that knows the configured words. Stock words are then marked: a stop word
(党建, 品牌, 党支部 …) is dropped, a common word (先锋, 服务, 驿站 …) weighs 1 per character and everything
else is distinctive and weighs `_DISTINCT_WEIGHT` per character. Stock words are found inside a token too
(红色驿站 → 红色 + 驿站) and, with pinyin on, by sound (先峰 counts as 先锋), so the weights hardly depend on
how jieba cut a name. A weight is applied by repeating the character, which turns rapidfuzz's plain
Indel ratio, and so its bulk cdist, into a weighted one. A name of stop words only is compared as written.

The score is the best fuzz.ratio of two strings per name: the weighted name, and its tokens sorted (as
fuzz.token_sort_ratio, without counting separators). With pinyin on, every Han character in both is
replaced by a private-use character standing for its toneless pinyin syllable (one reading per character,
the same in every name), so the comparison goes syllable by syllable and 红色驿站 equals 红色忆站. Since
that mapping goes character by character, a sound ratio is never below the matching character ratio:
the score is the maximum of the character and the sound comparisons without computing the former.
"""

from __future__ import annotations

import io
import logging
import threading
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import cast

import jieba
from pypinyin import Style, lazy_pinyin
from rapidfuzz import fuzz, process

from pipeline.model.config import SimilaritySettings

try:  # process.cdist needs numpy; without it rows are scored one query at a time (same pairs, slower)
    import numpy as _np
except ImportError:  # pragma: no cover - the tests cover this path by setting _np to None
    _np = None  # type: ignore[assignment]

_DISTINCT_WEIGHT = 5  # a distinctive character counts as much as this many characters of common words
_BLOCK_ROWS = 256  # cdist rows per block; rows are sorted by length, so small blocks keep column windows tight
_BLOCK_CELLS = 16_000_000  # at most this many cells (uint8) per block matrix, so memory stays bounded
_WORKERS = -1  # cdist threads: all cores
_PUA_FIRST, _PUA_LAST = 0xE000, 0xF8FF  # private-use characters that stand for pinyin syllables

Key = tuple[str, str]  # what a name is compared by: the weighted name and its tokens sorted


@dataclass(frozen=True)
class ScoredPair:
    left: int  # index into the left list
    right: int  # index into the right list (the left list again when a list is compared with itself)
    score: float


@dataclass(frozen=True)
class _Words:
    """The settings a prepared name depends on."""

    stop: tuple[str, ...]
    common: tuple[str, ...]
    user: tuple[str, ...]
    pinyin: bool


@dataclass(frozen=True)
class PreparedNames:
    """Names with their comparison keys computed once; names with identical keys are scored once."""

    names: tuple[str | None, ...]
    slots: tuple[int, ...]  # per name: its index in `keys`, or -1 when it is empty once normalised
    keys: tuple[Key, ...]  # the distinct keys
    groups: tuple[tuple[int, ...], ...]  # per key: the indexes of the names that have it
    words: _Words

    def __len__(self) -> int:
        return len(self.names)


@dataclass(frozen=True)
class _Vocabulary:
    stop: frozenset[str]  # normalised stock words ...
    common: frozenset[str]
    stop_sounds: frozenset[str]  # ... and their sound codes (the characters again when pinyin is off)
    common_sounds: frozenset[str]
    longest: int
    pinyin: bool
    tokenizer: jieba.Tokenizer

    def weight(self, text: str, sounds: str) -> int | None:
        """0 for a stop word, 1 for a common word (or, with pinyin, a homophone of one), else None."""
        if text in self.stop or sounds in self.stop_sounds:
            return 0
        if text in self.common or sounds in self.common_sounds:
            return 1
        return None


# ------------------------------------------------------------------------------------------ public API


def prepare(names: Sequence[str | None], settings: SimilaritySettings) -> PreparedNames:
    """Normalise, tokenise and weight every name once (the Python-speed part of the work)."""
    words = _words(settings)
    vocab = _vocabulary(words)
    slots: list[int] = []
    index: dict[Key, int] = {}
    groups: list[list[int]] = []
    for i, name in enumerate(names):
        key = _key(name, vocab)
        if key is None:
            slots.append(-1)
            continue
        slot = index.setdefault(key, len(index))
        if slot == len(groups):
            groups.append([])
        groups[slot].append(i)
        slots.append(slot)
    return PreparedNames(names=tuple(names), slots=tuple(slots), keys=tuple(index),
                         groups=tuple(map(tuple, groups)), words=words)


def score(a: str | None, b: str | None, settings: SimilaritySettings) -> float:
    """How alike two brand names are, 0–100; 0 when either is empty."""
    prepared = prepare([a, b], settings)
    slot_a, slot_b = prepared.slots
    if slot_a < 0 or slot_b < 0:
        return 0.0
    return _exact(prepared.keys[slot_a], prepared.keys[slot_b])


def similar_pairs(left: PreparedNames, right: PreparedNames | None, settings: SimilaritySettings,
                  cutoff: float) -> list[ScoredPair]:
    """Every pair scoring at least `cutoff` (0 < cutoff <= 100), sorted by (left, right).

    right=None: the pairs within `left`, each once (left < right, no self pairs); otherwise every
    left × right pair. Empty names are in no pair.
    """
    if not 0 < cutoff <= 100:
        raise ValueError(f"cutoff must be in (0, 100], not {cutoff}")
    words = _words(settings)
    if left.words != words or (right is not None and right.words != words):
        raise ValueError("names were prepared with other similarity settings")
    other = left if right is None else right
    out: list[ScoredPair] = []
    if right is None:  # names that normalise to the same key
        for group in left.groups:
            out.extend(ScoredPair(i, j, 100.0) for i, j in combinations(group, 2))
    for u, v in _candidates(left.keys, None if right is None else right.keys, cutoff):
        value = _exact(left.keys[u], other.keys[v])
        if value < cutoff:
            continue
        for i in left.groups[u]:
            for j in other.groups[v]:
                first, second = (i, j) if right is not None or i < j else (j, i)
                out.append(ScoredPair(first, second, value))
    out.sort(key=lambda p: (p.left, p.right))
    return out


# ------------------------------------------------------------------------------------------- all pairs


def _exact(a: Key, b: Key) -> float:
    return max(fuzz.ratio(a[0], b[0]), fuzz.ratio(a[1], b[1]))


def _candidates(rows: Sequence[Key], cols: Sequence[Key] | None, cutoff: float) -> Iterator[tuple[int, int]]:
    """Key index pairs (u, v) where a variant scores >= cutoff; cols=None: pairs within rows, each once.

    fuzz.ratio reaches `cutoff` only when the longer string is at most (200 - cutoff) / cutoff times as
    long as the shorter (both strings of a key have one length), so keys are sorted by length and each
    block of rows is compared with the window of columns whose lengths can qualify.
    """
    within = cols is None
    col_keys = rows if cols is None else cols
    if not rows or not col_keys:
        return
    r_order = sorted(range(len(rows)), key=lambda u: len(rows[u][0]))
    c_order = r_order if within else sorted(range(len(col_keys)), key=lambda v: len(col_keys[v][0]))
    r_len = [len(rows[u][0]) for u in r_order]
    c_len = r_len if within else [len(col_keys[v][0]) for v in c_order]
    r_lists = [[rows[u][t] for u in r_order] for t in (0, 1)]
    c_lists = r_lists if within else [[col_keys[v][t] for v in c_order] for t in (0, 1)]
    factor = (200.0 - cutoff) / cutoff
    r0 = 0
    while r0 < len(r_order):
        r1 = min(len(r_order), r0 + _BLOCK_ROWS)
        lo = r0 if within else bisect_left(c_len, r_len[r0] / factor - 1e-6)
        hi = bisect_right(c_len, r_len[r1 - 1] * factor + 1e-6)
        if (r1 - r0) * (hi - lo) > _BLOCK_CELLS:
            r1 = r0 + max(1, _BLOCK_CELLS // (hi - lo))
            hi = bisect_right(c_len, r_len[r1 - 1] * factor + 1e-6)
        if lo < hi:
            queries = [lst[r0:r1] for lst in r_lists]
            choices = [lst[lo:hi] for lst in c_lists]  # a copy: cdist is faster than on the same list
            for a, b in _block_hits(queries, choices, cutoff):
                if not within or lo + b > r0 + a:
                    yield r_order[r0 + a], c_order[lo + b]
        r0 = r1


def _block_hits(queries: list[list[str]], choices: list[list[str]], cutoff: float) -> Iterable[tuple[int, int]]:
    """(row, column) positions where any variant's ratio is >= cutoff."""
    if _np is None:
        hits: set[tuple[int, int]] = set()
        for q_list, c_list in zip(queries, choices, strict=True):
            for a, query in enumerate(q_list):
                hits.update((a, b) for _, _, b in process.extract_iter(
                    query, c_list, scorer=fuzz.ratio, score_cutoff=cutoff))
        return sorted(hits)
    dtype = _np.uint8 if cutoff >= 1 else _np.float32  # cdist applies the cutoff before rounding
    best = None
    for q_list, c_list in zip(queries, choices, strict=True):
        matrix = process.cdist(q_list, c_list, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=dtype,
                               workers=_WORKERS)
        best = matrix if best is None else _np.maximum(best, matrix, out=best)
    assert best is not None  # queries hold two variants (the name, its sound): the loop ran
    found_rows, found_cols = _np.nonzero(best)
    return zip(found_rows.tolist(), found_cols.tolist(), strict=True)


# ------------------------------------------------------------------------------------- one name's key


def _key(name: str | None, vocab: _Vocabulary) -> Key | None:
    segments = _segments(name)
    if not segments:
        return None
    pieces: list[tuple[str, str, int]] = []  # (characters, compared as, weight); stop words left out
    for segment in segments:
        sounds = _sounds(segment) if vocab.pinyin else segment
        pieces += [(segment[s:e], sounds[s:e], w) for s, e, w in _classify(segment, sounds, vocab) if w]
    if not pieces:  # stop words only (党建品牌): compare what is written
        pieces = [(seg, _sounds(seg) if vocab.pinyin else seg, 1) for seg in segments]
    # sorted by their characters, so that the sound key is the character key mapped character by character
    ordered = sorted(pieces, key=lambda piece: _repeat(piece[0], piece[2]))
    return ("".join(_repeat(sounds, weight) for _, sounds, weight in pieces),
            "".join(_repeat(sounds, weight) for _, sounds, weight in ordered))


def _repeat(text: str, weight: int) -> str:
    return text if weight == 1 else "".join(ch * weight for ch in text)


def _classify(segment: str, sounds: str, vocab: _Vocabulary) -> Iterator[tuple[int, int, int]]:
    """(start, end, weight) spans covering `segment`: stock words (0 stop, 1 common) and distinctive tokens.

    Stock words are found left to right, longest first, by characters or sound, inside one jieba token
    (红色驿站 → 红色 + 驿站) or made of whole tokens (先/峰 → 先锋), never across a token's edge (大学/生活
    holds no 学生).
    """
    token_of: list[int] = []
    edges = {len(segment)}
    for number, token in enumerate(vocab.tokenizer.cut(segment, HMM=False)):
        edges.add(len(token_of))
        token_of += [number] * len(token)
    n, i, run = len(segment), 0, 0
    while i < n:
        for end in range(min(n, i + vocab.longest), i + 1, -1):
            if token_of[i] != token_of[end - 1] and not (i in edges and end in edges):
                continue
            weight = vocab.weight(segment[i:end], sounds[i:end])
            if weight is not None:
                yield from _distinctive(run, i, edges)
                yield i, end, weight
                i = run = end
                break
        else:
            i += 1
    yield from _distinctive(run, n, edges)


def _distinctive(start: int, end: int, edges: set[int]) -> Iterator[tuple[int, int, int]]:
    """A run of distinctive characters, cut where jieba's tokens end (the units that get sorted)."""
    cuts = [start, *sorted(e for e in edges if start < e < end), end]
    for s, e in zip(cuts, cuts[1:], strict=False):
        if s < e:
            yield s, e, _DISTINCT_WEIGHT


def _segments(name: str | None) -> list[str]:
    """NFKC and lower case; runs of letters and digits, everything else separating them."""
    if not name:
        return []
    out: list[str] = []
    current: list[str] = []
    for ch in unicodedata.normalize("NFKC", name).casefold():
        if unicodedata.category(ch)[0] in "LN":
            current.append(ch)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def _sounds(text: str) -> str:
    """One character per character of `text`: the code of a Han character's syllable, else itself."""
    return "".join(map(_sound, text))


def _as_is(chars: str) -> list[str]:
    """pypinyin's `errors` callback: characters without a reading stay as they are, one item each."""
    return list(chars)


@lru_cache(maxsize=32768)
def _sound(ch: str) -> str:
    item = lazy_pinyin(ch, style=Style.NORMAL, errors=cast("Callable[[str], str]", _as_is))  # takes a list too
    return ch if not item or item[0] == ch else _code(item[0])


_codes: dict[str, str] = {}
_codes_lock = threading.Lock()


def _code(syllable: str) -> str:
    with _codes_lock:
        code = _codes.get(syllable)
        if code is None:
            if _PUA_FIRST + len(_codes) > _PUA_LAST:
                raise RuntimeError("more pinyin syllables than private-use characters")
            code = _codes[syllable] = chr(_PUA_FIRST + len(_codes))
        return code


def sound_syllables() -> dict[str, str]:
    """Each pinyin code handed out in this process → its toneless syllable."""
    with _codes_lock:
        return {code: syllable for syllable, code in _codes.items()}


def sound_code(syllable: str) -> str:
    """This process's code for a toneless pinyin syllable (handed out now if it has none yet)."""
    return _code(syllable)


# ------------------------------------------------------------------------------------------ vocabulary


def _words(settings: SimilaritySettings) -> _Words:
    return _Words(stop=tuple(settings.stop_words), common=tuple(settings.common_words),
                  user=tuple(settings.user_words), pinyin=settings.pinyin)


_vocabulary_lock = threading.Lock()


def _vocabulary(words: _Words) -> _Vocabulary:
    with _vocabulary_lock:  # each tokenizer is built once, even when threads ask together
        return _build_vocabulary(words)


@lru_cache(maxsize=4)
def _build_vocabulary(words: _Words) -> _Vocabulary:
    def normalised(items: Iterable[str]) -> list[str]:
        return [w for w in ("".join(_segments(item)) for item in items) if w]

    stop = frozenset(normalised(words.stop))
    common = frozenset(normalised(words.common)) - stop
    # stock words go into the dictionary too, so that jieba cuts them out; user words last, so they win
    tokenizer = _tokenizer((*sorted(stop | common), *normalised(words.user)))
    sounds = _sounds if words.pinyin else str
    stop_sounds = frozenset(map(sounds, stop))
    return _Vocabulary(stop=stop, common=common, stop_sounds=stop_sounds,
                       common_sounds=frozenset(map(sounds, common)) - stop_sounds,
                       longest=max(map(len, stop | common), default=1), pinyin=words.pinyin,
                       tokenizer=tokenizer)


@lru_cache(maxsize=2)
def _tokenizer(words: tuple[str, ...]) -> jieba.Tokenizer:
    """A private jieba tokenizer (never jieba's global one) with `words` as its user dictionary."""
    jieba.setLogLevel(logging.WARNING)  # jieba's own logger reports every dictionary load
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tokenizer.load_userdict(io.StringIO("\n".join(words)))
    return tokenizer
