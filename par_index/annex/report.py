"""What ``criteria import`` recognised and what needs review, row by row of the annex: printed by
the command and written beside the YAML as a CSV the author can open in Excel."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from par_index.i18n import Message

M_COLUMNS = Message(
    "annex.report.columns",
    "Dòng|STT|Mã|Tiêu chí|Cách chấm|Trạng thái|Cần rà soát",
    "Row|No.|Code|Criterion|Rule|Status|To review",
)
M_LINE = Message(
    "annex.report.line",
    "dòng {row} · STT {stt} → {code} {title}: {status}{review}",
    "row {row} · No. {stt} → {code} {title}: {status}{review}",
)
STATUS = {
    "recognised": Message("annex.report.recognised", "nhận dạng {kind}", "recognised {kind}"),
    "review": Message("annex.report.review", "cần rà soát ({kind})", "to review ({kind})"),
    "todo": Message(
        "annex.report.todo",
        "chưa nhận dạng (tạm để Hội đồng chấm)",
        "not recognised (appraiser for now)",
    ),
    "parent": Message(
        "annex.report.parent", "tổng các tiêu chí thành phần", "the sum of its sub-criteria"
    ),
    "column-numbers": Message(
        "annex.report.column-numbers",
        "dòng đánh số cột (1) (2) (3)…: bỏ qua",
        "the column-number row (1) (2) (3)…: skipped",
    ),
    "total": Message("annex.report.total", "dòng tổng cộng: bỏ qua", "the total row: skipped"),
}


@dataclass
class RowReport:
    """One row of the annex: the criterion it became and how its scoring rule was read."""

    row: int
    stt: str
    title: str
    kind: str
    """The rule kind recognised, "todo" (appraiser for now), "parent", or why it was skipped
    ("column-numbers", "total")."""
    code: str = ""
    """The criterion's code in the YAML ("" for a skipped row)."""
    review: list[str] = field(default_factory=list)
    """What the author must check (the YAML's TODO comments for this row)."""

    @property
    def status(self) -> str:
        if self.kind in ("todo", "parent", "column-numbers", "total"):
            return self.kind
        return "review" if self.review else "recognised"

    def status_text(self, lang: str | None = None) -> str:
        return STATUS[self.status].format(lang, kind=self.kind)

    def line(self, lang: str | None = None) -> str:
        review = f" — {' '.join(self.review)}" if self.review else ""
        title = self.title if len(self.title) <= 50 else self.title[:49] + "…"
        return M_LINE.format(
            lang,
            row=self.row,
            stt=self.stt or "-",
            code=self.code or "-",
            title=f"«{title}»" if title else "",
            status=self.status_text(lang),
            review=review,
        )


def report_csv(rows: list[RowReport], lang: str | None = None) -> str:
    """The rows as CSV text (header in the run's language)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(M_COLUMNS.format(lang).split("|"))
    for r in rows:
        writer.writerow(
            [r.row, r.stt, r.code, r.title, r.kind, r.status_text(lang), " ".join(r.review)]
        )
    return buffer.getvalue()
