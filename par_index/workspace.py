"""A workspace: a folder with par-index.yaml and the folders of one period's cycle."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from par_index.appraisal.bodies import AppraisalConfig
from par_index.check.config import CheckConfig
from par_index.criteria.problems import problems_from_validation
from par_index.decision.config import DecisionConfig
from par_index.errors import ConfigError
from par_index.firmness.config import FirmnessConfig
from par_index.i18n import Message
from par_index.inputs import SurveyConfig
from par_index.ranking import RankingConfig
from par_index.staff import StaffConfig
from par_index.yamlsrc import YamlSource, load_yaml

CONFIG_NAME = "par-index.yaml"

M_CONFIG_INVALID = Message(
    "config.invalid",
    "Cấu hình {file} có lỗi:\n{problems}",
    "Configuration {file} has problems:\n{problems}",
)
M_OUTSIDE = Message(
    "config.path-outside",
    "{where}: paths.{key} = “{value}” nằm ngoài thư mục làm việc ({path}). par-index chỉ ghi "
    "vào trong thư mục làm việc: hãy dùng một thư mục con; nếu thật sự muốn ghi ra ngoài, thêm "
    "“allow_outside: true” vào mục paths.",
    "{where}: paths.{key} = “{value}” lies outside the workspace folder ({path}). par-index "
    "writes only inside the workspace: use a folder inside it, or, to write there on purpose, "
    "add “allow_outside: true” under paths.",
)
M_NO_CONFIG = Message(
    "config.missing",
    "{dir}: không có tệp {name}. Hãy tạo không gian làm việc bằng 'par-index init {dir}'.",
    "{dir}: no {name}. Create a workspace with 'par-index init {dir}'.",
)
M_SET_AND_GROUPS = Message(
    "config.criteria-and-groups",
    "{where}: có cả “criteria” và “groups”. Một không gian làm việc chấm mọi đơn vị theo một bộ "
    "tiêu chí (criteria: tên bộ) hoặc mỗi khối đơn vị theo bộ của khối (groups: danh sách "
    "khối, mỗi khối có id, name, criteria): hãy giữ một trong hai.",
    "{where}: both “criteria” and “groups” are given. A workspace scores every unit on one "
    "criteria set (criteria: set name) or each group of units on its own set (groups: a list of "
    "groups, each with id, name, criteria): keep one of the two.",
)
M_BODIES_AND_GROUPS = Message(
    "config.bodies-and-groups",
    "{where}: thẩm định chia cho nhiều cơ quan (appraisal.bodies) chưa dùng được cùng “groups” "
    "(mỗi khối đơn vị một bộ tiêu chí): mã tiêu chí của các bộ trùng nhau nên không rõ cơ quan nào "
    "thẩm định tiêu chí nào. Hãy bỏ appraisal.bodies (cả Hội đồng thẩm định một phiếu), hoặc tách "
    "mỗi khối thành một không gian làm việc.",
    "{where}: an appraisal shared among bodies (appraisal.bodies) cannot yet be used with "
    "“groups” (a criteria set per group of units): the sets' criterion codes overlap, so which "
    "body appraises which criterion is unclear. Remove appraisal.bodies (the whole council "
    "appraises one workbook), or make each group a workspace of its own.",
)
M_NO_SET = Message(
    "config.no-criteria",
    "{file}: chưa khai bộ tiêu chí. Hãy thêm “criteria: <tên bộ>” (vd. criteria: xa-2025), hoặc "
    "“groups:” với mỗi khối đơn vị một bộ tiêu chí.",
    "{file}: no criteria set. Add “criteria: <set name>” (e.g. criteria: xa-2025), or “groups:” "
    "with a criteria set for each group of units.",
)
M_GROUP_TWICE = Message(
    "config.group-twice",
    "{where}: mã khối “{id}” đã dùng ở dòng {first}. Mỗi khối một mã riêng.",
    "{where}: group id “{id}” is already used on line {first}. Give each group its own id.",
)


class Deadlines(BaseModel):
    """Deadline of each phase (hạn chót)."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    self_assessment: dt.date | None = None
    """Units send their self-assessment workbooks by this date."""
    appraisal_round_1: dt.date | None = None
    explanation: dt.date | None = None
    appraisal_round_2: dt.date | None = None
    survey: dt.date | None = None
    """The survey's results are in by this date."""
    publication: dt.date | None = None


