"""Ranking, classes and the inflation ranking: pure functions over UnitResults.

Ties are decided at the published precision: the index is rounded half up (the project's one
rounding rule) to ``precision`` decimals, equal values share a rank and the next rank skips
(1, 2, 2, 4). Classes use the same published value, so the class always agrees with the number
printed beside it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from par_index.criteria.model import ClassBand, CriteriaSet
from par_index.numbers import JSON_PLACES, NumberKind, quantize
from par_index.results import Results, UnitResult
from par_index.text import collation_key

Scope = Literal["all", "unit_type", "group"]


class RankingConfig(BaseModel):
    """How units are ranked and classed (``ranking:`` in par-index.yaml)."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    precision: int = Field(2, ge=0, le=JSON_PLACES[NumberKind.PERCENT])
    """Decimals of the published index; ties are decided at this precision (at most the six
    results.json keeps, so last year's file gives the same published index)."""
    scope: Scope = "all"
    """Also rank within each unit type or each group (rank_in_group): all, unit_type, group."""
    exclude: dict[str, str] = {}
    """Unit code -> reason: the unit keeps its scores and class but gets no rank."""
    bands: dict[str, list[ClassBand]] = {}
    """Unit type (or "*" for every type) -> class bands replacing the set's, highest first."""


def published(index: Decimal, precision: int) -> Decimal:
    """The index as published: rounded half up to the ranking precision."""
    return quantize(index, precision)


def competition_ranks(values: Sequence[Decimal]) -> list[int]:
    """Standard competition ranks, high to low: equal values share a rank, the next skips."""
    ordered = sorted(values)
    return [1 + len(ordered) - bisect_right(ordered, value) for value in values]


def ranks_from_bottom(values: Sequence[Decimal]) -> list[int]:
    """1 for the lowest value, ties sharing it: 1 + how many values are strictly lower."""
    ordered = sorted(values)
    return [1 + bisect_left(ordered, value) for value in values]


def rank(results: Iterable[UnitResult], config: RankingConfig) -> list[UnitResult]:
    """Ranked units high to low (ties share a rank), then the excluded ones with their reason."""
    marked = [_excluded(r, config) for r in results]
    ranked = [r for r in marked if r.excluded is None]
    excluded = sorted((r for r in marked if r.excluded is not None), key=_name_key)
    key = lambda r: published(r.index, config.precision)  # noqa: E731
    ranked.sort(key=lambda r: (-key(r), *_name_key(r)))
    overall = competition_ranks([key(r) for r in ranked])
    scoped = _scoped(ranked, config, key)
    out = []
    for result, place in zip(ranked, overall, strict=True):
        in_group, from_bottom = scoped[result.unit.code]
        out.append(
            result.model_copy(
                update={
                    "rank": place,
                    "rank_in_group": in_group if config.scope != "all" else None,
                    "rank_from_bottom": from_bottom,
                }
            )
        )
    blank = {"rank": None, "rank_in_group": None, "rank_from_bottom": None}
    return out + [r.model_copy(update=blank) for r in excluded]


def _excluded(result: UnitResult, config: RankingConfig) -> UnitResult:
    reason = config.exclude.get(result.unit.code)
    return result if reason is None else result.model_copy(update={"excluded": reason})


def _name_key(result: UnitResult) -> tuple[tuple, str]:
    """Units that tie are listed in Vietnamese alphabetical order of their names."""
    return collation_key(result.unit.name), result.unit.code


def group_of(result: UnitResult, scope: Scope) -> str:
    """The ranking group of a unit under a scope ("" for all)."""
    if scope == "unit_type":
        return result.unit.unit_type
    if scope == "group":
        return result.unit.group or ""
    return ""


