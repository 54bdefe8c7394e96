"""The plan's view for the Home Affairs office and the steering committee (outputs/
ke-hoach-cchc.xlsx): completion per unit, the overdue tasks with who leads them, each province
task across the units, and the inspections done and pending, on the date asked about."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import xlsxwriter

from par_index.i18n import text
from par_index.io import write_atomic
from par_index.numbers import NumberKind, display
from par_index.plan.status import PlanStatus, UnitStatus

_FONT = "Times New Roman"


def labels() -> dict[str, str]:
    """The words of the plan's tables (the report's section uses them too)."""
    return {
        "title": text("Tiến độ thực hiện Kế hoạch CCHC năm", "Progress of the year's PAR plan"),
        "as_of": text("Tính đến ngày", "As of"),
        "unit": text("Đơn vị", "Unit"),
        "planned": text("Số nhiệm vụ", "Tasks"),
        "on_time": text("Hoàn thành đúng hạn", "Done on time"),
        "late": text("Hoàn thành chậm", "Done late"),
        "done": text("Đã hoàn thành", "Done"),
        "overdue": text("Quá hạn", "Overdue"),
        "not_due": text("Chưa đến hạn", "Not due yet"),
        "rate": text("Tỷ lệ hoàn thành (%)", "Done (%)"),
        "no_plan": text("Chưa gửi tệp kế hoạch", "No plan workbook"),
        "task": text("Nhiệm vụ", "Task"),
        "code": text("Mã", "Code"),
        "lead": text("Chủ trì", "Lead"),
        "due": text("Hạn", "Due"),
        "days": text("Số ngày quá hạn", "Days overdue"),
        "overdue_sheet": text("Nhiệm vụ quá hạn", "Overdue tasks"),
        "tasks_sheet": text("Theo nhiệm vụ", "By task"),
        "inspections": text("Kiểm tra CCHC", "Inspections"),
        "planned_date": text("Ngày theo kế hoạch", "Planned"),
        "by": text("Người/đoàn kiểm tra", "By"),
        "done_date": text("Ngày kiểm tra", "Done"),
        "result": text("Kết quả", "Result"),
        "pending": text("Chưa kiểm tra", "Pending"),
        "problems": text("Vấn đề trong tệp", "File problems"),
        "file": text("Tệp", "File"),
        "message": text("Nội dung", "Message"),
        "none_overdue": text("Không có nhiệm vụ quá hạn.", "No task is overdue."),
    }


def rate_text(unit: UnitStatus) -> str:
    """The unit's completion rate for people ("80,00"), or "—"."""
    done = unit.completion
    return "—" if done is None or done.rate is None else display(done.rate, NumberKind.PERCENT)


def write_plan_report(path: Path, status: PlanStatus, title: str | None = None) -> Path:
    """The plan's workbook, written atomically."""

    def build(tmp: Path) -> None:
        book = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False})
        _Writer(book, labels(), status, title).write()
        book.close()

    return write_atomic(path, build)


