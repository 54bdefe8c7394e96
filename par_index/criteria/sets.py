"""The set each unit is scored on: one set for every unit, or one per group of units (the
departments on so-2025 and the communes on xa-2025 under one decision: ``groups:`` in
par-index.yaml). A unit belongs to the group whose set declares its unit type."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from par_index.criteria.model import CriteriaSet


@dataclass(frozen=True)
class UnitGroup:
    """A group of units scored and ranked on its own set."""

    id: str
    """Short id, e.g. "so" (results.json's ``set_group``)."""
    name: str
    """Heading in the reports and the decision, e.g. "Sở, ban, ngành"."""
    cs: CriteriaSet


@dataclass(frozen=True)
class UnitSets:
    """The groups of a workspace, each with its set; a unit type belongs to one group."""

    groups: tuple[UnitGroup, ...]

    def group_of(self, unit_type: str) -> UnitGroup:
        """The group whose set declares the unit type (the first group when none does: the
        units file was checked against every set when it was read)."""
        for group in self.groups:
            if unit_type in group.cs.type_ids():
                return group
        return self.groups[0]

    def of(self, unit_type: str) -> CriteriaSet:
        return self.group_of(unit_type).cs

    def type_ids(self) -> list[str]:
        """Every unit type of every group's set, in the groups' order."""
        return [t for group in self.groups for t in group.cs.type_ids()]


Sets = CriteriaSet | UnitSets
"""What a reader or writer that handles many units takes: the one set, or a set per group."""


def set_for(sets: Sets, unit_type: str) -> CriteriaSet:
    """The set a unit of this type is scored on."""
    return sets if isinstance(sets, CriteriaSet) else sets.of(unit_type)


def shared_type(sets: Sequence[CriteriaSet]) -> tuple[str, int, int] | None:
    """The first unit type two of the sets declare, with the indexes of both (a unit of that
    type would belong to no one group), else None."""
    owner: dict[str, int] = {}
    for index, cs in enumerate(sets):
        for unit_type in cs.type_ids():
            if unit_type in owner:
                return unit_type, owner[unit_type], index
            owner[unit_type] = index
    return None
