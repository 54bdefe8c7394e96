"""Building the criteria YAML skeleton from an annex table and dumping it with its comments:
the annex's own numbers, and a ``# TODO:`` wherever the author has something to write."""

from __future__ import annotations

import datetime as dt
import io
import re
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from par_index.annex.methods import recognise
from par_index.annex.report import RowReport
from par_index.annex.table import M_NO_ROWS, AnnexTable, match_key, read_annex
from par_index.annex.tree import Item, build_tree, leaves, renumber, settle
from par_index.criteria.model import CriteriaSet
from par_index.criteria.problems import Problem, problems_from_validation
from par_index.criteria.validate import to_problems, validate
from par_index.errors import WorkbookError
from par_index.text import clean, strip_accents
from par_index.yamlsrc import parse_yaml

_DOC_NUMBER = re.compile(r"(?:quyết định|qđ)\s+số\s*:?\s*(\d+[^\s,;()]*)", re.IGNORECASE)
_DOC_ISSUER = re.compile(r"\bcủa\s+((?:UBND|Ủy ban|Uỷ ban|Chủ tịch)[^)(;]+)", re.IGNORECASE)
_DOC_DATE = re.compile(r"ngày\s+(\d{1,2})\s*[/\-]\s*(\d{1,2})\s*[/\-]\s*(\d{4})")
_DOC_DATE_LONG = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_BONUS = ("diem thuong", "diem cong")
_PENALTY = ("diem tru",)
_UNIT_TYPES = [
    ("xa", "Xã", "xã"),
    ("phuong", "Phường", "phường"),
    ("thi-tran", "Thị trấn", "thị trấn"),
]
_BANDS = [
    ("xuat-sac", "Xuất sắc", 90),
    ("tot", "Tốt", 80),
    ("kha", "Khá", 70),
    ("trung-binh", "Trung bình", 50),
    ("yeu", "Yếu", 0),
]


@dataclass
class AnnexImport:
    """The skeleton's YAML text, what was recognised, what is left to do, and its validation."""

    yaml: str
    areas: int
    criteria: int
    recognised: Counter[str]
    todos: list[str]
    problems: list[Problem]
    rows: list[RowReport] = field(default_factory=list)
    """Row by row of the annex: what each became, how its rule was read, what to review."""
    set_todos: list[str] = field(default_factory=list)
    """What to review in the set's header (title, decision, years, unit types, classes)."""


def import_annex(path: Path, set_id: str | None = None) -> AnnexImport:
    """Read ``path`` and build its criteria YAML skeleton."""
    return build_skeleton(read_annex(path), set_id or _slug(path.stem))


def build_skeleton(table: AnnexTable, set_id: str) -> AnnexImport:
    """The criteria YAML for an annex table (no file I/O), checked like ``criteria check``."""
    skipped = list(table.skipped)
    sections = _sections(build_tree(table.rows, skipped))
    if not sections["tree"]:
        raise WorkbookError(M_NO_ROWS, file=table.file, sheet=table.sheet, row=table.header_row)
    renumber(sections["tree"])
    todos: list[str] = []
    recognised: Counter[str] = Counter()
    root = _set_map(table, set_id, sections["tree"], todos)
    set_todos = list(todos)
    rows = [RowReport(row, "", "", why) for row, why in skipped]
    root["areas"] = CommentedSeq(
        _node_map(a, 0, "", todos, recognised, rows) for a in sections["tree"]
    )
    for name in ("bonus", "penalty"):
        if sections[name]:
            root[name] = _extras_map(name, sections[name], todos, recognised, rows)
    root["survey_share"] = _num(_survey_points(root))
    text = _dump(root)
    count = sum(len(leaves(a)) for a in sections["tree"])
    problems = _check(text, set_id)
    rows.sort(key=lambda r: r.row)
    return AnnexImport(
        text, len(sections["tree"]), count, recognised, todos, problems, rows, set_todos
    )


def _sections(areas: list[Item]) -> dict[str, list[Item]]:
    """The settled areas of the tree, and the bonus and penalty areas, by their titles."""
    sections: dict[str, list[Item]] = {"tree": [], "bonus": [], "penalty": []}
    for area in areas:
        key = match_key(area.row.title)
        name = (
            "bonus" if key.startswith(_BONUS) else "penalty" if key.startswith(_PENALTY) else "tree"
        )
        if settle(area):
            sections[name].append(area)
    return sections


