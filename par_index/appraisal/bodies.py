"""Appraisal shared among bodies (par-index.yaml ``appraisal: bodies:``).

A province may have the justice department appraise the legal-documents area and the science
department the e-government criteria, the home-affairs department the rest. ``plan`` decides
which body appraises each criterion; ``par-index appraisal`` writes one workbook per body with
every unit's sheet holding that body's rows; ``merge`` puts the bodies' sheets of a unit back
into the one appraisal scoring uses, reporting a criterion two bodies scored (an error, both
values shown) or none did (a warning: the self-score stands, provisional); ``progress`` is how
far each body got. Without ``bodies:`` there is one workbook, as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from par_index.appraisal.model import (
    NA_TEXT,
    Appraisal,
    AppraisedScore,
    Status,
    scored_rows,
)
from par_index.criteria.model import CriteriaSet, ScoredBy
from par_index.errors import ConfigError
from par_index.i18n import Message
from par_index.numbers import NumberKind, display
from par_index.results import InputProblem
from par_index.units import Unit

BODY_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,30}$"

M_UNKNOWN_CODE = Message(
    "config.body-unknown-code",
    "par-index.yaml, appraisal.bodies, cơ quan '{body}': {what} '{code}' không có trong bộ tiêu "
    "chí {set}. Hãy sửa mã cho đúng bộ tiêu chí đang dùng.",
    "par-index.yaml, appraisal.bodies, body '{body}': {what} '{code}' is not in criteria set "
    "{set}. Fix the code to match the set in use.",
)
M_TWICE = Message(
    "config.body-twice",
    "par-index.yaml, appraisal.bodies: '{code}' được giao cho cả cơ quan '{first}' và "
    "'{second}'. Mỗi lĩnh vực, tiêu chí chỉ giao cho một cơ quan.",
    "par-index.yaml, appraisal.bodies: '{code}' is given to both body '{first}' and "
    "'{second}'. Give each area or criterion to one body.",
)
M_DUPLICATE_ID = Message(
    "config.body-duplicate-id",
    "par-index.yaml, appraisal: mã cơ quan '{body}' dùng hai lần. Mỗi cơ quan một mã riêng.",
    "par-index.yaml, appraisal: body id '{body}' is used twice. Give each body its own id.",
)
M_CONFLICT = Message(
    "appraisal.body-conflict",
    "{where}: tiêu chí {criterion} của đơn vị {unit} được hai cơ quan chấm: {first} ({first_at}: "
    "{first_value}) và {second} ({second_at}: {second_value}). Tiêu chí này do {assigned} thẩm "
    "định; hãy xóa điểm ở phiếu của cơ quan kia. Tạm dùng điểm của {kept}.",
    "{where}: criterion {criterion} of unit {unit} is scored by two bodies: {first} ({first_at}: "
    "{first_value}) and {second} ({second_at}: {second_value}). It is {assigned}'s to appraise; "
    "clear the score in the other body's workbook. {kept}'s score is used for now.",
)
M_GAP = Message(
    "appraisal.body-gap",
    "Đơn vị {unit}, tiêu chí {criterion}: chưa cơ quan nào thẩm định (do {assigned} thẩm định; "
    "không có dòng này trong phiếu của {assigned} cho đơn vị). Điểm tự chấm được giữ, kết quả "
    "tạm thời. Hãy gửi phiếu của {assigned} ('par-index appraisal' lập phiếu).",
    "Unit {unit}, criterion {criterion}: no body appraised it (it is {assigned}'s; its workbook "
    "has no such row for the unit). The self-score stands, provisional. Return {assigned}'s "
    "workbook ('par-index appraisal' makes it).",
)
M_UNKNOWN_BODY = Message(
    "appraisal.unknown-body",
    "{where}: mã cơ quan thẩm định '{body}' không có trong par-index.yaml (appraisal.bodies: "
    "{known}). Trang này không được dùng; hãy lập lại phiếu bằng 'par-index appraisal'.",
    "{where}: appraising body id '{body}' is not in par-index.yaml (appraisal.bodies: {known}). "
    "The sheet is not used; make the workbook again with 'par-index appraisal'.",
)


class BodyConfig(BaseModel):
    """One appraising body and what it appraises."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    id: str = Field(pattern=BODY_ID_PATTERN)
    """Short id, lower case (it names the body's workbook), e.g. "stp"."""
    name: str
    """The body's name, e.g. "Sở Tư pháp"."""
    areas: list[str] = []
    """Area codes it appraises, e.g. ["3"]."""
    criteria: list[str] = []
    """Criteria codes it appraises (a code covers its sub-criteria), e.g. ["6.1", "6.2"]; a
    criterion listed here wins over its area listed for another body."""


