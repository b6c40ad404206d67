"""Similar brand names: scores pairs of 党建品牌 names 0–100 and finds all similar pairs in bulk.

Owns name normalisation, jieba tokenisation, the discounting of the field's stock words, the pinyin
(homophone) comparison and the all-pairs search. It works on strings only: it must not read files, talk to
a database, or know about records or check results; the similar_brand_name check decides what a score means.

Scoring. A name is normalised (NFKC, lower case, every character that is not a letter or digit is a
separator: quotes, brackets, dots, punctuation, spaces). Each separated segment is cut by a private jieba
tokenizer that knows the configured words; a token that is a stop word (党建, 品牌, 党支部 …) is dropped, a
common word (先锋, 服务, 红色 …) weighs 1 per character, anything else is distinctive and weighs
`_DISTINCT_WEIGHT` per character; stop and common words inside a longer token (红色驿站 → 红色 + 驿站) count
as such too, so the weights do not depend on how jieba happened to cut a name. A weight is applied by
repeating the character, so plain Levenshtein-based ratios (and rapidfuzz's bulk cdist) become weighted
ones. A name made of stop words only is compared as written. The score is the best of fuzz.ratio on:
the weighted name, its tokens sorted (order-insensitive, as fuzz.token_sort_ratio but without counting
separators), and — when `pinyin` is on — the same two with every Han character replaced by a private-use
character standing for its toneless pinyin syllable, so 红色驿站 and 红色忆站 compare equal.
"""

from __future__ import annotations

import io
import logging
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import jieba
from pypinyin import Style, lazy_pinyin
from rapidfuzz import fuzz, process

from pipeline.rules import SimilaritySettings

try:  # process.cdist needs numpy; without it rows are scored one query at a time (same results, slower)
    import numpy as _np
except ImportError:  # pragma: no cover - exercised by monkeypatching _np in the tests
    _np = None

_DISTINCT_WEIGHT = 5  # a distinctive character counts as much as this many characters of common words
_BLOCK_ROWS = 2000  # cdist rows per block ...
_BLOCK_CELLS = 16_000_000  # ... and at most this many cells per block (bytes: uint8), so memory stays bounded
_WORKERS = -1  # cdist threads: all cores
_PUA_FIRST, _PUA_LAST = 0xE000, 0xF8FF  # private-use characters that stand for pinyin syllables

Key = tuple[str, ...]  # the strings a name is compared by (2 variants, or 4 with pinyin)


@dataclass(frozen=True)
class ScoredPair:
    left: int  # index into the left list
    right: int  # index into the right list (into the left list again when comparing a list with itself)
    score: float


@dataclass(frozen=True)
class PreparedNames:
    """Names with their comparison strings computed once. Identical keys are scored once."""

    names: tuple[str | None, ...]
    slots: tuple[int, ...]  # per name: index into `keys`, or -1 for a name that is empty once normalised
    keys: tuple[Key, ...]  # distinct comparison keys
    groups: tuple[tuple[int, ...], ...]  # per key: the name indexes that have it
    vocabulary: tuple[object, ...]  # the settings the keys were made with

    def __len__(self) -> int:
        return len(self.names)


@dataclass(frozen=True)
class _Vocabulary:
    stop: frozenset[str]  # stock words, by characters and (with pinyin) by sound codes
    common: frozenset[str]
    stop_sounds: frozenset[str]
    common_sounds: frozenset[str]
    longest: int
    pinyin: bool
    tokenizer: jieba.Tokenizer

    def weight(self, text: str, sounds: str) -> int | None:
        """0 for a stop word, 1 for a common word (or a homophone of one), None for anything else."""
        if text in self.stop:
            return 0
        if text in self.common:
            return 1
        if self.pinyin:
            if sounds in self.stop_sounds:
                return 0
            if sounds in self.common_sounds:
                return 1
        return None


# ---------------------------------------------------------------------------------------------- public API


def prepare(names: Sequence[str | None], settings: SimilaritySettings) -> PreparedNames:
    """Normalise, tokenise and weight every name once (the slow, Python part of the work)."""
    vocab = _vocabulary(_settings_key(settings))
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
                         groups=tuple(tuple(g) for g in groups), vocabulary=_settings_key(settings))


def score(a: str | None, b: str | None, settings: SimilaritySettings) -> float:
    """Similarity of two brand names, 0–100; 0 when either is empty."""
    prepared = prepare([a, b], settings)
    sa, sb = prepared.slots
    if sa < 0 or sb < 0:
        return 0.0
    return _exact(prepared.keys[sa], prepared.keys[sb])