def _slug(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", strip_accents(stem).lower()).strip("-")
    return slug if slug[:1].isalpha() else f"bo-{slug}".rstrip("-")


def _set_map(table: AnnexTable, set_id: str, areas: list[Item], todos: list[str]) -> CommentedMap:
    """The set's header: id, title, decision, years, unit types, scale and classification."""
    above = " ".join(table.above)
    title = next((t for t in table.above if re.search(r"chi so|tieu chi", match_key(t))), None)
    root = CommentedMap()
    root["id"] = set_id
    root["title"] = title or "TODO: tên bộ tiêu chí"
    root["documents"] = CommentedSeq([_document(above)])
    root["illustrative"] = (
        f"Bộ khung nhập tự động từ phụ lục {Path(table.file).name} (trang {table.sheet}). "
        "Hãy rà soát các dòng TODO trước khi sử dụng."
    )
    year = _document_date(above)
    root["years"] = CommentedSeq([year.year] if year else [])
    root["version"] = "1"
    root["unit_types"] = CommentedSeq(_unit_types(f"{title or ''} {above}"))
    root["scale"] = _num(sum((a.max for a in areas), Decimal(0)))
    root["survey_share"] = 0
    root["not_applicable_policy"] = "exclude"
    root["classification"] = CommentedMap(bands=_classification())
    notes = {
        "title": None if title else "Ghi tên bộ tiêu chí.",
        "documents": "Kiểm tra số, ngày, cơ quan ban hành quyết định.",
        "years": "Các năm đánh giá áp dụng bộ này (tạm lấy năm ban hành).",
        "unit_types": "Các loại đơn vị áp dụng (id dùng trong units.csv).",
        "scale": None if root["scale"] == 100 else "Tổng điểm các lĩnh vực khác 100.",
        "classification": "Mức xếp loại là ví dụ: thay bằng mức của tỉnh.",
    }
    for key, note in notes.items():
        _todo(root, key, note, 0)
        todos.extend([f"[{key}] {note}"] if note else [])
    return root


def _classification() -> CommentedSeq:
    """The example classification bands, one flow mapping per line."""
    bands = CommentedSeq()
    for band_id, label, low in _BANDS:
        band = CommentedMap(id=band_id, label=label, min=low)
        band.fa.set_flow_style()
        bands.append(band)
    return bands


def _document(text: str) -> CommentedMap:
    number = _DOC_NUMBER.search(text)
    issuer = _DOC_ISSUER.search(text)
    doc = CommentedMap()
    doc["number"] = number.group(1).rstrip(".") if number else "TODO/QĐ-UBND"
    date = _document_date(text)
    if date:
        doc["date"] = date
    doc["issuer"] = clean(issuer.group(1)).rstrip(" ,.") if issuer else "TODO: cơ quan ban hành"
    return doc


def _document_date(text: str) -> dt.date | None:
    found = _DOC_DATE.search(text) or _DOC_DATE_LONG.search(text)
    if not found:
        return None
    day, month, year = (int(g) for g in found.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _unit_types(text: str) -> list[CommentedMap]:
    low = text.lower()
    found = [(i, label) for i, label, word in _UNIT_TYPES if re.search(rf"\b{word}\b", low)]
    out = []
    for type_id, label in found or [("xa", "Xã")]:
        entry = CommentedMap(id=type_id, label=label)
        entry.fa.set_flow_style()
        out.append(entry)
    return out


def _node_map(
    item: Item,
    depth: int,
    section: str,
    todos: list[str],
    recognised: Counter[str],
    rows: list[RowReport],
) -> CommentedMap:
    node = CommentedMap()
    node["code"] = item.code
    node["title"] = item.row.title or "TODO: tên"
    node["max"] = _num(item.max)
    indent = 4 * (depth + 1) + (2 if section else 0)
    if item.row.stt or item.row.row:
        node.yaml_add_eol_comment(
            f"phụ lục: STT {item.row.stt or '-'}, dòng {item.row.row}", "code"
        )
    notes = [*item.todos]
    kind = "parent"
    if item.children:
        if item.row.method:
            node["method"] = _text(item.row.method)
        node["criteria"] = CommentedSeq(
            _node_map(c, depth + 1, section, todos, recognised, rows) for c in item.children
        )
    else:
        found, leaf_notes = _leaf(node, item, section, recognised)
        notes, kind = notes + leaf_notes, found
    for note in notes:
        todos.append(f"[{item.code}] {note}")
    if item.row.title or item.row.stt:  # not an area made up for criteria above any area
        rows.append(RowReport(item.row.row, item.row.stt, item.row.title, kind, item.code, notes))
    _todo(node, "max" if item.children else "rule", " ".join(notes) or None, indent)
    return node


def _leaf(
    node: CommentedMap, item: Item, section: str, recognised: Counter[str]
) -> tuple[str, list[str]]:
    method = "\n".join(p for p in (item.row.method, *item.notes) if p)
    found = recognise(method, item.max, item.row.title, section)
    recognised[found.kind] += 1
    if method:
        node["method"] = _text(method)
    if found.figures:
        node["figures"] = CommentedSeq(_flow(f) for f in found.figures)
    if found.checks:
        node["checks"] = CommentedSeq(_flow(c) for c in found.checks)
    node["rule"] = _yamlable(found.rule)
    for key, value in found.extra.items():
        node[key] = value
    if item.row.evidence:
        node["evidence"] = CommentedMap(document=item.row.evidence)
    return found.kind, [found.todo] if found.todo else []


def _extras_map(
    name: str, areas: list[Item], todos: list[str], recognised, rows: list[RowReport]
) -> CommentedMap:
    items = [leaf for area in areas for leaf in leaves(area)]
    prefix = "B" if name == "bonus" else "T"
    for index, leaf in enumerate(items, start=1):
        leaf.code = f"{prefix}{index}"
    stated = [a.row.max for a in areas if a.row.max is not None]
    section = CommentedMap()
    section["title"] = areas[0].row.title
    section["max"] = _num(sum(stated, Decimal(0)) if stated else max(i.max for i in items))
    section["items"] = CommentedSeq(_node_map(i, 0, name, todos, recognised, rows) for i in items)
    cap = "Mức tối đa của phần này trong năm: kiểm tra theo phụ lục."
    _todo(section, "max", None if stated else cap, 2)
    return section


def _survey_points(root: CommentedMap) -> Decimal:
    def visit(node: CommentedMap) -> Decimal:
        if "criteria" in node:
            return sum((visit(c) for c in node["criteria"]), Decimal(0))
        is_survey = node["rule"].get("kind") == "survey"
        return Decimal(str(node["max"])) if is_survey else Decimal(0)

    return sum((visit(a) for a in root["areas"]), Decimal(0))


def _todo(node: CommentedMap, key: str, text: str | None, indent: int) -> None:
    if text:
        lines = textwrap.wrap(f"TODO: {text}", 98 - indent, subsequent_indent="  ")
        node.yaml_set_comment_before_after_key(key, before="\n".join(lines), indent=indent)


def _text(value: str) -> str:
    """Multi-line text as a YAML literal block, so the method reads as in the annex."""
    return LiteralScalarString(value) if "\n" in value else value


def _flow(data: dict[str, Any]) -> CommentedMap:
    out = CommentedMap(_yamlable(data))
    out.fa.set_flow_style()
    return out


def _yamlable(value: Any) -> Any:
    if isinstance(value, dict):
        out = CommentedMap((k, _yamlable(v)) for k, v in value.items())
        if all(not isinstance(v, dict | list) for v in value.values()) and "kind" not in value:
            out.fa.set_flow_style()
        return out
    if isinstance(value, list):
        return CommentedSeq(_yamlable(v) for v in value)
    return _num(value) if isinstance(value, Decimal) else value


def _num(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _dump(root: CommentedMap) -> str:
    root.yaml_set_start_comment(
        "Bộ tiêu chí nhập từ phụ lục bằng 'par-index criteria import'.\n"
        "Tìm 'TODO' để biết những chỗ cần rà soát; kiểm tra: par-index criteria check <tệp>."
    )
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    buffer = io.StringIO()
    yaml.dump(root, buffer)
    return buffer.getvalue()


def _check(text: str, name: str) -> list[Problem]:
    """The problems ``criteria check`` would report for the skeleton (none expected)."""
    source = parse_yaml(text, f"{name}.yaml")
    try:
        cs = CriteriaSet.model_validate(source.data)
    except ValidationError as exc:
        return problems_from_validation(exc, source)
    return to_problems(validate(cs), source.file, source.line_of)