class AppraisalConfig(BaseModel):
    """``appraisal:`` in par-index.yaml."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    bodies: list[BodyConfig] = []
    """Bodies sharing the appraisal; empty: one appraisal workbook for the whole council."""
    default_body: BodyConfig = BodyConfig(id="noi-vu", name="Sở Nội vụ")
    """The body appraising every criterion no body lists."""

    @model_validator(mode="after")
    def _unique_ids(self) -> AppraisalConfig:
        seen: set[str] = set()
        for body in [*self.bodies, self.default_body]:
            if body.id in seen:
                raise ValueError(M_DUPLICATE_ID.format(None, body=body.id))
            seen.add(body.id)
        return self


@dataclass(frozen=True)
class Plan:
    """Who appraises what: every criterion a council may score, given to one body."""

    bodies: tuple[BodyConfig, ...]
    """The bodies in the configuration's order, the default body last."""
    of: Mapping[str, str]
    """Criterion code -> the body id that appraises it."""

    def body(self, body_id: str) -> BodyConfig | None:
        return next((b for b in self.bodies if b.id == body_id), None)

    def codes(self, body_id: str) -> set[str]:
        return {code for code, body in self.of.items() if body == body_id}

    def name(self, body_id: str) -> str:
        body = self.body(body_id)
        return body.name if body is not None else body_id


def plan(cs: CriteriaSet, config: AppraisalConfig) -> Plan | None:
    """The plan of a shared appraisal; None when no bodies are configured (one workbook).
    ConfigError when a listed code is not in the set or is given to two bodies."""
    if not config.bodies:
        return None
    areas, listed = _listed(cs, config.bodies)
    of: dict[str, str] = {}
    for criterion in _appraised(cs):
        code = criterion.code
        prefixes = [p for p in listed if code == p or code.startswith(p + ".")]
        if prefixes:
            of[code] = listed[max(prefixes, key=len)]
        else:
            of[code] = areas.get(code.split(".")[0], config.default_body.id)
    return Plan((*config.bodies, config.default_body), of)


def _listed(cs: CriteriaSet, bodies: Sequence[BodyConfig]):
    """(area -> body id, criterion code -> body id) as configured, checked against the set."""
    areas: dict[str, str] = {}
    listed: dict[str, str] = {}
    items = {item.code for _name, item in cs.extras_items()}
    area_codes = {area.code for area in cs.areas}
    for body in bodies:
        for what, codes, known, taken in (
            ("lĩnh vực", body.areas, area_codes, areas),
            ("tiêu chí", body.criteria, None, listed),
        ):
            for code in codes:
                exists = code in known if known is not None else (
                    cs.node(code) is not None or code in items
                )  # fmt: skip
                if not exists:
                    raise ConfigError(M_UNKNOWN_CODE, body=body.id, what=what, code=code, set=cs.id)
                if code in taken:
                    raise ConfigError(M_TWICE, code=code, first=taken[code], second=body.id)
                taken[code] = body.id
    return areas, listed


def _appraised(cs: CriteriaSet):
    """Every leaf and bonus/penalty item a council may score (survey criteria are not)."""
    items = [*cs.leaves(), *(item for _name, item in cs.extras_items())]
    return [c for c in items if c.scorer != ScoredBy.SURVEY]


# -- merging ------------------------------------------------------------------------------------
_ORDER = (Status.NONE, Status.ROUND_1, Status.ROUND_2)


def merge(
    cs: CriteriaSet, units: Sequence[Unit], sheets: Iterable[Appraisal], the_plan: Plan
) -> dict[str, Appraisal]:
    """Each unit's sheets of every body as one appraisal: every row taken from the sheet that
    scored it (two scoring it: an error, the assigned body's kept), criteria no sheet holds
    listed as gaps (a warning; the self-score stands, provisional)."""
    by_unit: dict[str, list[Appraisal]] = {}
    for sheet in sheets:
        by_unit.setdefault(sheet.unit_code, []).append(sheet)
    types = {u.code: u.unit_type for u in units}
    merged: dict[str, Appraisal] = {}
    for code, unit_sheets in by_unit.items():
        unit_type = types.get(code)
        merged[code] = _merge_unit(cs, unit_type, unit_sheets, the_plan)
    return merged


def _merge_unit(
    cs: CriteriaSet, unit_type: str | None, sheets: list[Appraisal], the_plan: Plan
) -> Appraisal:
    first = sheets[0]
    fingerprinted = next((s for s in sheets if s.fingerprinted), first)
    out = Appraisal(
        unit_code=first.unit_code,
        file=first.file,
        sheet=first.sheet,
        status=min((s.status for s in sheets), key=_ORDER.index),
        seen_file=fingerprinted.seen_file,
        seen_sha256=fingerprinted.seen_sha256,
        seen_cell=fingerprinted.seen_cell,
        fingerprinted=fingerprinted.fingerprinted,
        problems=[p for s in sheets for p in s.problems],
    )
    codes = list(dict.fromkeys(c for s in sheets for c in s.entries))
    for criterion in codes:
        out.entries[criterion] = _merge_entry(out, criterion, sheets, the_plan)
    if unit_type is not None:
        for _section, criterion_ in scored_rows(cs, unit_type):
            if criterion_.scorer != ScoredBy.SURVEY and criterion_.code not in out.entries:
                out.gaps.append(criterion_.code)
                out.problems.append(_gap(out.unit_code, criterion_.code, the_plan))
    return out


