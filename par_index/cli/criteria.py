"""``par-index criteria``: check, show and export the schema of criteria sets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from par_index.cli.common import console, print_json
from par_index.criteria import check_criteria
from par_index.criteria.model import CriteriaSet, Criterion, Extras, Node
from par_index.i18n import Message
from par_index.numbers import display

app = typer.Typer(help="Bộ tiêu chí: kiểm tra, xem, xuất JSON Schema (criteria sets).")

M_VALID = Message(
    "cli.criteria.valid",
    "[green]✓[/] {file}: hợp lệ — {areas} lĩnh vực, {leaves} tiêu chí chấm điểm, {scale} điểm.",
    "[green]✓[/] {file}: valid — {areas} areas, {leaves} scored criteria, {scale} points.",
)
M_INVALID = Message(
    "cli.criteria.invalid",
    "[red]✗[/] {file}: {count} lỗi.",
    "[red]✗[/] {file}: {count} problem(s).",
)
M_HEAD = Message(
    "cli.criteria.head",
    "Mã bộ: {id} · phiên bản {version} · thang điểm {scale} · điều tra xã hội học {survey}",
    "Set: {id} · version {version} · scale {scale} · survey {survey}",
)
M_FOLLOWS = Message("cli.criteria.follows", "Theo: {documents}", "Follows: {documents}")
M_COLUMNS = Message("cli.criteria.columns", "Mã|Tiêu chí|Cách chấm", "Code|Criterion|Rule")
M_SECTION = Message("cli.criteria.section", "{title} (tối đa {max})", "{title} (at most {max})")
M_CLASSES = Message("cli.criteria.classes", "Xếp loại: {bands}", "Classes: {bands}")
M_FLAGS = Message(
    "cli.criteria.flags",
    "KC = cần tài liệu kiểm chứng · GT = giải trình khi chưa đạt tối đa · KAD = được chọn"
    " Không áp dụng · — = không áp dụng cho loại đơn vị",
    "KC = evidence required · GT = explanation when below the maximum · KAD = may be"
    " answered not applicable · — = not for that unit type",
)
RULE_KIND = {
    "yes_no": Message("cli.rule.yes_no", "Có/Không", "Yes/no"),
    "levels": Message("cli.rule.levels", "Theo mức", "Levels"),
    "thresholds": Message("cli.rule.thresholds", "Ngưỡng tỷ lệ", "Thresholds"),
    "proportional": Message("cli.rule.proportional", "Tỷ lệ thuận", "Proportional"),
    "deduction": Message("cli.rule.deduction", "Trừ theo lần", "Deduction"),
    "per_event": Message("cli.rule.per_event", "Theo số lần", "Per event"),
    "survey": Message("cli.rule.survey", "Điều tra XHH", "Survey"),
    "appraiser": Message("cli.rule.appraiser", "Hội đồng thẩm định", "Appraisal council"),
    "share_deduction": Message("cli.rule.share_deduction", "Trừ % điểm", "Share deduction"),
    "scaled": Message("cli.rule.scaled", "Quy đổi thang điểm", "Scaled"),
    "best_in_group": Message("cli.rule.best_in_group", "So với đơn vị cao nhất", "Best in group"),
    "conditions": Message("cli.rule.conditions", "Theo điều kiện", "Conditions"),
}

Target = Annotated[str, typer.Argument(help="Tệp YAML hoặc tên bộ có sẵn (vd. xa-mau).")]


@app.command("check")
def check(targets: Annotated[list[str], typer.Argument(help="Tệp YAML hoặc tên bộ có sẵn.")]):
    """Kiểm tra bộ tiêu chí; mã thoát 0 nếu hợp lệ, 1 nếu có lỗi (check criteria sets)."""
    failed = False
    for target in targets:
        cs, problems = check_criteria(target)
        if cs is not None:
            fields = {"areas": len(cs.areas), "leaves": len(cs.leaves())}
            console.print(M_VALID.format(file=target, scale=display(cs.scale), **fields))
            continue
        failed = True
        console.print(M_INVALID.format(file=target, count=len(problems)))
        for problem in problems:
            console.print("  " + problem.render(), markup=False)
    raise typer.Exit(1 if failed else 0)


@app.command("show")
def show(
    target: Target,
    unit_type: Annotated[
        str | None, typer.Option("--unit-type", help="Chỉ hiện điểm của một loại đơn vị.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="In JSON của bộ tiêu chí.")] = False,
):
    """Hiển thị cây tiêu chí với điểm tối đa theo loại đơn vị (show the tree with points)."""
    from par_index.criteria import load_criteria

    cs = load_criteria(target)
    if as_json:
        print_json(cs)
        return
    types = [unit_type] if unit_type else cs.type_ids()
    console.print(f"[bold]{cs.title}[/]")
    survey = display(cs.survey_share)
    console.print(
        M_HEAD.format(id=cs.id, version=cs.version, scale=display(cs.scale), survey=survey)
    )
    documents = "; ".join(f"{d.number} ({d.issuer})" for d in cs.documents)
    console.print(M_FOLLOWS.format(documents=documents), markup=False)
    if cs.illustrative is not None:
        console.print(f"[dim]{cs.illustrative}[/]", markup=True)
    console.print(_table(cs, types))
    bands = " · ".join(f"{b.label} ≥ {display(b.min)}" for b in cs.bands_for(types[0]))
    console.print(M_CLASSES.format(bands=bands), markup=False)
    console.print(f"[dim]{M_FLAGS.format()}[/]")


def _table(cs: CriteriaSet, types: list[str]) -> Table:
    """One row per area, criterion and sub-criterion; one points column per unit type."""
    code, title, rule = M_COLUMNS.format().split("|")
    labels = {t.id: str(t.label) for t in cs.unit_types}
    table = Table(show_lines=False, pad_edge=False)
    table.add_column(code, no_wrap=True)
    table.add_column(title, overflow="fold", ratio=1)
    for unit_type in types:
        table.add_column(labels.get(unit_type, unit_type), justify="right", no_wrap=True)
    table.add_column(rule)
    for area in cs.areas:
        _rows(table, cs, area, types, depth=0)
    for section in (cs.bonus, cs.penalty):
        if section is not None:
            _section(table, cs, section, types)
    return table


def _rows(table: Table, cs: CriteriaSet, node: Node, types: list[str], depth: int) -> None:
    points = ["—" if (m := cs.max_for(node, t)) is None else display(m) for t in types]
    code = " " * depth + node.code
    if depth == 0:
        table.add_row(f"[bold]{code}[/]", f"[bold]{node.title}[/]", *points, "")
    else:
        table.add_row(code, str(node.title), *points, _rule_note(node))
    for child in node.criteria:
        _rows(table, cs, child, types, depth + 1)


def _section(table: Table, cs: CriteriaSet, section: Extras, types: list[str]) -> None:
    heading = M_SECTION.format(title=section.title, max=display(section.max))
    table.add_row("", f"[bold]{heading}[/]", *[""] * len(types), "")
    for item in section.items:
        _rows(table, cs, item, types, depth=1)


def _rule_note(node: Node) -> str:
    """The rule kind in words, with the evidence / explanation / not-applicable flags."""
    if not isinstance(node, Criterion) or not node.is_leaf or node.rule is None:
        return ""
    flags = [
        flag
        for flag, on in (
            ("KC", node.evidence is not None and node.evidence.required_for_points),
            ("GT", node.explanation_required),
            ("KAD", node.na_allowed),
        )
        if on
    ]
    kind = RULE_KIND[node.rule.kind].format()
    return f"{kind} [dim]{' '.join(flags)}[/]" if flags else kind


@app.command("schema")
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Ghi ra tệp thay vì màn hình.")
    ] = None,
):
    """Xuất JSON Schema của định dạng bộ tiêu chí (for editors)."""
    payload = json.dumps(criteria_schema(), ensure_ascii=False, indent=2)
    if output is None:
        print(payload)
    else:
        from par_index.io import write_text_atomic

        write_text_atomic(output, payload + "\n")


def criteria_schema() -> dict:
    """The JSON Schema (draft 2020-12) of the criteria YAML format."""
    data = CriteriaSet.model_json_schema(mode="validation")
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["$id"] = "https://par-index.example/criteria.schema.json"
    return data


M_IMPORTED = Message(
    "cli.criteria.imported",
    "[green]✓[/] {file}: {areas} lĩnh vực, {criteria} tiêu chí; nhận dạng được cách chấm của "
    "{known} tiêu chí; {todos} chỗ cần rà soát (tìm 'TODO' trong tệp YAML).",
    "[green]✓[/] {file}: {areas} areas, {criteria} criteria; scoring rule recognised for {known}; "
    "{todos} place(s) to review (search the YAML for 'TODO').",
)
M_IMPORT_REPORT = Message(
    "cli.criteria.import-report",
    "Từng dòng của phụ lục (cũng ghi trong {file}):",
    "Row by row of the annex (also written to {file}):",
)
M_IMPORT_ROWS = Message(
    "cli.criteria.import-rows", "Từng dòng của phụ lục:", "Row by row of the annex:"
)
M_IMPORT_EXISTS = Message(
    "cli.criteria.import-exists",
    "{file} đã có. Chọn tên khác hoặc thêm --force để ghi đè.",
    "{file} already exists. Choose another name or add --force to overwrite it.",
)


@app.command("import")
def import_annex_command(
    annex: Annotated[
        Path, typer.Argument(help="Bảng phụ lục .xlsx của tỉnh (STT | Tiêu chí | ...).")
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Tệp YAML ghi ra (mặc định: màn hình).")
    ] = None,
    set_id: Annotated[
        str | None, typer.Option("--id", help="Mã bộ tiêu chí (mặc định: theo tên tệp).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp YAML đã có.")] = False,
):
    """Nhập bảng phụ lục Excel thành bộ khung YAML (import a province's annex table)."""
    from par_index.annex import import_annex
    from par_index.annex.report import report_csv
    from par_index.cli.common import err_console
    from par_index.io import write_text_atomic

    if output is not None and output.exists() and not force:
        err_console.print(M_IMPORT_EXISTS.format(file=str(output)), markup=False)
        raise typer.Exit(1)
    result = import_annex(annex, set_id)
    report: Path | None = None
    if output is None:
        print(result.yaml, end="")
    else:
        write_text_atomic(output, result.yaml)
        report = import_report_path(output)
        write_text_atomic(report, "\ufeff" + report_csv(result.rows))  # BOM: Excel reads UTF-8
    known = sum(n for kind, n in result.recognised.items() if kind != "todo")
    shown = err_console if output is None else console
    shown.print(
        M_IMPORTED.format(
            file=str(output or annex),
            areas=result.areas,
            criteria=result.criteria,
            known=known,
            todos=len(result.todos),
        )
    )
    heading = M_IMPORT_ROWS if report is None else M_IMPORT_REPORT
    shown.print(heading.format(file=str(report)), markup=False)
    for row in result.rows:
        shown.print("  " + row.line(), markup=False)
    for line in [*result.set_todos, *(p.render() for p in result.problems)]:
        shown.print("  " + line, markup=False)
    raise typer.Exit(1 if result.problems else 0)


def import_report_path(output: Path) -> Path:
    """Where the row-by-row report of an import goes: beside the YAML, ``bo.yaml`` ->
    ``bo.import.csv``."""
    return output.with_name(f"{output.stem}.import.csv")
