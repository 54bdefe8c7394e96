"""The area checks of composite-index practice (COINr; the JRC/OECD Handbook on Constructing
Composite Indicators): the index again with each area left out (the other areas' points over
their maxima) and with each area's weight ``weight_change`` percent up and down (the other
areas' weights rescaled so they still add up to one), bonus and penalty kept at their index
points. Exact Decimal, published, ranked and classed by the project's rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext

from par_index.criteria.model import CriteriaSet
from par_index.numbers import HUNDRED, ZERO
from par_index.ranking import RankingConfig, band_of, bands_for, competition_ranks, published
from par_index.results import UnitResult

Variant = tuple[str, str, Decimal]
"""(label, area code, weight factor): factor 0 leaves the area out."""


@dataclass
class Spread:
    """One unit's published index, rank and class over the area checks."""

    index_min: Decimal
    index_max: Decimal
    rank_min: int | None = None
    rank_max: int | None = None
    moves: list[str] = field(default_factory=list)
    """Labels of the checks that change the unit's rank or class."""


def variants(units: Sequence[UnitResult], change: Decimal) -> list[Variant]:
    """Every area left out ("-A"), then up and down ("A+10%", "A-10%"), in the areas' order."""
    codes = list(dict.fromkeys(a.code for u in units for a in u.areas))
    step = change / HUNDRED
    shown = f"{change.normalize():f}"
    out: list[Variant] = [(f"-{code}", code, ZERO) for code in codes]
    for code in codes:
        out += [(f"{code}+{shown}%", code, 1 + step), (f"{code}-{shown}%", code, 1 - step)]
    return out


def spreads(
    units: Sequence[UnitResult], cs: CriteriaSet, ranking: RankingConfig, change: Decimal
) -> list[Spread]:
    """Each unit's spread over the area checks, in the units' order."""
    now = [published(u.index, ranking.precision) for u in units]
    out = [Spread(index, index) for index in now]
    ranked = [at for at, u in enumerate(units) if u.rank is not None]
    parts = [_Parts.of(u) for u in units]
    for label, code, factor in variants(units, change):
        with localcontext(prec=40):
            values = [published(p.reweighted(code, factor), ranking.precision) for p in parts]
        ranks = dict(zip(ranked, competition_ranks([values[at] for at in ranked]), strict=True))
        for at, unit in enumerate(units):
            spread, value = out[at], values[at]
            spread.index_min, spread.index_max = (
                min(spread.index_min, value),
                max(spread.index_max, value),
            )
            rank = ranks.get(at)
            if rank is not None:
                spread.rank_min = min(spread.rank_min or rank, rank)
                spread.rank_max = max(spread.rank_max or rank, rank)
            if rank != unit.rank or _class_moves(unit, value, cs, ranking):
                spread.moves.append(label)
    return out


def _class_moves(unit: UnitResult, value: Decimal, cs: CriteriaSet, ranking: RankingConfig):
    if unit.class_reason is not None or unit.class_id is None:
        return False
    band = band_of(bands_for(cs, unit.unit.unit_type, ranking), value)
    return (band.id if band else None) != unit.class_id


@dataclass(frozen=True)
class _Parts:
    """What the area checks need of a unit, worked out once."""

    index: Decimal
    possible: Decimal
    tree: Decimal
    extras: Decimal
    """Index points from bonus and penalty (and the policy's floor and cap)."""
    areas: dict[str, tuple[Decimal, Decimal]]
    """Area code -> (possible, final), areas with points possible only."""

    @classmethod
    def of(cls, unit: UnitResult) -> _Parts:
        possible = sum((a.possible for a in unit.areas), ZERO)
        tree = sum((a.final for a in unit.areas), ZERO)
        with localcontext(prec=40):
            extras = unit.index - tree / possible * HUNDRED if possible else ZERO
        areas = {a.code: (a.possible, a.final) for a in unit.areas if a.possible > 0}
        return cls(unit.index, possible, tree, extras, areas)

    def reweighted(self, code: str, factor: Decimal) -> Decimal:
        """The index with area ``code``'s weight times ``factor`` (0: left out), the other
        areas' weights rescaled to keep the sum; unchanged when the unit has no such area or
        only that one."""
        area = self.areas.get(code)
        if area is None or self.possible <= area[0]:
            return self.index
        most, final = area
        weight = most / self.possible  # within the caller's 40-digit context
        others = (1 - weight * factor) / (1 - weight)
        part = factor * final + others * (self.tree - final)
        return part / self.possible * HUNDRED + self.extras
