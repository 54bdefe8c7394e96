"""``thresholds``: bands on a percentage, each worth points or a percentage of the maximum."""

from __future__ import annotations

from decimal import Decimal

from par_index.criteria.model import Band, CriteriaSet, Criterion, LocalText, ThresholdsRule
from par_index.i18n import Lang
from par_index.numbers import ZERO, written
from par_index.rules.answers import Answers, Evaluation
from par_index.rules.common import scored, worth
from par_index.rules.kinds.base import RuleKind, points_en
from par_index.rules.kinds.ratio import percent, ratio_text, zero_denominator_reach


class Thresholds(RuleKind[ThresholdsRule]):
    name = "thresholds"
    model = ThresholdsRule
    example = """\
code: "3.1"
title: Tỷ lệ hồ sơ TTHC giải quyết đúng hạn
max: 2
figures:
  - {name: received, label: Tổng số hồ sơ tiếp nhận, unit: hồ sơ}
  - {name: on_time, label: Số hồ sơ giải quyết đúng hạn, unit: hồ sơ}
checks: [{kind: le, left: on_time, right: received}]
rule:
  kind: thresholds
  ratio: {numerator: on_time, denominator: received}
  zero_denominator: full        # no dossier received: full points
  bands:                        # min inclusive, max exclusive unless stated
    - {min: 100, points: 2}
    - {min: 95, max: 100, points: 1.5}
    - {min: 90, max: 95, points: 1}
    - {max: 90, points: 0}
"""

    def evaluate(
        self,
        cs: CriteriaSet,
        criterion: Criterion,
        rule: ThresholdsRule,
        answers: Answers,
        possible: Decimal,
    ) -> Evaluation:
        value = percent(cs, criterion, rule, answers.figures, possible)
        if isinstance(value, Evaluation):
            return value
        band = band_for(rule.bands, value)
        if band is None:
            return scored(possible, ZERO, ratio=value)
        points = worth(band.points, band.percent, possible)
        return scored(possible, points, ratio=value, level=_band_label(band))

    def reach(
        self, cs: CriteriaSet, criterion: Criterion, rule: ThresholdsRule, possible: Decimal
    ) -> set[Decimal]:
        bands = {worth(band.points, band.percent, possible) for band in rule.bands}
        return bands | {ZERO} | zero_denominator_reach(cs, criterion, rule, possible)

    def method(self, criterion: Criterion, rule: ThresholdsRule, possible: Decimal) -> LocalText:
        def points(band: Band) -> Decimal:
            return worth(band.points, band.percent, possible)

        vi_ratio, en_ratio = ratio_text(criterion, rule)
        vi = "; ".join(
            f"{_band_text(b, ' và ') or 'Mọi tỷ lệ'}: {written(points(b))} điểm" for b in rule.bands
        )
        en = "; ".join(
            f"{_band_text(b, ' and ', Lang.EN) or 'Any percentage'}: {points_en(points(b))}"
            for b in rule.bands
        )
        return LocalText(vi=f"{vi_ratio}{vi}.", en=f"{en_ratio}{en}.")


def band_for(bands: list[Band], value: Decimal) -> Band | None:
    """The first band the percentage falls in."""
    return next((band for band in bands if band.contains(value)), None)


def _band_label(band: Band) -> str:
    """The band as results name the level that matched (edges as written in the set)."""
    low = "" if band.min is None else f"{'≥' if band.min_inclusive else '>'} {band.min} %"
    high = "" if band.max is None else f"{'≤' if band.max_inclusive else '<'} {band.max} %"
    return " và ".join(part for part in (low, high) if part)


def _band_text(band: Band, joined: str, lang: Lang = Lang.VI) -> str:
    """The band's edges as officers read them."""
    low, high = "", ""
    if band.min is not None:
        low = f"{'≥' if band.min_inclusive else '>'} {written(band.min, lang)} %"
    if band.max is not None:
        high = f"{'≤' if band.max_inclusive else '<'} {written(band.max, lang)} %"
    return joined.join(part for part in (low, high) if part)
