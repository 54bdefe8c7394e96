"""A score below the maximum needs an explanation where the criterion requires one; an
explanation that says nothing ("Không có", ".", "-", "x") counts as none."""

from __future__ import annotations

import re
from collections.abc import Iterator

from par_index.check import catalogue as c
from par_index.check.checks.base import at_row, produces
from par_index.check.checks.plan import evaluation, rows
from par_index.check.checks.recompute import basis
from par_index.check.context import CheckContext
from par_index.check.finding import Finding
from par_index.criteria.model import CriteriaSet
from par_index.submission import Entry, Submission
from par_index.text import fold, strip_accents
from par_index.units import Unit

PLACEHOLDERS = frozenset(
    {"khong", "khong co", "chua co", "k", "ko", "kc", "k co", "kco", "x", "xx", "na", "n a",
     "nt", "nhu tren",
     "giai trinh", "khong giai trinh", "khong co giai trinh", "khong can giai trinh", "0"}
)  # fmt: skip
"""Explanations, folded without accents or punctuation, that explain nothing."""
_NOT_WORDS = re.compile(r"[^\w]+|_")


def explained(entry: Entry) -> bool:
    """The row has an explanation that says something (not blank, not a placeholder)."""
    text = entry.explanation
    if not text:
        return False
    words = _NOT_WORDS.sub(" ", strip_accents(fold(text))).strip()
    return bool(words) and words not in PLACEHOLDERS


@produces(c.EXPLANATION_MISSING)
def check_explanation(
    cs: CriteriaSet, submission: Submission, unit: Unit, ctx: CheckContext
) -> Iterator[Finding]:
    """Partial scores (below the max) of criteria with ``explanation_required`` are explained."""
    for row in rows(cs, submission, unit, ctx.memo):
        if not row.item.needs_explanation:
            continue
        score = row.entry.self_score
        if score is None or score >= row.item.possible or score < 0 or row.not_applicable:
            continue
        if explained(row.entry):
            continue
        typed = row.entry.explanation
        yield at_row(
            c.EXPLANATION_MISSING,
            row,
            submission,
            unit,
            ctx,
            at=row.entry.explanation_cell or row.score_cell,
            self_score=score,
            max=row.possible,
            typed=c.D_TYPED.format(ctx.lang, typed=typed.strip()) if typed else "",
        )


@produces(c.NOT_APPLICABLE_NO_REASON)
def check_not_applicable_reason(
    cs: CriteriaSet, submission: Submission, unit: Unit, ctx: CheckContext
) -> Iterator[Finding]:
    """A criterion not applicable to the unit (answered so, or 0 of 0) says why."""
    for row in rows(cs, submission, unit, ctx.memo):
        if not row.not_applicable or (row.entry.explanation or "").strip():
            continue
        result = evaluation(cs, row, unit.unit_type, ctx.memo)
        yield at_row(
            c.NOT_APPLICABLE_NO_REASON,
            row,
            submission,
            unit,
            ctx,
            at=row.entry.explanation_cell or row.score_cell,
            basis=basis(row, result, ctx, facts=True),
        )
