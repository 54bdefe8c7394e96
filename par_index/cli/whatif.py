"""``par-index whatif WORKSPACE --set UNIT:CRITERION=SCORE ...``: the ranking, classes and staff
consequences that would follow were the council to give those scores. Writes nothing.

The "check" and "score" steps of the one path (``par_index.pipeline.run`` with ``write``
False), then ``par_index.whatif`` scores the period again with the scores supposed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from par_index.cli.common import console
from par_index.cli.score import print_results
from par_index.i18n import Message, chosen_lang, use_lang
from par_index.pipeline import exit_code, run
from par_index.results import UnitResult
from par_index.staff import grade_label
from par_index.whatif import Change, changes, parse_setting, whatif
from par_index.workspace import load_workspace

M_SUPPOSED = Message(
    "cli.whatif.supposed",
    "Giả định (không ghi tệp nào): {settings}",
    "Supposing (no file written): {settings}",
)
M_CHANGES = Message("cli.whatif.changes", "Thay đổi so với hiện tại:", "Changes from now:")
M_NO_CHANGE = Message(
    "cli.whatif.no-change",
    "Không đơn vị nào đổi hạng, xếp loại hay mức đánh giá người đứng đầu.",
    "No unit changes rank, class or its head's highest grade.",
)
M_RANK = Message("cli.whatif.rank", "hạng {before} → {after}", "rank {before} → {after}")
M_GRADE = Message(
    "cli.whatif.grade", "người đứng đầu: {before} → {after}", "head: {before} → {after}"
)


def whatif_command(
    workspace: Annotated[Path, typer.Argument(help="Thư mục làm việc (có par-index.yaml).")],
    settings: Annotated[
        list[str],
        typer.Option(
            "--set",
            help="Điểm giả định của Hội đồng: ĐƠN_VỊ:TIÊU_CHÍ=ĐIỂM, vd. QD-QAN:2.4=1,5 "
            "(nhắc lại được).",
        ),
    ],
) -> None:
    """Xem trước hạng, xếp loại và đánh giá cán bộ nếu đổi điểm một số tiêu chí (what if)."""
    supposed = [parse_setting(given) for given in settings]
    ws = load_workspace(workspace)
    use_lang(chosen_lang() or ws.config.language)
    outcome = run(ws, ("check", "score"), write=False)
    assert outcome.inputs is not None and outcome.checked is not None and outcome.results
    after = whatif(outcome.inputs, outcome.checked, supposed)
    shown = ", ".join(s.given for s in supposed)
    console.print(M_SUPPOSED.format(settings=shown), markup=False)
    print_results(after)
    found = changes(outcome.results, after)
    console.print(M_CHANGES.format() if found else M_NO_CHANGE.format(), markup=False)
    for change in found:
        console.print(f"  {change_line(change)}", markup=False)
    raise typer.Exit(exit_code(outcome))


def change_line(change: Change) -> str:
    """One line, only what differs: "Xã A: hạng 3 → 2, Khá → Tốt"."""
    was, now = change.before, change.after
    parts = []
    if was.rank != now.rank:
        parts.append(M_RANK.format(before=_place(was), after=_place(now)))
    if was.class_label != now.class_label:
        parts.append(f"{was.class_label or '—'} → {now.class_label or '—'}")
    before, after = _grade(was), _grade(now)
    if before != after:
        parts.append(M_GRADE.format(before=before, after=after))
    return f"{now.unit.name}: {', '.join(parts)}"


def _place(result: UnitResult) -> str:
    return "—" if result.rank is None else str(result.rank)


def _grade(result: UnitResult) -> str:
    return grade_label(result.staff.highest_grade) if result.staff else "—"
