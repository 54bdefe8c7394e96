"""A synthetic workspace made from a scenario (``scenario.yaml``): what each unit answered and
which weaknesses are planted where -> the units' filled workbooks, the council's filled
appraisal workbook, the survey answers, last period's results and the expected outputs. The
examples' ``make_example.py`` files are this with their own names and dates.

A workspace with groups of units (``groups:``) is made the same way, each unit on its group's
set. Everything is deterministic: the same scenario gives the same bytes (zip and document
times fixed). All numbers, people and documents are synthetic.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

from par_index import __version__
from par_index.appraisal.model import (
    COL,
    HEADER_ROW,
    LABEL_BY_1,
    LABEL_BY_2,
    LABEL_STATUS,
    Status,
)
from par_index.appraisal.write import sheet_names
from par_index.check.finding import Report
from par_index.criteria.model import CriteriaSet, Criterion, ScoredBy
from par_index.criteria.sets import Sets, set_for
from par_index.io import write_bytes_atomic, write_text_atomic
from par_index.numbers import quantize
from par_index.pipeline import load_inputs, run
from par_index.pipeline.plan import RETURNED, plan_folder, province_plan
from par_index.plan.layout import INSPECTION_COLUMNS, PLAN_COLUMNS, own_key
from par_index.plan.model import ProvincePlan
from par_index.plan.workbook import (
    INSPECTIONS_NAME,
    plan_filename,
    write_inspection_workbook,
    write_plan_workbook,
)
from par_index.ranking import band_of
from par_index.results import Results, UnitResult
from par_index.results_io import write_results_json
from par_index.rules import Answers, answer_kind, evaluate
from par_index.submission import Submission
from par_index.synthetic import fill_workbook, good_header, good_rows
from par_index.synthetic_evidence import decision_lines, docx_document, pdf_document, zip_of
from par_index.units import Unit
from par_index.workbook.parse import parse_reference
from par_index.workbook.template import TemplateContext, template_filename, write_template
from par_index.workspace import Workspace, load_workspace
from par_index.yamlsrc import load_yaml

AUTO_NOTE = "Tính lại theo số liệu đơn vị tự kê khai"
APPRAISER_NOTE = "Hội đồng chấm theo hồ sơ và kết quả kiểm tra thực tế"


@dataclass(frozen=True)
class Example:
    """What differs between the examples: where, when, who appraises, what last year was."""

    root: Path
    fixed_time: dt.datetime
    """Written into every workbook (zip entries and document properties) for the same bytes."""
    appraiser: str
    """The council named in the appraisal workbook."""
    survey_file: str
    """The survey CSV's name ("khao-sat-2021.csv"); a workspace with groups writes one per
    set, the set's id before ".csv"."""
    previous_period: str | None = None
    """Last period, for previous/results.json (None: the example has no last period)."""
    previous_generated_at: str = ""


def make(example: Example) -> None:
    """Every input of the example's workspace, from its scenario.yaml."""
    root = example.root
    ws = load_workspace(root)
    inputs = load_inputs(ws, "vi", scoring=False)
    sets, units = inputs.all_sets, list(inputs.units)
    scenario = load_yaml(root / "scenario.yaml").data
    specs = scenario["units"]
    folders = ["submissions", "appraisal", "survey", "outputs"]
    folders += ["previous"] if example.previous_period else []
    folders += ["plan/don-vi"] if "plan" in scenario else []
    for folder in folders:
        shutil.rmtree(root / folder, ignore_errors=True)
        (root / folder).mkdir()
    province = _plans(example, ws, units, scenario.get("plan"))
    period = ws.config.period
    rows = {u.code: _rows(sets, u, specs[u.code], period, province, scenario) for u in units}
    _copy_evidence(rows, specs)
    sent: dict[tuple[str, str], bytes] = {}
    for unit in units:
        _evidence_files(root, unit, specs[unit.code], rows[unit.code], sent)
    with tempfile.TemporaryDirectory() as tmp:
        for unit in units:
            _write_submission(example, ws, sets, unit, specs[unit.code], rows[unit.code], Path(tmp))
    defaults = scenario.get("appraiser_defaults", {})
    _write_appraisal(example, ws, sets, units, specs, defaults)
    with tempfile.TemporaryDirectory() as tmp:
        for unit in units:
            _resend(example, ws, sets, unit, specs[unit.code], rows[unit.code], Path(tmp))
    for _group, own in inputs.by_group():
        name = example.survey_file
        if inputs.sets is not None:
            name = name.replace(".csv", f"-{own.cs.id}.csv")
        _write_survey(root / "survey" / name, own.cs, list(own.units), specs)
    if example.previous_period:
        _write_previous(example, root / "previous" / "results.json", inputs.cs, units, specs)
    print(f"example regenerated in {root}")


