"""A SYNTHETIC district of results for the report tests and the README screenshot.

The 11 units are Quảng Điền's (thị trấn Sịa and ten xã); every score, head's name, note and
finding here is invented. Scores are drawn with a fixed seed from any criteria set, so the same
code serves the small test set and the shipped commune set. The district has a tie, a
provisional unit, an excluded unit, a new unit without last year's result, staff outcomes,
findings, and notes and evidence with HTML in them (which the reports must show as text).
"""

from __future__ import annotations

import random
from collections import Counter
from decimal import Decimal

from par_index.check.finding import Finding, Report, Severity
from par_index.criteria.model import CriteriaSet, Criterion, ScoredBy
from par_index.numbers import HUNDRED, ZERO, quantize
from par_index.results import (
    AreaResult,
    CriterionResult,
    Grade,
    Results,
    StaffOutcome,
    UnitResult,
)
from par_index.units import Unit

UNITS = [
    ("QD-SIA", "Thị trấn Sịa", "thi_tran", 0.93),
    ("QD-QAN", "Xã Quảng An", "xa", 0.90),
    ("QD-QCO", "Xã Quảng Công", "xa", 0.62),
    ("QD-QLO", "Xã Quảng Lợi", "xa", 0.84),
    ("QD-QNG", "Xã Quảng Ngạn", "xa", 0.84),
    ("QD-QPH", "Xã Quảng Phú", "xa", 0.80),
    ("QD-QPC", "Xã Quảng Phước", "xa", 0.76),
    ("QD-QTA", "Xã Quảng Thái", "xa", 0.72),
    ("QD-QTN", "Xã Quảng Thành", "xa", 0.70),
    ("QD-QTO", "Xã Quảng Thọ", "xa", 0.66),
    ("QD-QVI", "Xã Quảng Vinh", "xa", 0.58),
]
TIED = ("QD-QLO", "QD-QNG")
"""Same appraised scores on every criterion: they share a rank."""
PROVISIONAL = "QD-QTA"
EXCLUDED = "QD-QVI"
NEW = "QD-QCO"
"""No result last year (a new unit after a merger)."""
EVIL_NOTE = "Thiếu văn bản <script>alert('note')</script> & <b>đậm</b>"
EVIL_EVIDENCE = "<img src=x onerror=alert(1)> QĐ 12/QĐ-UBND"
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ"]
GIVEN = [
    "Văn An",
    "Thị Bình",
    "Hữu Công",
    "Minh Đức",
    "Thị Hoa",
    "Quang Huy",
    "Thị Lan",
    "Văn Lộc",
    "Đình Nam",
    "Thị Phương",
    "Văn Tâm",
]


def pick_type(cs: CriteriaSet, wanted: str) -> str:
    """The wanted unit type when the set has it, else the set's first type."""
    ids = cs.type_ids()
    return wanted if wanted in ids else ids[0]


def unit_list(cs: CriteriaSet, count: int) -> list[tuple[Unit, float]]:
    """The 11 units of Quảng Điền, or ``count`` numbered synthetic units in 34 groups."""
    out = []
    if count == len(UNITS):
        for i, (code, name, kind, quality) in enumerate(UNITS):
            head = f"{SURNAMES[i]} {GIVEN[i]}"
            title = "Chủ tịch UBND " + ("thị trấn" if kind == "thi_tran" else "xã")
            out.append(
                (
                    Unit(
                        code=code,
                        name=name,
                        unit_type=pick_type(cs, kind),
                        head_name=head,
                        head_title=title,
                    ),
                    quality,
                )
            )
        return out
    rng = random.Random(count)
    for k in range(count):
        out.append(
            (
                Unit(
                    code=f"X{k:05d}",
                    name=f"Xã Thử nghiệm {k + 1:04d}",
                    unit_type=pick_type(cs, "xa"),
                    head_name=f"Người đứng đầu {k + 1}",
                    group=f"Tỉnh {k % 34 + 1:02d}",
                ),
                0.5 + rng.random() * 0.48,
            )
        )
    return out


