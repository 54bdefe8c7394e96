"""Checks across units, run in the parent over the small results of each file: evidence copied
between units (the same text, or the same number and date given as each unit's own document),
evidence issued by another unit of the workspace, units that sent nothing. (Which file counts
for a unit: ``check.attribution``.)"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from par_index.check import catalogue as c
from par_index.check.checks.base import emit, produces, words
from par_index.check.checks.evidence import name_key, names_any, unit_names
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
            others = sorted(_who(r, names) for r in same if r.unit != result.unit)
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


@produces(c.EVIDENCE_SAME_DOCUMENT)
def cross_same_document(
    cs: CriteriaSet, checks: list[UnitCheck], units: list[Unit], ctx: CheckContext
) -> Iterator[Finding]:
    """A document two units each give as their own with the same number and date: copied
    evidence with only the unit's name changed. Rows already flagged as identical text are left
    to ``evidence-copied``."""
    holders: dict[str, list[UnitCheck]] = defaultdict(list)
    for result in checks:
        for key in result.digest.own_documents:
            if result.unit is not None:
                holders[key].append(result)
    names_of = {u.code: u.name for u in units}
    copied = _copied_rows(checks)
    for key in sorted(holders):
        same = holders[key]
        if len({r.unit for r in same}) < 2:
            continue
        number, _, date = key.partition("|")
        who = sorted({(r.unit, _who(r, names_of)) for r in same})
        for result in same:
            others = _some(who, result.unit, ctx)
            for code in result.digest.own_documents[key]:
                if (result.unit, code) in copied:
                    continue
                yield _row_finding(
                    c.EVIDENCE_SAME_DOCUMENT, cs, result, code, ctx,
                    number=_cited_number(number), date=dt.date.fromisoformat(date), others=others,
                )  # fmt: skip


@produces(c.EVIDENCE_OTHER_UNIT)
def cross_other_unit(
    cs: CriteriaSet, checks: list[UnitCheck], units: list[Unit], ctx: CheckContext
) -> Iterator[Finding]:
    """Evidence whose issuer names another unit of the workspace (the longest name wins, so
    "Quảng Thành Tây" is not "Quảng Thành")."""
    keys = sorted(((k, u) for u in units for k in unit_names(u)), key=lambda p: -len(p[0]))
    for result in checks:
        for issuer, codes in sorted(result.digest.issuers.items()):
            folded = name_key(issuer)
            other = next((u for k, u in keys if names_any(folded, (k,))), None)
            if other is None or other.code == result.unit:
                continue
            for code in codes:
                yield _row_finding(
                    c.EVIDENCE_OTHER_UNIT, cs, result, code, ctx,
                    issuer=f"“{issuer}”", other=f"{other.name} ({other.code})",
                )  # fmt: skip


def _row_finding(kind, cs: CriteriaSet, result: UnitCheck, code: str, ctx: CheckContext, **values):
    node = cs.node(code) or next((i for _, i in cs.extras_items() if i.code == code), None)
    name = words(node.title, ctx) if node is not None else ""
    at = result.digest.cells.get(code)
    return emit(kind, ctx, result.unit, result.file, criterion=code, at=at, name=name, **values)


SHOWN_OTHERS = 3
"""Units a same-document finding names; the rest are counted (a set copied across a province
would otherwise name hundreds in every finding)."""


def _some(who: list[tuple[str | None, str]], me: str | None, ctx: CheckContext) -> str:
    """The first other units (sorted), and how many more."""
    others = [name for unit, name in who if unit != me]
    shown = ", ".join(others[:SHOWN_OTHERS])
    rest = len(others) - SHOWN_OTHERS
    return shown + (c.D_MORE_UNITS.format(ctx.lang, count=rest) if rest > 0 else "")


def _copied_rows(checks: list[UnitCheck]) -> set[tuple[str | None, str]]:
    """(unit, criterion) of the rows whose evidence text is identical to another unit's."""
    groups = _same_texts(checks)
    return {(r.unit, code) for code, text in _shared(groups) for r in groups[(code, text)]}


def _cited_number(key: str) -> str:
    """A folded document number shown upper-case as numbers are written ("12/KH-UBND")."""
    return key.upper()


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
