"""Regenerate the synthetic Quảng Điền 2021 example from ``scenario.yaml``.

Writes ``submissions/`` (one filled workbook per unit, weaknesses planted as the scenario says),
``plan/don-vi/`` and ``plan/lich-kiem-tra_2021.xlsx`` (the units' filled plan workbooks and the
inspection workbook, from plan/nhiem-vu.csv and plan/kiem-tra.csv and the scenario's ``plan``),
``appraisal/`` (the council's workbook, filled), ``survey/`` (answer counts) and
``previous/results.json`` (last year's results). Run it again whenever the template format or
the scenario changes::

    .venv/bin/python examples/quang-dien-2021/make_example.py [--expected]

``--expected`` also runs the whole pipeline and rewrites ``expected/`` (the ranking and the
findings a test compares every run with). Everything is deterministic: the same scenario
gives the same files (workbook timestamps are fixed). All numbers, people and documents
are synthetic; only the unit names are real.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import tempfile
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
from par_index.criteria.model import CriteriaSet, ScoredBy
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
from par_index.synthetic import fill_workbook, good_header, good_rows
from par_index.units import Unit
from par_index.workbook.template import TemplateContext, template_filename, write_template
from par_index.workspace import Workspace, load_workspace
from par_index.yamlsrc import load_yaml

ROOT = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2021, 12, 1, 8, 0, 0)
APPRAISER = "Hội đồng thẩm định huyện Quảng Điền (dữ liệu mẫu)"
AUTO_NOTE = "Tính lại theo số liệu đơn vị tự kê khai"
APPRAISER_NOTE = "Hội đồng chấm theo hồ sơ và kết quả kiểm tra thực tế"


def main(root: Path = ROOT) -> None:
    ws = load_workspace(root)
    scenario = load_yaml(root / "scenario.yaml").data
    for folder in ("submissions", "appraisal", "survey", "previous", "outputs", "plan/don-vi"):
        shutil.rmtree(root / folder, ignore_errors=True)
        (root / folder).mkdir()
    (plan_folder(ws) / INSPECTIONS_NAME.format(period=ws.config.period)).unlink(missing_ok=True)
    inputs = load_inputs(ws, "vi", scoring=False)
    cs, units = inputs.cs, list(inputs.units)
    province = province_plan(ws, cs.type_ids(), units)
    assert province is not None
    with tempfile.TemporaryDirectory() as tmp:
        _write_plans(ws, province, units, scenario["plan"], Path(tmp))
    rows = {
        u.code: _rows(cs, u, scenario["units"][u.code], ws.config.period, province, scenario)
        for u in units
    }
    _copy_evidence(rows, scenario["units"])
    with tempfile.TemporaryDirectory() as tmp:
        for unit in units:
            _write_submission(
                ws, cs, unit, scenario["units"][unit.code], rows[unit.code], Path(tmp)
            )
    _write_appraisal(ws, cs, units, scenario["units"], scenario.get("appraiser_defaults", {}))
    with tempfile.TemporaryDirectory() as tmp:
        for unit in units:
            _resend(ws, cs, unit, scenario["units"][unit.code], rows[unit.code], Path(tmp))
    _write_survey(root / "survey" / "khao-sat-2021.csv", cs, units, scenario["units"])
    _write_previous(root / "previous" / "results.json", cs, units, scenario["units"])
    print(f"example regenerated in {root}")


# -- the units' workbooks ---------------------------------------------------------------------
def _rows(
    cs: CriteriaSet, unit: Unit, spec: dict, period: str, province: ProvincePlan, scenario: dict
) -> dict[str, dict]:
    """Honest answers (partial where the scenario says; the plan's figures from the unit's plan
    workbook), then the planted weaknesses."""
    rows = good_rows(
        cs,
        unit.unit_type,
        period=period,
        issuer=f"UBND {unit.name}",
        partial=spec.get("partial") or [],
        failed=spec.get("failed") or [],
    )
    plan = scenario["plan"]["units"].get(unit.code)
    if plan is not None:
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
def _write_plans(ws: Workspace, province: ProvincePlan, units: list[Unit], spec: dict, tmp: Path):
    """Each unit's plan workbook filled as the scenario says; the inspection workbook."""
    period, late = ws.config.period, dt.timedelta(days=spec["late_days"])
    folder = plan_folder(ws)
    for unit in units:
        plan = spec["units"].get(unit.code)
        if plan is None:
            continue  # the unit sent no plan workbook
        name = plan_filename(unit, period)
        blank = write_plan_workbook(tmp / name, province, unit, period, FIXED_TIME)
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
        _fix_zip_times(out)
    _write_inspections(ws, province, units, spec.get("inspections", {}), folder)


