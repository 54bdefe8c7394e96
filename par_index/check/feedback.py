"""Feedback per unit (phiếu phản hồi): an HTML page listing its findings in grid order, and a
copy of its workbook with each finding as a cell comment and a highlight.

The unit's own workbook is only ever read; the copy is a new file in the outputs folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path, PurePath

import jinja2
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from par_index import filenames
from par_index.check.attribution import (
    L_NONE,
    L_SCORED,
    L_SET_ASIDE,
    scored_text,
    set_aside_text,
)
from par_index.check.checks.attached import cited_status, relative_link
from par_index.check.finding import SEVERITY_ORDER, Finding, Report, Severity
from par_index.heap import OFF, GcTuning
from par_index.i18n import Lang, Message, current_lang
from par_index.io import write_atomic, write_text_atomic
from par_index.resources import data_dir
from par_index.results import FileVersion, SetAside
from par_index.scale import FEEDBACK_FORKSERVER_FROM
from par_index.units import Unit

FILLS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFD8A8", Severity.INFO: "DDEBF7"}
"""Highlight per severity: red for errors, orange for warnings, blue for information."""
AUTHOR = "par-index"
PARALLEL_FROM = 8
"""Make annotated copies in worker processes from this many on."""

L_TITLE = Message(
    "feedback.title", "Phiếu phản hồi kết quả tự chấm điểm", "Self-assessment feedback"
)
L_INTRO = Message(
    "feedback.intro",
    "Kết quả kiểm tra tệp tự chấm điểm Chỉ số CCHC kỳ {period} của {unit}. Đề nghị đơn vị sửa "
    "các ô được nêu dưới đây trong tệp của mình và gửi lại trước hạn.",
    "Check of the PAR index self-assessment of {unit}, period {period}. Please correct the cells "
    "listed below in your own file and send it again before the deadline.",
)
L_CLEAN = Message(
    "feedback.clean",
    "Không phát hiện vấn đề nào. Cảm ơn đơn vị.",
    "No problems found. Thank you.",
)
L_NO_FILE = Message(
    "feedback.no-file", "Chưa nhận được tệp tự chấm điểm.", "No self-assessment file received."
)
L_FILES = Message("feedback.files", "Tệp đã nhận", "Files received")
L_PRODUCER = Message("feedback.producer", "Đơn vị kiểm tra", "Checked by")
L_DATE = Message("feedback.date", "Ngày lập", "Date")
L_COUNTS = Message("feedback.counts", "Tổng hợp", "Summary")
L_NO = Message("feedback.col.no", "STT", "No.")
L_CRITERION = Message("feedback.col.criterion", "Tiêu chí", "Criterion")
L_CELL = Message("feedback.col.cell", "Ô cần sửa", "Cell to fix")
L_SEVERITY = Message("feedback.col.severity", "Mức độ", "Severity")
L_PROBLEM = Message("feedback.col.problem", "Vấn đề", "Problem")
L_FIX = Message("feedback.col.fix", "Cách khắc phục", "What to do")
L_WHOLE_FILE = Message("feedback.whole-file", "Cả tệp", "Whole file")
L_CODE = Message("feedback.col.code", "Mã", "Code")
L_EVIDENCE = Message("feedback.evidence", "Tệp minh chứng được dẫn", "Evidence files cited")
L_EVIDENCE_FILE = Message("feedback.col.evidence-file", "Tệp", "File")
L_EVIDENCE_RESULT = Message("feedback.col.evidence-result", "Kết quả kiểm tra", "Check result")
SEVERITY_LABELS = {
    Severity.ERROR: Message("feedback.severity.error", "Lỗi", "Error"),
    Severity.WARNING: Message("feedback.severity.warning", "Cảnh báo", "Warning"),
    Severity.INFO: Message("feedback.severity.info", "Thông tin", "Information"),
}


@dataclass(frozen=True)
class UnitFeedback:
    """The feedback files written for one unit."""

    unit: str
    page: Path
    workbooks: tuple[Path, ...] = ()
    """Annotated copies of the unit's workbooks (none when it sent nothing readable)."""
    problems: tuple[str, ...] = ()
    """Why a copy could not be made (one line each); the page lists the findings anyway."""


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Templates of templates/feedback, autoescaped: unit names and evidence text stay text."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(data_dir("templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def feedback_page(
    unit: Unit,
    findings: list[Finding],
    *,
    period: str,
    files: list[str],
    producer: str | None = None,
    today: dt.date | None = None,
    lang: Lang | str | None = None,
    scored: str | None = None,
    set_aside: list[SetAside] | None = None,
    version: FileVersion | None = None,
    evidence: list[dict[str, str]] | None = None,
) -> str:
    """The HTML page of one unit's findings, in the order given (the report's grid order), with
    the file scored for it (``scored``), its files not scored (``set_aside``) and the evidence
    files its workbook cites (``evidence``: ``evidence_rows``)."""
    lang = Lang(lang or current_lang())
    rows = [_row(f, lang) for f in findings]
    found = Counter(f.severity for f in findings)
    counts = [(s.value, SEVERITY_LABELS[s].format(lang), found[s]) for s in Severity]
    intro = L_INTRO.format(lang, period=period, unit=f"{unit.name} ({unit.code})")
    return _page_template().render(
        lang=lang.value,
        t=_labels_in(lang),
        unit=unit,
        intro=intro,
        rows=rows,
        counts=counts,
        files=files,
        scored=scored_text(scored, version, lang)
        if scored
        else (L_NONE.format(lang) if files else ""),
        set_aside=set_aside_text(set_aside or [], lang),
        evidence=evidence or [],
        producer=producer or "",
        today=(today or dt.date.today()).strftime("%d/%m/%Y"),
    )