def _evidence_files(
    root: Path, unit: Unit, spec: dict, rows: dict, sent: dict[tuple[str, str], bytes]
) -> None:
    """The evidence files a unit sends beside its workbook (``evidence_files`` of the scenario),
    each cited from its row with its page, with the planted fault (``fault``) made in the
    file: a wrong number, a missing page, a scan without text, a PDF made before the document,
    or another unit's file sent again (``shared_from``)."""
    plan = spec.get("evidence_files")
    if not plan:
        return
    files: dict[str, bytes] = {}
    for item in plan["files"]:
        row = rows[item["criterion"]]
        typed = re.sub(r", trang \d+$", "", row["evidence"].splitlines()[0])
        ref = parse_reference(typed)
        name, fault = item["file"], item.get("fault")
        if "shared_from" in item:
            data = sent[(item["shared_from"], item.get("shared_file", name))]
        else:
            data = _evidence_document(unit, ref.number or "", ref.date, name, fault)
        files[name] = sent[(unit.code, name)] = data
        page = 5 if fault == "missing_page" else 1
        row["evidence"] = f"{typed} (tệp: {name}, tr. {page})"
    target = root / "submissions" / plan["folder"]
    if plan["folder"].endswith(".zip"):
        write_bytes_atomic(target, zip_of(files))
        return
    target.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        write_bytes_atomic(target / name, data)


def _evidence_document(
    unit: Unit, number: str, date: dt.date | None, name: str, fault: str | None
) -> bytes:
    date = date or dt.date(2021, 1, 4)
    if fault == "wrong_number":
        number = "9" + number  # the file is another document
    lines = decision_lines(f"UBND {unit.name}", number, date, "Van ban minh chung")
    made = dt.datetime.combine(date + dt.timedelta(days=1), dt.time(9), dt.UTC)
    if fault == "created_before":
        made = dt.datetime.combine(date - dt.timedelta(days=40), dt.time(9), dt.UTC)
    if name.endswith(".docx"):
        return docx_document(lines, created=made)
    pages = [lines, ["Noi dung chi tiet"]]
    return pdf_document(pages, created=made, scan=fault == "scan")


# -- the units' workbooks ---------------------------------------------------------------------
def _rows(
    sets: Sets,
    unit: Unit,
    spec: dict,
    period: str,
    province: ProvincePlan | None = None,
    scenario: dict | None = None,
) -> dict[str, dict]:
    """Honest answers (partial where the scenario says; the plan's figures from the unit's plan
    workbook) on the form the unit filled in, then the planted weaknesses."""
    cs, made_for = _form(sets, unit, spec)
    unit = made_for
    rows = good_rows(
        cs,
        unit.unit_type,
        period=period,
        issuer=spec.get("issuer") or f"UBND {unit.name}",
        partial=spec.get("partial") or [],
        failed=spec.get("failed") or [],
    )
    plan = (scenario or {}).get("plan", {}).get("units", {}).get(unit.code)
    if province is not None and plan is not None:
        _plan_figures(cs, unit, rows, province, plan, period)
    for plant in spec.get("plant", []):
        if plant.get("all_max"):
            _claim_max(cs, unit, rows)
            continue
        code = plant.get("criterion")
        if code is None:
            continue  # a unit-level weakness (late, copied, wrong form) set elsewhere
        edits = {k: v for k, v in plant.items() if k not in {"expect", "criterion"}}
        row = rows.setdefault(code, {})
        for key, value in edits.items():
            if key == "figures":
                row["figures"] = {**row.get("figures", {}), **value}
            else:
                row[key] = value
        if "expect" not in plant:  # an honest change: the score follows the figures
            row["score"] = _engine_score(cs, unit, code, row)
    return rows