def _write_inspections(
    ws: Workspace, province: ProvincePlan, units: list[Unit], done: dict, folder: Path
) -> None:
    period = ws.config.period
    path = folder / INSPECTIONS_NAME.format(period=period)
    write_inspection_workbook(path, province, units, period, FIXED_TIME)
    book = openpyxl.load_workbook(path)
    sheet = book[book.sheetnames[1]]
    col = {c.key: i + 1 for i, c in enumerate(INSPECTION_COLUMNS)}
    for row in range(1, sheet.max_row + 1):
        held = done.get(sheet.cell(row, col["unit"]).value)
        if held:
            sheet.cell(row, col["done"]).value = held["done"]
            sheet.cell(row, col["result"]).value = held["result"]
    book.save(path)
    _fix_zip_times(path)


def _claim_max(cs: CriteriaSet, unit: Unit, rows: dict[str, dict]) -> None:
    for code, row in rows.items():
        node = cs.node(code)
        if node is not None and row.get("score") is not None and cs.node(code).criteria == []:
            row["score"] = cs.max_for(node, unit.unit_type)
            row.pop("explanation", None)


def _engine_score(cs: CriteriaSet, unit: Unit, code: str, row: dict) -> Decimal | None:
    node = cs.node(code)
    figures = {name: _typed(value) for name, value in row.get("figures", {}).items()}
    answers = Answers(answer=row.get("answer"), figures=figures)
    return evaluate(cs, node, answers, unit.unit_type).points


def _typed(value: Any) -> Any:
    if isinstance(value, str):
        kind = answer_kind(value)
        return {"yes": True, "no": False}.get(kind, value)
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


def _write_submission(ws: Workspace, cs, unit: Unit, spec: dict, rows: dict, tmp: Path) -> None:
    config = ws.config
    ctx = TemplateContext(
        period=config.period,
        deadline=config.deadlines.self_assessment,
        contact=config.contact,
        producer=config.producer,
        title=config.title,
        generated_at=FIXED_TIME,
    )
    form = _last_years_form(cs) if spec.get("form") == "2020" else cs
    name = template_filename(unit, config.period)
    template = write_template(tmp / name, form, unit, ctx)
    header = good_header(config.period)
    submitted = spec.get("submitted")
    header["date"] = submitted
    out = ws.path(config.paths.submissions) / name
    fill_workbook(template, out, _only_known(form, rows), header)
    _fix_zip_times(out)


def _resend(ws: Workspace, cs, unit: Unit, spec: dict, rows: dict, tmp: Path) -> None:
    """A unit that sent its workbook again after the council appraised it: the rows changed as
    ``resent`` says, written over the file the appraisal workbook was made from."""
    changes = spec.get("resent")
    if not changes:
        return
    for change in changes:
        edits = {k: v for k, v in change.items() if k != "criterion"}
        rows[change["criterion"]] = {**rows.get(change["criterion"], {}), **edits}
    _write_submission(ws, cs, unit, spec, rows, tmp)


def _last_years_form(cs: CriteriaSet) -> CriteriaSet:
    """Last year's form: another version of the set (its content hash differs)."""
    return cs.model_copy(update={"version": "2020.1", "years": [2020]})


def _only_known(cs: CriteriaSet, rows: dict) -> dict:
    return {code: row for code, row in rows.items() if cs.node(code) or _extra(cs, code)}


def _extra(cs: CriteriaSet, code: str) -> bool:
    return any(item.code == code for _n, item in cs.extras_items())


