"""Scoring rules: one module per rule kind (``rules.kinds``), what they share (``common``), the
engine that applies them (``engine``), the scores they allow and what a score cell accepts
(``scores``) and the method text officers read (``method``).

The names other modules import are re-exported here.
"""

from par_index.rules.answers import (
    NO,
    NOT_APPLICABLE,
    YES,
    Answers,
    Evaluation,
    FigureValue,
    Outcome,
    answer_kind,
)
from par_index.rules.common import MAX_STEPS, may_be_not_applicable, not_applicable
from par_index.rules.conditions import holds, unit_overrides
from par_index.rules.engine import cap, declared, evaluate, evaluated
from par_index.rules.kinds import KINDS, RuleKind, kind_of
from par_index.rules.kinds.ratio import percent
from par_index.rules.kinds.survey import survey_points
from par_index.rules.kinds.thresholds import band_for
from par_index.rules.method import method_text
from par_index.rules.scores import ScoreCell, allowed_scores, score_cell

__all__ = [
    "KINDS",
    "MAX_STEPS",
    "NO",
    "NOT_APPLICABLE",
    "YES",
    "Answers",
    "Evaluation",
    "FigureValue",
    "Outcome",
    "RuleKind",
    "ScoreCell",
    "allowed_scores",
    "answer_kind",
    "band_for",
    "cap",
    "declared",
    "evaluate",
    "evaluated",
    "holds",
    "kind_of",
    "may_be_not_applicable",
    "method_text",
    "not_applicable",
    "percent",
    "score_cell",
    "survey_points",
    "unit_overrides",
]