def similar_pairs(left: PreparedNames, right: PreparedNames | None, settings: SimilaritySettings,
                  cutoff: float) -> list[ScoredPair]:
    """Pairs scoring at least `cutoff`, sorted by (left, right).

    right=None: pairs within `left` (left < right, no self pairs); otherwise every left × right pair.
    """
    if not 0 < cutoff <= 100:
        raise ValueError(f"cutoff must be in (0, 100], not {cutoff}")
    expected = _settings_key(settings)
    for prepared in (left, right):
        if prepared is not None and prepared.vocabulary != expected:
            raise ValueError("names were prepared with other similarity settings")
    other = left if right is None else right
    out: list[ScoredPair] = []
    if right is None:  # names whose keys are identical
        for group in left.groups:
            out.extend(ScoredPair(i, j, 100.0) for i, j in combinations(group, 2))
    for u, v in _candidates(left.keys, None if right is None else right.keys, cutoff):
        value = _exact(left.keys[u], other.keys[v])
        if value < cutoff:
            continue
        for i in left.groups[u]:
            for j in other.groups[v]:
                pair = (i, j) if right is not None or i < j else (j, i)
                out.append(ScoredPair(pair[0], pair[1], value))
    out.sort(key=lambda p: (p.left, p.right))
    return out


# ------------------------------------------------------------------------------------------- all pairs


def _exact(a: Key, b: Key) -> float:
    return max(fuzz.ratio(x, y) for x, y in zip(a, b, strict=True))