class _Writer:
    def __init__(self, book, words: dict[str, str], status: PlanStatus, title: str | None):
        self.book, self.w, self.status, self.title = book, words, status, title
        self.head = book.add_format(
            {"font_name": _FONT, "bold": True, "bg_color": "#D9E1F2", "border": 1,
             "text_wrap": True, "valign": "vcenter"}
        )  # fmt: skip
        self.cell = book.add_format({"font_name": _FONT, "border": 1, "text_wrap": True,
                                     "valign": "top"})  # fmt: skip
        self.bold = book.add_format({"font_name": _FONT, "bold": True, "font_size": 13})
        self.date = book.add_format({"font_name": _FONT, "border": 1, "valign": "top",
                                     "num_format": "dd/mm/yyyy"})  # fmt: skip

    def write(self) -> None:
        w, s = self.w, self.status
        as_of = f"{w['as_of']} {s.as_of:%d/%m/%Y}"
        rows = [[u.name, *(self._counts(u)), rate_text(u)] for u in s.units]
        self._sheet(w["title"][:31], [w["title"], self.title or "", as_of],
                    [w["unit"], w["planned"], w["on_time"], w["late"], w["overdue"],
                     w["not_due"], w["rate"]], rows, [28, 10, 12, 12, 10, 12, 12])  # fmt: skip
        overdue = [[t.unit_name, t.task, t.lead or "", t.due, t.days] for t in s.overdue]
        self._sheet(w["overdue_sheet"], [w["overdue_sheet"], as_of],
                    [w["unit"], w["task"], w["lead"], w["due"], w["days"]], overdue,
                    [24, 50, 24, 12, 10])  # fmt: skip
        tasks = [[t.key, t.task, t.due, t.on_time, t.late, t.overdue, t.not_due] for t in s.tasks]
        self._sheet(w["tasks_sheet"], [w["tasks_sheet"], as_of],
                    [w["code"], w["task"], w["due"], w["on_time"], w["late"], w["overdue"],
                     w["not_due"]], tasks, [8, 50, 12, 12, 12, 10, 12])  # fmt: skip
        inspections = [
            [i.name, i.planned, i.by or "", i.done or w["pending"], i.result or ""]
            for i in s.inspections
        ]
        self._sheet(w["inspections"], [w["inspections"], as_of],
                    [w["unit"], w["planned_date"], w["by"], w["done_date"], w["result"]],
                    inspections, [24, 12, 26, 14, 44])  # fmt: skip
        if s.problems:
            problems = [[p.file, p.message] for p in s.problems]
            self._sheet(w["problems"], [w["problems"]], [w["file"], w["message"]], problems,
                        [30, 90])  # fmt: skip

    def _counts(self, unit: UnitStatus) -> list[int | str]:
        c = unit.completion
        if c is None:
            return [self.w["no_plan"], "", "", "", ""]
        return [c.planned, c.on_time, c.late, c.overdue, c.not_due]

    def _sheet(self, name, heading, columns, rows, widths) -> None:
        sheet = self.book.add_worksheet(name[:31])
        for r, line in enumerate(heading):
            sheet.write_string(r, 0, line, self.bold if r == 0 else None)
        top = len(heading) + 1
        for c, (column, width) in enumerate(zip(columns, widths, strict=True)):
            sheet.write_string(top, c, column, self.head)
            sheet.set_column(c, c, width)
        for r, row in enumerate(rows, top + 1):
            for c, value in enumerate(row):
                if hasattr(value, "strftime"):
                    sheet.write_datetime(r, c, _midnight(value), self.date)
                else:
                    sheet.write(r, c, value, self.cell)
        sheet.freeze_panes(top + 1, 0)
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(top)


def _midnight(day):
    import datetime as dt

    return dt.datetime(day.year, day.month, day.day)


SECTION_ROWS = 15
"""The report's plan section lists at most this many units and overdue tasks."""


def behind(status: PlanStatus) -> list[UnitStatus]:
    """Units without a plan workbook or with overdue tasks, the furthest behind first."""
    units = [u for u in status.units if u.completion is None or u.completion.overdue]
    return sorted(units, key=lambda u: (u.completion is not None, -len(u.overdue), u.unit))


def summary(status: PlanStatus) -> str:
    """One sentence: plans received, tasks done of tasks planned, overdue tasks."""
    done = [u.completion for u in status.units if u.completion is not None]
    planned = sum(c.planned for c in done)
    finished = sum(c.done for c in done)
    rate = display(Decimal(finished) * 100 / planned, NumberKind.PERCENT) if planned else "—"
    return text(
        f"Tính đến {status.as_of:%d/%m/%Y}: {len(done)}/{len(status.units)} đơn vị đã gửi tệp kế "
        f"hoạch; hoàn thành {finished}/{planned} nhiệm vụ ({rate} %); {len(status.overdue)} "
        "nhiệm vụ quá hạn.",
        f"As of {status.as_of:%d/%m/%Y}: {len(done)}/{len(status.units)} units sent their plan "
        f"workbook; {finished}/{planned} tasks done ({rate} %); {len(status.overdue)} overdue.",
    )
