"""The registry of rule kinds: each ``kind:`` of ``criteria.model.Rule`` and the class that
knows it. Adding a kind: its model in ``criteria.model`` (and the ``Rule`` union), its module
here, and one line in ``KINDS`` (docs/_rule-kinds.md)."""

from __future__ import annotations

from pydantic import BaseModel

from par_index.rules.kinds.appraiser import Appraiser
from par_index.rules.kinds.base import RuleKind
from par_index.rules.kinds.best_in_group import BestInGroup
from par_index.rules.kinds.conditions import Conditions
from par_index.rules.kinds.deduction import Deduction
from par_index.rules.kinds.levels import Levels
from par_index.rules.kinds.per_event import PerEvent
from par_index.rules.kinds.proportional import Proportional
from par_index.rules.kinds.scaled import Scaled
from par_index.rules.kinds.share_deduction import ShareDeduction
from par_index.rules.kinds.survey import Survey
from par_index.rules.kinds.thresholds import Thresholds
from par_index.rules.kinds.yes_no import YesNo

KINDS: dict[type[BaseModel], RuleKind] = {
    kind.model: kind
    for kind in (
        YesNo(),
        Levels(),
        Thresholds(),
        Proportional(),
        Deduction(),
        PerEvent(),
        Survey(),
        Appraiser(),
        ShareDeduction(),
        Scaled(),
        BestInGroup(),
        Conditions(),
    )
}
"""Rule model -> its kind, in the order the docs list them."""


def kind_of(rule: BaseModel) -> RuleKind:
    """The kind of a criterion's rule."""
    return KINDS[type(rule)]


__all__ = ["KINDS", "RuleKind", "kind_of"]