def _fix_zip_times(path: Path) -> None:
    """openpyxl stamps the save time into the zip and docProps: fix both for reproducibility."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _fixed_core(data)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)
    write_bytes_atomic(path, buffer.getvalue())


def _fixed_core(data: bytes) -> bytes:
    import re

    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\3", data)


# -- the council's workbook -------------------------------------------------------------------
def _write_appraisal(
    ws: Workspace, cs: CriteriaSet, units: list[Unit], specs: dict, scenario_defaults: dict
) -> None:
    outcome = run(ws, ("check", "appraisal"), lang="vi", workers=0, force=True)
    submissions = outcome.checked.submissions
    (path,) = outcome.outputs["appraisal"]
    book = openpyxl.load_workbook(path)
    for unit, sheet_name in zip(units, sheet_names(units), strict=True):
        spec = specs[unit.code].get("appraisal", {})
        defaults = {code: [points, APPRAISER_NOTE] for code, points in scenario_defaults.items()}
        _appraise(book[sheet_name], cs, unit, submissions.get(unit.code), spec, defaults)
    book.save(path)
    _fix_zip_times(path)


def _appraise(sheet, cs: CriteriaSet, unit: Unit, submission, spec: dict, defaults: dict) -> None:
    if spec.get("status") == "none" or submission is None:
        return
    rounds = int(spec.get("rounds", 1))
    status = Status.ROUND_2 if rounds == 2 else Status.ROUND_1
    _label_cell(sheet, LABEL_STATUS).value = status.value
    _label_cell(sheet, LABEL_BY_1).value = APPRAISER
    if rounds == 2:
        _label_cell(sheet, LABEL_BY_2).value = APPRAISER
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


def _recomputed(cs: CriteriaSet, unit: Unit, submission) -> dict[str, list]:
    out = {}
    for code, entry in submission.entries.items():
        node = cs.node(code)
        if node is None or node.scorer != ScoredBy.UNIT or entry.self_score is None:
            continue
        result = evaluate(cs, node, entry.answers(), unit.unit_type)
        if result.points is not None and result.points != entry.self_score:
            out[code] = [float(result.points), AUTO_NOTE]
    return out


# -- survey and last year ---------------------------------------------------------------------
def _write_survey(path: Path, cs: CriteriaSet, units: list[Unit], specs: dict) -> None:
    survey = [leaf for leaf in cs.leaves() if leaf.scorer == ScoredBy.SURVEY]
    options = list(survey[0].rule.options)
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


def _write_previous(path: Path, cs: CriteriaSet, units: list[Unit], specs: dict) -> None:
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
        generated_at="2021-02-10T08:00:00+00:00",
        tool_version=__version__,
        period="2020",
        criteria_id=cs.id,
        criteria_version="2020.1",
        criteria_title=str(cs.title),
        units=results,
    )
    write_results_json(path, previous)


# -- what a run must give ---------------------------------------------------------------------
def ranking_rows(results: Results) -> list[list[str]]:
    """The ranking as compared with expected/ranking.csv."""
    rows = [["rank", "code", "name", "index", "class", "provisional", "excluded", "head_grade"]]
    for u in results.units:
        rows.append(
            [
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


def finding_rows(report) -> list[list[str]]:
    """The findings as compared with expected/findings.csv (sorted, without wording)."""
    rows = {(f.unit or "", f.code, f.criterion or "", f.cell or "", f.severity.value)
            for f in report.findings}  # fmt: skip
    return [["unit", "code", "criterion", "cell", "severity"], *sorted(map(list, rows))]


def write_csv(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    write_text_atomic(path, out.getvalue())


def write_expected(root: Path = ROOT) -> None:
    steps = ("check", "score", "report")
    outcome = run(load_workspace(root), steps, lang="vi", workers=0)
    write_csv(root / "expected" / "ranking.csv", ranking_rows(outcome.results))
    write_csv(root / "expected" / "findings.csv", finding_rows(outcome.report))
    shutil.rmtree(root / "outputs", ignore_errors=True)
    (root / "outputs").mkdir()


if __name__ == "__main__":
    import sys

    main()
    if "--expected" in sys.argv[1:]:
        write_expected()
