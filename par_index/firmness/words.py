"""How firm a result is, in words: "hạng 3 (2–5)", the class share, the area checks. One place
for the report's unit page and ranking table, report.xlsx and the staff consequences."""

from __future__ import annotations

from decimal import Decimal

from par_index.i18n import Message
from par_index.numbers import HUNDRED, NumberKind, display, written
from par_index.results import UnitResult

M_RANK = Message("firmness.rank", "hạng {rank} ({low}–{high})", "rank {rank} ({low}–{high})")
M_CLASS_SHARE = Message(
    "firmness.class-share",
    "giữ xếp loại {label} ở {share} % số lần mô phỏng",
    "class {label} kept in {share} % of the draws",
)
M_WEIGHTS = Message(
    "firmness.weights",
    "bỏ từng lĩnh vực, đổi trọng số ±{change} %: hạng {low}–{high}, chỉ số {least}–{most}",
    "each area left out, weights ±{change} %: rank {low}–{high}, index {least}–{most}",
)


def interval(unit: UnitResult) -> str:
    """ "3 (2–5)": the rank and its simulated interval; the rank alone when the interval is
    just the rank; "" when unranked."""
    if unit.rank is None:
        return ""
    if unit.rank_low is None or unit.rank_low == unit.rank_high == unit.rank:
        return str(unit.rank)
    return f"{unit.rank} ({unit.rank_low}–{unit.rank_high})"


def summary(unit: UnitResult, change: Decimal = Decimal(10)) -> str:
    """The interval, the class share and the area checks, as one clause."""
    parts = []
    if interval(unit) != str(unit.rank):
        parts.append(M_RANK.format(rank=unit.rank, low=unit.rank_low, high=unit.rank_high))
    if unit.class_share is not None and unit.class_share < 1:
        share = display(unit.class_share * HUNDRED, NumberKind.COUNT)
        parts.append(M_CLASS_SHARE.format(label=unit.class_label or "", share=share))
    if unit.weights_moves:
        least, most = unit.weights_index_min, unit.weights_index_max
        parts.append(
            M_WEIGHTS.format(
                change=written(change),
                low=unit.weights_rank_min if unit.weights_rank_min is not None else "—",
                high=unit.weights_rank_max if unit.weights_rank_max is not None else "—",
                least=display(least, NumberKind.PERCENT),
                most=display(most, NumberKind.PERCENT),
            )
        )
    return "; ".join(parts)