@lru_cache(maxsize=1)
def _page_template() -> jinja2.Template:
    """The page's template, compiled once per process (a run writes thousands of pages)."""
    return environment().get_template("feedback/unit.html.j2")


@lru_cache(maxsize=4)
def _labels_in(lang: Lang) -> dict[str, str]:
    return {name: m.format(lang) for name, m in _labels().items()}


def _labels() -> dict[str, Message]:
    return {
        "title": L_TITLE,
        "clean": L_CLEAN,
        "no_file": L_NO_FILE,
        "files": L_FILES,
        "scored": L_SCORED,
        "set_aside": L_SET_ASIDE,
        "producer": L_PRODUCER,
        "date": L_DATE,
        "counts": L_COUNTS,
        "no": L_NO,
        "criterion": L_CRITERION,
        "cell": L_CELL,
        "severity": L_SEVERITY,
        "problem": L_PROBLEM,
        "fix": L_FIX,
        "code": L_CODE,
        "evidence": L_EVIDENCE,
        "evidence_file": L_EVIDENCE_FILE,
        "evidence_result": L_EVIDENCE_RESULT,
    }


def evidence_rows(
    report: Report, unit: str, lang: Lang, submissions: Path | None, page_folder: Path
) -> list[dict[str, str]]:
    """Each evidence file the unit's counted workbook cites: criterion, file, link (relative to
    the page; none when not sent or the submissions folder is not known) and check result."""
    rows = []
    for cited in report.evidence_files.get(unit, []):
        severity, result = cited_status(cited, report, unit, lang)
        href = ""
        if cited.link is not None and submissions is not None:
            href = relative_link(cited.link, submissions, page_folder)
        rows.append({
            "criterion": cited.criterion, "file": cited.file, "href": href,
            "severity": severity.value if severity else "ok", "result": result,
        })  # fmt: skip
    return rows


def _row(f: Finding, lang: Lang) -> dict[str, str]:
    whole = L_WHOLE_FILE.format(lang)
    return {
        "criterion": f.criterion or whole,
        "cell": f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (f.cell or ""),
        "severity": f.severity.value,
        "severity_label": SEVERITY_LABELS[f.severity].format(lang),
        "title": f.title,
        "message": f.message,
        "fix": f.fix,
        "code": f.code,
    }


