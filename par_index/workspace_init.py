"""Create a workspace: a commented par-index.yaml, a sample units file and the cycle's folders.

The configuration text is rendered from the ``Config`` model itself (every field, its default and
its docstring), so a section added to the model appears in new workspaces without changes here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import textwrap
import types
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel
from ruamel.yaml import YAML

from par_index.criteria import CriteriaSet, load_criteria, resolve
from par_index.criteria.load import default_set, period_year
from par_index.criteria.sets import shared_type
from par_index.errors import ConfigError
from par_index.i18n import Message
from par_index.io import write_text_atomic
from par_index.workspace import CONFIG_NAME, Config, UnitGroupConfig

M_EXISTS = Message(
    "init.exists",
    "{file} đã có. Không ghi đè cấu hình đang dùng; chạy lại với --force nếu thật sự muốn thay "
    "bằng cấu hình mặc định, hoặc chọn thư mục khác.",
    "{file} already exists. It is not overwritten; run again with --force to replace it with "
    "the defaults, or choose another folder.",
)
M_NOT_DIR = Message(
    "init.not-a-folder",
    "{path} không phải là thư mục. Hãy chọn một thư mục (mới hoặc có sẵn) cho không gian làm việc.",
    "{path} is not a folder. Choose a folder (new or existing) for the workspace.",
)
M_ONE_WAY = Message(
    "init.criteria-and-groups",
    "Chỉ chọn một cách: --criteria (một bộ tiêu chí cho mọi đơn vị), --groups (mỗi khối đơn vị "
    "một bộ) hoặc --province (khối sở, ban, ngành và khối xã, phường, đặc khu với các bộ có "
    "sẵn của năm).",
    "Choose one way: --criteria (one set for every unit), --groups (a set per group of units) "
    "or --province (the departments and the communes on the shipped sets of the year).",
)
M_TYPE_SHARED = Message(
    "init.unit-type-shared",
    "--groups: loại đơn vị “{unit_type}” có trong cả bộ {first} và bộ {second}, nên không biết "
    "đơn vị loại này thuộc khối nào. Mỗi loại đơn vị chỉ thuộc một khối: hãy chọn các bộ chấm "
    "những loại đơn vị khác nhau (vd. --groups so-2025,xa-2025).",
    "--groups: unit type “{unit_type}” is in both set {first} and set {second}, so a unit of "
    "this type belongs to no one group. Each unit type belongs to one group: choose sets that "
    "score different unit types (e.g. --groups so-2025,xa-2025).",
)

PROVINCE_TYPES = ("so", "xa")
"""A province's groups under one decision (``--province``): the departments, then the
communes; each on the shipped set scoring that unit type in the period's year."""
HEAD_TITLES = {"so": "Giám đốc Sở"}
"""The head's title of a sample unit, by unit type (else the chairman of the commune's
People's Committee)."""

UNITS_COLUMNS = ["code", "name", "unit_type", "head_name", "head_title", "group", "contact"]
WIDTH = 96

# Vietnamese hints shown above the English docstring of the keys officers edit most.
HINTS_VI: dict[str, str] = {
    "period": "Kỳ đánh giá, thường là năm.",
    "title": "Tiêu đề in trên báo cáo.",
    "producer": "Cơ quan lập kết quả, vd. Sở Nội vụ tỉnh ...",
    "contact": "Người/số điện thoại để công chức xã hỏi (in trong hướng dẫn của biểu mẫu).",
    "language": "Ngôn ngữ: vi hoặc en.",
    "criteria": "Bộ tiêu chí: tên bộ có sẵn (vd. xa-mau) hoặc đường dẫn tệp YAML.",
    "groups": "Thay cho criteria: mỗi khối đơn vị một bộ tiêu chí, xếp hạng riêng từng khối.",
    "groups.id": "Mã ngắn của khối.",
    "groups.name": "Tên khối in trên báo cáo và phụ lục quyết định.",
    "groups.criteria": "Bộ tiêu chí của khối (bộ có sẵn hoặc đường dẫn tệp).",
    "units": "Danh sách đơn vị (CSV hoặc YAML).",
    "assessment_start": "Ngày đầu kỳ đánh giá (YYYY-MM-DD).",
    "assessment_end": "Ngày cuối kỳ đánh giá (YYYY-MM-DD).",
    "deadlines": "Hạn chót từng bước (YYYY-MM-DD); để null nếu chưa có kế hoạch.",
    "deadlines.self_assessment": "Hạn các đơn vị gửi bảng tự chấm điểm.",
    "deadlines.appraisal_round_1": "Hạn thẩm định vòng 1.",
    "deadlines.explanation": "Hạn đơn vị giải trình, bổ sung tài liệu.",
    "deadlines.appraisal_round_2": "Hạn thẩm định vòng 2 (chốt điểm).",
    "deadlines.publication": "Ngày công bố kết quả.",
    "paths.previous": "Kết quả năm trước (results.json) để so sánh.",
    "paths": "Các thư mục của không gian làm việc (tương đối với thư mục này).",
    "check": "Ngưỡng và công tắc của bước kiểm tra (par-index check).",
    "ranking": "Xếp hạng: độ chính xác, phạm vi, đơn vị không xếp hạng, mức xếp loại riêng.",
    "staff": "Liên hệ kết quả CCHC với đánh giá người đứng đầu và thi đua, khen thưởng.",
}


