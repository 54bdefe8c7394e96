"""Rules over all units (``best_in_group``): a unit's points depend on the other units' figures,
so scoring each unit leaves them pending; once every unit is scored, ``fill_group_rules`` gives
each row its recomputed points. ``scoring.with_group_rules`` then decides the final scores."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from par_index.criteria.model import BestInGroupRule, CriteriaSet, Criterion
from par_index.results import UnitResult
from par_index.rules.kinds.best_in_group import group_key, group_points


def group_rules(cs: CriteriaSet) -> list[tuple[Criterion, BestInGroupRule]]:
    """Every criterion (bonus and penalty items included) whose rule is over all units."""
    items = [*cs.leaves(), *(item for _section, item in cs.extras_items())]
    return [(c, c.rule) for c in items if isinstance(c.rule, BestInGroupRule)]


def fill_group_rules(cs: CriteriaSet, results: Sequence[UnitResult]) -> dict[str, set[str]]:
    """Set ``recomputed`` on every row of a group rule that has a value: the value ÷ the
    highest value of its group × the row's maximum. Rows left not applicable neither take
    points nor count in the group. Unit code -> the codes of its rows filled."""
    filled: dict[str, set[str]] = {}
    for criterion, rule in group_rules(cs):
        rows = [
            (result, row)
            for result in results
            if criterion.code in result.group_values
            for row in result.criteria
            if row.code == criterion.code and not row.not_applicable
        ]
        best: dict[str | None, Decimal] = {}
        for result, row in rows:
            key = group_key(rule, result.unit)
            value = result.group_values[row.code]
            best[key] = max(best.get(key, value), value)
        for result, row in rows:
            best_value = best[group_key(rule, result.unit)]
            value = result.group_values[row.code]
            row.recomputed = group_points(rule, value, best_value, row.possible)
            filled.setdefault(result.unit.code, set()).add(row.code)
    return filled
