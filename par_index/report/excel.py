"""The leaders' report as an Excel workbook: values (never formulas), number formats, filters.

Sheets: information and method, ranking, area matrix (coloured by class band), staff link,
weaknesses by kind, every finding, then one sheet per unit. Rows are written in order with
xlsxwriter's constant-memory mode, so thousands of unit sheets do not hold every cell in memory.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook

from par_index.check.finding import Report
from par_index.criteria.sets import Sets
from par_index.i18n import Lang
from par_index.io import write_atomic
from par_index.numbers import DISPLAY_PLACES, quantize
from par_index.plan.status import PlanStatus
from par_index.report.context import ViewBuilder
from par_index.report.plan_section import plan_section
from par_index.report.sheet import FONT, OPTIONS, Sheet, sheet_name
from par_index.report.style import safe_color, text_on
from par_index.report.unit_page import facts, where
from par_index.results import Results, UnitResult
from par_index.scale import REPORT_SPLIT_ABOVE


class ExcelReport:
    """Builds the workbook from the same view data as the HTML report."""

    def __init__(
        self, wb: Workbook, view: ViewBuilder, title: str = "", producer: str | None = None
    ) -> None:
        self.wb = wb
        self.v = view
        self.t = view.t
        self.printed = (title, producer)
        """The page header's title and the footer's producer."""
        self.taken: set[str] = set()
        wb.formats[0].set_font_name(FONT)  # the workbook's default (Normal) style
        wb.formats[0].set_align("top")  # a short text beside a wrapped one: at its top
        self.head = self.format(
            {"bold": True, "bg_color": "#E8EDF4", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.points = self.format({"num_format": "0." + "0" * DISPLAY_PLACES})
        self.wrap = self.format({"text_wrap": True, "valign": "top"})
        self.bold = self.format({"bold": True})
        self.title = self.format({"bold": True, "font_size": 14})
        self.annex = self.format({"bold": True, "font_size": 13, "align": "center"})
        self.annex_note = self.format({"italic": True, "align": "center"})
        self.badges: dict[str, Any] = {}

    def format(self, spec: dict[str, Any]) -> Any:
        """A cell format in Times New Roman."""
        return self.wb.add_format({"font_name": FONT, "valign": "top", **spec})

    def sheet(self, title: str) -> Sheet:
        sheet = Sheet(self, self.wb.add_worksheet(sheet_name(title, self.taken)))
        sheet.print_setup(*self.printed)
        return sheet

    def badge_format(self, colour: str) -> Any:
        bg = safe_color(colour)
        if bg not in self.badges:
            self.badges[bg] = self.format({"bg_color": bg, "font_color": text_on(bg)})
        return self.badges[bg]

    def number(self, value: Decimal | None) -> Decimal | None:
        """The value rounded by the display rule (what the HTML shows), or None."""
        return None if value is None else quantize(value, DISPLAY_PLACES)

    # -- sheets ----------------------------------------------------------------------------
    def info(self, title: str, generated_at: object, producer: str | None, units: bool) -> None:
        """The cover and method notes (and where the criteria detail is when unit sheets are
        left out)."""
        cover = self.v.cover(generated_at, producer)
        s = self.sheet(self.t["sheet.info"])
        s.columns({0: 26})
        s.ws.set_column(1, 1, 110, self.wrap)
        s.widths[1] = 110
        s.line([title], {0: self.title})
        s.row += 1
        t = self.t
        rows = [
            (t["period"], cover.period),
            (t["criteria_set"], f"{cover.set_title} ({t['version']} {cover.version})"),
            *((t["legal_basis"], doc) for doc in cover.documents),
            (t["illustrative"], cover.illustrative),
            (t["generated"], cover.generated),
            (t["producer"], cover.producer),
            (t["tool"], cover.tool),
            (t["provisional"], cover.provisional),
            (t["excluded"], cover.excluded),
            (t["survey_missing"], cover.survey_missing),
            *cover.stats,
            ("", "" if units else t["no_unit_sheets"]),
        ]
        for label, value in rows:
            if value:
                s.line([label, value], {0: self.bold, 1: self.wrap})
        s.row += 1
        s.line([t["method"]], {0: self.title})
        for paragraph in self.v.method():
            s.line(["", paragraph], {1: self.wrap})

    def ranking_columns(self) -> list[tuple[str, int, Any, Any]]:
        """(header, width, value of a unit, number format) of every ranking column."""
        t, v, n = self.t, self.v, self.number
        scoped = v.scope_rank()
        in_group = [(scoped, 9, lambda u: u.rank_in_group, None)] if scoped else []
        return [
            (t["rank"], 7, lambda u: u.rank, None),
            (t["rank_interval"], 10, rank_interval, None),
            *in_group,
            (t["code"], 12, lambda u: u.unit.code, None),
            (t["unit"], 26, lambda u: u.unit.name, None),
            (t["unit_type"], 12, lambda u: v.types.get(u.unit.unit_type, u.unit.unit_type), None),
            (t["group"], 16, lambda u: u.unit.group, None),
            (t["index"], 10, lambda u: n(u.index), None),
            (t["final"], 10, lambda u: n(u.final_total), None),
            (t["max"], 9, lambda u: n(u.possible), None),
            (t["class"], 14, self.class_label, None),
            (t["provisional"], 10, lambda u: t["provisional"] if u.provisional else "", None),
            (t["survey_missing"], 12, lambda u: ", ".join(u.survey_missing), None),
            (t["not_submitted"], 10, lambda u: "" if u.submitted else "x", None),
            (t["excluded"], 24, lambda u: u.excluded, None),
            (f"{t['rank']} ({t['previous']})", 10, lambda u: u.previous_rank, None),
            (t["rank_change"], 10, lambda u: u.rank_change, None),
            (
                f"{t['index']} ({t['previous']})",
                12,
                lambda u: n(u.previous_index),
                None,
            ),
            (t["index_change"], 10, lambda u: n(u.index_change), None),
            (t["self_total"], 10, lambda u: n(u.self_total), None),
            (t["gap"], 10, lambda u: n(u.gap), None),
            (t["over_claimed"], 12, lambda u: n(u.over_claimed), None),
            (t["inflation"], 10, lambda u: n(u.inflation), None),
            (t["findings_count"], 9, v.findings_count, None),
        ]

    def annex_heading(self, s: Sheet, columns: int, group: str = "") -> None:
        """The "Phụ lục" block: the title (and the group of units) and what it is attached to,
        centred over the table."""
        title, _ = self.printed
        lines = [
            (self.t["annex"], self.annex),
            (title.upper(), self.annex),
            *([(group.upper(), self.annex)] if group else []),
            (self.t["annex_of"].format(period=self.v.results.period), self.annex_note),
        ]
        for text, fmt in lines:
            s.ws.merge_range(s.row, 0, s.row, columns - 1, text, fmt)
            s.row += 1
        s.row += 1

    def class_label(self, u: UnitResult) -> str:
        band = self.v.band(u)
        return self.v.local(band.label) if band is not None else (u.class_label or "")

    def ranking(self, v: ViewBuilder | None = None, group: str = "") -> None:
        """The ranking (``v``, ``group``: one group's, on its own sheet)."""
        v = v or self.v
        columns = self.ranking_columns()
        s = self.sheet(f"{self.t['sheet.ranking']} {group}".strip())
        self.annex_heading(s, len(columns), group)
        head = s.table_head([c[0] for c in columns], [c[1] for c in columns])
        class_col = [c[0] for c in columns].index(self.t["class"])
        for unit in v.results.units:
            formats = {i: c[3] for i, c in enumerate(columns) if c[3] is not None}
            band = self.v.band(unit)
            if band is not None:
                formats[class_col] = self.badge_format(band.color)
            s.line([c[2](unit) for c in columns], formats)
        s.finish_table(head, len(columns))

    def matrix(self, v: ViewBuilder | None = None, group: str = "") -> None:
        """The area matrix (``v``, ``group``: one group's, on its set's areas)."""
        v = v or self.v
        t, s = self.t, self.sheet(f"{self.t['sheet.matrix']} {group}".strip())
        areas = v.area_columns()
        head = s.table_head(
            [t["code"], t["unit"], *(f"{code}. {title}" for code, title in areas)],
            [12, 26, *([14] * len(areas))],
        )
        for unit in v.results.units:
            values = {a.code: a.percent for a in unit.areas}
            percents = [values.get(c) for c, _ in areas]
            colours = {  # the class bands' colours, as in the HTML report
                2 + i: self.badge_format(v.heat(unit.unit.unit_type, value))
                for i, value in enumerate(percents)
                if value is not None
            }
            s.line([unit.unit.code, unit.unit.name, *map(self.number, percents)], colours)
        s.finish_table(head, 2 + len(areas))

    def block(self, value: str) -> list[str]:
        """The group-of-units cell of a row covering every unit: one with groups, none
        without (the tables then never mix the groups silently)."""
        return [value] if self.v.parts else []

    def block_head(self, width: int = 18) -> tuple[list[str], list[int]]:
        return (self.block(self.t["set_group"]), [width] if self.v.parts else [])

    def staff(self) -> None:
        t, s = self.t, self.sheet(self.t["sheet.staff"])
        heads, widths = self.block_head()
        head = s.table_head(
            [
                t["code"],
                t["unit"],
                *heads,
                t["head"],
                t["class"],
                t["highest_grade"],
                t["emulation"],
                t["reasons"],
            ],
            [12, 26, *widths, 30, 14, 28, 16, 80],
        )
        shift = len(heads)
        for unit in self.v.results.units:
            row = self.v.staff_row(unit)
            if row is None:
                continue
            fmt = self.badge_format(row.badge.bg) if row.badge else None
            s.line(
                [
                    unit.unit.code,
                    row.name,
                    *self.block(row.block),
                    row.head,
                    row.badge.label if row.badge else "",
                    f"{row.grade} ({t['staff_provisional']})" if row.provisional else row.grade,
                    row.eligible,
                    "\n".join(row.reasons),
                ],
                {3 + shift: fmt, 6 + shift: self.wrap},
            )
        s.finish_table(head, 7 + shift)

    def quality(self) -> None:
        t, s = self.t, self.sheet(self.t["sheet.quality"])
        heads, widths = self.block_head()
        head = s.table_head(
            [*heads, t["code"], t["weakness"], t["severity"], t["count"], t["units_affected"]],
            [*widths, 28, 60, 12, 10, 10],
        )
        for row in self.v.by_code():
            cells = [row.code, row.title, row.severity_label, row.count, row.units]
            s.line([*self.block(row.block), *cells])
        s.finish_table(head, 5 + len(heads))

    def findings(self) -> None:
        t, s = self.t, self.sheet(self.t["sheet.findings"])
        heads, widths = self.block_head()
        head = s.table_head(
            [
                t["code"],
                t["unit"],
                *heads,
                t["severity"],
                t["weakness"],
                t["criterion"],
                t["location"],
                t["message"],
                t["fix"],
            ],
            [12, 26, *widths, 11, 26, 9, 28, 60, 50],
        )
        names = {u.unit.code: u.unit.name for u in self.v.results.units}
        shift = len(heads)
        for f in self.v.report.findings:
            s.line(
                [
                    f.unit,
                    names.get(f.unit or "", ""),
                    *self.block(self.v.blocks.get(f.unit or "", "")),
                    self.t[str(f.severity)],
                    f.code,
                    f.criterion,
                    where(f),
                    f.message,
                    f.fix,
                ],
                {6 + shift: self.wrap, 7 + shift: self.wrap},
            )
        s.finish_table(head, 8 + shift)

    def problems(self) -> None:
        """Problems in the appraisal and survey files (only when there are some)."""
        rows = self.v.problems()
        if not rows:
            return
        t, s = self.t, self.sheet(self.t["sheet.problems"])
        heads, widths = self.block_head()
        head = s.table_head(
            [t["severity"], t["location"], t["unit"], *heads, t["criterion"], t["message"]],
            [11, 34, 26, *widths, 10, 90],
        )
        for p in rows:
            cells = [p.severity_label, p.where, p.unit, *self.block(p.block), p.criterion]
            s.line([*cells, p.message], {len(cells): self.wrap})
        s.finish_table(head, 5 + len(heads))

    def plan(self, status: PlanStatus | None) -> None:
        """The year's PAR plan, compact (only when the workspace has one): the units behind
        and the overdue tasks with who leads them."""
        section = plan_section(status)
        if section is None:
            return
        w, s = section.words, self.sheet(section.words["title"])
        widths = [30, 40, 26, 12, 12, 14]
        s.line([section.summary])
        s.table_head([w["unit"], w["planned"], w["done"], w["late"], w["overdue"], w["rate"]],
                     widths)  # fmt: skip
        for u in section.units:
            s.line([u.name, u.planned, u.done, u.late, u.overdue, u.rate])
        s.line([])
        head = s.table_head([w["unit"], w["task"], w["lead"], w["due"], w["days"]], widths[:5])
        for t in section.overdue:
            s.line([t.unit, t.task, t.lead, t.due, t.days], {1: self.wrap})
        s.finish_table(head, 5)
        if section.more:
            s.line([section.more])

    def unit(self, u: UnitResult) -> None:
        """One unit: key figures, every criterion (filtered table), areas, findings."""
        t, v = self.t, self.v.of(u)
        base = f"{u.rank}. {u.unit.name}" if u.rank is not None else u.unit.name
        s = self.sheet(base)
        s.line([u.unit.name], {0: self.title})
        for label, value in self.v_facts(v, u):
            s.line(["", f"{label}: {value}"])
        s.row += 1
        head = s.table_head(
            [
                t["code"],
                t["criterion"],
                t["max"],
                t["self_score"],
                t["recomputed"],
                t["round_1"],
                f"{t['notes']} ({t['round_1']})",
                t["explanation"],
                t["round_2"],
                f"{t['notes']} ({t['round_2']})",
                t["survey"],
                t["final"],
                t["not_applicable"],
                t["findings_count"],
            ],
            [8, 50, 8, 9, 9, 10, 30, 30, 10, 30, 9, 9, 10, 9],
        )
        for c in u.criteria:
            n = self.number
            s.line(
                [
                    c.code,
                    self.v_title(v, c.code, c.title),
                    n(c.possible),
                    n(c.self_score),
                    n(c.recomputed),
                    n(c.appraised_1),
                    c.note_1,
                    c.explanation,
                    n(c.appraised_2),
                    c.note_2,
                    n(c.survey),
                    n(c.final),
                    "x" if c.not_applicable else "",
                    c.findings or None,
                ],
                {1: self.wrap, 6: self.wrap, 7: self.wrap, 9: self.wrap},
            )
        s.ws.freeze_panes(head + 1, 2)
        s.ws.autofilter(head, 0, max(s.row - 1, head), 13)
        self.unit_areas(v, s, u)
        self.unit_findings(v, s, u)

    def v_facts(self, v: ViewBuilder, u: UnitResult) -> list[tuple[str, str]]:
        """The unit page's key figures, its class, and the head's outcome (``v``: the builder
        of the unit's group)."""
        out = facts(v, u, v.ranked_count())
        band = v.band(u)
        out.insert(3, (self.t["class"], v.local(band.label) if band else u.class_label or ""))
        if u.provisional:
            out.append((self.t["provisional"], self.t["provisional_note"]))
        if u.excluded:
            out.append((self.t["excluded"], u.excluded))
        staff = v.staff_row(u)
        if staff is not None:
            verdict = self.t["eligible" if staff.eligible else "not_eligible"]
            out.append((self.t["highest_grade"], staff.grade))
            out.append((self.t["emulation"], "; ".join([verdict, *staff.reasons])))
        return out

    def v_title(self, v: ViewBuilder, code: str, fallback: str) -> str:
        node = v.cs.node(code)
        return v.local(node.title) if node is not None else fallback

    def unit_areas(self, v: ViewBuilder, s: Sheet, u: UnitResult) -> None:
        t = self.t
        s.row += 1
        s.line([t["area_profile"]], {0: self.bold})
        s.line(
            [t["code"], t["area"], t["max"], t["self_score"], t["final"], t["percent"]],
            dict.fromkeys(range(6), self.head),
        )
        for a in u.areas:
            n = self.number
            s.line(
                [
                    a.code,
                    self.v_title(v, a.code, a.title),
                    n(a.possible),
                    n(a.self_score),
                    n(a.final),
                    n(a.percent),
                ]
            )

    def unit_findings(self, v: ViewBuilder, s: Sheet, u: UnitResult) -> None:
        t = self.t
        found = v.findings.get(u.unit.code, [])
        s.row += 1
        s.line([t["findings"]], {0: self.bold})
        if not found:
            s.line([t["no_findings"]])
            return
        # in the criteria table's columns: the long texts where it has wide ones (1, 6, 7)
        heads = [t["criterion"], t["message"], t["severity"], t["weakness"], "", "", t["fix"]]
        s.line([*heads, t["location"]], dict.fromkeys(range(8), self.head))
        for f in sorted(found, key=lambda f: v.position(f.criterion or "")):
            s.line(
                [f.criterion, f.message, t[str(f.severity)], f.code, "", "", f.fix, where(f)],
                {1: self.wrap, 6: self.wrap, 7: self.wrap},
            )


def write_excel_report(
    path: Path,
    results: Results,
    report: Report,
    cs: Sets,
    *,
    lang: Lang | str | None = None,
    generated_at: dt.datetime | dt.date | str | None = None,
    title: str | None = None,
    producer: str | None = None,
    unit_sheets: bool | None = None,
    plan: PlanStatus | None = None,
) -> Path:
    """Write the Excel report atomically (temporary file, then rename).

    ``unit_sheets`` (default: up to ``REPORT_SPLIT_ABOVE`` units) adds a sheet per unit; a
    country-size run leaves them out, as thousands of sheets are unusable (results.json has every
    criterion; results.xlsx too, up to ``CRITERIA_ROWS_UP_TO`` units).
    """
    with_units = len(results.units) <= REPORT_SPLIT_ABOVE if unit_sheets is None else unit_sheets

    def build(tmp: Path) -> None:
        view = ViewBuilder(results, report, cs, lang=lang)
        wb = xlsxwriter.Workbook(str(tmp), OPTIONS)
        book = ExcelReport(wb, view, view.title(title), producer)
        book.info(view.title(title), generated_at, producer, with_units)
        for name, part in view.parts or [("", view)]:  # with groups: one sheet each
            book.ranking(part, name)
        for name, part in view.parts or [("", view)]:
            book.matrix(part, name)
        book.staff()
        book.quality()
        book.findings()
        book.problems()
        book.plan(plan)
        for unit in results.units if with_units else []:
            book.unit(unit)
        wb.close()

    return write_atomic(path, build)


def rank_interval(unit: UnitResult) -> str:
    """ "2–5": the simulated rank interval ("" without one)."""
    if unit.rank is None or unit.rank_low is None:
        return ""
    return f"{unit.rank_low}–{unit.rank_high}"