def _plan_figures(
    cs: CriteriaSet,
    unit: Unit,
    rows: dict[str, dict],
    province: ProvincePlan,
    plan: dict,
    period: str,
) -> None:
    """The criteria that take figures from the plan: what the plan workbook records, or what
    the scenario says the unit declares instead (its score following its own figures)."""
    planned = len(province.tasks_for(unit.unit_type)) + len(plan.get("own", []))
    counts = {"planned": planned, "done": planned - len(plan.get("missed", []))}
    for leaf in cs.leaves():
        if not leaf.plan or leaf.code not in rows:
            continue
        row = rows[leaf.code]
        figures = {name: counts[measure.value] for name, measure in leaf.plan.items()}
        row["figures"] = {**row.get("figures", {}), **figures, **plan.get("declares", {})}
        row["score"] = _engine_score(cs, unit, leaf.code, row)
        if row["score"] == cs.max_for(leaf, unit.unit_type):
            row.pop("explanation", None)
        if row["score"] and not row.get("evidence"):
            row["evidence"] = f"Báo cáo số 15/BC-UBND ngày 20/12/{period} của UBND {unit.name}"


# -- the plan workbooks -------------------------------------------------------------------------
def _plans(
    example: Example, ws: Workspace, units: list[Unit], spec: dict | None
) -> ProvincePlan | None:
    """The units' filled plan workbooks and the inspection workbook, when the scenario has a
    ``plan`` (the province's tasks in plan/nhiem-vu.csv); else None."""
    if spec is None:
        return None
    folder = plan_folder(ws)
    (folder / INSPECTIONS_NAME.format(period=ws.config.period)).unlink(missing_ok=True)
    inputs = load_inputs(ws, "vi", scoring=False)
    province = province_plan(ws, inputs.cs.type_ids(), units)
    assert province is not None
    with tempfile.TemporaryDirectory() as tmp:
        _write_plans(example, ws, province, units, spec, Path(tmp))
    return province


def _write_plans(
    example: Example,
    ws: Workspace,
    province: ProvincePlan,
    units: list[Unit],
    spec: dict,
    tmp: Path,
) -> None:
    """Each unit's plan workbook filled as the scenario says; the inspection workbook."""
    period, late = ws.config.period, dt.timedelta(days=spec["late_days"])
    folder = plan_folder(ws)
    for unit in units:
        plan = spec["units"].get(unit.code)
        if plan is None:
            continue  # the unit sent no plan workbook
        name = plan_filename(unit, period)
        blank = write_plan_workbook(tmp / name, province, unit, period, example.fixed_time)
        book = openpyxl.load_workbook(blank)
        sheet = book[book.sheetnames[1]]
        col = {c.key: i + 1 for i, c in enumerate(PLAN_COLUMNS)}
        keys = {sheet.cell(r, col["key"]).value: r for r in range(1, sheet.max_row + 1)}
        for task in province.tasks_for(unit.unit_type):
            if task.code in plan.get("missed", []):
                continue
            early = dt.timedelta(days=3)
            done = task.due + late if task.code in plan.get("late", []) else task.due - early
            row = keys[task.code]
            sheet.cell(row, col["done"]).value = done
            sheet.cell(row, col["evidence"]).value = f"{task.output} của UBND {unit.name}"
        for number, own in enumerate(plan.get("own", []), 1):
            row = keys[own_key(number)]
            for key in ("task", "lead", "due", "done"):
                sheet.cell(row, col[key]).value = own[key]
        out = folder / RETURNED / name
        book.save(out)
        fix_zip_times(out, example.fixed_time)
    _write_inspections(example, ws, province, units, spec.get("inspections", {}), folder)


