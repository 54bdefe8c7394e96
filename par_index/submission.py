"""A unit's filled self-assessment, as read from its workbook (the reader's output).

Every value keeps the sheet and cell it came from, so that a finding can point at it, and the
text as typed, so that nothing the officer wrote is lost.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from par_index.attachments import Attachments
from par_index.rules import Answers


class CellRef(BaseModel):
    """A cell as the user sees it: sheet name and A1 address."""

    model_config = ConfigDict(frozen=True)

    sheet: str
    cell: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}"


class ReadIssue(BaseModel):
    """Something the reader noticed but could read past (a value it could not parse, a cached
    total that disagrees). The check step turns each into a finding."""

    code: str
    """Stable code, e.g. "read.not-a-number"."""
    criterion: str | None = None
    cell: CellRef | None = None
    values: dict[str, str] = {}


class FigureEntry(BaseModel):
    """One declared figure."""

    name: str
    value: Decimal | bool | dt.date | str | None = None
    raw: str | None = None
    """The cell's text as typed (None when blank)."""
    cell: CellRef | None = None


class EvidenceRef(BaseModel):
    """One evidence document cited (tài liệu kiểm chứng), parsed where possible."""

    text: str
    """The citation as typed."""
    number: str | None = None
    """Number and symbol, e.g. "12/KH-UBND"."""
    date: dt.date | None = None
    issuer: str | None = None
    location: str | None = None
    """Page or section where the proof is, e.g. "trang 3", "mục II"."""
    file: str | None = None
    """The evidence file the citation names, as typed ("qd12.pdf"), sent beside the workbook
    (docs/guide-commune.md, "Gửi kèm tệp minh chứng")."""
    pages: list[int] = []
    """The pages cited in that file (a range gives its first and last page)."""


class Entry(BaseModel):
    """One criterion row of the workbook."""

    code: str
    row: int
    max_shown: Decimal | None = None
    """The maximum printed on the row (a changed value means an altered template)."""
    self_score: Decimal | None = None
    self_score_raw: str | None = None
    self_score_cell: CellRef | None = None
    answer: str | None = None
    """The choice (Có / Không / a level / Không áp dụng), NFC-clean."""
    answer_cell: CellRef | None = None
    not_applicable: bool = False
    figures: dict[str, FigureEntry] = {}
    evidence: list[EvidenceRef] = []
    evidence_raw: str | None = None
    evidence_cell: CellRef | None = None
    explanation: str | None = None
    explanation_cell: CellRef | None = None

    def answers(self) -> Answers:
        """What the rule engine needs from this row."""
        return Answers(
            answer=self.answer,
            not_applicable=self.not_applicable,
            figures={name: f.value for name, f in self.figures.items()},
        )


class Submission(BaseModel):
    """A unit's whole self-assessment workbook."""

    file: str
    """File name as received (shown in messages)."""
    sha256: str
    unit_code: str | None = None
    unit_name: str | None = None
    criteria_id: str | None = None
    criteria_version: str | None = None
    criteria_hash: str | None = None
    period: str | None = None
    """Assessment period as written in the metadata, e.g. "2021"."""
    template_version: str | None = None
    generated_at: str | None = None
    preparer: str | None = None
    phone: str | None = None
    submission_date: dt.date | None = None
    submission_date_cell: CellRef | None = None
    entries: dict[str, Entry] = {}
    """Criterion code -> row, for every leaf and bonus/penalty item found."""
    cached_total: Decimal | None = None
    """The grand total the spreadsheet application last computed (never trusted)."""
    cached_total_cell: CellRef | None = None
    issues: list[ReadIssue] = []
    received_on: dt.date | None = None
    """The day the file was received, when ``par-index receive`` recorded it (the received
    log); None when unknown (put in the submissions folder by hand)."""

    @property
    def sent_on(self) -> dt.date | None:
        """The day lateness counts from: the received day when known, else the declared date."""
        return self.received_on or self.submission_date

    attachments: Attachments = Attachments()
    """The evidence files sent beside the workbook (a folder or .zip named for its unit)."""

    def days_late(self, deadline: dt.date | None) -> int | None:
        """Days ``sent_on`` lies after ``deadline`` (0 when on time); None when either is
        unknown. The one count the check's ``late-submission`` and a set's late-submission
        penalty (``from: days_late``) share."""
        if deadline is None or self.sent_on is None:
            return None
        return max((self.sent_on - deadline).days, 0)
