"""The leaders' report as one self-contained HTML file (CSS, charts and script inline).

Above ``REPORT_SPLIT_ABOVE`` units the unit pages move to one file per group (unit.group, e.g. the
former district), linked from the main file, so a 3,321-unit run stays usable in a browser.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from par_index.check.finding import Report
from par_index.criteria.sets import Sets, UnitSets
from par_index.i18n import Lang
from par_index.io import write_text_atomic
from par_index.plan.status import PlanStatus
from par_index.report.context import ViewBuilder, build_view, unit_anchor
from par_index.report.environment import environment
from par_index.report.plan_section import plan_section
from par_index.report.rows import GroupLink
from par_index.report.status_section import status_section
from par_index.report.style import slug
from par_index.results import Results, UnitResult
from par_index.scale import REPORT_SPLIT_ABOVE
from par_index.status import Campaign
from par_index.text import collation_key

When = dt.datetime | dt.date | str | None


@dataclass(frozen=True)
class UnitFile:
    """A file of unit pages: its name (relative to the main report's folder) and units."""

    name: str
    title: str
    units: list[UnitResult]


def render_html(
    results: Results,
    report: Report,
    cs: Sets,
    *,
    lang: Lang | str | None = None,
    generated_at: When = None,
    title: str | None = None,
    producer: str | None = None,
    plan: PlanStatus | None = None,
    status: Campaign | None = None,
) -> str:
    """The whole report, every unit page included, as one HTML document (``plan``: the year's
    PAR plan on the report's date, a compact section; ``status``: the campaign on that date,
    the status section)."""
    view = build_view(
        results, report, cs, lang=lang, generated_at=generated_at, title=title, producer=producer
    )
    view.plan = plan_section(plan)
    view.status = status_section(status, set_groups(results, cs), view.lang)
    return environment().get_template("report/report.html.j2").render(v=view, page_title=view.title)


def set_groups(results: Results, cs: Sets) -> dict[str, str]:
    """Unit code -> the name of its group of units (on its own set); empty without groups."""
    if not isinstance(cs, UnitSets):
        return {}
    return {u.unit.code: cs.group_of(u.unit.unit_type).name for u in results.units}


def unit_files(results: Results, folder: str, no_group: str, limit: int) -> list[UnitFile]:
    """Units grouped by unit.group (ranking order kept), each group cut into files of ``limit``."""
    groups: dict[str, list[UnitResult]] = defaultdict(list)
    for unit in results.units:
        groups[unit.unit.group or no_group].append(unit)
    files = []
    for number, name in enumerate(sorted(groups, key=collation_key), start=1):
        members = groups[name]
        parts = [members[i : i + limit] for i in range(0, len(members), limit)]
        for part_no, part in enumerate(parts, start=1):
            suffix = f"-{part_no}" if len(parts) > 1 else ""
            label = f"{name} ({part_no}/{len(parts)})" if len(parts) > 1 else name
            files.append(UnitFile(f"{folder}/{number:03d}-{slug(name)}{suffix}.html", label, part))
    return files


def render_split(
    results: Results,
    report: Report,
    cs: Sets,
    main_name: str,
    *,
    lang: Lang | str | None = None,
    generated_at: When = None,
    title: str | None = None,
    producer: str | None = None,
    limit: int = REPORT_SPLIT_ABOVE,
    plan: PlanStatus | None = None,
    status: Campaign | None = None,
) -> Iterator[tuple[str, str]]:
    """(relative file name, HTML): the main report, then one file of unit pages per group,
    rendered one at a time so a country-size run never holds every page in memory."""
    probe = ViewBuilder(results, report, cs, lang=lang)
    folder = f"{Path(main_name).stem}-units"
    files = unit_files(results, folder, probe.t["no_group"], limit)
    where = {u.unit.code: f.name for f in files for u in f.units}

    def href(unit: UnitResult) -> str:
        return f"{where[unit.unit.code]}#{unit_anchor(unit.unit.code)}"

    view = build_view(
        results,
        report,
        cs,
        lang=lang,
        generated_at=generated_at,
        title=title,
        producer=producer,
        href=href,
        with_units=False,
    )
    view.groups = [GroupLink(f.title, f.name, len(f.units)) for f in files]
    view.plan = plan_section(plan)
    view.status = status_section(status, set_groups(results, cs), view.lang)
    env = environment()
    yield main_name, env.get_template("report/report.html.j2").render(v=view, page_title=view.title)
    builder = ViewBuilder(results, report, cs, lang=lang, href=href)
    page = env.get_template("report/units.html.j2")
    for f in files:
        yield (
            f.name,
            page.render(
                v=view,
                pages=builder.unit_pages(f.units),
                group_title=f.title,
                page_title=f"{view.title} — {f.title}",
                back=f"../{main_name}",
            ),
        )


def write_html_report(
    path: Path,
    results: Results,
    report: Report,
    cs: Sets,
    *,
    lang: Lang | str | None = None,
    generated_at: When = None,
    title: str | None = None,
    producer: str | None = None,
    split_above: int = REPORT_SPLIT_ABOVE,
    plan: PlanStatus | None = None,
    status: Campaign | None = None,
) -> list[Path]:
    """Write the report atomically; more than ``split_above`` units also write group files."""
    options: dict[str, Any] = dict(
        lang=lang, generated_at=generated_at, title=title, producer=producer, plan=plan,
        status=status,
    )  # fmt: skip
    if len(results.units) <= split_above:
        return [write_text_atomic(path, render_html(results, report, cs, **options))]
    pages = render_split(results, report, cs, path.name, limit=split_above, **options)
    written = [write_text_atomic(path.parent / name, html) for name, html in pages]
    _remove_stale(path.parent / f"{path.stem}-units", set(written))
    return written


def _remove_stale(folder: Path, keep: set[Path]) -> None:
    """Group files of an earlier run whose group no longer exists would link to nothing."""
    for old in folder.glob("*.html"):
        if old not in keep:
            old.unlink()
