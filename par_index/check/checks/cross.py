"""Checks across units, run in the parent over the small results of each file: evidence copied
between units, units that sent nothing. (Which file counts for a unit: ``check.attribution``.)"""

from __future__ import annotations

from collections.abc import Iterator

from par_index.check import catalogue as c
from par_index.check.checks.base import emit, produces, words
from par_index.check.context import CheckContext
from par_index.check.finding import Finding
from par_index.check.outcome import UnitCheck
from par_index.criteria.model import CriteriaSet
from par_index.units import Unit


@produces(c.EVIDENCE_COPIED)
def cross_evidence_copied(
    cs: CriteriaSet, checks: list[UnitCheck], units: list[Unit], ctx: CheckContext
) -> Iterator[Finding]:
    """The same evidence text for the same criterion in files of different units."""
    groups = _same_texts(checks)
    names = {u.code: u.name for u in units}
    for code, text in _shared(groups):
        same = groups[(code, text)]
        node = cs.node(code)
        name = words(node.title, ctx) if node is not None else ""
        for result in same:
            others = [_who(r, names) for r in same if r.unit != result.unit]
            yield emit(
                c.EVIDENCE_COPIED,
                ctx,
                result.unit,
                result.file,
                criterion=code,
                at=result.digest.texts[code].cell,
                name=name,
                others=", ".join(others),
            )


@produces(c.MISSING_SUBMISSION)
def cross_missing(
    cs: CriteriaSet, checks: list[UnitCheck], units: list[Unit], ctx: CheckContext
) -> Iterator[Finding]:
    """A unit of the units file with no file at all (an unreadable file still counts as sent;
    a file carrying its code under another unit's name is told by ``check.attribution``)."""
    sent = {result.unit for result in checks} | {result.coded for result in checks}
    for unit in units:
        if unit.code not in sent:
            yield emit(c.MISSING_SUBMISSION, ctx, unit.code, None, name=unit.name)


def _same_texts(checks: list[UnitCheck]) -> dict[tuple[str, str], list[UnitCheck]]:
    """The files of each (criterion, text hash) found in more than one file. A country run has
    200,000 keys, nearly all in one file: a list is made only for a key seen twice."""
    first: dict[tuple[str, str], UnitCheck] = {}
    groups: dict[tuple[str, str], list[UnitCheck]] = {}
    for result in checks:
        for code, evidence in result.digest.texts.items():
            key = (code, evidence.hash)
            seen = first.setdefault(key, result)
            if seen is not result:
                groups.setdefault(key, [seen]).append(result)
    return groups


def _shared(groups: dict[tuple[str, str], list[UnitCheck]]) -> list[tuple[str, str]]:
    """The (criterion, text) keys found in more than one unit, sorted."""
    return sorted(key for key, same in groups.items() if len({r.unit for r in same}) > 1)


def _who(result: UnitCheck, names: dict[str, str]) -> str:
    if result.unit is None:
        return result.file
    name = names.get(result.unit)
    return f"{name} ({result.unit})" if name else result.unit
