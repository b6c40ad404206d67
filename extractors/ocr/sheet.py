"""The sheet of paper in a photographed page: its outline, its mask, and the sheet flattened.

A form photographed with a phone lies on a desk, and unless the phone was held square above it the sheet is
a quadrilateral, not a rectangle: its rules converge and its lines slant, which defeats the table grid and
the line finder. `flatten` finds the sheet's four corners (the largest bright area, when it is a clear
quadrilateral that does not fill the picture; each corner where lines fitted to two sides cross) and, when
the sheet is a trapezium rather than a turned rectangle (the deskew straightens those), warps it back to a
rectangle of its own proportions; `paper` gives the mask of the sheet so that its edge and the desk are
never taken for rules or photos. A scan (the sheet fills the picture) is left as it is. Owns only that; it
must not recognise text.
"""

from __future__ import annotations

import cv2
import numpy as np

_WORK_SIDE = 1000  # the sheet is looked for on a copy of this long side
_MIN_SHARE = 0.3  # a sheet covers at least this share of the picture
_FULL_SHARE = 0.93  # a bright area this large is the whole picture: a scan, nothing to flatten
_SQUARE = 0.012  # corners within this share of the picture's size of an upright rectangle's: already flat
_PARALLEL = 0.02  # opposite sides this close in length and direction: a turned rectangle, the deskew's job


def _sheet(gray: np.ndarray) -> tuple[np.ndarray, float, float] | None:
    """(outline on the reduced copy, its scale, the share of the picture it covers) of the largest bright
    area, or None when none stands out."""
    h, w = gray.shape
    scale = min(1.0, _WORK_SIDE / max(h, w))
    small = cv2.resize(gray, (max(8, round(w * scale)), max(8, round(h * scale))), interpolation=cv2.INTER_AREA)
    _, bright = cv2.threshold(cv2.GaussianBlur(small, (5, 5), 0), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not contours:
        return None
    outline = max(contours, key=cv2.contourArea)
    share = cv2.contourArea(outline) / (small.shape[0] * small.shape[1])
    return (outline, scale, share) if share >= _MIN_SHARE else None


def paper(gray: np.ndarray) -> np.ndarray | None:
    """Mask (255 = the sheet) of the paper in a photographed page — the largest bright area, holes filled,
    its edge trimmed — so the sheet's outline and the desk around it are never taken for rules or photos;
    None when no sheet stands out."""
    found = _sheet(gray)
    if found is None:
        return None
    outline, scale, _ = found
    h, w = gray.shape
    mask = np.zeros((max(8, round(h * scale)), max(8, round(w * scale))), np.uint8)
    cv2.drawContours(mask, [outline], -1, 255, thickness=cv2.FILLED)
    mask = cv2.erode(mask, np.ones((5, 5), np.uint8))
    return cv2.resize(mask, (w, h), interpolation=cv2.INTER_NEAREST)


def corners(gray: np.ndarray) -> np.ndarray | None:
    """The sheet's four corners in picture pixels (top-left, top-right, bottom-right, bottom-left) when the
    picture shows a sheet on a background that is not already an upright rectangle; else None."""
    found = _sheet(gray)
    if found is None:
        return None
    outline, scale, share = found
    if share >= _FULL_SHARE:
        return None
    hull = cv2.convexHull(outline)
    quad = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
    if len(quad) != 4 or not cv2.isContourConvex(quad):
        return None
    points = quad.reshape(4, 2).astype(np.float32)
    total, diff = points.sum(axis=1), np.diff(points, axis=1).ravel()
    ordered: np.ndarray = np.array([points[np.argmin(total)], points[np.argmin(diff)], points[np.argmax(total)],
                                    points[np.argmax(diff)]], np.float32)
    if len({tuple(p) for p in ordered.tolist()}) != 4:
        return None
    ordered = _refined(outline.reshape(-1, 2).astype(np.float32), ordered) / scale
    if _turned_rectangle(ordered):
        return None  # no perspective: rotation, if any, is the deskew's (it keeps the rules straight)
    x0, y0 = ordered.min(axis=0)
    x1, y1 = ordered.max(axis=0)
    upright = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)
    if np.abs(ordered - upright).max() <= _SQUARE * max(gray.shape):
        return None  # an upright rectangle
    return ordered


def _refined(outline: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The corners again, as the crossings of straight lines fitted to each side's outline points (the middle
    80 % of each side): a rounded or blurred corner no longer moves them."""
    lines = []
    for k in range(4):
        a, b = quad[k], quad[(k + 1) % 4]
        d = b - a
        length = float(np.linalg.norm(d))
        normal = np.array([-d[1], d[0]], np.float32) / max(length, 1e-6)
        rel = outline - a
        t = rel @ d / max(length * length, 1e-6)
        near = outline[(t > 0.1) & (t < 0.9) & (np.abs(rel @ normal) < max(3.0, 0.03 * length))]
        if len(near) < 10:
            return quad
        vx, vy, x0, y0 = cv2.fitLine(near, cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        lines.append((np.array([x0, y0]), np.array([vx, vy])))
    out = []
    for k in range(4):  # corner k joins side k-1 and side k
        (p, u), (q, v) = lines[k - 1], lines[k]
        det = u[0] * -v[1] - u[1] * -v[0]
        if abs(det) < 1e-6:
            return quad
        s = ((q - p)[0] * -v[1] - (q - p)[1] * -v[0]) / det
        out.append(p + s * u)
    return np.array(out, np.float32)


def _turned_rectangle(quad: np.ndarray) -> bool:
    """Opposite sides (nearly) equal and parallel: a rectangle, perhaps turned, not a trapezium."""
    sides = [quad[(k + 1) % 4] - quad[k] for k in range(4)]
    for a, b in ((sides[0], -sides[2]), (sides[1], -sides[3])):
        la, lb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
        if abs(la - lb) > _PARALLEL * max(la, lb):
            return False
        if abs(float(a[0] * b[1] - a[1] * b[0])) / max(la * lb, 1e-6) > _PARALLEL:  # sine of the angle between them
            return False
    return True


def flatten(image: np.ndarray, gray: np.ndarray) -> np.ndarray | None:
    """The photographed sheet warped to an upright rectangle of its own proportions (BGR), or None when
    there is nothing to flatten."""
    quad = corners(gray)
    if quad is None:
        return None
    tl, tr, br, bl = quad
    width = round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    if width < 200 or height < 200:
        return None
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(quad, target)
    return cv2.warpPerspective(image, matrix, (width, height), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)