def criterion_result(
    cs: CriteriaSet,
    leaf: Criterion,
    area: str,
    section: str,
    unit: Unit,
    rng: random.Random,
    quality: float,
) -> CriterionResult | None:
    """One criterion's synthetic scores: appraised from the unit's quality, self a bit above."""
    possible = cs.max_for(leaf, unit.unit_type)
    if possible is None:
        return None
    if leaf.na_allowed and rng.random() < 0.3:
        return CriterionResult(
            code=leaf.code,
            title=leaf.title.vi,
            area=area,
            section=section,
            possible=ZERO,
            not_applicable=True,
        )
    tenths = max(0, min(10, round((quality + rng.uniform(-0.25, 0.15)) * 10)))
    share = Decimal(tenths) / 10
    if section != "tree":
        share = Decimal("0.5") if rng.random() < 0.3 else ZERO
    final = quantize(possible * share)
    result = CriterionResult(
        code=leaf.code,
        title=leaf.title.vi,
        area=area,
        section=section,
        possible=possible,
        final=final,
    )
    if leaf.scorer == ScoredBy.SURVEY:
        result.survey = final
    elif leaf.scorer == ScoredBy.APPRAISER:
        result.appraised_1 = final
    else:
        inflated = final < possible and rng.random() < 0.6
        result.self_score = possible if inflated else final
        result.recomputed = result.self_score
        result.appraised_1 = final
        if inflated:
            result.note_1 = "Tài liệu kiểm chứng không chứng minh được mức điểm tự chấm."
    return result


def leaves_by_area(cs: CriteriaSet) -> list[tuple[str, str, Criterion]]:
    """(area code, section, leaf) in the order of the grid, then bonus and penalty items."""
    out = []
    for area in cs.areas:
        stack = list(reversed(area.criteria))
        while stack:
            node = stack.pop()
            if node.criteria:
                stack.extend(reversed(node.criteria))
            else:
                out.append((area.code, "tree", node))
    for section, item in cs.extras_items():
        out.append((section, section, item))
    return out


def area_results(cs: CriteriaSet, rows: list[CriterionResult]) -> list[AreaResult]:
    out = []
    for area in cs.areas:
        mine = [r for r in rows if r.area == area.code and r.section == "tree"]
        possible = sum((r.possible for r in mine), ZERO)
        final = sum((r.final for r in mine), ZERO)
        self_score = sum(
            (r.self_score if r.self_score is not None else r.final for r in mine), ZERO
        )
        out.append(
            AreaResult(
                code=area.code,
                title=area.title.vi,
                possible=possible,
                self_score=self_score,
                final=final,
                percent=final / possible * HUNDRED if possible else None,
            )
        )
    return out


def extras_total(cs: CriteriaSet, rows: list[CriterionResult], section: str) -> Decimal:
    extras = getattr(cs, section)
    total = sum((r.final for r in rows if r.section == section), ZERO)
    return min(total, extras.max) if extras is not None else ZERO


def unit_result(cs: CriteriaSet, unit: Unit, quality: float, seed: int) -> UnitResult:
    rng = random.Random(seed)
    rows = []
    for area, section, leaf in leaves_by_area(cs):
        row = criterion_result(cs, leaf, area, section, unit, rng, quality)
        if row is not None:
            rows.append(row)
    tree = [r for r in rows if r.section == "tree"]
    bonus, penalty = extras_total(cs, rows, "bonus"), extras_total(cs, rows, "penalty")
    possible = sum((r.possible for r in tree), ZERO)
    final = sum((r.final for r in tree), ZERO) + bonus - penalty
    self_total = sum((r.self_score if r.self_score is not None else r.final for r in tree), ZERO)
    return UnitResult(
        unit=unit,
        criteria=rows,
        areas=area_results(cs, rows),
        bonus=bonus,
        penalty=penalty,
        self_total=self_total + bonus - penalty,
        final_total=final,
        possible=possible,
        index=final / possible * HUNDRED if possible else ZERO,
        gap=self_total - (final - bonus + penalty),
        inflation=(self_total + bonus - penalty) / final if final else None,
    )


def make_provisional(u: UnitResult) -> None:
    """No appraisal yet: every final score is the self-score."""
    u.provisional = True
    for c in u.criteria:
        if c.self_score is not None:
            c.final = c.self_score
        c.appraised_1 = c.note_1 = None
        c.provisional = True
    tree = [c for c in u.criteria if c.section == "tree"]
    u.final_total = sum((c.final for c in tree), ZERO) + u.bonus - u.penalty
    u.self_total = u.final_total
    u.index = u.final_total / u.possible * HUNDRED
    u.gap, u.inflation = ZERO, Decimal(1)
    u.areas = [
        a.model_copy(
            update={
                "final": a.self_score,
                "percent": (a.self_score / a.possible * HUNDRED if a.possible else None),
            }
        )
        for a in u.areas
    ]


