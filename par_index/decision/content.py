"""The decision's words, from the results and the ``decision:`` section: pure, no file opened.

The decision is a Vietnamese state document (Nghị định 30/2020/NĐ-CP), so it is written in
Vietnamese whatever the run's language; only the units' notes keep the language they were
written in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from par_index.decision.config import BLANK, DecisionConfig
from par_index.numbers import NumberKind, display
from par_index.results import Results, UnitResult

EMBLEM = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
KIND = "QUYẾT ĐỊNH"
DECIDES = "QUYẾT ĐỊNH:"
RECIPIENTS = "Nơi nhận:"
ANNEX = "Phụ lục"
COLUMNS = ("Xếp hạng", "Đơn vị", "Điểm tối đa", "Điểm đạt được", "Chỉ số CCHC (%)", "Xếp loại")
DRAFT = "DỰ THẢO — kết quả tạm thời: {reasons}"
PROBLEMS = "phiếu thẩm định hoặc khảo sát còn {count} lỗi chưa sửa"
PROVISIONAL_MARK = " (*)"
PROVISIONAL_NOTE = "(*) Kết quả tạm thời, có thể thay đổi khi thẩm định xong."
NOT_FIRM_NOTE = (
    "Hạng hoặc xếp loại của {count} đơn vị chưa vững (có thể đổi trong khoảng hạng khi mô phỏng "
    "hoặc khi bỏ, đổi trọng số từng lĩnh vực): xem mục Độ vững của kết quả trong báo cáo."
)
EXCLUDED_NOTE = "Không xếp hạng: {name} — {reason}"
NOT_RANKED = "—"


@dataclass(frozen=True)
class AnnexRow:
    """A row of the annex table: a unit's cells, or a group's heading across the table."""

    cells: tuple[str, ...]
    heading: bool = False
    table: bool = False
    """A group of units on its own set (``groups:``): its heading starts a table of its own."""


@dataclass(frozen=True)
class Decision:
    """Every text of the decision and its annex, in reading order."""

    draft: str | None
    """The draft mark with its reasons; None for a decision ready to sign."""
    parent_body: list[str]
    issuer: list[str]
    number: str
    place_date: str
    title: str
    authority: str
    bases: list[str]
    articles: list[tuple[str, str]]
    recipients: list[str]
    signer_title: list[str]
    signer: str
    annex_title: str
    annex_reference: str
    rows: list[AnnexRow]
    notes: list[str] = field(default_factory=list)


def build_decision(
    results: Results,
    config: DecisionConfig,
    *,
    final: bool = False,
    group_labels: dict[str, str] | None = None,
) -> Decision:
    """The decision publishing ``results``. It is a draft, naming why, while some result is
    provisional or an appraisal file has errors, unless ``final`` or ``config.final`` says to
    issue it as it is."""
    reasons = draft_reasons(results)
    draft = bool(reasons) and not (final or config.final)
    date = issue_date(config.date)
    subject = f"Chỉ số cải cách hành chính năm {results.period} của {config.subject}"
    return Decision(
        draft=DRAFT.format(reasons="; ".join(reasons)) if draft else None,
        parent_body=_capitals(config.parent_body or ""),
        issuer=_capitals(config.issuer),
        number=f"Số: {config.number}",
        place_date=f"{config.place}, {date}",
        title=f"Về việc công bố {subject}",
        authority=config.authority.upper(),
        bases=[*config.legal_bases, config.proposal],
        articles=[
            ("Điều 1.", f"Công bố {subject} (chi tiết tại Phụ lục kèm theo Quyết định này)."),
            ("Điều 2.", config.effect),
            ("Điều 3.", config.executors),
        ],
        recipients=[f"- {line}" for line in config.recipients],
        signer_title=_capitals(config.signer_title),
        signer=config.signer,
        annex_title=subject.upper(),
        annex_reference=(
            f"(Kèm theo Quyết định số {config.number} {date} của {_one_line(config.authority)})"
        ),
        rows=annex_rows(results, marked=draft, group_labels=group_labels or {}),
        notes=annex_notes(results, marked=draft),
    )


def draft_reasons(results: Results) -> list[str]:
    """Why the results are not final yet: each provisional unit with its notes, and the
    appraisal or survey files' errors."""
    reasons = [
        f"{u.unit.name} ({' '.join(u.notes)})" if u.notes else u.unit.name
        for u in results.units
        if u.provisional
    ]
    errors = sum(1 for p in results.problems if p.severity == "error")
    if errors:
        reasons.append(PROBLEMS.format(count=errors))
    return reasons


