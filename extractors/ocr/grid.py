"""Ruled tables on a (deskewed) page image: horizontal and vertical rules -> a grid of merged cells.

Owns the morphology (long thin openings of the ink mask, the detected text boxes erased, give the rule
masks; a rule hidden by a text box is recovered when it runs exactly from one horizontal rule to the
next), the rule segments (a rule must end on rules across it or the table's outer edge, so underlines in a
cell and long strokes are not rules), the row and column boundaries, and the merging of grid cells whose
shared border is missing (which borders are missing is judged here; the merge into cells is
extractors.table_grid's, shared with the PDF reader). It works in page pixels and never reads text;
extractors.ocr.text puts the recognised lines into the cells.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from extractors.table_grid import Grid, build_grid


@dataclass
class _Seg:
    pos: float  # y of a horizontal rule, x of a vertical one
    a: float  # start along the rule
    b: float  # end along the rule


def _segments(mask: np.ndarray, horizontal: bool) -> list[_Seg]:
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i][:4])
        out.append(_Seg(y + h / 2, x, x + w) if horizontal else _Seg(x + w / 2, y, y + h))
    return out


def _joined(segments: list[_Seg], gap: float, drift: float) -> list[_Seg]:
    """Pieces of one rule made whole again: a rule that slopes a little (a photographed sheet, a page not
    quite flat) leaves the long thin opening in pieces, one per pixel row it steps through, with a stretch
    missing at each step. Pieces in line (within `drift`) with at most `gap` between them are joined."""
    out: list[_Seg] = []
    for seg in sorted(segments, key=lambda sg: sg.a):
        for prev in out:
            if abs(seg.pos - prev.pos) <= drift and -gap <= seg.a - prev.b <= gap:
                weight_a, weight_b = prev.b - prev.a, seg.b - seg.a
                prev.pos = (prev.pos * weight_a + seg.pos * weight_b) / max(weight_a + weight_b, 1e-6)
                prev.b = max(prev.b, seg.b)
                break
        else:
            out.append(_Seg(seg.pos, seg.a, seg.b))
    return out


def rule_masks(ink: np.ndarray, unit: float, long_v: float) -> tuple[np.ndarray, np.ndarray]:
    """(horizontal, vertical) rule masks: long thin openings; `unit` is the text height in pixels."""
    h, w = ink.shape
    long_h = max(int(3 * unit), w // 40)
    mended = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))  # pixel gaps left by noise
    hor = cv2.morphologyEx(mended, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (long_h, 1)))
    ver = cv2.morphologyEx(mended, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, int(long_v))))
    return hor, ver


def erase_text(ink: np.ndarray, boxes: list[tuple[float, float, float, float]]) -> np.ndarray:
    """The ink mask without the text boxes (the strokes of CJK text line up in rows and columns and would pass
    for short rules); a band at the top and bottom of each box stays, where a rule may run inside the box."""
    out = ink.copy()
    for x0, y0, x1, y1 in boxes:
        m = 0.2 * (y1 - y0)
        out[max(0, int(y0 + m)):max(0, int(y1 - m) + 1), max(0, int(x0)):max(0, int(x1) + 1)] = 0
    return out


def _cluster(segments: list[_Seg], tol: float) -> list[tuple[float, float]]:
    """(position, total length) of groups of parallel segments lying within `tol` of each other."""
    out: list[list[_Seg]] = []
    for seg in sorted(segments, key=lambda sg: sg.pos):
        if out and seg.pos - out[-1][-1].pos <= tol:
            out[-1].append(seg)
        else:
            out.append([seg])
    result = []
    for group in out:
        weight = sum(sg.b - sg.a for sg in group)
        result.append((sum(sg.pos * (sg.b - sg.a) for sg in group) / max(weight, 1e-6), weight))
    return result


def find_grids(ink: np.ndarray, unit: float, text: list[tuple[float, float, float, float]]) -> list[Grid]:
    """Every ruled table on the page, top to bottom; `text` are the detected text boxes (x0, y0, x1, y1).

    Rules are found with the text erased. A vertical rule the detector ran a text box across (text close to
    the rule on both sides) is taken from the unerased ink, but only when it runs exactly from one
    horizontal rule to the next: no stroke of text does."""
    hor, ver = rule_masks(erase_text(ink, text), unit, max(0.8 * unit, ink.shape[0] / 100))
    _, crossing = rule_masks(ink, unit, 0.9 * unit)
    both = cv2.dilate(cv2.bitwise_or(hor, ver), np.ones((5, 5), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(both, connectivity=8)
    grids: list[Grid] = []
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i][:4])
        if w < 6 * unit or h < 0.8 * unit:
            continue
        boxes = [(a - x, b - y, c - x, d - y) for a, b, c, d in text]
        crop = (slice(y, y + h), slice(x, x + w))
        grid = _grid(ink[crop], hor[crop], ver[crop], crossing[crop], boxes, unit)
        if grid is not None:
            _shift(grid, x, y)
            grids.append(grid)
    grids.sort(key=lambda g: g.ys[0])
    return grids


def _crossing_rules(ink: np.ndarray, crossing: np.ndarray, vs: list[_Seg], hs: list[_Seg],
                    boxes: list[tuple[float, float, float, float]], unit: float) -> list[_Seg]:
    """Vertical rules hidden by text boxes, from the unerased ink: where a found rule runs on into a box it
    is lengthened; a rule wholly inside boxes counts only when it runs exactly from one horizontal rule to
    the next (a stroke of text stops short of them)."""
    near = max(3.0, 0.1 * unit)
    out = []
    for sg in _segments(crossing, False):
        if not any(x0 < sg.pos < x1 and min(sg.b, y1) - max(sg.a, y0) > 0 for x0, y0, x1, y1 in boxes):
            continue  # outside text the erased mask is the judge
        def touches(y: float, pos: float = sg.pos) -> bool:
            return any(abs(y - r.pos) <= near and r.a - near <= pos <= r.b + near for r in hs)

        same = [v for v in vs if abs(sg.pos - v.pos) < max(near, 0.15 * unit) and min(sg.b, v.b) - max(sg.a, v.a) > 0]
        if same:  # lengthened only to a horizontal rule: strokes of text may touch a rule's end
            for v in same:
                if sg.a < v.a and touches(sg.a):
                    v.a = sg.a
                if sg.b > v.b and touches(sg.b):
                    v.b = sg.b
            continue

        if touches(sg.a) and touches(sg.b) and _clear_beside(ink, sg, unit):
            out.append(sg)
    return out


def _clear_beside(ink: np.ndarray, sg: _Seg, unit: float) -> bool:
    """True when no ink lies just left and right of a vertical segment: a rule has cell padding on both
    sides, a stroke of a character has the rest of the character beside it."""
    inset = max(4, int(0.15 * unit))  # off the horizontal rules at both ends
    a, b = int(sg.a) + inset, int(sg.b) - inset
    reach = max(4, int(0.3 * unit))
    x = int(round(sg.pos))
    left = ink[a:b, max(0, x - reach):max(0, x - 2)]
    right = ink[a:b, x + 3:x + reach + 1]
    return all(part.size and float((part > 0).mean()) < 0.03 for part in (left, right))


def _shift(grid: Grid, dx: int, dy: int) -> None:
    grid.xs = [v + dx for v in grid.xs]
    grid.ys = [v + dy for v in grid.ys]
    for c in grid.cells:
        c.x0, c.x1, c.y0, c.y1 = c.x0 + dx, c.x1 + dx, c.y0 + dy, c.y1 + dy


def _grid(ink: np.ndarray, hor: np.ndarray, ver: np.ndarray, crossing: np.ndarray, boxes: list[tuple[float, float, float, float]],
          unit: float) -> Grid | None:
    h, w = hor.shape
    tol = max(4.0, unit * 0.35)
    drift = max(3.0, 0.15 * unit)
    hs = [s for s in _joined(_segments(hor, True), 3 * unit, drift) if s.b - s.a >= 2 * unit]
    vs = [s for s in _joined(_segments(ver, False), unit, drift) if s.b - s.a >= 0.8 * unit]
    if len(hs) < 2:
        return None
    vs += _crossing_rules(ink, crossing, vs, hs, boxes, unit)
    long_h = [s for s in hs if s.b - s.a >= 0.5 * w]
    long_v = [s for s in vs if s.b - s.a >= 0.5 * h]
    left = min((s.a for s in long_h), default=0.0)
    right = max((s.b for s in long_h), default=float(w))
    top = min((s.a for s in long_v), default=min(s.pos for s in hs))
    bottom = max((s.b for s in long_v), default=max(s.pos for s in hs))
    xs_all = [s.pos for s in vs] + [left, right]
    ys_all = [s.pos for s in hs] + [top, bottom]

    def ends_on(point: float, across: list[float]) -> bool:
        return any(abs(point - p) <= 2 * tol for p in across)

    # a rule ends on rules across it (or the outer edge); underlines and strokes inside a cell do not
    hs = [s for s in hs if ends_on(s.a, xs_all) and ends_on(s.b, xs_all)]
    vs = [s for s in vs if ends_on(s.a, ys_all) and ends_on(s.b, ys_all)]
    ys = _merge_close(_cluster(hs + [_Seg(top, 0, 1), _Seg(bottom, 0, 1)], tol), unit * 0.8)
    xs = _merge_close(_cluster(vs + [_Seg(left, 0, 1), _Seg(right, 0, 1)], tol), unit * 0.8)
    if len(xs) < 2 or len(ys) < 2 or not vs:
        return None
    # borders are judged on the accepted rules only, drawn anew
    hor, ver = np.zeros_like(hor), np.zeros_like(ver)
    for sg in hs:
        cv2.line(hor, (int(sg.a), int(sg.pos)), (int(sg.b), int(sg.pos)), 255, 3)
    for sg in vs:
        cv2.line(ver, (int(sg.pos), int(sg.a)), (int(sg.pos), int(sg.b)), 255, 3)
    band = max(2, int(tol * 0.6))

    def covered(mask: np.ndarray, fixed: float, a: float, b: float, vertical: bool) -> bool:
        """True when a rule runs along `fixed` from a to b for most of the way."""
        lo, hi = int(a + tol), int(b - tol)
        if hi <= lo:
            lo, hi = int(a), int(b)
        f0, f1 = max(0, int(fixed) - band), int(fixed) + band + 1
        strip = mask[lo:hi, f0:f1] if vertical else mask[f0:f1, lo:hi].T
        if strip.size == 0:
            return False
        return float((strip.max(axis=1) > 0).mean()) >= 0.6

    return build_grid(xs, ys, lambda r, c: not covered(ver, xs[c + 1], ys[r], ys[r + 1], True),
                      lambda r, c: not covered(hor, ys[r + 1], xs[c], xs[c + 1], False))


def _merge_close(groups: list[tuple[float, float]], gap: float) -> list[float]:
    """Positions closer than `gap` (a doubled rule, a stroke beside a rule) merge into the better supported."""
    out: list[tuple[float, float]] = []
    for pos, weight in groups:
        if out and pos - out[-1][0] < gap:
            if weight > out[-1][1]:
                out[-1] = (pos, weight + out[-1][1])
            else:
                out[-1] = (out[-1][0], weight + out[-1][1])
        else:
            out.append((pos, weight))
    return [pos for pos, _ in out]