def copy_appraisal(source: UnitResult, target: UnitResult) -> None:
    """Give ``target`` the appraised scores of ``source`` (a tie), keeping its self-scores."""
    target.criteria = [c.model_copy(deep=True) for c in source.criteria]
    for c in target.criteria:
        if c.self_score is not None and c.final < c.possible:
            c.self_score, c.note_1 = c.final, None
    for name in ("areas", "bonus", "penalty", "final_total", "possible", "index"):
        setattr(target, name, getattr(source, name))
    target.self_total = sum(
        (
            c.self_score if c.self_score is not None else c.final
            for c in target.criteria
            if c.section == "tree"
        ),
        ZERO,
    )
    target.self_total += target.bonus - target.penalty
    target.gap = target.self_total - target.final_total
    target.inflation = target.self_total / target.final_total


def rank(units: list[UnitResult], precision: int) -> None:
    """High to low at the published precision; ties share a rank (1, 2, 2, 4)."""
    ranked = sorted(
        (u for u in units if not u.excluded), key=lambda u: -quantize(u.index, precision)
    )
    previous = None
    for position, u in enumerate(ranked, start=1):
        shown = quantize(u.index, precision)
        u.rank = previous[1] if previous and previous[0] == shown else position
        previous = (shown, u.rank)
    appraised = sorted(
        (u for u in units if not u.provisional and u.inflation is not None),
        key=lambda u: -u.inflation,
    )
    for position, u in enumerate(appraised, start=1):
        u.inflation_rank = position
    units.sort(key=lambda u: (u.rank is None, u.rank or 0, u.unit.name))


def classify(cs: CriteriaSet, u: UnitResult) -> None:
    for band in cs.bands_for(u.unit.unit_type):
        if u.index > band.min or (band.inclusive and u.index == band.min):
            u.class_id, u.class_label = band.id, band.label.vi
            return


def staff(cs: CriteriaSet, u: UnitResult, last_rank: int) -> StaffOutcome:
    """A sample rule table (SYNTHETIC, not a province's): class and bottom rank cap the grade."""
    bands = [b.id for b in cs.bands_for(u.unit.unit_type)]
    position = bands.index(u.class_id) if u.class_id in bands else len(bands)
    grade = [Grade.EXCELLENT, Grade.GOOD][position] if position < 2 else Grade.DONE
    reasons = [f"Xếp loại {u.class_label}: mức cao nhất của người đứng đầu theo bảng quy tắc."]
    eligible = position == 0
    if u.rank == last_rank:
        reasons.append("Xếp cuối bảng: không đề nghị danh hiệu Tập thể lao động xuất sắc.")
        eligible = False
    if u.excluded:
        grade, eligible = Grade.DONE, False
        reasons.append(f"Không xếp hạng ({u.excluded}): tối đa Hoàn thành nhiệm vụ.")
    if u.gap > Decimal(5) and grade == Grade.EXCELLENT:
        grade = Grade.GOOD
        reasons.append("Tự chấm cao hơn thẩm định trên 5 điểm: tối đa Hoàn thành tốt.")
    return StaffOutcome(highest_grade=grade, emulation_eligible=eligible, reasons=reasons)


def last_year(units: list[UnitResult], precision: int) -> None:
    """Previous index and rank for every unit but the new one."""
    rng = random.Random(2020)
    old = {
        u.unit.code: u.index - Decimal(rng.randint(-40, 40)) / 10
        for u in units
        if u.unit.code != NEW and not u.excluded
    }
    order = sorted(old, key=lambda code: -quantize(old[code], precision))
    place = {code: position for position, code in enumerate(order, start=1)}
    for u in units:
        if u.unit.code in old:
            u.previous_index = old[u.unit.code]
            u.previous_rank = place[u.unit.code]
            u.index_change = u.index - u.previous_index
            if u.rank is not None:
                u.rank_change = u.previous_rank - u.rank


def finding(
    code: str, severity: Severity, unit: str, criterion: str, cell: str, message: str, **values: str
) -> Finding:
    return Finding(
        code=code,
        severity=severity,
        unit=unit,
        criterion=criterion,
        file=f"submissions/{unit}.xlsx",
        sheet="Tự chấm",
        cell=cell,
        values=values,
        title=TITLES[code],
        message=message,
        fix="Sửa ô đã nêu trong tệp tự chấm và gửi lại (dữ liệu tổng hợp).",
    )


TITLES = {
    "score.above-max": "Điểm tự chấm vượt điểm tối đa",
    "evidence.missing": "Thiếu tài liệu kiểm chứng",
    "evidence.copied": "Tài liệu kiểm chứng trùng với đơn vị khác",
    "score.unsupported": "Điểm tự chấm không khớp số liệu kê khai",
    "submission.late": "Nộp quá hạn",
    "evidence.no-date": "Tài liệu kiểm chứng thiếu ngày ban hành",
}


