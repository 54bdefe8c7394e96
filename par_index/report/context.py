"""The report's content as plain view data, formatted once, shared by the HTML templates.

``build_view`` turns ``Results`` + the check ``Report`` + the ``CriteriaSet`` into sections of
ready-to-print strings; the templates only lay them out. Work is linear in units x criteria.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import PurePath

from markupsafe import Markup

from par_index.check.finding import KINDS, SEVERITY_ORDER, Finding, Report, Severity
from par_index.criteria.model import ClassBand, CriteriaSet, LocalText
from par_index.criteria.sets import Sets, UnitSets, set_for
from par_index.firmness.words import interval
from par_index.i18n import Lang, current_lang, text
from par_index.numbers import NumberKind, display
from par_index.ranking import band_of
from par_index.report import charts
from par_index.report.charts import Bar
from par_index.report.detail import DetailTable
from par_index.report.labels import labels
from par_index.report.rows import (
    CodeRow,
    Cover,
    GroupSection,
    InflationRow,
    MatrixRow,
    ProblemRow,
    RankRow,
    ReportView,
    StaffRow,
    UnitFindingsRow,
)
from par_index.report.style import (
    Badge,
    Change,
    badge,
    change_of_index,
    change_of_rank,
    day,
    safe_color,
    signed,
    tint,
)
from par_index.report.unit_page import UnitPage, build_unit_page
from par_index.results import Results, UnitResult
from par_index.text import fold, strip_accents

PERCENT = NumberKind.PERCENT
CHART_LIMIT = 60
"""Charts by unit show every unit up to this many, else the highest and lowest half each."""


def local(value: LocalText | None, lang: str) -> str:
    return "" if value is None else text(value.vi, value.en, lang)


class ViewBuilder:
    """Builds every section from one run's inputs; findings are grouped by unit once.

    With groups of units, each on its own set (``cs`` a ``UnitSets``), each group has a builder
    of its own (``parts``, ``of``): its ranking, its area matrix and its units' pages are built
    on its set; this builder makes what covers every unit (the cover, findings, staff)."""

    def __init__(
        self,
        results: Results,
        report: Report,
        cs: Sets,
        *,
        lang: Lang | str | None = None,
        href: Callable[[UnitResult], str] | None = None,
    ) -> None:
        self.results = results
        self.report = report
        self.sets = cs
        self.cs = cs if isinstance(cs, CriteriaSet) else cs.groups[0].cs
        """The set (with groups: the first group's; a unit's own is the builder ``of`` it)."""
        self.parts = self._parts(href, lang)
        self.blocks = {u.unit.code: name for name, part in self.parts for u in part.results.units}
        """Each unit's group of units by code (empty without groups): the column that keeps
        the tables covering every unit from mixing the groups silently."""
        self.lang = str(Lang(lang or current_lang()))
        self.t = labels(self.lang)
        self.href = href or (lambda u: "#" + unit_anchor(u.unit.code))
        self.findings: dict[str, list[Finding]] = defaultdict(list)
        for finding in report.findings:
            self.findings[finding.unit or ""].append(finding)
        self.types = {t.id: local(t.label, self.lang) for cs in self.all() for t in cs.unit_types}
        self.order = {node.code: i for i, node in enumerate(self.cs.walk())}
        self.detail = DetailTable(self)
        self.has_previous = any(
            u.previous_index is not None or u.previous_rank is not None for u in results.units
        )
        """Whether there is a previous period to compare with (else no "new" marks)."""

    def _parts(self, href, lang) -> list[tuple[str, ViewBuilder]]:
        """(The group's name, its builder) per group of units; none without groups."""
        if not isinstance(self.sets, UnitSets):
            return []
        out = []
        for group in self.sets.groups:
            units = [u for u in self.results.units if u.set_group == group.id]
            mine = self.results.model_copy(update={"units": units})
            out.append((group.name, ViewBuilder(mine, self.report, group.cs, lang=lang, href=href)))
        return out

    def all(self) -> list[CriteriaSet]:
        """Every set the report covers."""
        return [self.cs] if isinstance(self.sets, CriteriaSet) else [g.cs for g in self.sets.groups]

    def set_for(self, unit_type: str) -> CriteriaSet:
        return set_for(self.sets, unit_type)

    def of(self, unit: UnitResult) -> ViewBuilder:
        """The builder of the unit's group (itself without groups)."""
        if isinstance(self.sets, CriteriaSet):
            return self
        group = self.sets.group_of(unit.unit.unit_type)
        return next(b for (name, b) in self.parts if b.cs is group.cs)

    def local(self, value: LocalText | None) -> str:
        return local(value, self.lang)

    def num(self, value: Decimal | int | None, kind: NumberKind = NumberKind.POINTS) -> str:
        """A number by the display rule in the report's language ("66,10" / "66.10")."""
        return display(value, kind, self.lang)

    def position(self, code: str) -> int:
        """Place of a criterion in the grid (unknown codes last)."""
        return self.order.get(code, len(self.order))

    # -- helpers ---------------------------------------------------------------------------
    def band(self, unit: UnitResult) -> ClassBand | None:
        if unit.class_id is None:
            return None
        cs = self.set_for(unit.unit.unit_type)
        for band in [*cs.bands_for(unit.unit.unit_type), *cs.classification.bands]:
            if band.id == unit.class_id:
                return band
        return None

    def badge(self, unit: UnitResult) -> Badge | None:
        band = self.band(unit)
        if band is None and unit.class_label is None:
            return None
        label = local(band.label, self.lang) if band is not None else unit.class_label or ""
        return badge(label, band.color if band is not None else None)

    def colour(self, unit: UnitResult) -> str:
        band = self.band(unit)
        return safe_color(band.color) if band is not None else "#4E79A7"

    def heat(self, unit_type: str, percent: Decimal | None) -> str:
        """A percentage's background: its class band's colour, tinted. One scale for the area
        matrix and every unit page, the same bands as the classes."""
        if percent is None:
            return "#FFFFFF"
        band = band_of(self.set_for(unit_type).bands_for(unit_type), percent)
        return tint(band.color) if band is not None else "#FFFFFF"

    def changes(self, unit: UnitResult) -> tuple[Change, Change]:
        """The rank's and the index's change; "new" only for a unit the previous period did not
        have (and only when there is one); "—" for a rank that cannot be compared (the unit is
        not ranked in one of the two periods)."""
        is_new = self.has_previous and unit.previous_index is None
        new = self.t["new_unit"] if is_new else ""
        rank_label = new if unit.previous_index is None else "—"
        return (
            change_of_rank(unit.rank_change, rank_label),
            change_of_index(unit.index_change, new, self.lang),
        )

    def finding_title(self, code: str, fallback: str = "") -> str:
        """A finding's name in the report's language, from the catalogue."""
        entry = KINDS.get(code)
        return entry.title.format(self.lang) if entry is not None else fallback or code

    def findings_count(self, unit: UnitResult) -> int:
        if self.report.findings:
            return len(self.findings.get(unit.unit.code, []))
        return sum(unit.findings.values())

    def rank_interval(self, unit: UnitResult) -> str:
        """ "(2–5)" beside the rank when its simulated interval is wider than the rank."""
        shown = interval(unit)
        return shown[len(str(unit.rank)) :].strip() if unit.rank is not None else ""

    def interval_note(self) -> str:
        """What "3 (2–5)" means, when some rank has an interval."""
        results = self.results
        if not any(self.rank_interval(u) for u in results.units):
            return ""
        tail = (100 - results.firmness_interval) // 2
        return self.t["rank_interval_note"].format(
            draws=results.firmness_draws, low=tail, high=100 - tail, seed=results.firmness_seed
        )

    def rank_text(self, unit: UnitResult) -> str:
        return "—" if unit.rank is None else str(unit.rank)

    # -- sections --------------------------------------------------------------------------
    def title(self, custom: str | None) -> str:
        return custom or self.t["report_title"].format(period=self.results.period)

    def cover(self, generated_at: object, producer: str | None) -> Cover:
        r, t = self.results, self.t
        provisional = [u.unit.name for u in r.units if u.provisional]
        excluded = [f"{u.unit.name} ({u.excluded})" for u in r.units if u.excluded]
        sets = self.all()
        illustrated = [cs.illustrative for cs in sets]
        return Cover(
            period=r.period,
            set_title="; ".join(self.local(cs.title) for cs in sets) or r.criteria_title,
            version="+".join(cs.version for cs in sets) or r.criteria_version,
            documents=self.documents(),
            illustrative=" ".join(dict.fromkeys(filter(None, map(self.local, illustrated)))),
            generated=day(generated_at or r.generated_at),  # type: ignore[arg-type]
            producer=producer or "",
            tool=f"par-index {r.tool_version}",
            provisional=(
                t["provisional_some"].format(count=len(provisional), units=", ".join(provisional))
                if provisional
                else t["provisional_none"]
            ),
            excluded=(
                t["excluded_some"].format(count=len(excluded), units="; ".join(excluded))
                if excluded
                else ""
            ),
            stats=self.stats(),
            survey_missing=self.survey_missing(),
        )

    def survey_missing(self) -> str:
        """The cover's line on units the survey has no result for (empty when none)."""
        names = [u.unit.name for u in self.results.units if u.survey_missing]
        if not names:
            return ""
        rescaled = any(
            c.survey_missing and c.possible == 0 for u in self.results.units for c in u.criteria
        )
        policy = (
            ("tạm không tính vào thang điểm", "are left off their scale for now")
            if rescaled
            else ("tính 0 điểm", "count 0 points")
        )
        return self.t["survey_missing_some"].format(
            count=len(names), units=", ".join(names), policy=policy[0], policy_en=policy[1]
        )

    def documents(self) -> list[str]:
        if not any(cs.documents for cs in self.all()):
            return list(self.results.criteria_documents)
        out = []
        for doc in (d for cs in self.all() for d in cs.documents):
            parts = [doc.number, day(doc.date) if doc.date else "", doc.issuer]
            line = " — ".join(p for p in parts if p)
            title = local(doc.title, self.lang)
            out.append(f"{line}: {title}" if title else line)
        return list(dict.fromkeys(out))

    def stats(self) -> list[tuple[str, str]]:
        """The cover's figures; with groups of units the indexes' average, highest and lowest
        of each group (an index is compared within its group only)."""
        t = self.t
        ranked = [u.index for u in self.results.units if u.rank is not None]
        stats = [
            (t["units_count"], str(len(self.results.units))),
            (t["ranked_count"], str(len(ranked))),
        ]
        if not self.parts:
            return stats + self.index_stats("")
        return stats + [line for name, part in self.parts for line in part.index_stats(name)]

    def index_stats(self, block: str) -> list[tuple[str, str]]:
        """Average, highest and lowest index of the ranked units (labelled with ``block``, the
        group of units, when there is one)."""
        t = self.t
        ranked = [u.index for u in self.results.units if u.rank is not None]
        if not ranked:
            return []
        figures = [
            (t["average_index"], self.num(sum(ranked, Decimal(0)) / len(ranked), PERCENT)),
            (t["highest_index"], self.num(max(ranked), PERCENT)),
            (t["lowest_index"], self.num(min(ranked), PERCENT)),
        ]
        return [(f"{label} — {block}" if block else label, value) for label, value in figures]

    def rank_row(self, unit: UnitResult) -> RankRow:
        name = unit.unit.name
        group = unit.unit.group or ""
        return RankRow(
            code=unit.unit.code,
            name=name,
            href=self.href(unit),
            group=group,
            type_label=self.types.get(unit.unit.unit_type, unit.unit.unit_type),
            rank=self.rank_text(unit),
            rank_in_group="" if unit.rank_in_group is None else str(unit.rank_in_group),
            index=self.num(unit.index, PERCENT),
            points=f"{self.num(unit.final_total)} / {self.num(unit.possible)}",
            badge=self.badge(unit),
            provisional=unit.provisional,
            excluded=unit.excluded,
            submitted=unit.submitted,
            survey_missing=bool(unit.survey_missing),
            rank_change=self.changes(unit)[0],
            index_change=self.changes(unit)[1],
            gap=signed(unit.gap, self.lang),
            findings=self.findings_count(unit),
            rank_interval=self.rank_interval(unit),
            search=" ".join(  # distinct words in a fixed order: the same report every run
                dict.fromkeys(
                    filter(
                        None,
                        [fold(s) for s in (name, unit.unit.code, group)]
                        + [fold(strip_accents(s)) for s in (name, group)],
                    )
                )
            ),
        )

    def area_columns(self) -> list[tuple[str, str]]:
        return [(a.code, local(a.title, self.lang)) for a in self.cs.areas]

    def matrix(self) -> list[MatrixRow]:
        codes = [a.code for a in self.cs.areas]
        by_unit = [{a.code: a.percent for a in u.areas} for u in self.results.units]
        rows = []
        for unit, values in zip(self.results.units, by_unit, strict=True):
            cells = [
                (
                    self.num(values.get(code), PERCENT),
                    self.heat(unit.unit.unit_type, values.get(code)),
                )
                for code in codes
            ]
            rows.append(MatrixRow(unit.unit.name, self.href(unit), cells))
        return rows

    def charted_units(self) -> tuple[list[UnitResult], str]:
        units = [u for u in self.results.units if u.possible > 0]
        if len(units) <= CHART_LIMIT:
            return units, ""
        half = CHART_LIMIT // 2
        note = self.t["chart_sampled"].format(shown=half, total=len(units))
        return units[:half] + units[-half:], note

    def charts(self) -> tuple[dict[str, Markup], str]:
        t = self.t
        units, note = self.charted_units()
        index_bars = [charts.Bar(u.unit.name, u.index, self.colour(u)) for u in units]
        pairs = [charts.Pair(u.unit.name, u.self_total / u.possible * 100, u.index) for u in units]
        return {
            "index": charts.bar_chart(index_bars, t["chart_index"], self.lang),
            "self_vs_appraised": charts.paired_chart(
                pairs, t["chart_self_vs_appraised"], (t["self_score"], t["appraised"]), self.lang
            ),
            "classes": charts.column_chart(self.class_bars(), t["chart_classes"], self.lang),
        }, note

    def class_bars(self) -> list[Bar]:
        counts = Counter(u.class_id for u in self.results.units if u.class_id)
        seen: dict[str, ClassBand] = {}
        for kind in sorted({u.unit.unit_type for u in self.results.units}):
            for band in self.set_for(kind).bands_for(kind):
                seen.setdefault(band.id, band)
        return [
            charts.Bar(local(b.label, self.lang), Decimal(counts.get(b.id, 0)), safe_color(b.color))
            for b in seen.values()
        ]

    def by_code(self) -> list[CodeRow]:
        """Findings counted by kind; with groups of units, counted within each group (then the
        findings of no group's unit, such as a file naming no unit)."""
        findings = self.report.findings
        if not self.parts:
            return self.code_rows(findings, "")
        rows = [row for name, _ in self.parts for row in self.code_rows(
            [f for f in findings if self.blocks.get(f.unit or "") == name], name
        )]  # fmt: skip
        return rows + self.code_rows([f for f in findings if f.unit not in self.blocks], "")

    def code_rows(self, findings: list[Finding], block: str) -> list[CodeRow]:
        counts: Counter[str] = Counter()
        units: dict[str, set[str]] = defaultdict(set)
        first: dict[str, Finding] = {}
        for finding in findings:
            counts[finding.code] += 1
            units[finding.code].add(finding.unit or "")
            first.setdefault(finding.code, finding)
        rows = [
            self.code_row(code, first[code], n, len(units[code]), block)
            for code, n in counts.items()
        ]
        return sorted(rows, key=lambda r: (SEVERITY_ORDER[Severity(r.severity)], -r.count, r.code))

    def code_row(
        self, code: str, sample: Finding, count: int, units: int, block: str = ""
    ) -> CodeRow:
        title = self.finding_title(code, sample.title)
        severity = sample.severity
        return CodeRow(code, title, str(severity), self.t[str(severity)], count, units, block)

    def by_unit(self) -> list[UnitFindingsRow]:
        rows = []
        for unit in self.results.units:
            counts = Counter(f.severity for f in self.findings.get(unit.unit.code, []))
            rows.append(
                UnitFindingsRow(
                    unit.unit.name,
                    self.href(unit),
                    counts[Severity.ERROR],
                    counts[Severity.WARNING],
                    counts[Severity.INFO],
                    self.blocks.get(unit.unit.code, ""),
                )
            )
        order = {name: i for i, (name, _) in enumerate(self.parts)}  # group by group
        return sorted(rows, key=lambda r: (order.get(r.block, 0), -r.error, -r.warning, -r.info))

    def inflation(self) -> list[InflationRow]:
        units = [u for u in self.results.units if u.inflation is not None and not u.provisional]
        units.sort(key=lambda u: (u.inflation_rank is None, u.inflation_rank or 0, -u.gap))
        return [
            InflationRow(
                rank="" if u.inflation_rank is None else str(u.inflation_rank),
                name=u.unit.name,
                href=self.href(u),
                self_total=self.num(u.self_total),
                final_total=self.num(u.final_total),
                gap=signed(u.gap, self.lang),
                over_claimed=self.num(u.over_claimed),
                ratio=self.num(u.inflation, NumberKind.RATIO),
            )
            for u in units
        ]

    def staff(self) -> list[StaffRow]:
        return [row for row in map(self.staff_row, self.results.units) if row is not None]

    def staff_row(self, unit: UnitResult) -> StaffRow | None:
        """The head's highest allowed grade and emulation eligibility, with the reasons."""
        if unit.staff is None:
            return None
        return StaffRow(
            name=unit.unit.name,
            href=self.href(unit),
            head=", ".join(p for p in (unit.unit.head_name, unit.unit.head_title) if p),
            disciplined=unit.head_disciplined,
            badge=self.badge(unit),
            grade=self.t[f"grade.{unit.staff.highest_grade.value}"],
            eligible=unit.staff.emulation_eligible,
            reasons=list(unit.staff.reasons),
            provisional=unit.staff.provisional,
            block=self.blocks.get(unit.unit.code, ""),
        )

    def problems(self) -> list[ProblemRow]:
        """Problems the scoring step found in the appraisal and survey files."""
        names = {u.unit.code: u.unit.name for u in self.results.units}
        rows = []
        for p in self.results.problems:
            cell = f"{p.sheet}!{p.cell}" if p.sheet and p.cell else p.sheet or p.cell or ""
            line = f"{self.t['file']} {PurePath(p.file).name}" + (f":{p.line}" if p.line else "")
            where = " · ".join(x for x in (line, cell) if x)
            severity = p.severity if p.severity in self.t else "error"
            rows.append(
                ProblemRow(
                    severity,
                    self.t[severity],
                    where,
                    names.get(p.unit or "", p.unit or ""),
                    p.criterion or "",
                    p.message,
                    self.blocks.get(p.unit or "", ""),
                )
            )
        return rows

    def scope_rank(self) -> str:
        """ "Hạng theo nhóm" / "Hạng theo loại đơn vị" when ranking is scoped, else ""."""
        scope = self.results.ranking_scope
        if scope == "all":
            return ""
        return f"{self.t['rank']} {self.t.get(f'scope.{scope}', scope)}"

    def method(self) -> list[str]:
        t, places = self.t, self.results.precision
        scope = t.get(f"scope.{self.results.ranking_scope}", self.results.ranking_scope)
        return [
            t["method_scores"],
            t["method_index"],
            t["method_rounding"].format(places=places),
            t["method_ties"].format(places=places, scope=scope),
            t["method_gap"],
        ]

    def bands(self) -> list[tuple[str, list[tuple[Badge, str]]]]:
        kinds = sorted({u.unit.unit_type for u in self.results.units}) or self.cs.type_ids()
        lists: dict[tuple, list[str]] = defaultdict(list)
        for kind in kinds:
            bands = self.set_for(kind).bands_for(kind)
            lists[tuple((b.id, b.min, b.inclusive) for b in bands)].append(kind)
        out = []
        for kind_group in lists.values():
            names = ", ".join(self.types.get(k, k) for k in kind_group)
            bands = self.set_for(kind_group[0]).bands_for(kind_group[0])
            out.append((names, [self.band_line(b) for b in bands]))
        return out

    def band_line(self, band: ClassBand) -> tuple[Badge, str]:
        edge = self.t["band_from" if band.inclusive else "band_above"]
        shown = edge.format(min=self.num(band.min, PERCENT))
        return badge(local(band.label, self.lang), band.color), shown

    def unit_pages(self, units: list[UnitResult] | None = None) -> list[UnitPage]:
        chosen = self.results.units if units is None else units
        return [
            build_unit_page(
                self.of(unit),
                unit,
                unit_anchor(unit.unit.code),
                self.findings.get(unit.unit.code, []),
                self.of(unit).ranked_count(),
            )
            for unit in chosen
        ]

    def ranked_count(self) -> int:
        """How many units this builder ranks (a group's builder: the group's), the "of N" of a
        unit's rank."""
        return sum(1 for u in self.results.units if u.rank is not None)

    def section(self, name: str, part: ViewBuilder) -> GroupSection:
        """A group's ranking table and area matrix, on its own set."""
        return GroupSection(
            name=name,
            anchor=f"group-{part.cs.id}",
            set_title=f"{part.local(part.cs.title)} ({self.t['version']} {part.cs.version})",
            ranking=[part.rank_row(u) for u in part.results.units],
            areas=part.area_columns(),
            matrix=part.matrix(),
        )


def unit_anchor(code: str) -> str:
    """The HTML id of a unit's page: a code the id cannot hold as it is (``QD/QAN``, ``QĐ-A``)
    gets the short hash of the code, so no two units share one."""
    from par_index.filenames import short_hash
    from par_index.report.style import slug

    part = slug(code)
    return f"unit-{part}" if part == code.casefold() else f"unit-{part}-{short_hash(code)}"


def build_view(
    results: Results,
    report: Report,
    cs: Sets,
    *,
    lang: Lang | str | None = None,
    generated_at: dt.datetime | dt.date | str | None = None,
    title: str | None = None,
    producer: str | None = None,
    href: Callable[[UnitResult], str] | None = None,
    with_units: bool = True,
) -> ReportView:
    """Every section of the main report (unit pages only when ``with_units``)."""
    b = ViewBuilder(results, report, cs, lang=lang, href=href)
    chart_map, chart_note = b.charts()
    return ReportView(
        lang=b.lang,
        t=b.t,
        title=b.title(title),
        cover=b.cover(generated_at, producer),
        ranking=[b.rank_row(u) for u in results.units],
        has_groups=any(u.unit.group for u in results.units),
        scope_rank=b.scope_rank(),
        areas=b.area_columns(),
        matrix=b.matrix(),
        charts=chart_map,
        chart_note=chart_note,
        by_code=b.by_code(),
        by_unit=b.by_unit(),
        inflation=b.inflation(),
        inflation_parts=[(name, part.inflation()) for name, part in b.parts],
        staff=b.staff(),
        problems=b.problems(),
        units=b.unit_pages() if with_units else [],
        method=b.method(),
        bands=b.bands(),
        overrides=[local(o.reason, b.lang) for cs in b.all() for o in cs.overrides],
        sections=[b.section(name, part) for name, part in b.parts],
        interval_note=b.interval_note(),
    )
