"""How firm each unit's rank and class are (docs/method.md, "How firm a result is"):

- ``margins``: index points to the next rank and class boundary; what is still pending;
- ``simulate`` (with ``draws``): a rank interval from the survey's sampling error and the
  criteria still under appraisal, by simulation with a fixed seed;
- ``weights``: each area left out and each area's weight up and down (composite-index practice).

Pure: takes ranked and classed results, gives copies with the figures set.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from par_index.criteria.model import CriteriaSet
from par_index.firmness.config import FirmnessConfig
from par_index.firmness.margins import pending, with_margins
from par_index.firmness.simulate import Interval, intervals
from par_index.firmness.weights import Spread, spreads
from par_index.ranking import RankingConfig, band_of, bands_for
from par_index.results import UnitResult

if TYPE_CHECKING:  # par_index.inputs carries the firmness configuration
    from par_index.inputs import SurveyAnswers

__all__ = ["FirmnessConfig", "pending", "scenarios", "with_firmness"]


def with_firmness(
    units: Iterable[UnitResult],
    cs: CriteriaSet,
    config: RankingConfig,
    firmness: FirmnessConfig | None = None,
    answers: SurveyAnswers | None = None,
) -> list[UnitResult]:
    """Each unit with its margins, pending items, rank interval (``firmness.draws`` simulated
    draws; none when 0) and area checks, and whether all of them leave its rank and class as
    they are. ``answers``: the survey's answer counts (the sampling error)."""
    firmness = firmness or FirmnessConfig()
    units = with_margins(units, cs, config)
    found = intervals(units, cs, config, firmness, answers or {})
    checks = spreads(units, cs, config, firmness.weight_change)
    out = []
    for at, unit in enumerate(units):
        update = _spread_fields(checks[at])
        if found is not None:
            update |= _interval_fields(found[at])
        update["firm"] = _firm(unit, update, firmness)
        out.append(unit.model_copy(update=update))
    return out


def _interval_fields(found: Interval) -> dict[str, object]:
    return {
        "rank_low": found.rank_low,
        "rank_high": found.rank_high,
        "index_low": found.index_low,
        "index_high": found.index_high,
        "class_share": found.class_share,
    }


def _spread_fields(spread: Spread) -> dict[str, object]:
    return {
        "weights_rank_min": spread.rank_min,
        "weights_rank_max": spread.rank_max,
        "weights_index_min": spread.index_min,
        "weights_index_max": spread.index_max,
        "weights_moves": spread.moves,
    }


def _firm(unit: UnitResult, update: dict, firmness: FirmnessConfig) -> bool:
    """Rank interval just the rank, the class kept in at least the interval's coverage of the
    draws, no area check moving rank or class."""
    low, high = update.get("rank_low"), update.get("rank_high")
    share = update.get("class_share")
    steady_rank = low is None or low == high == unit.rank
    steady_class = share is None or share * 100 >= firmness.interval
    return steady_rank and steady_class and not update["weights_moves"]


def scenarios(unit: UnitResult, cs: CriteriaSet, config: RankingConfig) -> list[UnitResult]:
    """The unit at the ends of its rank interval and of its area checks: copies with that
    published index, the class it gives (a forced class kept) and the place from the bottom
    moved by as many places as the rank (what the staff rules read)."""
    ends = [
        (unit.index_low, unit.rank_high),
        (unit.index_high, unit.rank_low),
        (unit.weights_index_min, unit.weights_rank_max),
        (unit.weights_index_max, unit.weights_rank_min),
    ]
    out = []
    for index, rank in ends:
        if index is None:
            continue
        update: dict[str, object] = {"index": index}
        if unit.class_reason is None:
            band = band_of(bands_for(cs, unit.unit.unit_type, config), index)
            update["class_id"] = band.id if band else None
        if rank is not None and unit.rank is not None and unit.rank_from_bottom is not None:
            update["rank_from_bottom"] = max(1, unit.rank_from_bottom - (rank - unit.rank))
        out.append(unit.model_copy(update=update))
    return out