def annotate_workbook(
    source: Path, target: Path, findings: list[Finding], lang: Lang | str | None = None
) -> Path:
    """Copy ``source`` to ``target`` with each located finding as a comment and a highlight."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not keep
        book = load_workbook(source)
    for (sheet, ref), found in _by_cell(findings).items():
        if sheet not in book.sheetnames:
            continue
        cell = _writable(book[sheet], ref)
        worst = min((f.severity for f in found), key=SEVERITY_ORDER.__getitem__)
        cell.fill = PatternFill(fill_type="solid", fgColor=FILLS[worst])
        cell.comment = _comment(found, Lang(lang or current_lang()))
    return write_atomic(target, lambda tmp: book.save(tmp))


def _by_cell(findings: list[Finding]) -> dict[tuple[str, str], list[Finding]]:
    cells: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        if f.sheet and f.cell:
            cells.setdefault((f.sheet, f.cell), []).append(f)
    return cells


def _writable(sheet, ref: str):
    """The cell itself, or the top-left cell of the merged range it lies in."""
    cell = sheet[ref]
    if isinstance(cell, MergedCell):
        for merged in sheet.merged_cells.ranges:
            if ref in merged:
                return sheet.cell(merged.min_row, merged.min_col)
    return cell


def _comment(found: list[Finding], lang: Lang) -> Comment:
    parts = [f"[{SEVERITY_LABELS[f.severity].format(lang)}] {f.message}\n→ {f.fix}" for f in found]
    text = "\n\n".join(parts)
    comment = Comment(text, AUTHOR)
    comment.width = 420
    comment.height = min(80 + 18 * (len(text) // 55 + 2 * len(found)), 600)
    return comment


def write_feedback(
    report: Report,
    units: list[Unit],
    folder: Path,
    sources: Mapping[str, Path],
    *,
    period: str,
    producer: str | None = None,
    lang: Lang | str | None = None,
    copies: bool = True,
    workers: int | None = None,
    gc_tuning: GcTuning = OFF,
    submissions: Path | None = None,
) -> list[UnitFeedback]:
    """Write every unit's page and annotated workbook copies into ``folder``.

    ``sources`` maps a file name of the report to the workbook it was read from; files not in
    it (unreadable ones) get no copy. Units without findings still get their page. Copies are
    made in worker processes (``workers``: None chooses, 0 means this process); ``copies=False``
    writes the pages only (a copy costs a full load and save of the workbook). ``submissions``:
    the folder the evidence files lie in, linked from the pages.
    """
    lang = Lang(lang or current_lang())
    by_unit: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_unit.setdefault(f.unit or "", []).append(f)
    pages: dict[str, Path] = {}

    def page(unit: Unit) -> None:
        files = report.unit_files.get(unit.code, [])
        scored = report.scored_files.get(unit.code)
        html = feedback_page(
            unit, by_unit.get(unit.code, []), period=period, files=files, producer=producer,
            lang=lang, scored=scored, set_aside=report.set_aside.get(unit.code),
            version=report.versions.get(scored or ""),
            evidence=evidence_rows(report, unit.code, lang, submissions, folder),
        )  # fmt: skip
        pages[unit.code] = write_text_atomic(folder / filenames.feedback_page(unit.code), html)

    jobs = _copy_jobs(report, units, by_unit, sources, folder) if copies else {}
    count = sum(len(mine) for mine in jobs.values())
    pending = _pages_then_jobs(units, page, jobs)
    fresh = len(units) >= FEEDBACK_FORKSERVER_FROM
    made, problems = _annotate_all(pending, count, lang, workers, gc_tuning, fresh=fresh)
    return [
        UnitFeedback(
            u.code, pages[u.code], tuple(made.get(u.code, ())), tuple(problems.get(u.code, ()))
        )
        for u in units
    ]


Job = tuple[str, Path, Path, list[Finding]]
"""(unit code, source workbook, annotated copy, the file's findings)."""


def _copy_jobs(
    report: Report,
    units: list[Unit],
    by_unit: dict[str, list[Finding]],
    sources: Mapping[str, Path],
    folder: Path,
) -> dict[str, list[Job]]:
    """The copies to make, by unit: files that were read and have findings at cells."""
    jobs: dict[str, list[Job]] = {}
    copies = filenames.file_parts({file: PurePath(file).stem for file in report.files})
    for unit in units:
        findings = by_unit.get(unit.code, [])
        for file in report.unit_files.get(unit.code, []):
            mine = [f for f in findings if f.file == file]
            if file in sources and any(f.cell for f in mine):
                target = folder / filenames.ANNOTATED_COPY.format(copies[file])
                jobs.setdefault(unit.code, []).append((unit.code, sources[file], target, mine))
    return jobs


def _pages_then_jobs(
    units: list[Unit], page: Callable[[Unit], None], jobs: dict[str, list[Job]]
) -> Iterator[Job]:
    """Each unit's page written, then its copies handed on: the workers copy workbooks while
    this process writes the pages, and nothing waits for all pages first."""
    for unit in units:
        page(unit)
        yield from jobs.get(unit.code, ())


def _annotate_all(
    jobs: Iterator[Job],
    count: int,
    lang: Lang,
    workers: int | None,
    gc_tuning: GcTuning,
    *,
    fresh: bool = False,
) -> tuple[dict[str, list[Path]], dict[str, list[str]]]:
    """Annotated copies by unit, and the one-line reason of each copy that could not be made.

    ``fresh`` starts the workers from a forkserver instead of forking this process: when it
    holds a large run, writing the pages touches (so copies) pages the forked workers share.

    The forked workers share this process's pages: the objects held here are frozen out of the
    garbage collector first, so that a worker's collections do not touch (and so copy) them."""
    from par_index.batch import Ok, run_isolated

    if workers is None:
        workers = 0 if count < PARALLEL_FROM else min(os.cpu_count() or 1, count)
    made: dict[str, list[Path]] = {}
    problems: dict[str, list[str]] = {}
    owners: dict[Path, str] = {}
    task = partial(_annotate_job, lang)
    method = "forkserver" if fresh else None
    with gc_tuning.long_lived() if workers else contextlib.nullcontext():
        for (_, target, _), outcome in run_isolated(
            _items(jobs, owners), task, workers=workers, start_method=method
        ):
            unit = owners[target]
            if isinstance(outcome, Ok):
                made.setdefault(unit, []).append(outcome.value)
            else:
                problems.setdefault(unit, []).append(outcome.detail)
    for paths in made.values():
        paths.sort()
    return made, problems


def _items(jobs: Iterator[Job], owners: dict[Path, str]) -> Iterator[tuple[Path, Path, list]]:
    """The workers' items (no unit code), noting whose each copy is."""
    for unit, source, target, findings in jobs:
        owners[target] = unit
        yield source, target, findings


def _annotate_job(lang: Lang, job: tuple[Path, Path, list[Finding]]) -> Path:
    source, target, findings = job
    return annotate_workbook(source, target, findings, lang)
