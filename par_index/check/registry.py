"""The one list of checks: those of a single file (run where it is read) and those across units
(run in the parent). Each declares the finding codes it can produce."""

from __future__ import annotations

from par_index.check.checks import (
    attached,
    cross,
    evidence,
    explanation,
    figures,
    identity,
    patterns,
    reading,
    recompute,
    scores,
    timing,
    work_plan,
)

UNIT_CHECKS = [
    identity.check_template_version,
    identity.check_template_rows,
    identity.check_period,
    timing.check_submission_date,
    timing.check_received_after_declared,
    reading.check_read_issues,
    scores.check_score_values,
    scores.check_who_scores,
    recompute.check_recomputed,
    figures.check_figures,
    work_plan.check_plan_record,
    evidence.check_evidence_present,
    evidence.check_evidence_refs,
    evidence.check_evidence_reused,
    evidence.check_answer_on_time,
    attached.check_evidence_files,
    attached.check_evidence_file_reused,
    explanation.check_explanation,
    explanation.check_not_applicable_reason,
    patterns.check_all_max,
    patterns.check_far_above,
]
"""``check(cs, submission, unit, ctx) -> Iterator[Finding]``, in the order they run."""

CROSS_CHECKS = [
    cross.cross_evidence_copied,
    cross.cross_same_document,
    cross.cross_other_unit,
    attached.cross_evidence_file_shared,
    cross.cross_missing,
]
"""``check(cs, unit_checks, units, ctx) -> Iterator[Finding]``."""

UNREADABLE_CODES = ("unreadable-file", "template-mismatch", "wrong-unit", "wrong-period")
"""Codes a file that cannot be read at all may get (see ``engine.unreadable``)."""


def declared_codes() -> set[str]:
    """Every code some check, or the unreadable-file path, can produce."""
    codes = {code for check in UNIT_CHECKS + CROSS_CHECKS for code in check.codes}
    return codes | set(UNREADABLE_CODES)
