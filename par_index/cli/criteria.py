"""``par-index criteria``: check, show and export the schema of criteria sets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.tree import Tree

from par_index.cli.common import console, print_json
from par_index.criteria import check_criteria
from par_index.criteria.model import CriteriaSet, Criterion, Node
from par_index.i18n import Message, text
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

Target = Annotated[str, typer.Argument(help="Tệp YAML hoặc tên bộ có sẵn (vd. xa-mau).")]


@app.command("check")
def check(targets: Annotated[list[str], typer.Argument(help="Tệp YAML hoặc tên bộ có sẵn.")]):
    """Kiểm tra bộ tiêu chí; mã thoát 0 nếu hợp lệ, 1 nếu có lỗi (check criteria sets)."""
    failed = False
    for target in targets:
        cs, problems = check_criteria(target)
        if cs is not None:
            console.print(
                M_VALID.format(
                    file=target,
                    areas=len(cs.areas),
                    leaves=len(cs.leaves()),
                    scale=display(cs.scale),
                )
            )
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
        str | None, typer.Option("--unit-type", help="Điểm tối đa theo loại đơn vị.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="In JSON của bộ tiêu chí.")] = False,
):
    """Hiển thị cây tiêu chí với điểm tối đa (show the tree with points)."""
    from par_index.criteria import load_criteria

    cs = load_criteria(target)
    if as_json:
        print_json(cs)
        return
    kind = unit_type or cs.type_ids()[0]
    tree = Tree(f"[bold]{cs.title}[/] ({cs.id} {cs.version}) — {display(cs.scale)}")
    for area in cs.areas:
        _add(tree, cs, area, kind)
    for name in ("bonus", "penalty"):
        section = getattr(cs, name)
        if section is not None:
            branch = tree.add(f"[bold]{section.title}[/] (≤ {display(section.max)})")
            for item in section.items:
                _add(branch, cs, item, kind)
    console.print(tree)


def _add(parent: Tree, cs: CriteriaSet, node: Node, unit_type: str) -> None:
    most = cs.max_for(node, unit_type)
    points = "—" if most is None else display(most)
    label = f"{node.code}. {node.title} [cyan]{points}[/]"
    if isinstance(node, Criterion) and node.is_leaf:
        kind = node.rule.kind if node.rule else "?"
        label += f" [dim]({kind}{', ' + text('không tự chấm', 'not self-scored') if node.scorer != 'unit' else ''})[/]"
    branch = parent.add(label)
    for child in node.criteria:
        _add(branch, cs, child, unit_type)


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
    data = CriteriaSet.model_json_schema(mode="validation")
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["$id"] = "https://par-index.example/criteria.schema.json"
    return data
