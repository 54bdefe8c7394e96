"""Every finding code: one case that raises it (and nothing else), and clean input that doesn't."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from par_index.check.catalogue import all_codes
from par_index.check.config import CheckConfig
from par_index.check.finding import Report
from par_index.criteria import load_criteria
from par_index.errors import WorkbookError
from par_index.plan.status import Completion
from par_index.plan.year import UnitRecord, YearPlan
from par_index.results import SetAside
from par_index.submission import ReadIssue
from par_index.workbook import guard, reader
from tests.check import builders as b
from tests.check.builders import check
from tests.check.test_evidence_as_asked import EVIDENCE_AS_ASKED
from tests.check.test_evidence_files import EVIDENCE_FILE_CODES

X01, X02, P03 = b.UNITS
ONE = [X01]


def run(cs, subs, units=ONE, ctx=None, failures=None) -> Report:
    return check(cs, subs, units, ctx or b.context(), failures=failures)


def codes(report: Report) -> list[tuple[str, str | None, str | None]]:
    return [(f.code, f.criterion, f.cell) for f in report.findings]


def test_clean_submission_raises_nothing(mini_set):
    assert run(mini_set, [b.clean(mini_set, X01)]).findings == []


def test_clean_batch_of_every_unit_type_raises_nothing(mini_set):
    subs = [b.clean(mini_set, u) for u in b.UNITS]
    assert run(mini_set, subs, b.UNITS).findings == []


def _negative_violations(cs):
    return b.score(b.clean(cs, X01), "2.2", "-0.5")


CASES = {
    "score-above-max": (lambda cs: b.score(b.clean(cs, X01), "1.1", "1.5"), "1.1", "H12"),
    "score-negative": (_negative_violations, "2.2", "H19"),
    "score-not-allowed": (lambda cs: b.score(b.clean(cs, X01), "1.1", "0.5"), "1.1", "H12"),
    "criterion-skipped": (lambda cs: b.score(b.clean(cs, X01), "1.3", None), "1.3", "H14"),
    "not-self-scored-but-scored": (lambda cs: b.score(b.clean(cs, X01), "2.3", "2"), "2.3", "H21"),
    "score-unsupported": (
        lambda cs: b.figure(b.clean(cs, X01), "1.3", "on_time", "96"),
        "1.3",
        "H14",
    ),
    "figures-missing": (
        lambda cs: b.figure(b.clean(cs, X01), "1.3", "received", None),
        "1.3",
        "E15",
    ),
    "figure-impossible": (
        lambda cs: b.figure(b.clean(cs, X01), "1.3", "on_time", "101"),
        "1.3",
        "E16",
    ),
    "evidence-missing": (
        lambda cs: b.change(b.clean(cs, X01), "1.1", evidence=[], evidence_raw=None),
        "1.1",
        "I12",
    ),
    "explanation-missing": (
        lambda cs: b.score(b.change(b.clean(cs, X01), "1.2", answer="Trễ hạn"), "1.2", "0.5"),
        "1.2",
        "J13",
    ),
    "not-applicable-no-reason": (
        lambda cs: b.change(
            b.clean(cs, X01),
            "2.2",
            answer="Không áp dụng",
            not_applicable=True,
            self_score=None,
            self_score_raw=None,
            explanation=None,
        ),
        "2.2",
        "J19",
    ),
    "score-on-not-applicable": (
        lambda cs: b.change(
            b.score(b.clean(cs, X01), "2.2", "0.5"),
            "2.2",
            answer="Không áp dụng",
            not_applicable=True,
            explanation="Không phát sinh vụ việc trong năm",
        ),
        "2.2",
        "H19",
    ),
    "all-max": (
        lambda cs: b.score(b.figure(b.clean(cs, X01), "2.1", "digitised", "100"), "2.1", "1"),
        None,
        "H27",
    ),
    "late-submission": (
        lambda cs: b.clean(cs, X01).model_copy(update={"submission_date": dt.date(2025, 1, 20)}),
        None,
        "C8",
    ),
    "received-after-declared": (  # received by the deadline, a day after the date it gives
        lambda cs: b.clean(cs, X01).model_copy(
            update={"received_on": b.SUBMITTED + dt.timedelta(days=1)}
        ),
        None,
        "C8",
    ),
    "submission-date-missing": (
        lambda cs: b.clean(cs, X01).model_copy(update={"submission_date": None}),
        None,
        "C8",
    ),
    "wrong-period": (lambda cs: b.clean(cs, X01).model_copy(update={"period": "2023"}), None, None),
    "score-not-a-number": (
        lambda cs: b.change(
            b.clean(cs, X01), "1.3", self_score=None, self_score_raw="hai"
        ).model_copy(
            update={
                "issues": [
                    ReadIssue(
                        code="read.not-a-number",
                        criterion="1.3",
                        cell=b.cell("H14"),
                        values={"value": "hai điểm"},
                    )
                ]
            }
        ),
        "1.3",
        "H14",
    ),
    "cached-total-differs": (
        lambda cs: b.clean(cs, X01).model_copy(
            update={
                "issues": [
                    ReadIssue(
                        code="read.cached-total-differs",
                        cell=b.cell("H27"),
                        values={"cached": "9", "computed": "7,3"},
                    )
                ]
            }
        ),
        None,
        "H27",
    ),
    "value-unreadable": (
        lambda cs: b.clean(cs, X01).model_copy(
            update={
                "submission_date": None,
                "issues": [
                    ReadIssue(code="read.bad-date", cell=b.cell("C8"), values={"value": "hôm qua"})
                ],
            }
        ),
        None,
        "C8",
    ),
}


@pytest.mark.parametrize("code", list(CASES))
def test_each_code_is_raised_alone(mini_set, code):
    make, criterion, cell = CASES[code]
    report = run(mini_set, [make(mini_set)])
    assert codes(report) == [(code, criterion, cell)]
    finding = report.findings[0]
    assert finding.unit == "X01" and finding.file == "X01_Xã Một_2024.xlsx"
    assert finding.message and finding.fix and finding.title
    assert "{" not in finding.message + finding.fix


def test_score_values_carry_both_numbers(mini_set):
    report = run(mini_set, [b.figure(b.clean(mini_set, X01), "1.3", "on_time", "96")])
    (finding,) = report.findings
    assert finding.values["self_score"] == "2,00" and finding.values["recomputed"] == "1,50"
    assert finding.raw == {"self_score": "2.0000", "recomputed": "1.5000"}
    assert "96" in finding.values["basis"] and "96,00 %" in finding.message


@pytest.mark.parametrize(
    ("code", "value", "reason"),
    [
        ("1.3", {"received": "-3"}, "finding.detail.negative"),
        ("1.3", {"received": "10.5"}, "finding.detail.not-whole"),
        ("2.1", {"digitised": "120"}, "finding.detail.above"),
    ],
)
def test_impossible_figures(mini_set, code, value, reason):
    ((name, raw),) = value.items()
    sub = b.figure(b.clean(mini_set, X01), code, name, raw)
    report = run(
        mini_set,
        [sub],
        ctx=b.context(
            config=CheckConfig(severity={"score-unsupported": None, "figures-missing": None})
        ),
    )
    found = [f for f in report.findings if f.code == "figure-impossible"]
    assert len(found) >= 1
    from par_index.i18n import CATALOGUE

    expected = CATALOGUE[reason].format(None, limit="100")
    assert any(expected in f.values["reason"] for f in found)


def test_parts_not_sum(tmp_path: Path):
    path = b.mini_with_sum_check(tmp_path)
    cs = load_criteria(path)
    sub = b.clean(cs, X01)
    late = b.entry("1.3", 14, None, {"received": "100", "on_time": "100", "late": "0"}, "2", X01)
    sub = b.change(sub, "1.3", figures=late.figures)
    assert run(cs, [sub]).findings == []
    broken = b.figure(sub, "1.3", "late", "3")
    assert codes(run(cs, [broken])) == [("parts-not-sum", "1.3", "E15")]


def test_evidence_references(mini_set):
    text = b.evidence(X01)
    cases = {
        "evidence-incomplete": b.ref(text, "12/KH-UBND", None),
        "evidence-outside-period": b.ref(text, "12/KH-UBND", dt.date(2023, 12, 1)),
        "evidence-after-submission": b.ref(text, "12/KH-UBND", dt.date(2025, 1, 20)),
    }
    for code, reference in cases.items():
        sub = b.change(b.clean(mini_set, X01), "1.1", evidence=[reference])
        assert codes(run(mini_set, [sub])) == [(code, "1.1", "I12")], code


def test_evidence_dates_use_configured_period(mini_set):
    reference = b.ref(b.evidence(X01), "12/KH-UBND", dt.date(2023, 12, 1))
    sub = b.change(b.clean(mini_set, X01), "1.1", evidence=[reference])
    ctx = b.context(assessment_start=dt.date(2023, 12, 1))
    assert run(mini_set, [sub], ctx=ctx).findings == []


def test_evidence_reused_only_across_areas(mini_set):
    cited = [b.ref("Kế hoạch số 12/KH-UBND ngày 05/01/2024", "12/KH-UBND", dt.date(2024, 1, 5))]
    same_area = b.change(b.clean(mini_set, X01), "1.3", evidence=cited)
    assert run(mini_set, [same_area]).findings == []
    other_area = b.change(b.clean(mini_set, X01), "2.2", evidence=cited)
    report = run(mini_set, [other_area])
    assert codes(report) == [("evidence-reused", "2.2", "I19")]
    assert report.findings[0].values["other"] == "1.1"


def test_evidence_copied_across_units(mini_set):
    text = b.evidence(X01)
    copied = b.change(b.clean(mini_set, X02), "1.1", evidence_raw=text)
    report = run(mini_set, [b.clean(mini_set, X01), copied], units=[X01, X02])
    assert codes(report) == [("evidence-copied", "1.1", "I12")] * 2
    assert [f.unit for f in report.findings] == ["X01", "X02"]
    assert "Xã Hai (X02)" in report.findings[0].message


def test_short_identical_evidence_is_not_copying(mini_set):
    subs = [
        b.change(b.clean(mini_set, u), "1.1", evidence_raw="QĐ 1/QĐ-UBND tỉnh") for u in (X01, X02)
    ]
    report = run(mini_set, subs, units=[X01, X02])
    assert "evidence-copied" not in {f.code for f in report.findings}


def test_far_above_last_year(mini_set):
    ctx = b.context(previous_totals={"X01": Decimal(5)}, config=CheckConfig(far_above_points=2))
    report = run(mini_set, [b.clean(mini_set, X01)], ctx=ctx)
    assert codes(report) == [("far-above-last-year", None, "H27")]
    assert report.findings[0].values == {
        "self_total": "7,30",
        "previous": "5,00",
        "diff": "2,30",
        "limit": "2,00",
    }
    ctx = b.context(previous_totals={"X01": Decimal(5)}, config=CheckConfig(far_above_points=3))
    assert run(mini_set, [b.clean(mini_set, X01)], ctx=ctx).findings == []


@pytest.mark.parametrize(
    ("update", "detail"),
    [
        ({"criteria_hash": "f" * 64}, "finding.detail.hash"),
        ({"criteria_version": "0"}, "finding.detail.other-set"),
        ({"criteria_id": "other"}, "finding.detail.other-set"),
    ],
)
def test_template_mismatch_of_the_whole_file(mini_set, update, detail):
    sub = b.clean(mini_set, X01).model_copy(update=update)
    assert codes(run(mini_set, [sub])) == [("template-mismatch", None, None)]


def test_template_mismatch_of_rows(mini_set):
    sub = b.clean(mini_set, X01)
    entries = dict(sub.entries)
    del entries["2.4"]
    entries["9.9"] = entries["2.3"].model_copy(update={"code": "9.9", "row": 40})
    entries["1.3"] = entries["1.3"].model_copy(update={"max_shown": Decimal(3)})
    report = run(mini_set, [sub.model_copy(update={"entries": entries})])
    assert codes(report) == [
        ("template-mismatch", "1.3", "H14"),
        ("template-mismatch", "2.4", None),
        ("template-mismatch", "9.9", "H21"),
    ]
    assert "3" in report.findings[0].message and "2" in report.findings[0].message


def test_wrong_unit(mini_set):
    unknown = b.clean(mini_set, X01).model_copy(update={"unit_code": "ZZZ"})
    report = run(mini_set, [unknown])
    assert codes(report) == [("wrong-unit", None, None)]
    assert "ZZZ" in report.findings[0].message
    nameless = b.clean(mini_set, X01).model_copy(update={"unit_code": None})
    report = run(mini_set, [nameless])
    assert [(f.code, f.unit) for f in report.findings] == [("wrong-unit", "X01")]
    assert report.scored_files == {"X01": nameless.file}  # the name alone decides


def test_a_file_cannot_take_over_a_unit_with_its_own_file(mini_set):
    """X01 sent X02's workbook; X02 sent its own: X02's own file counts, X01's counts for no
    one, and each is told what happened."""
    taken = b.clean(mini_set, X02, file="X01_Xã Một_2024.xlsx")
    own = b.clean(mini_set, X02)
    report = run(mini_set, [taken, own], [X01, X02])
    assert [(f.code, f.unit, f.file) for f in report.findings] == [
        ("disputed-file", "X01", taken.file),
        ("code-in-other-file", "X02", taken.file),
    ]
    sender, owner = report.findings
    assert sender.severity == "error" and owner.severity == "warning"
    assert own.file in sender.message and "X01_" not in sender.fix.split(".")[0]
    assert own.file in owner.message and "X01" in owner.message
    assert report.scored_files == {"X02": own.file}
    assert report.set_aside == {
        "X01": [SetAside(file=taken.file, reason="disputed")],
        "X02": [SetAside(file=taken.file, reason="disputed")],
    }


def test_a_file_whose_name_and_code_disagree_counts_for_no_one(mini_set):
    """Neither unit has another file: whose it is cannot be told; both units hear of it and
    the owner is not also reported as missing."""
    unsure = b.clean(mini_set, X02, file="X01_Xã Một_2024.xlsx")
    report = run(mini_set, [unsure], [X01, X02])
    assert [(f.code, f.unit, f.severity) for f in report.findings] == [
        ("disputed-file", "X01", "error"),
        ("only-in-other-file", "X02", "error"),
    ]
    assert "X02_" in report.findings[1].fix and report.scored_files == {}


def test_the_newest_declared_file_counts_and_the_other_is_superseded(mini_set):
    old = b.clean(mini_set, X01, file="X01 (bản sửa).xlsx")
    new = b.clean(mini_set, X01, file="X01_v2.xlsx").model_copy(
        update={"submission_date": b.SUBMITTED + dt.timedelta(days=1)}
    )
    report = run(mini_set, [b.score(old, "1.1", "1.5"), new])
    assert [(f.code, f.severity, f.file) for f in report.findings] == [
        ("superseded-file", "info", old.file)  # its own findings no longer matter
    ]
    assert new.file in report.findings[0].message
    assert report.scored_files == {"X01": new.file}
    assert report.set_aside == {"X01": [SetAside(file=old.file, reason="superseded")]}


def test_two_files_that_cannot_be_told_apart_count_for_neither(mini_set):
    subs = [b.clean(mini_set, X01, file=f"X01 lần {n}.xlsx") for n in (1, 2)]
    report = run(mini_set, subs)
    assert [(f.code, f.file) for f in report.findings] == [
        ("same-time-files", "X01 lần 1.xlsx"),
        ("same-time-files", "X01 lần 2.xlsx"),
    ]
    assert "X01 lần 1.xlsx, X01 lần 2.xlsx" in report.findings[0].message
    assert report.scored_files == {}


def test_missing_submission(mini_set):
    report = run(mini_set, [b.clean(mini_set, X01)], units=[X01, X02])
    assert [(f.code, f.unit, f.file) for f in report.findings] == [
        ("missing-submission", "X02", None)
    ]


def test_unreadable_file_and_template_error(mini_set):
    one, two = "X01_Xã Một_2024.xlsx", "X02_Xã Hai_2024.xlsx"
    encrypted = WorkbookError(guard.ENCRYPTED, file=one)
    mismatch = WorkbookError(
        reader.M_CRITERIA_MISMATCH, file=two, field="criteria_hash", found="ab", expected="cd"
    )
    report = run(mini_set, [], units=[X01, X02], failures={one: encrypted, two: mismatch})
    assert [(f.code, f.unit, f.file) for f in report.findings] == [
        ("unreadable-file", "X01", one),
        ("template-mismatch", "X02", two),
    ]
    assert report.findings[0].message == encrypted.render()
    detail = mismatch.render().removeprefix(f"{two}: ").rstrip(".")  # the finding ends it
    assert report.findings[1].values["detail"] == detail
    assert ".." not in report.findings[1].message


def test_unreadable_without_a_known_unit(mini_set):
    report = run(mini_set, [], units=[X01], failures={"ghi chú.xlsx": "hỏng"})
    assert [(f.code, f.unit, f.file) for f in report.findings] == [
        ("missing-submission", "X01", None),
        ("unreadable-file", None, "ghi chú.xlsx"),
    ]


def test_a_lock_file_is_listed_once_as_ignored_and_counts_for_no_unit(mini_set):
    lock = "~$X01_Xã Một.xlsx"  # its name carries X01's code, as Excel makes it
    error = guard.IgnoredFile(guard.LOCK_FILE, file=lock)
    report = run(mini_set, [b.clean(mini_set, X01)], units=[X01], failures={lock: error})
    assert [(f.code, f.severity, f.unit, f.file) for f in report.findings] == [
        ("ignored-file", "info", None, lock)
    ]
    assert report.findings[0].message == error.render()
    assert report.for_unit("X01") == [] and lock not in report.files
    assert report.unit_files == {"X01": [report.files[0]]}


def test_plan_contradicted(tmp_path: Path):
    """A declared figure the criterion takes from the plan differs from the unit's plan record:
    both values, the cell and the completion rates are named."""
    text = (Path(__file__).parents[1] / "data" / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "        checks: [{kind: le, left: on_time, right: received}]\n",
        "        checks: [{kind: le, left: on_time, right: received}]\n"
        "        plan: {received: planned, on_time: done}\n",
    )
    (tmp_path / "mini.yaml").write_text(text, encoding="utf-8")
    cs = load_criteria(tmp_path / "mini.yaml")
    end = dt.date(2024, 12, 31)
    record = Completion(unit="X01", file="KH_X01.xlsx", as_of=end, on_time=90, late=5, overdue=5)
    same = Completion(unit="X01", file="KH_X01.xlsx", as_of=end, on_time=100)

    def year(tasks: Completion | None, **more) -> YearPlan:
        units = {"X01": UnitRecord(unit="X01", as_of=end, tasks=tasks)} if tasks else {}
        return YearPlan(end=end, units=units, **more)

    report = run(cs, [b.clean(cs, X01)], ctx=b.context(plan=year(record, tasks_read=True)))
    (finding,) = report.findings
    assert (finding.code, finding.criterion, finding.cell) == ("plan-contradicted", "1.3", "E16")
    assert "kê khai 100 (ô E16), kế hoạch ghi 95" in finding.message
    assert "100,00 % cao hơn kế hoạch ghi nhận 95,00 %" in finding.message
    assert "KH_X01.xlsx" in finding.message
    assert run(cs, [b.clean(cs, X01)], ctx=b.context(plan=year(same))).findings == []
    assert run(cs, [b.clean(cs, X01)]).findings == []  # no plan at all: nothing to compare
    # others sent a plan workbook, this unit did not: its declared figures stand, said so
    (alone,) = run(cs, [b.clean(cs, X01)], ctx=b.context(plan=year(None, tasks_read=True))).findings
    assert (alone.code, alone.severity, alone.criterion) == ("plan-unverified", "info", "1.3")
    assert "chưa có tệp kế hoạch CCHC đọc được" in alone.message
    # the province's plan could not be read: every plan-backed criterion says why
    broken = year(None, unusable="plan/nhiem-vu.csv:3: thiếu 'hạn'.")
    (unread,) = run(cs, [b.clean(cs, X01)], ctx=b.context(plan=broken)).findings
    assert (unread.code, unread.severity, unread.criterion) == ("plan-unread", "warning", "1.3")
    assert "plan/nhiem-vu.csv:3: thiếu 'hạn'" in unread.message


def test_every_catalogue_code_has_a_test():
    tested = (
        set(CASES)
        | EVIDENCE_AS_ASKED
        | {
            "plan-contradicted",
            "plan-unread",
            "plan-unverified",
            "figure-impossible",
            "parts-not-sum",
            "evidence-incomplete",
            "evidence-outside-period",
            "evidence-after-submission",
            "evidence-reused",
            "evidence-copied",
            "far-above-last-year",
            "template-mismatch",
            "wrong-unit",
            "missing-submission",
            "unreadable-file",
            "ignored-file",
            "disputed-file",
            "code-in-other-file",
            "only-in-other-file",
            "superseded-file",
            "same-time-files",
        }
        | EVIDENCE_FILE_CODES
    )
    assert tested == set(all_codes())