class WorkspaceExistsError(ConfigError):
    """The folder already holds a par-index.yaml and --force was not given."""

    exit_code = 1


@dataclass
class InitResult:
    """What ``init_workspace`` did: files written, files kept as they were, folders made."""

    root: Path
    config: Path
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)


def default_config(period: str, criteria: str) -> Config:
    """The configuration a new workspace starts with."""
    start = end = None
    if period.isdigit() and len(period) == 4:
        start, end = dt.date(int(period), 1, 1), dt.date(int(period), 12, 31)
    return Config(
        period=period,
        title=f"Chỉ số cải cách hành chính năm {period}",
        criteria=criteria,
        assessment_start=start,
        assessment_end=end,
    )


def render_config(config: Config) -> str:
    """par-index.yaml text for ``config``: every field of the model, with its docstring."""
    lines = [
        "# par-index.yaml: cấu hình của một kỳ đánh giá Chỉ số CCHC (workspace configuration).",
        "# Sửa các giá trị theo kế hoạch của năm; hướng dẫn: docs/guide-home-affairs.md.",
        "# Kiểm tra: chạy 'par-index check THƯ-MỤC' (lỗi được báo kèm số dòng của tệp này).",
        "",
    ]
    _emit(type(config), config.model_dump(by_alias=True), 0, lines, "")
    return "\n".join(lines).rstrip() + "\n"


def sample_units(unit_types: list[tuple[str, str]]) -> str:
    """A units.csv with one example row per (unit type, label) given, to be replaced."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(UNITS_COLUMNS)
    for i, (type_id, label) in enumerate(unit_types or [("xa", "Xã")], start=1):
        short = label.split(",")[0]
        head = HEAD_TITLES.get(type_id, f"Chủ tịch UBND {short.lower()}")
        writer.writerow(
            [
                f"DV{i:02d}",
                f"{short} Mẫu {i}",
                type_id,
                "Nguyễn Văn A",
                head,
                "",
                "Dòng ví dụ: thay bằng các đơn vị thật",
            ]
        )
    return buffer.getvalue()


def province_sets(year: int) -> list[str]:
    """The shipped sets of a province's groups (``--province``) for a year."""
    return [default_set(year, unit_type) for unit_type in PROVINCE_TYPES]


def init_workspace(
    root: Path,
    *,
    criteria: str | None = None,
    groups: Sequence[str] = (),
    period: str | None = None,
    force: bool = False,
) -> InitResult:
    """Write par-index.yaml, units.csv (if absent) and the folders; refuse to overwrite a config.
    ``groups``: a set per group of units (names or files) instead of one ``criteria``; with
    neither, the shipped commune set for the period's year."""
    if criteria is not None and groups:
        raise ConfigError(M_ONE_WAY)
    if root.exists() and not root.is_dir():
        raise ConfigError(M_NOT_DIR, path=str(root))
    config_file = root / CONFIG_NAME
    if config_file.exists() and not force:
        raise WorkspaceExistsError(M_EXISTS, file=str(config_file))
    period = period or str(dt.date.today().year)
    if groups:
        config, samples = _grouped(root, period, groups)
    else:
        if criteria is None:
            criteria = default_set(period_year(period) or dt.date.today().year, "xa")
        cs = load_criteria(resolve(criteria))
        config = default_config(period, _criteria_ref(criteria, root))
        samples = [(t.id, t.label.vi) for t in cs.unit_types][:3]
    result = InitResult(root=root, config=config_file)
    result.folders = _make_folders(root, config)
    write_text_atomic(config_file, render_config(config))
    result.written.append(config_file)
    units_file = root / config.units
    if units_file.exists():
        result.kept.append(units_file)
    else:
        write_text_atomic(units_file, sample_units(samples))
        result.written.append(units_file)
    return result


def _grouped(root: Path, period: str, refs: Sequence[str]) -> tuple[Config, list[tuple[str, str]]]:
    """The configuration with a group per set, and the sample units' types: each group's unit
    types, at least two units per group. Sets sharing a unit type are refused."""
    sets = [load_criteria(resolve(ref)) for ref in refs]
    shared = shared_type(sets)
    if shared is not None:
        unit_type, first, second = shared
        raise ConfigError(M_TYPE_SHARED, unit_type=unit_type, first=refs[first],
                          second=refs[second])  # fmt: skip
    groups: list[UnitGroupConfig] = []
    samples: list[tuple[str, str]] = []
    for ref, cs in zip(refs, sets, strict=True):
        groups.append(_group(cs, _criteria_ref(ref, root), {g.id for g in groups}))
        kinds = [(t.id, t.label.vi) for t in cs.unit_types][:3]
        samples += (kinds * 2)[: max(2, len(kinds))]
    base = default_config(period, "")
    return base.model_copy(update={"criteria": None, "groups": groups}), samples


