"""Load a criteria set from YAML (by file or by shipped name), with every problem at file:line."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ValidationError

from par_index.criteria import model as m
from par_index.criteria.model import CriteriaSet
from par_index.criteria.problems import Problem, problems_from_validation
from par_index.criteria.validate import to_problems, validate
from par_index.errors import CriteriaError
from par_index.i18n import Message
from par_index.resources import shipped_criteria
from par_index.yamlsrc import YamlError, load_yaml

M_INVALID = Message(
    "criteria.invalid",
    "Bộ tiêu chí {file} có {count} lỗi:",
    "Criteria set {file} has {count} problem(s):",
)
M_NOT_FOUND = Message(
    "criteria.not-found",
    "Không tìm thấy bộ tiêu chí '{name}': không phải tệp, cũng không phải bộ có sẵn ({known}).",
    "No criteria set '{name}': not a file, nor a shipped set ({known}).",
)


def _known_keys() -> list[str]:
    keys: set[str] = set()
    for value in vars(m).values():
        if isinstance(value, type) and issubclass(value, BaseModel):
            keys |= set(value.model_fields)
    return sorted(keys)


def resolve(name_or_path: str | Path) -> Path:
    """A path as given, or the shipped set of that name (e.g. "xa-mau")."""
    path = Path(name_or_path)
    if path.is_file():
        return path
    shipped = shipped_criteria()
    if str(name_or_path) in shipped:
        return shipped[str(name_or_path)]
    raise CriteriaError(M_NOT_FOUND, name=str(name_or_path), known=", ".join(shipped))


def check_criteria(name_or_path: str | Path) -> tuple[CriteriaSet | None, list[Problem]]:
    """Load and validate; return the set (None when invalid) and every problem found."""
    path = resolve(name_or_path)
    shown = str(name_or_path) if Path(name_or_path).is_file() else path.name
    try:
        source = load_yaml(path, shown)
    except YamlError as exc:
        return None, [Problem(exc.message, exc.fields, shown, exc.fields.get("line"))]
    try:
        cs = CriteriaSet.model_validate(source.data)
    except ValidationError as exc:
        return None, _by_line(problems_from_validation(exc, source, {"*": _known_keys()}))
    problems = _by_line(to_problems(validate(cs), source.file, source.line_of))
    return (None if problems else cs), problems


def _by_line(problems: list[Problem]) -> list[Problem]:
    """Problems in file order (problems without a line first: they concern the whole file)."""
    return sorted(problems, key=lambda p: p.line or 0)


def load_criteria(name_or_path: str | Path) -> CriteriaSet:
    """The valid set, or CriteriaError listing every problem."""
    cs, problems = check_criteria(name_or_path)
    if cs is None:
        raise CriteriaError(M_INVALID, problems, file=str(name_or_path), count=len(problems))
    return cs


def period_year(period: str) -> int | None:
    """The year a period names ("2025", "năm 2025", "6 tháng 2025"), else None."""
    found = re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", period)
    return int(found.group()) if found else None


def shipped_sets_for(year: int, unit_type: str | None = None) -> list[str]:
    """Names of the shipped sets whose ``years`` include ``year`` (and that score
    ``unit_type``, when given), the newest first: the set that began latest."""
    return [name for name, years in _shipped_years(unit_type) if year in years]


def default_commune_set(year: int) -> str:
    """The shipped commune set for a year: the newest valid that year, else the newest one."""
    return default_set(year, "xa")


def default_set(year: int, unit_type: str) -> str:
    """The shipped set scoring ``unit_type`` for a year: the newest valid that year, else the
    newest one."""
    fits = shipped_sets_for(year, unit_type)
    return fits[0] if fits else _shipped_years(unit_type)[0][0]


def _shipped_years(unit_type: str | None) -> list[tuple[str, list[int]]]:
    """(name, years) of each shipped set scoring ``unit_type``; the newest first."""
    sets = [(name, load_criteria(path)) for name, path in shipped_criteria().items()]
    chosen = [(n, cs.years) for n, cs in sets if unit_type is None or unit_type in cs.type_ids()]
    return sorted(chosen, key=lambda item: (-max(item[1] or [0]), -min(item[1] or [0]), item[0]))