class Paths(BaseModel):
    """Folders of the workspace, relative to it."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    templates: str = "templates"
    submissions: str = "submissions"
    appraisal: str = "appraisal"
    explanations: str = "explanations"
    """Where the units' answered explanation workbooks (giải trình) are put, named for each
    unit."""
    survey: str = "survey"
    outputs: str = "outputs"
    plan: str = "plan"
    """The year's PAR plan: nhiem-vu.csv (the province's tasks), kiem-tra.csv (the inspection
    schedule), the units' filled plan workbooks in don-vi/ and the filled inspection workbook
    (``par-index plan``)."""
    previous: str | None = "previous/results.json"
    """Last period's results.json, for year-over-year comparison and the far-above check."""
    allow_outside: bool = False
    """Let ``templates``, ``appraisal`` and ``outputs`` lie outside the workspace folder (a path
    with ``..``, an absolute path, or a symlink to elsewhere). Without it such a path is
    refused: par-index writes only inside the workspace unless told so here."""


WRITTEN = ("templates", "appraisal", "outputs")
"""The folders par-index writes into (the others are only read, and may lie anywhere)."""


class UnitGroupConfig(BaseModel):
    """One group of units scored on its own criteria set (``groups:`` in par-index.yaml), e.g.
    the departments on so-2025 and the communes on xa-2025 under one decision."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    id: str
    """Short id, e.g. "so" (results.json's ``set_group``)."""
    name: str
    """The group's heading in the reports and the decision, e.g. "Sở, ban, ngành"."""
    criteria: str
    """Shipped set name (e.g. "so-2025") or a path relative to the workspace. A unit belongs to
    the group whose set declares its unit type."""


class Config(BaseModel):
    """par-index.yaml."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    period: str
    """Assessment period, usually the year: "2021"."""
    title: str | None = None
    """Title shown on reports, e.g. "Chỉ số CCHC năm 2021 các xã, thị trấn huyện Quảng Điền"."""
    producer: str | None = None
    """Who produces the results, e.g. "Phòng Nội vụ huyện Quảng Điền"."""
    contact: str | None = None
    """Whom commune officers ask (shown in the workbook's instructions)."""
    language: str = "vi"
    criteria: str | None = None
    """Shipped set name (e.g. "xa-mau") or a path relative to the workspace."""
    groups: list[UnitGroupConfig] = []
    """Instead of ``criteria``: groups of units, each scored and ranked on its own set (the
    departments and the communes of a province under one decision)."""
    units: str = "units.csv"
    assessment_start: dt.date | None = None
    """Evidence dated before this is outside the period (default: 1 January of the period)."""
    assessment_end: dt.date | None = None
    """Evidence dated after this is outside the period (default: 31 December of the period)."""
    deadlines: Deadlines = Deadlines()
    paths: Paths = Paths()
    check: CheckConfig = CheckConfig()
    ranking: RankingConfig = RankingConfig()
    """Ranking precision and scope, units left out of the ranking, class band overrides."""
    staff: StaffConfig = StaffConfig()
    """The rule table linking the PAR result to the head's grade and to emulation."""
    survey: SurveyConfig = SurveyConfig()
    """What a survey criterion gives a unit the survey has no result for."""
    appraisal: AppraisalConfig = AppraisalConfig()
    """Appraisal shared among bodies (``bodies:``: which body appraises which areas or
    criteria); without bodies one workbook serves the whole council."""
    firmness: FirmnessConfig = FirmnessConfig()
    """How firm ranks and classes are shown to be: the rank interval's simulated draws and
    seed, the area-weight check."""
    decision: DecisionConfig = DecisionConfig()
    """The decision publishing the index (outputs/quyet-dinh.docx): issuer, number, legal
    bases, signer."""


class Workspace(BaseModel):
    """A loaded workspace: its folder and configuration."""

    root: Path
    config: Config

    def path(self, relative: str) -> Path:
        return (self.root / relative).resolve()

    @property
    def outputs(self) -> Path:
        return self.path(self.config.paths.outputs)

    def with_final_decision(self) -> Workspace:
        """This workspace with ``decision.final`` set: the decision is issued as final even
        from provisional results (``--final-decision``)."""
        decision = self.config.decision.model_copy(update={"final": True})
        config = self.config.model_copy(update={"decision": decision})
        return self.model_copy(update={"config": config})


def load_workspace(root: Path) -> Workspace:
    """Read and validate ``root/par-index.yaml``; problems are reported at file:line."""
    file = root / CONFIG_NAME
    if not file.is_file():
        raise ConfigError(M_NO_CONFIG, dir=str(root), name=CONFIG_NAME)
    source = load_yaml(file)
    try:
        config = Config.model_validate(source.data)
    except ValidationError as exc:
        problems = problems_from_validation(exc, source, {"*": _config_keys(Config)})
        text = "\n".join(p.render() for p in problems)
        raise ConfigError(M_CONFIG_INVALID, file=str(file), problems=text) from exc
    _one_way(config, source, file)
    workspace = Workspace(root=root.resolve(), config=config)
    if not config.paths.allow_outside:
        _inside(workspace, source, file)
    return workspace


def _one_way(config: Config, source: YamlSource, file: Path) -> None:
    """One set for every unit (``criteria``) or one per group (``groups``), never both or none;
    group ids unique."""
    if config.criteria is not None and config.groups:
        line = source.line_of(("groups",))
        raise ConfigError(M_SET_AND_GROUPS, where=f"{file}:{line}" if line else str(file))
    if config.criteria is None and not config.groups:
        raise ConfigError(M_NO_SET, file=str(file))
    if config.groups and config.appraisal.bodies:
        line = source.line_of(("appraisal", "bodies"))
        raise ConfigError(M_BODIES_AND_GROUPS, where=f"{file}:{line}" if line else str(file))
    first: dict[str, int] = {}
    for index, group in enumerate(config.groups):
        line = source.line_of(("groups", index, "id")) or 0
        if group.id in first:
            where = f"{file}:{line}"
            raise ConfigError(M_GROUP_TWICE, where=where, id=group.id, first=first[group.id])
        first[group.id] = line


def _inside(ws: Workspace, source: YamlSource, file: Path) -> None:
    """Every folder par-index writes into lies inside the workspace (symlinks followed); the
    error names the key's line when the key is written (a default folder that is a symlink
    has none)."""
    for key in WRITTEN:
        value = getattr(ws.config.paths, key)
        path = ws.path(value)
        if not path.is_relative_to(ws.root):
            line = source.lines.get(("paths", key))
            where = f"{file}:{line}" if line else str(file)
            raise ConfigError(M_OUTSIDE, where=where, key=key, value=value, path=str(path))


def find_workspace(path: Path) -> Workspace | None:
    """The workspace a file or folder lies in (the nearest folder above it with
    par-index.yaml), else None."""
    for folder in [path, *path.resolve().parents]:
        if (folder / CONFIG_NAME).is_file():
            return load_workspace(folder)
    return None


def _config_keys(model: type[BaseModel]) -> list[str]:
    """Every key of par-index.yaml, nested sections included (to suggest a misspelt key)."""
    keys: set[str] = set()
    for name, info in model.model_fields.items():
        keys.add(name)
        sub = info.annotation
        if isinstance(sub, type) and issubclass(sub, BaseModel):
            keys |= set(_config_keys(sub))
    return sorted(keys)