def _write_inspections(
    example: Example,
    ws: Workspace,
    province: ProvincePlan,
    units: list[Unit],
    done: dict,
    folder: Path,
) -> None:
    period = ws.config.period
    path = folder / INSPECTIONS_NAME.format(period=period)
    write_inspection_workbook(path, province, units, period, example.fixed_time)
    book = openpyxl.load_workbook(path)
    sheet = book[book.sheetnames[1]]
    col = {c.key: i + 1 for i, c in enumerate(INSPECTION_COLUMNS)}
    for row in range(1, sheet.max_row + 1):
        held = done.get(sheet.cell(row, col["unit"]).value)
        if held:
            sheet.cell(row, col["done"]).value = held["done"]
            sheet.cell(row, col["result"]).value = held["result"]
    book.save(path)
    fix_zip_times(path, example.fixed_time)


def _claim_max(cs: CriteriaSet, unit: Unit, rows: dict[str, dict]) -> None:
    for code, row in rows.items():
        node = cs.node(code)
        if isinstance(node, Criterion) and row.get("score") is not None and node.criteria == []:
            row["score"] = cs.max_for(node, unit.unit_type)
            row.pop("explanation", None)


def _engine_score(cs: CriteriaSet, unit: Unit, code: str, row: dict) -> Decimal | None:
    node = cs.node(code)
    assert isinstance(node, Criterion), code
    figures = {name: _typed(value) for name, value in row.get("figures", {}).items()}
    answers = Answers(answer=row.get("answer"), figures=figures)
    return evaluate(cs, node, answers, unit.unit_type).points


def _typed(value: Any) -> Any:
    if isinstance(value, str):
        kind = answer_kind(value)
        return {"yes": True, "no": False}.get(kind or "", value)
    return Decimal(str(value)) if isinstance(value, int | float) else value


def _copy_evidence(rows: dict[str, dict[str, dict]], specs: dict) -> None:
    """A unit that copied another's evidence: identical citation text on the same criteria."""
    for code, spec in specs.items():
        copied = spec.get("copy_evidence_from")
        if copied:
            for criterion in copied["criteria"]:
                theirs = rows[copied["unit"]].get(criterion, {}).get("evidence")
                if theirs:
                    rows[code][criterion]["evidence"] = theirs


def _write_submission(
    example: Example, ws: Workspace, sets: Sets, unit: Unit, spec: dict, rows: dict, tmp: Path
) -> None:
    config = ws.config
    ctx = TemplateContext(
        period=config.period,
        deadline=config.deadlines.self_assessment,
        contact=config.contact,
        producer=config.producer,
        title=config.title,
        generated_at=example.fixed_time,
    )
    form, made_for = _form(sets, unit, spec)
    name = template_filename(unit, config.period)
    template = write_template(tmp / name, form, made_for, ctx)
    header = good_header(config.period)
    header["date"] = spec.get("submitted")
    out = ws.path(config.paths.submissions) / name
    fill_workbook(template, out, _only_known(form, rows), header)
    fix_zip_times(out, example.fixed_time)


def _form(sets: Sets, unit: Unit, spec: dict) -> tuple[CriteriaSet, Unit]:
    """The set the unit filled in, and the unit as its form names it: its own set; last year's
    form ("form": "2020", another version of the set); or another group's form ("form":
    "type:phuong", the form of that unit type, from its group's set)."""
    cs = set_for(sets, unit.unit_type)
    form = str(spec.get("form") or "")
    if not form:
        return cs, unit
    if form.startswith("type:"):
        other = form.removeprefix("type:")
        return set_for(sets, other), unit.model_copy(update={"unit_type": other})
    return cs.model_copy(update={"version": f"{form}.1", "years": [int(form)]}), unit


