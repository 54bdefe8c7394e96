"""What a rule kind is: one class that knows everything about one ``kind:`` of scoring rule."""

from __future__ import annotations

from abc import ABC, abstractmethod
from decimal import Decimal
from typing import ClassVar, Generic, TypeVar

from pydantic import BaseModel

from par_index.criteria.model import CriteriaSet, Criterion, LocalText
from par_index.i18n import Lang
from par_index.numbers import written
from par_index.rules.answers import Answers, Evaluation

R = TypeVar("R", bound=BaseModel)


class RuleKind(ABC, Generic[R]):
    """One kind of scoring rule, whole: how it scores a unit's answers, the points it can give
    and the words officers read. What every kind shares (overrides, not applicable, keeping
    points within 0..max) is done around it, in ``rules.engine`` and ``rules.scores``."""

    name: ClassVar[str]
    """The ``kind:`` written in YAML."""
    model: ClassVar[type[BaseModel]]
    """The rule's pydantic model in ``criteria.model``."""
    example: ClassVar[str]
    """A complete leaf criterion using the kind, in YAML (docs/criteria-format.md shows it)."""

    @abstractmethod
    def evaluate(
        self, cs: CriteriaSet, criterion: Criterion, rule: R, answers: Answers, possible: Decimal
    ) -> Evaluation:
        """The points the unit's answers earn (not applicable and overrides already handled)."""

    @abstractmethod
    def reach(
        self, cs: CriteriaSet, criterion: Criterion, rule: R, possible: Decimal
    ) -> set[Decimal] | None:
        """Every value ``evaluate`` can give (before clamping to 0..max); None when any value
        within 0..max can come out, or too many to list (see ``common.MAX_STEPS``)."""

    @abstractmethod
    def method(self, criterion: Criterion, rule: R, possible: Decimal) -> LocalText:
        """The scoring-method text officers read when the set gives none (vi, en)."""


def points_en(value: Decimal) -> str:
    """ "1 point", "0.5 points" for the English method texts."""
    return f"{written(value, Lang.EN)} point{'' if value == 1 else 's'}"