def _scoped(ranked: list[UnitResult], config: RankingConfig, key: Callable) -> dict:
    """Unit code -> (rank within its scope group, rank from the bottom of that group)."""
    groups: dict[str, list[UnitResult]] = {}
    for result in ranked:
        groups.setdefault(group_of(result, config.scope), []).append(result)
    out: dict[str, tuple[int, int]] = {}
    for members in groups.values():
        values = [key(r) for r in members]
        pairs = zip(competition_ranks(values), ranks_from_bottom(values), strict=True)
        for result, pair in zip(members, pairs, strict=True):
            out[result.unit.code] = pair
    return out


# -- classes ------------------------------------------------------------------------------------
def bands_for(cs: CriteriaSet, unit_type: str, config: RankingConfig) -> list[ClassBand]:
    """The class bands of a unit type: the configured override, else the set's."""
    return config.bands.get(unit_type) or config.bands.get("*") or cs.bands_for(unit_type)


def band_of(bands: Sequence[ClassBand], value: Decimal) -> ClassBand | None:
    """The first band (highest first) whose ``min`` the value reaches (exceeds if not inclusive)."""
    for band in bands:
        if value > band.min or (value == band.min and band.inclusive):
            return band
    return None


def classify(results: Iterable[UnitResult], cs: CriteriaSet, config: RankingConfig):
    """Each unit's class from its published index; a class forced by an override is kept."""
    out = []
    for result in results:
        bands = bands_for(cs, result.unit.unit_type, config)
        if result.class_reason is not None:
            label = _label(bands, cs, config, result.class_id)
            out.append(result.model_copy(update={"class_label": label}))
            continue
        band = band_of(bands, published(result.index, config.precision))
        update: dict[str, str | None] = {"class_id": None, "class_label": None}
        if band is not None:
            update = {"class_id": band.id, "class_label": str(band.label)}
        out.append(result.model_copy(update=update))
    return out


def _label(bands: Sequence[ClassBand], cs: CriteriaSet, config: RankingConfig, band_id):
    every = [*bands, *cs.classification.bands, *_all(cs.classification.by_type)]
    every += _all(config.bands)
    return next((str(b.label) for b in every if b.id == band_id), band_id)


def _all(by_type: Mapping[str, list[ClassBand]]) -> list[ClassBand]:
    return [band for bands in by_type.values() for band in bands]


# -- gap analysis -------------------------------------------------------------------------------
def rank_inflation(results: Iterable[UnitResult], places: int = 4) -> list[UnitResult]:
    """Inflation rank (1 = most inflated self-scoring) by the self/final ratio, ties shared;
    units without a ratio (nothing granted) get none. Order of the input is kept."""
    results = list(results)
    values = [None if r.inflation is None else quantize(r.inflation, places) for r in results]
    present = [v for v in values if v is not None]
    places_of = dict(zip(present, competition_ranks(present), strict=True))
    return [
        r.model_copy(update={"inflation_rank": None if v is None else places_of[v]})
        for r, v in zip(results, values, strict=True)
    ]


def by_inflation(results: Iterable[UnitResult]) -> list[UnitResult]:
    """Units from the most to the least inflated (units without a ratio last)."""
    return sorted(
        results,
        key=lambda r: (r.inflation_rank is None, r.inflation_rank or 0, *_name_key(r)),
    )


# -- year over year ----------------------------------------------------------------------------
def compare(current: Results, previous: Results) -> Results:
    """Fill each unit's previous index and rank and the changes, matching units by code.

    Index change is the difference of the published values (so it matches the printed numbers);
    rank change is positive when the unit moved up.
    """
    before = {u.unit.code: u for u in previous.units}
    units = [_compare_unit(u, before.get(u.unit.code), current.precision) for u in current.units]
    return current.model_copy(update={"units": units})


def _compare_unit(unit: UnitResult, old: UnitResult | None, precision: int) -> UnitResult:
    if old is None:
        return unit
    change = quantize(unit.index, precision) - quantize(old.index, precision)
    moved = None
    if unit.rank is not None and old.rank is not None:
        moved = old.rank - unit.rank
    update = {
        "previous_index": old.index,
        "previous_rank": old.rank,
        "index_change": change,
        "rank_change": moved,
    }
    return unit.model_copy(update=update)