def _resend(
    example: Example, ws: Workspace, sets: Sets, unit: Unit, spec: dict, rows: dict, tmp: Path
) -> None:
    """A unit that sent its workbook again after the council appraised it: the rows changed as
    ``resent`` says, written over the file the appraisal workbook was made from."""
    changes = spec.get("resent")
    if not changes:
        return
    for change in changes:
        edits = {k: v for k, v in change.items() if k != "criterion"}
        rows[change["criterion"]] = {**rows.get(change["criterion"], {}), **edits}
    _write_submission(example, ws, sets, unit, spec, rows, tmp)


def _only_known(cs: CriteriaSet, rows: dict) -> dict:
    return {code: row for code, row in rows.items() if cs.node(code) or _extra(cs, code)}


def _extra(cs: CriteriaSet, code: str) -> bool:
    return any(item.code == code for _n, item in cs.extras_items())


def fix_zip_times(path: Path, when: dt.datetime) -> None:
    """openpyxl stamps the save time into the zip and docProps: fix both for reproducibility."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _fixed_core(data, when)
            fixed = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)
    write_bytes_atomic(path, buffer.getvalue())


def _fixed_core(data: bytes, when: dt.datetime) -> bytes:
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\3", data)


# -- the council's workbook -------------------------------------------------------------------
def _write_appraisal(
    example: Example, ws: Workspace, sets: Sets, units: list[Unit], specs: dict, defaults: dict
) -> None:
    outcome = run(ws, ("check", "appraisal"), lang="vi", workers=0, force=True)
    assert outcome.checked is not None
    submissions = outcome.checked.submissions
    (path,) = outcome.outputs["appraisal"]
    book = openpyxl.load_workbook(path)
    for unit, sheet_name in zip(units, sheet_names(units), strict=True):
        cs = set_for(sets, unit.unit_type)
        spec = specs[unit.code].get("appraisal", {})
        planned = {code: [points, APPRAISER_NOTE] for code, points in _defaults(defaults, cs)}
        sheet = book[sheet_name]
        _appraise(example, sheet, cs, unit, submissions.get(unit.code), spec, planned)
    book.save(path)
    fix_zip_times(path, example.fixed_time)


def _defaults(defaults: dict, cs: CriteriaSet) -> list[tuple[str, Any]]:
    """The council's usual points for criteria only it scores: ``appraiser_defaults`` of the
    scenario, or its entry for the unit's set (keyed by set id, a workspace with groups)."""
    own = defaults.get(cs.id, defaults)
    return [(code, points) for code, points in own.items() if not isinstance(points, dict)]


def _appraise(
    example: Example,
    sheet,
    cs: CriteriaSet,
    unit: Unit,
    submission: Submission | None,
    spec: dict,
    defaults: dict,
) -> None:
    if spec.get("status") == "none" or submission is None:
        return
    rounds = int(spec.get("rounds", 1))
    status = Status.ROUND_2 if rounds == 2 else Status.ROUND_1
    _label_cell(sheet, LABEL_STATUS).value = status.value
    _label_cell(sheet, LABEL_BY_1).value = example.appraiser
    if rounds == 2:
        _label_cell(sheet, LABEL_BY_2).value = example.appraiser
    planned = {
        **defaults,
        **{k: v for k, v in spec.items() if k not in {"status", "rounds", "auto"}},
    }
    if spec.get("auto") == "recomputed":
        planned = {**_recomputed(cs, unit, submission), **planned}
    rows = {
        sheet.cell(r, COL["code"] + 1).value: r for r in range(HEADER_ROW + 2, sheet.max_row + 1)
    }
    for code, values in planned.items():
        r = rows[code]
        keys = ("round_1", "note_1", "explanation", "round_2", "note_2")
        for key, value in zip(keys, values, strict=False):
            sheet.cell(r, COL[key] + 1).value = value


def _label_cell(sheet, label: str):
    """The input cell beside a header label of a unit's sheet."""
    for row in sheet.iter_rows(max_row=HEADER_ROW):
        if row[0].value == f"{label}:":
            return sheet.cell(row[0].row, 3)
    raise KeyError(label)