def issue_date(date: dt.date | None) -> str:
    """ "ngày 05 tháng 02 năm 2022": a day below 10 and the months 1 and 2 with a leading zero
    (Nghị định 30/2020/NĐ-CP); none given, gaps to fill in by hand."""
    if date is None:
        return f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"ngày {date.day:02d} tháng {month} năm {date.year}"


def annex_rows(results: Results, *, marked: bool, group_labels: dict[str, str]) -> list[AnnexRow]:
    """The ranked units in order (within their groups when the ranking is by group or unit
    type, a heading row before each group); with groups of units each on its own set, a table
    per group, its name above it."""
    ranked = [u for u in results.units if u.rank is not None]
    if not results.groups:
        return _ranked_rows(ranked, results.ranking_scope, marked, group_labels)
    rows: list[AnnexRow] = []
    for group in results.groups:
        members = [u for u in ranked if u.set_group == group.id]
        rows.append(AnnexRow((group.name,), heading=True, table=True))
        rows += _ranked_rows(members, results.ranking_scope, marked, group_labels)
    return rows


def _ranked_rows(
    ranked: list[UnitResult], scope: str, marked: bool, group_labels: dict[str, str]
) -> list[AnnexRow]:
    if scope == "all":
        return [_row(u, u.rank, marked) for u in ranked]
    rows: list[AnnexRow] = []
    for group in dict.fromkeys(_group(u, scope) for u in ranked):
        rows.append(AnnexRow((group_labels.get(group, group),), heading=True))
        rows += [_row(u, u.rank_in_group, marked) for u in ranked if _group(u, scope) == group]
    return rows


def annex_notes(results: Results, *, marked: bool) -> list[str]:
    """The provisional mark's meaning and how many ranks or classes are not firm (in a draft),
    and the units left out of the ranking."""
    notes = []
    if marked and any(u.provisional for u in results.units if u.rank is not None):
        notes.append(PROVISIONAL_NOTE)
    not_firm = sum(1 for u in results.units if u.rank is not None and not u.firm)
    if marked and not_firm:
        notes.append(NOT_FIRM_NOTE.format(count=not_firm))
    notes += [
        EXCLUDED_NOTE.format(name=u.unit.name, reason=u.excluded)
        for u in results.units
        if u.excluded
    ]
    return notes


def _row(unit: UnitResult, rank: int | None, marked: bool) -> AnnexRow:
    mark = PROVISIONAL_MARK if marked and unit.provisional else ""
    return AnnexRow(
        (
            NOT_RANKED if rank is None else str(rank),
            unit.unit.name + mark,
            display(unit.possible, NumberKind.POINTS, "vi"),
            display(unit.final_total, NumberKind.POINTS, "vi"),
            display(unit.index, NumberKind.PERCENT, "vi"),
            unit.class_label or NOT_RANKED,
        )
    )


def _group(unit: UnitResult, scope: str) -> str:
    return unit.unit.unit_type if scope == "unit_type" else unit.unit.group or ""


def _capitals(value: str) -> list[str]:
    """Lines of a header or title block, in capitals (Vietnamese letters keep their marks)."""
    return [line.strip().upper() for line in value.splitlines() if line.strip()]


def _one_line(value: str) -> str:
    """A header text inside a sentence: its line breaks become spaces."""
    return " ".join(value.split())