def district_report(units: list[UnitResult]) -> Report:
    """Findings planted in several units (all synthetic)."""
    codes = {u.unit.code: [c.code for c in u.criteria if c.self_score is not None] for u in units}
    out = []
    for u in units:
        code, crits = u.unit.code, codes[u.unit.code]
        if not crits:
            continue
        if code == "QD-QPH":
            out.append(
                finding(
                    "score.above-max",
                    Severity.ERROR,
                    code,
                    crits[0],
                    "H12",
                    "Điểm tự chấm 3 lớn hơn điểm tối đa 2.",
                    self_score="3",
                    max="2",
                )
            )
        if code == "QD-QPC":
            out += [
                finding(
                    "evidence.missing",
                    Severity.WARNING,
                    code,
                    c,
                    f"J{14 + i}",
                    f"Tiêu chí {c} có điểm nhưng không có tài liệu kiểm chứng.",
                )
                for i, c in enumerate(crits[:3])
            ]
        if code == "QD-QTO":
            out.append(
                finding(
                    "evidence.copied",
                    Severity.WARNING,
                    code,
                    crits[1],
                    "J15",
                    f"Văn bản “{EVIL_EVIDENCE}” giống hệt của Xã Quảng Thành.",
                    evidence=EVIL_EVIDENCE,
                )
            )
        if code == "QD-QAN":
            out.append(
                finding(
                    "score.unsupported",
                    Severity.WARNING,
                    code,
                    crits[-1],
                    "H40",
                    "Số liệu kê khai cho 1,5 điểm, đơn vị tự chấm 2 điểm.",
                )
            )
        if code == EXCLUDED:
            out.append(
                finding(
                    "submission.late",
                    Severity.ERROR,
                    code,
                    "",
                    "B4",
                    "Ngày gửi 20/01/2022 sau hạn 15/01/2022.",
                )
            )
        if code == PROVISIONAL:
            out.append(
                finding(
                    "evidence.no-date",
                    Severity.INFO,
                    code,
                    crits[0],
                    "K12",
                    "Văn bản dẫn chứng không ghi ngày ban hành.",
                )
            )
    return Report(findings=out, units=[u.unit.code for u in units])


def attach_findings(units: list[UnitResult], report: Report) -> None:
    for u in units:
        mine = report.for_unit(u.unit.code)
        u.findings = {str(k): v for k, v in Counter(f.severity for f in mine).items()}
        per = Counter(f.criterion for f in mine)
        for c in u.criteria:
            c.findings = per.get(c.code, 0)


def build_district(cs: CriteriaSet, count: int = len(UNITS)) -> tuple[Results, Report]:
    """Results and a check report for the 11 units of Quảng Điền (or ``count`` synthetic units)."""
    precision = 2
    units = [
        unit_result(cs, unit, quality, seed)
        for seed, (unit, quality) in enumerate(unit_list(cs, count))
    ]
    by_code = {u.unit.code: u for u in units}
    if count == len(UNITS):
        copy_appraisal(by_code[TIED[0]], by_code[TIED[1]])
        make_provisional(by_code[PROVISIONAL])
        by_code[EXCLUDED].excluded = "Nộp báo cáo tự chấm sau thời hạn (dữ liệu tổng hợp)"
        plant_notes(by_code["QD-QTN"])
    for u in units:
        classify(cs, u)
    rank(units, precision)
    last_rank = max(u.rank or 0 for u in units)
    for u in units:
        u.staff = staff(cs, u, last_rank)
    last_year(units, precision)
    report = district_report(units) if count == len(UNITS) else Report()
    attach_findings(units, report)
    results = Results(
        generated_at="2022-01-20T08:00:00",
        tool_version="0.1.0",
        period="2021",
        criteria_id=cs.id,
        criteria_version=cs.version,
        criteria_title=cs.title.vi,
        criteria_documents=[d.number for d in cs.documents],
        units=units,
        precision=precision,
    )
    return results, report


def plant_notes(u: UnitResult) -> None:
    """A round-2 appraisal with an explanation, and a note with HTML in it."""
    for c in u.criteria:
        if c.self_score is not None and c.final < c.possible:
            c.note_1 = EVIL_NOTE
            c.explanation = "Đã bổ sung <Kế hoạch số 15/KH-UBND> ngày 10/3/2021."
            c.appraised_2 = c.final
            c.note_2 = "Chấp nhận một phần giải trình."
            break