def _decided(entry: AppraisedScore) -> bool:
    return any((entry.round_1 is not None, entry.round_1_na, entry.round_2 is not None,
                entry.round_2_na))  # fmt: skip


def _merge_entry(
    out: Appraisal, criterion: str, sheets: list[Appraisal], the_plan: Plan
) -> AppraisedScore:
    """The row of the sheet that scored it, with who scored it (the body's name)."""
    holding = [(s, s.entries[criterion]) for s in sheets if criterion in s.entries]
    assigned = the_plan.of.get(criterion)
    holding.sort(key=lambda pair: pair[0].body != assigned)  # the assigned body's first
    decided = [(s, e) for s, e in holding if _decided(e)]
    sheet, entry = (decided or holding)[0]
    if len(decided) > 1:
        out.problems.append(_conflict(out.unit_code, criterion, decided, the_plan))
    name = the_plan.name(sheet.body) if sheet.body else None
    by_1 = f"{name}: {sheet.source(1)}" if name else sheet.source(1)
    by_2 = f"{name}: {sheet.source(2)}" if name else sheet.source(2)
    return entry.model_copy(update={"by_1": by_1, "by_2": by_2})


def _shown(entry: AppraisedScore) -> str:
    for score, na in ((entry.round_2, entry.round_2_na), (entry.round_1, entry.round_1_na)):
        if na:
            return NA_TEXT
        if score is not None:
            return display(score, NumberKind.EXACT)
    return "—"


def _at(sheet: Appraisal, entry: AppraisedScore) -> str:
    key = "round_2" if entry.round_2 is not None or entry.round_2_na else "round_1"
    return f"{sheet.file} › {entry.cells.get(key, sheet.sheet)}"


def _conflict(
    unit: str,
    criterion: str,
    decided: list[tuple[Appraisal, AppraisedScore]],
    the_plan: Plan,
) -> InputProblem:
    (s1, e1), (s2, e2) = decided[0], decided[1]
    names = [the_plan.name(s.body) if s.body else s.file for s in (s1, s2)]
    assigned = the_plan.of.get(criterion)
    message = M_CONFLICT.format(
        None,
        where=f"{s2.file} › {s2.sheet}",
        criterion=criterion,
        unit=unit,
        first=names[0],
        first_at=_at(s1, e1),
        first_value=_shown(e1),
        second=names[1],
        second_at=_at(s2, e2),
        second_value=_shown(e2),
        assigned=the_plan.name(assigned) if assigned else names[0],
        kept=names[0],
    )
    cell = e2.cells.get("round_1", "").partition("!")[2] or None
    return InputProblem(
        code=M_CONFLICT.code, file=s2.file, sheet=s2.sheet, cell=cell, unit=unit,
        criterion=criterion, message=message,
    )  # fmt: skip


def _gap(unit: str, criterion: str, the_plan: Plan) -> InputProblem:
    assigned = the_plan.name(the_plan.of.get(criterion, ""))
    message = M_GAP.format(None, unit=unit, criterion=criterion, assigned=assigned)
    return InputProblem(
        code=M_GAP.code, severity="warning", file=assigned, unit=unit, criterion=criterion,
        message=message,
    )  # fmt: skip


# -- progress -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class BodyProgress:
    """How far a body got: units × its criteria decided, of all it appraises."""

    id: str
    name: str
    filled: int
    total: int
    units_done: int
    """Units whose sheet of this body is marked appraised."""
    units: int

    @property
    def share(self) -> Decimal:
        """filled / total (1 when the body has nothing to appraise)."""
        return Decimal(self.filled) / Decimal(self.total) if self.total else Decimal(1)


def progress(
    cs: CriteriaSet, units: Sequence[Unit], sheets: Iterable[Appraisal], the_plan: Plan
) -> list[BodyProgress]:
    """Each body's progress from the sheets read (``read_appraisal_sheets``): a criterion of a
    unit counts as filled when the body's sheet for the unit scores it or is marked appraised
    (a blank round-1 cell then keeps the self-score)."""
    own = {(s.body, s.unit_code): s for s in sheets if s.body is not None}
    out = []
    for body in the_plan.bodies:
        codes = the_plan.codes(body.id)
        filled = total = done = 0
        for unit in units:
            mine = [c.code for _s, c in scored_rows(cs, unit.unit_type) if c.code in codes]
            sheet = own.get((body.id, unit.code))
            total += len(mine)
            if sheet is None:
                continue
            done += sheet.complete
            filled += sum(
                sheet.complete or (c in sheet.entries and _decided(sheet.entries[c])) for c in mine
            )
        out.append(BodyProgress(body.id, body.name, filled, total, done, len(units)))
    return out
