"""The appraisal workbook's data and layout, shared by the writer and the reader."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from par_index.criteria.model import CriteriaSet, Criterion, Node
from par_index.results import InputProblem
from par_index.rules import answer_kind
from par_index.submission import Entry

NA_TEXT = "Không áp dụng"
SURVEY_TEXT = "Điểm từ điều tra xã hội học"


class Status(StrEnum):
    """How far the council got with a unit (the sheet's status cell)."""

    NONE = "Chưa thẩm định"
    ROUND_1 = "Đã thẩm định vòng 1"
    ROUND_2 = "Đã thẩm định vòng 2"


class AppraisedScore(BaseModel):
    """The council's inputs for one criterion of one unit."""

    code: str
    self_score: Decimal | None = None
    """The self-score shown on the sheet (what the council compared with)."""
    self_na: bool = False
    round_1: Decimal | None = None
    round_1_na: bool = False
    """Round 1 answered "Không áp dụng"."""
    note_1: str | None = None
    explanation: str | None = None
    round_2: Decimal | None = None
    round_2_na: bool = False
    note_2: str | None = None
    cells: dict[str, str] = {}
    """Input -> "Sheet!A1" where it was read."""
    by_1: str | None = None
    """Who set round 1 when the unit's criteria were shared among bodies (``bodies.merge``),
    else None (the sheet's appraiser)."""
    by_2: str | None = None


class Appraisal(BaseModel):
    """One unit's appraisal sheet, read and validated."""

    unit_code: str
    file: str
    sheet: str
    status: Status = Status.NONE
    by_1: str | None = None
    """Who appraised round 1 (the sheet's header), else None."""
    by_2: str | None = None
    entries: dict[str, AppraisedScore] = {}
    problems: list[InputProblem] = []
    seen_file: str | None = None
    """The self-assessment file the sheet was made from (None: none received, or not recorded)."""
    seen_sha256: str | None = None
    """That file's content fingerprint (SHA-256), None on a sheet that does not record one."""
    seen_cell: str | None = None
    """Where the fingerprint is on the sheet."""
    fingerprinted: bool = False
    """The sheet has a fingerprint line (blank when no file had been received)."""
    body: str | None = None
    """The appraising body's id the sheet was made for (``appraisal.bodies``), else None."""
    gaps: list[str] = []
    """Criteria no body appraised (shared appraisal): the self-score stands, provisional."""

    @property
    def started(self) -> bool:
        """The council decided something: the unit is marked appraised, or a round has a score."""
        return self.complete or any(
            e.round_1 is not None or e.round_1_na or e.round_2 is not None or e.round_2_na
            for e in self.entries.values()
        )

    def made_from(self, sha256: str | None) -> bool | None:
        """Whether the sheet was made from the file with this fingerprint (None: no file); None
        when the sheet records no fingerprint (a workbook made before they were recorded)."""
        if not self.fingerprinted:
            return None
        return self.seen_sha256 == sha256

    @property
    def complete(self) -> bool:
        """The council marked the unit appraised: blank round-1 cells keep the self-score."""
        return self.status != Status.NONE

    def source(self, round_: int, entry: AppraisedScore | None = None) -> str:
        """Who set a round's scores: the entry's body (shared appraisal), else the named
        appraiser, else the file and sheet."""
        own = None if entry is None else (entry.by_1 if round_ == 1 else entry.by_2)
        named = self.by_1 if round_ == 1 else self.by_2
        return own or named or f"{self.file} › {self.sheet}"


def shown_self(entry: Entry | None) -> tuple[Decimal | None, bool]:
    """(self-score, "Không áp dụng"?) as the sheet shows a row's self-score: a number when one
    was typed, else "Không áp dụng" when the unit answered so."""
    if entry is None:
        return None, False
    if entry.self_score is not None:
        return entry.self_score, False
    return None, entry.not_applicable or answer_kind(entry.answer) == "na"


# -- layout -------------------------------------------------------------------------------------
SHEET_GUIDE = "Hướng dẫn"
LABEL_UNIT = "Đơn vị"
LABEL_CODE = "Mã đơn vị"
LABEL_TYPE = "Loại đơn vị"
LABEL_FILE = "Tệp tự đánh giá"
LABEL_FINGERPRINT = "Mã kiểm tra tệp (SHA-256)"
NOT_SUBMITTED_TEXT = "Chưa nộp hồ sơ tự đánh giá"
LABEL_STATUS = "Trạng thái thẩm định"
LABEL_BY_1 = "Người thẩm định vòng 1"
LABEL_BY_2 = "Người thẩm định vòng 2"
LABEL_BODY = "Cơ quan thẩm định"
LABEL_BODY_ID = "Mã cơ quan thẩm định"
BODY_COLUMN = 5
"""0-based column of the body's labels in the header block (values beside them)."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    input: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("code", "Mã tiêu chí", 9),
    Column("title", "Tiêu chí", 44),
    Column("max", "Điểm tối đa", 8),
    Column("self", "Điểm tự chấm", 9),
    Column("recomputed", "Điểm tính lại theo số liệu", 10),
    Column("findings", "Phát hiện khi kiểm tra", 40),
    Column("evidence", "Tài liệu kiểm chứng đã nêu", 36),
    Column("self_explanation", "Giải trình khi tự chấm", 26),
    Column("round_1", "Điểm thẩm định vòng 1", 10, True),
    Column("note_1", "Ghi chú vòng 1", 30, True),
    Column("explanation", "Giải trình của đơn vị", 30, True),
    Column("round_2", "Điểm thẩm định vòng 2", 10, True),
    Column("note_2", "Ghi chú vòng 2", 30, True),
)
COL = {c.key: i for i, c in enumerate(COLUMNS)}
HEADER_ROW = 9
"""0-based row of the column headers as written (the reader finds it by text)."""
GUIDE_LINES = (
    "Mỗi trang là một đơn vị. Chỉ nhập vào các ô nền vàng; các ô khác được khóa.",
    "Điểm thẩm định vòng 1: để trống nghĩa là giữ điểm tự chấm; nhập số (vd. 1,5) để thay đổi; "
    "nhập 'Không áp dụng' nếu tiêu chí không áp dụng cho đơn vị.",
    "Mọi điểm thẩm định khác điểm tự chấm (vòng 2: khác điểm vòng 1) phải có ghi chú lý do.",
    "Giải trình của đơn vị: ý kiến của đơn vị về ghi chú vòng 1, trước khi thẩm định vòng 2.",
    "Khi thẩm định xong một đơn vị, chọn 'Đã thẩm định vòng 1' (hoặc vòng 2) ở ô Trạng thái "
    "thẩm định; khi còn 'Chưa thẩm định', kết quả của đơn vị là tạm thời.",
    "Tiêu chí điều tra xã hội học lấy điểm từ tệp khảo sát, không chấm ở đây.",
    "Mã kiểm tra tệp ghi nhận đúng tệp tự đánh giá mà phiếu này được lập từ đó: nếu đơn vị gửi "
    "lại tệp sau khi thẩm định, phần mềm báo các tiêu chí đổi điểm tự chấm và giữ điểm tự chấm "
    "Hội đồng đã thấy; hãy lập lại phiếu và thẩm định lại đơn vị đó.",
)


def scored_rows(cs: CriteriaSet, unit_type: str) -> list[tuple[str, Criterion]]:
    """(section, criterion) for every leaf and bonus/penalty item that applies to the type."""
    rows = [("tree", leaf) for leaf in cs.leaves() if cs.applies(leaf, unit_type)]
    rows += [(name, item) for name, item in cs.extras_items() if cs.applies(item, unit_type)]
    return rows


def rows_for(
    cs: CriteriaSet, unit_type: str, only: Collection[str] | None = None
) -> Iterator[tuple[str, Any]]:
    """("group", node), ("section", (name, extras)) and ("leaf", criterion) rows of a unit's
    sheet, in the order of the grid; with ``only``, the leaves of those codes and the groups
    and sections above them (a body's sheet)."""
    wanted = _with_ancestors(cs, only) if only is not None else None
    for node in cs.walk():
        if cs.applies(node, unit_type) and (wanted is None or node.code in wanted):
            leaf = isinstance(node, Criterion) and node.is_leaf
            yield ("leaf" if leaf else "group"), node
    for name in ("bonus", "penalty"):
        section = getattr(cs, name)
        if section is None:
            continue
        items = [i for i in section.items if cs.applies(i, unit_type)]
        items = [i for i in items if wanted is None or i.code in wanted]
        if wanted is not None and not items:
            continue
        yield "section", (name, section)
        for item in items:
            yield "leaf", item


def _with_ancestors(cs: CriteriaSet, codes: Collection[str]) -> set[str]:
    """The codes and every area and criterion above them."""
    wanted = set(codes)

    def covers(node: Node) -> bool:
        below = [covers(child) for child in node.criteria]  # every child visited
        if any(below):
            wanted.add(node.code)
        return node.code in wanted

    for area in cs.areas:
        covers(area)
    return wanted
