"""The margins: the index points between each unit and the next rank up and down, and to the
class boundaries above and below, on the published index the ranking and classes use
(``par_index.ranking``); and what is still pending on the unit's result (criteria not appraised
yet, survey results missing) that could move it."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from decimal import Decimal

from par_index.criteria.model import ClassBand, CriteriaSet
from par_index.ranking import RankingConfig, bands_for, published
from par_index.results import UnitResult


def with_margins(
    units: Iterable[UnitResult], cs: CriteriaSet, config: RankingConfig
) -> list[UnitResult]:
    """Each unit with its rank and class margins and pending items."""
    units = list(units)
    ranked = sorted({_value(u, config) for u in units if u.rank is not None})
    out = []
    for unit in units:
        value = _value(unit, config)
        update: dict[str, object] = {"pending": pending(unit)}
        if unit.rank is not None:
            update["rank_margin_up"], update["rank_margin_down"] = _neighbours(ranked, value)
        if unit.class_id is not None and unit.class_reason is None:
            bands = bands_for(cs, unit.unit.unit_type, config)
            update["class_margin_up"], update["class_margin_down"] = _boundaries(
                bands, unit.class_id, value
            )
        out.append(unit.model_copy(update=update))
    return out


def pending(unit: UnitResult) -> list[str]:
    """Codes of the unit's criteria whose score may still change: not appraised yet (the
    self-score stands in) or without a survey result."""
    return [row.code for row in unit.criteria if row.provisional or row.survey_missing]


def _value(unit: UnitResult, config: RankingConfig) -> Decimal:
    return published(unit.index, config.precision)


def _neighbours(values: Sequence[Decimal], value: Decimal) -> tuple[Decimal | None, Decimal | None]:
    """(points up to the next higher published index, points down to the next lower one);
    None at the top or the bottom. ``values``: the ranked units' distinct values, ascending."""
    at = bisect_left(values, value)
    up = values[at + 1] - value if at + 1 < len(values) else None
    down = value - values[at - 1] if at > 0 else None
    return up, down


def _boundaries(
    bands: Sequence[ClassBand], class_id: str, value: Decimal
) -> tuple[Decimal | None, Decimal | None]:
    """(points up to the next class's minimum, points down to this class's minimum); None
    for the highest class up and the lowest class down. Bands are highest first."""
    ids = [band.id for band in bands]
    if class_id not in ids:
        return None, None
    at = ids.index(class_id)
    up = bands[at - 1].min - value if at > 0 else None
    down = value - bands[at].min if at + 1 < len(bands) else None
    return up, down