def _group(cs: CriteriaSet, ref: str, taken: set[str]) -> UnitGroupConfig:
    """A group on ``cs``: named by its unit types ("Xã, phường, đặc khu"), its id the first
    type's ("xa"; numbered when another group has it)."""
    labels = [t.label.vi for t in cs.unit_types]
    name = ", ".join([labels[0], *(label.lower() for label in labels[1:])])
    group_id = cs.unit_types[0].id
    if group_id in taken:
        group_id = f"{group_id}{len(taken) + 1}"
    return UnitGroupConfig(id=group_id, name=name, criteria=ref)


def _criteria_ref(criteria: str, root: Path) -> str:
    """A shipped name as it is; a file as a path relative to the workspace (POSIX slashes)."""
    path = Path(criteria)
    if not path.is_file():
        return criteria
    relative = os.path.relpath(path.resolve(), root.resolve())
    return Path(relative).as_posix()


def _make_folders(root: Path, config: Config) -> list[Path]:
    paths = config.paths
    names = [paths.templates, paths.submissions, paths.appraisal, paths.survey, paths.outputs]
    if paths.previous:
        names.append(str(Path(paths.previous).parent))
    made = []
    for name in dict.fromkeys(names):
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        made.append(folder)
    return made


# -- rendering ---------------------------------------------------------------------------------
def _emit(model: type[BaseModel], data: dict, indent: int, out: list[str], prefix: str) -> None:
    """Append ``key: value`` lines for every field of ``model``, each under its comment."""
    pad = " " * indent
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key not in data:
            continue
        dotted = f"{prefix}{key}"
        out.extend(f"{pad}# {line}" for line in _comment(dotted, info.description, indent))
        value = data[key]
        sub = _model_class(info.annotation)
        item = _item_class(info.annotation)
        if sub is not None and isinstance(value, dict):
            out.append(f"{pad}{key}:")
            _emit(sub, value, indent + 2, out, f"{dotted}.")
        elif item is not None and isinstance(value, list) and value:
            out.append(f"{pad}{key}:")
            _emit_items(item, value, indent + 2, out, f"{dotted}.")
        else:
            out.extend(_value_lines(key, value, indent))
        if indent == 0:
            out.append("")


def _emit_items(
    model: type[BaseModel], items: list, indent: int, out: list[str], prefix: str
) -> None:
    """A list of ``model`` entries (``groups:``): each field's comment once, above the first
    entry, then every entry as ``- key: value`` lines."""
    pad = " " * indent
    for name, info in model.model_fields.items():
        key = info.alias or name
        words = _comment(f"{prefix}{key}", info.description, indent + len(key) + 2)
        lead = [f"{key}:", *[" " * (len(key) + 1)] * (len(words) - 1)]
        out.extend(f"{pad}# {first} {line}" for first, line in zip(lead, words, strict=True))
    for entry in items:
        lines = [
            line
            for name, info in model.model_fields.items()
            if (info.alias or name) in entry
            for line in _value_lines(info.alias or name, entry[info.alias or name], indent + 2)
        ]
        out.extend([f"{pad}- {lines[0].lstrip()}", *lines[1:]])


def _item_class(annotation: Any) -> type[BaseModel] | None:
    """The model class of a field typed ``list[Model]``."""
    if get_origin(annotation) is not list:
        return None
    args = get_args(annotation)
    return _model_class(args[0]) if args else None


def _comment(dotted: str, description: str | None, indent: int) -> list[str]:
    width = WIDTH - indent - 2
    parts = [HINTS_VI.get(dotted), description]
    lines: list[str] = []
    for part in parts:
        if part:
            lines += textwrap.wrap(" ".join(part.split()), width)
    return lines


def _model_class(annotation: Any) -> type[BaseModel] | None:
    """The model class of a field typed ``Model`` or ``Model | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, types.UnionType):
        models = [a for a in get_args(annotation) if isinstance(a, type)]
        found = [a for a in models if issubclass(a, BaseModel)]
        return found[0] if len(found) == 1 else None
    return None


def _value_lines(key: str, value: Any, indent: int) -> list[str]:
    pad = " " * indent
    plain = _plain(value)
    if isinstance(plain, dict | list) and plain:
        return [f"{pad}{key}:", *_block(plain, indent + 2)]
    return [f"{pad}{key}: {_scalar(plain)}"]


def _plain(value: Any) -> Any:
    """Python data as YAML-ready plain values (no Decimal, Enum or Path objects)."""
    if isinstance(value, BaseModel):
        return _plain(value.model_dump(by_alias=True))
    if isinstance(value, dict):
        return {str(_plain(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Path):
        return value.as_posix()
    return value


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | int | float):
        return value.isoformat() if isinstance(value, dt.date) else repr(value)
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return json.dumps(str(value), ensure_ascii=False)


def _block(value: dict | list, indent: int) -> list[str]:
    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = WIDTH
    buffer = io.StringIO()
    yaml.dump(value, buffer)
    pad = " " * indent
    return [pad + line for line in buffer.getvalue().rstrip("\n").splitlines()]