def _recomputed(cs: CriteriaSet, unit: Unit, submission: Submission) -> dict[str, list]:
    out = {}
    for code, entry in submission.entries.items():
        node = cs.node(code)
        if not isinstance(node, Criterion) or node.scorer != ScoredBy.UNIT:
            continue
        if entry.self_score is None:
            continue
        result = evaluate(cs, node, entry.answers(), unit.unit_type)
        if result.points is not None and result.points != entry.self_score:
            out[code] = [float(result.points), AUTO_NOTE]
    return out


# -- survey and last year ---------------------------------------------------------------------
def _write_survey(path: Path, cs: CriteriaSet, units: list[Unit], specs: dict) -> None:
    survey = [leaf for leaf in cs.leaves() if leaf.scorer == ScoredBy.SURVEY]
    if not survey:
        return
    options = list(survey[0].rule.options)  # type: ignore[union-attr]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["unit", "criterion", *options])
    for unit in units:
        counts = specs[unit.code]["survey"]
        if counts is None:  # the survey did not reach the unit
            continue
        for offset, leaf in enumerate(survey):
            shifted = _shift(counts, offset)
            writer.writerow([unit.code, leaf.code, *(shifted[o] for o in options)])
    write_text_atomic(path, out.getvalue())


def _shift(counts: dict[str, int], offset: int) -> dict[str, int]:
    """Vary the answers a little between survey criteria, keeping 100 answers in all."""
    moved = min(offset, counts["A"])
    return {**counts, "A": counts["A"] - moved, "B": counts["B"] + moved}


def _write_previous(
    example: Example, path: Path, cs: CriteriaSet, units: list[Unit], specs: dict
) -> None:
    results = []
    for unit in units:
        last = specs[unit.code]["last_year"]
        index = Decimal(last["index"])
        band = band_of(cs.bands_for(unit.unit_type), index)
        results.append(
            UnitResult(
                unit=unit,
                final_total=index,
                self_total=index,
                possible=Decimal(100),
                index=index,
                rank=int(last["rank"]),
                class_id=band.id if band else None,
                class_label=band.label.vi if band else None,
            )
        )
    results.sort(key=lambda r: (r.rank, r.unit.code))
    previous = Results(
        generated_at=example.previous_generated_at,
        tool_version=__version__,
        period=str(example.previous_period),
        criteria_id=cs.id,
        criteria_version=f"{example.previous_period}.1",
        criteria_title=str(cs.title),
        units=results,
    )
    write_results_json(path, previous)


# -- what a run must give ---------------------------------------------------------------------
def ranking_rows(results: Results) -> list[list[str]]:
    """The ranking as compared with expected/ranking.csv (with groups: a group column)."""
    grouped = bool(results.groups)
    head = ["rank", "code", "name", "index", "class", "provisional", "excluded", "head_grade"]
    rows = [(["group"] if grouped else []) + head]
    for u in results.units:
        rows.append(
            ([u.set_group or ""] if grouped else [])
            + [
                "" if u.rank is None else str(u.rank),
                u.unit.code,
                u.unit.name,
                f"{quantize(u.index):f}",
                u.class_id or "",
                "x" if u.provisional else "",
                "x" if u.excluded else "",
                u.staff.highest_grade.value if u.staff else "",
            ]
        )
    return rows


def finding_rows(report: Report) -> list[list[str]]:
    """The findings as compared with expected/findings.csv (sorted, without wording)."""
    rows = {(f.unit or "", f.code, f.criterion or "", f.cell or "", f.severity.value)
            for f in report.findings}  # fmt: skip
    return [["unit", "code", "criterion", "cell", "severity"], *sorted(map(list, rows))]


def write_csv(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    write_text_atomic(path, out.getvalue())


def write_expected(root: Path) -> None:
    """expected/ranking.csv and expected/findings.csv from a run of the example."""
    steps = ("check", "score", "report")
    outcome = run(load_workspace(root), steps, lang="vi", workers=0)
    assert outcome.results is not None
    write_csv(root / "expected" / "ranking.csv", ranking_rows(outcome.results))
    write_csv(root / "expected" / "findings.csv", finding_rows(outcome.report))
    shutil.rmtree(root / "outputs", ignore_errors=True)
    (root / "outputs").mkdir()