def _candidates(rows: Sequence[Key], cols: Sequence[Key] | None, cutoff: float) -> Iterator[tuple[int, int]]:
    """Key index pairs (u, v) where some variant scores >= cutoff; with cols=None only u < v within rows."""
    within = cols is None
    col_keys = rows if cols is None else cols
    if not rows or not col_keys:
        return
    variants = len(rows[0])
    row_lists = [[k[t] for k in rows] for t in range(variants)]
    col_lists = row_lists if within else [[k[t] for k in col_keys] for t in range(variants)]
    n_rows, n_cols = len(rows), len(col_keys)
    step = max(1, min(_BLOCK_ROWS, _BLOCK_CELLS // max(1, n_cols)))
    for r0 in range(0, n_rows, step):
        r1 = min(n_rows, r0 + step)
        c0 = r0 if within else 0  # within one list only the upper triangle is needed
        queries = [lst[r0:r1] for lst in row_lists]
        choices = [lst[c0:] for lst in col_lists]  # slices are copies: cdist runs faster than on the same list
        for a, b in _block_hits(queries, choices, cutoff):
            u, v = r0 + a, c0 + b
            if not within or v > u:
                yield u, v


def _block_hits(queries: list[list[str]], choices: list[list[str]], cutoff: float) -> Iterable[tuple[int, int]]:
    if _np is None:
        hits: set[tuple[int, int]] = set()
        for q_list, c_list in zip(queries, choices, strict=True):
            for a, query in enumerate(q_list):
                hits.update((a, b) for _, _, b in process.extract_iter(
                    query, c_list, scorer=fuzz.ratio, score_cutoff=cutoff))
        return sorted(hits)
    dtype = _np.uint8 if cutoff >= 1 else _np.float32  # the cutoff is applied before rounding to uint8
    best = None
    for q_list, c_list in zip(queries, choices, strict=True):
        matrix = process.cdist(q_list, c_list, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=dtype,
                               workers=_WORKERS)
        best = matrix if best is None else _np.maximum(best, matrix, out=best)
    rows, cols = _np.nonzero(best)
    return zip(rows.tolist(), cols.tolist(), strict=True)


# ------------------------------------------------------------------------------------- one name's key


def _key(name: str | None, vocab: _Vocabulary) -> Key | None:
    segments = _segments(name)
    if not segments:
        return None
    pieces: list[tuple[str, str, int]] = []  # (characters, sounds, weight), weight 0 (stop) left out
    for segment in segments:
        sounds = _sounds(segment) if vocab.pinyin else segment
        pieces += [(segment[s:e], sounds[s:e], w) for s, e, w in _classify(segment, sounds, vocab) if w]
    if not pieces:  # stop words only (党建品牌): compare what is written
        pieces = [(seg, _sounds(seg) if vocab.pinyin else seg, 1) for seg in segments]
    chars = [_repeat(text, weight) for text, _, weight in pieces]
    key: list[str] = ["".join(chars), "".join(sorted(chars))]
    if vocab.pinyin:
        sounds = [_repeat(sound, weight) for _, sound, weight in pieces]
        key += ["".join(sounds), "".join(sorted(sounds))]
    return tuple(key)


def _repeat(text: str, weight: int) -> str:
    return text if weight == 1 else "".join(ch * weight for ch in text)


def _classify(segment: str, sounds: str, vocab: _Vocabulary) -> Iterator[tuple[int, int, int]]:
    """(start, end, weight) spans covering `segment`, one per token or stock word: weight 0 for a stop
    word, 1 for a common word, _DISTINCT_WEIGHT for anything else.

    Stock words are found left to right, longest first, by their characters or (with pinyin) their sound,
    inside a jieba token (红色驿站 → 红色 + 驿站) or spanning whole tokens (先/峰 sounds like 先锋), never
    straddling a token edge (大学/生活 holds no 学生).
    """
    starts: list[int] = []
    token_of: list[int] = []
    for number, token in enumerate(vocab.tokenizer.cut(segment, HMM=False)):
        starts.append(len(token_of))
        token_of += [number] * len(token)
    edges = set(starts) | {len(segment)}
    n, i, run = len(segment), 0, 0
    while i < n:
        for end in range(min(n, i + vocab.longest), i + 1, -1):
            if token_of[i] != token_of[end - 1] and not (i in edges and end in edges):
                continue
            weight = vocab.weight(segment[i:end], sounds[i:end])
            if weight is not None:
                yield from _distinct(run, i, edges)
                yield i, end, weight
                i = run = end
                break
        else:
            i += 1
    yield from _distinct(run, n, edges)


def _distinct(start: int, end: int, edges: set[int]) -> Iterator[tuple[int, int, int]]:
    """A run of distinctive characters, split where jieba's tokens end (for the sorted variant)."""
    cuts = [start] + sorted(e for e in edges if start < e < end) + [end]
    for s, e in zip(cuts, cuts[1:], strict=False):
        if s < e:
            yield s, e, _DISTINCT_WEIGHT


def _segments(name: str | None) -> list[str]:
    """NFKC, lower case; letters and digits kept, everything else separates segments."""
    if not name:
        return []
    out: list[str] = []
    current: list[str] = []
    for ch in unicodedata.normalize("NFKC", name).lower():
        if unicodedata.category(ch)[0] in "LN":
            current.append(ch)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def _normalised(word: str) -> str:
    return "".join(_segments(word))


_codes: dict[str, str] = {}
_codes_lock = threading.Lock()


def _sounds(segment: str) -> str:
    """One character per character of `segment`: a syllable code for Han characters, else the character."""
    items = lazy_pinyin(segment, style=Style.NORMAL, errors=lambda chars: list(chars))
    if len(items) != len(segment):  # never seen; keep the alignment whatever pypinyin does
        items = [lazy_pinyin(ch, style=Style.NORMAL, errors=lambda c: list(c))[0] for ch in segment]
    return "".join(ch if item == ch else _code(item) for ch, item in zip(segment, items, strict=True))


def _code(syllable: str) -> str:
    code = _codes.get(syllable)
    if code is None:
        with _codes_lock:
            code = _codes.get(syllable)
            if code is None:
                if _PUA_FIRST + len(_codes) > _PUA_LAST:
                    raise RuntimeError("more pinyin syllables than private-use characters")
                code = _codes[syllable] = chr(_PUA_FIRST + len(_codes))
    return code


# ------------------------------------------------------------------------------------------ vocabulary


def _settings_key(settings: SimilaritySettings) -> tuple[object, ...]:
    return (tuple(settings.stop_words), tuple(settings.common_words), tuple(settings.user_words),
            settings.pinyin, _DISTINCT_WEIGHT)


_vocabulary_lock = threading.Lock()


@lru_cache(maxsize=4)
def _cached_vocabulary(key: tuple[object, ...]) -> _Vocabulary:
    stop_words, common_words, user_words, pinyin, _ = key
    stop = frozenset(w for w in map(_normalised, stop_words) if w)  # type: ignore[call-overload]
    common = frozenset(w for w in map(_normalised, common_words) if w) - stop  # type: ignore[call-overload]
    user = [w for w in map(_normalised, user_words) if w]  # type: ignore[call-overload]
    # the stock words go into the dictionary too, so jieba cuts them out; user words last, so they win
    tokenizer = _tokenizer(tuple(sorted(stop | common)) + tuple(user))
    sounds = _sounds if pinyin else str
    stop_sounds = frozenset(map(sounds, stop))
    return _Vocabulary(stop=stop, common=common, stop_sounds=stop_sounds,
                       common_sounds=frozenset(map(sounds, common)) - stop_sounds,
                       longest=max(map(len, stop | common), default=1), pinyin=bool(pinyin),
                       tokenizer=tokenizer)


def _vocabulary(key: tuple[object, ...]) -> _Vocabulary:
    with _vocabulary_lock:  # build each tokenizer once even when threads ask together
        return _cached_vocabulary(key)


def _tokenizer(words: tuple[str, ...]) -> jieba.Tokenizer:
    """A private jieba tokenizer with `words` as its user dictionary (user words last, so they win)."""
    jieba.setLogLevel(logging.WARNING)  # jieba's own logger; it reports every dictionary load at DEBUG
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tokenizer.load_userdict(io.StringIO("\n".join(words)))
    return tokenizer
