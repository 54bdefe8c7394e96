"""Static charts as inline SVG, drawn in Python: no script, no font or file from outside.

Every chart scales to its container (``viewBox`` with ``width="100%"``), so it prints inside
the page; every text in it is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

from markupsafe import Markup

from par_index.numbers import NumberKind, display

WIDTH = 1000
LABEL_W = 240
VALUE_W = 70
ROW_H = 22
TOP = 26


@dataclass(frozen=True)
class Bar:
    """One bar: its label, value and colour."""

    label: str
    value: Decimal
    colour: str = "#4E79A7"


@dataclass(frozen=True)
class Pair:
    """Two bars for one label (e.g. self-score against appraised)."""

    label: str
    first: Decimal
    second: Decimal


def _svg(height: int, body: list[str], title: str) -> Markup:
    head = (
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet"><title>{escape(title)}</title>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _text(x: float, y: float, content: str, anchor: str = "start", cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{klass}>{escape(content)}</text>'


def _scale(scale_max: Decimal, height: int, lang: str, top: int = TOP) -> list[str]:
    """Vertical grid lines at 0, 25, 50, 75 and 100 % of the scale, with their values."""
    span = WIDTH - LABEL_W - VALUE_W
    out = []
    for step in range(5):
        x = LABEL_W + span * step / 4
        out.append(f'<line class="grid" x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height}"/>')
        tick = display(scale_max * step / 4, NumberKind.COUNT, lang)
        out.append(_text(x, top - 10, tick, "middle", "axis"))
    return out


def _width(value: Decimal, scale_max: Decimal) -> float:
    if scale_max <= 0:
        return 0.0
    share = min(max(value / scale_max, Decimal(0)), Decimal(1))
    return float(share) * (WIDTH - LABEL_W - VALUE_W)


def bar_chart(bars: list[Bar], title: str, lang: str, scale_max: Decimal = Decimal(100)) -> Markup:
    """Horizontal bars, one per label, with the value printed at the end of the bar."""
    height = TOP + ROW_H * len(bars) + 4
    body = _scale(scale_max, height, lang)
    for i, bar in enumerate(bars):
        y = TOP + ROW_H * i
        w = _width(bar.value, scale_max)
        body.append(_text(LABEL_W - 6, y + 15, bar.label, "end", "label"))
        body.append(
            f'<rect x="{LABEL_W}" y="{y + 3}" width="{w:.1f}" height="{ROW_H - 6}" '
            f'fill="{bar.colour}"/>'
        )
        shown = display(bar.value, NumberKind.PERCENT, lang)
        body.append(_text(LABEL_W + w + 4, y + 15, shown, "start", "value"))
    return _svg(height, body, title)


def paired_chart(
    pairs: list[Pair],
    title: str,
    legend: tuple[str, str],
    lang: str,
    scale_max: Decimal = Decimal(100),
) -> Markup:
    """Two thin bars per label (first above second) and a legend on top."""
    colours = ("#F28E2B", "#4E79A7")
    row = ROW_H + 8
    top = TOP + 18
    height = top + row * len(pairs) + 4
    body = [
        f'<rect x="{LABEL_W}" y="4" width="12" height="10" fill="{colours[0]}"/>',
        _text(LABEL_W + 16, 13, legend[0], "start", "legend"),
        f'<rect x="{LABEL_W + 220}" y="4" width="12" height="10" fill="{colours[1]}"/>',
        _text(LABEL_W + 236, 13, legend[1], "start", "legend"),
    ]
    body += _scale(scale_max, height, lang, top)
    for i, pair in enumerate(pairs):
        y = top + row * i
        body.append(_text(LABEL_W - 6, y + 17, pair.label, "end", "label"))
        for j, (value, colour) in enumerate(zip((pair.first, pair.second), colours, strict=True)):
            w = _width(value, scale_max)
            bar_y = y + 3 + j * 12
            body.append(
                f'<rect x="{LABEL_W}" y="{bar_y}" width="{w:.1f}" height="11" fill="{colour}"/>'
            )
            shown = display(value, NumberKind.PERCENT, lang)
            body.append(_text(LABEL_W + w + 4, bar_y + 10, shown, "start", "value small"))
    return _svg(height, body, title)


def column_chart(bars: list[Bar], title: str, lang: str) -> Markup:
    """Vertical columns (e.g. units per class) with the count above each column."""
    height = 240
    base = height - 34
    top = 24
    most = max((bar.value for bar in bars), default=Decimal(0)) or Decimal(1)
    slot = (WIDTH - 80) / max(len(bars), 1)
    body = [f'<line class="grid" x1="40" y1="{base}" x2="{WIDTH - 40}" y2="{base}"/>']
    for i, bar in enumerate(bars):
        h = float(bar.value / most) * (base - top)
        x = 40 + slot * i + slot * 0.2
        w = slot * 0.6
        body.append(
            f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{w:.1f}" height="{h:.1f}" '
            f'fill="{bar.colour}"/>'
        )
        count = display(bar.value, NumberKind.COUNT, lang)
        body.append(_text(x + w / 2, base - h - 6, count, "middle", "value"))
        body.append(_text(x + w / 2, base + 20, bar.label, "middle", "label"))
    return _svg(height, body, title)
