"""The example's outputs under the number contract against the same outputs written before it
(tests/data/example-v1): results.json, check.json and report.html differ only in how numbers
are written, and every difference is stated here as a rule."""

from __future__ import annotations

import json
import lzma
import re
from decimal import ROUND_DOWN, Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from par_index.check.attribution import L_SCORED, L_SET_ASIDE
from par_index.check.finding import KINDS as FINDING_KINDS
from par_index.cli.app import app
from par_index.numbers import DISPLAY_PLACES, JSON_PLACES, NumberKind, number_fields, quantize
from par_index.report.labels import LABELS
from par_index.results import (
    AreaResult,
    CriterionResult,
    InputProblem,
    Results,
    ScoreChange,
    UnitResult,
)
from tests.helpers.example import copy_example

BEFORE = Path(__file__).resolve().parents[1] / "data" / "example-v1"
MODELS = (Results, UnitResult, CriterionResult, AreaResult, ScoreChange, InputProblem)
NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
CHANGED_SINCE = {
    "QD-QLO": "issue 15: no survey result (survey.missing: rescale)",
    "QD-QNG": "issue 15: the late-submission penalty fed by its 4 days late",
    "QD-QPH": "issue 15: 6.2 not applicable (0 of 0) without a reason",
    "QD-QTA": "issue 15: 6.2 not applicable (0 of 0) typed 0; 7.2.2 at 90 %",
}
"""Units whose scenario or outputs changed on purpose since the snapshot: compared no more
(the number contract is checked on every other unit)."""
ACROSS_UNITS = {"inflation_rank"}
"""Places among all units, which the changed units move."""
RATE_SHOWN = re.compile(r"(\d)%(?=[;)])")
"""A rate read from a percent cell is shown as the officer saw it ("40%", issue 15)."""


def _kinds() -> dict[str, NumberKind]:
    """Field name -> kind over the results models (a name has one kind wherever it occurs)."""
    kinds: dict[str, NumberKind] = {}
    for model in MODELS:
        for name, kind in number_fields(model).items():
            assert kinds.setdefault(name, kind) == kind, f"{name} has two kinds"
    return kinds


KINDS = _kinds()


def _before(name: str) -> str:
    return lzma.decompress((BEFORE / f"{name}.xz").read_bytes()).decode("utf-8")


def _run(root: Path, lang: str) -> Path:
    copy_example(root)
    result = CliRunner().invoke(app, ["--lang", lang, "run", str(root), "--workers", "1"])
    assert result.exit_code == 1, result.output  # the example plants errors
    return root / "outputs"


@pytest.fixture(scope="module")
def vi(tmp_path_factory) -> Path:
    return _run(tmp_path_factory.mktemp("vi") / "quang-dien-2021", "vi")


@pytest.fixture(scope="module")
def en(tmp_path_factory) -> Path:
    return _run(tmp_path_factory.mktemp("en") / "quang-dien-2021", "en")


# -- results.json -------------------------------------------------------------------------------
ADDED = {"scored_file", "set_aside"}
"""Fields added since the number contract (a unit's scored file and its files set aside)."""
ADDED_TO_CHECK = {"scored_files", "set_aside"}


def _json_differences(old: object, new: object, field: str = "") -> list[tuple[str, str, str]]:
    """(field, old, new) of every leaf that differs; asserts the two have the same shape."""
    if isinstance(old, dict):
        assert isinstance(new, dict) and old.keys() == new.keys() - ADDED, field
        return [d for k in old for d in _json_differences(old[k], new[k], k)]
    if isinstance(old, list):
        assert isinstance(new, list) and len(old) == len(new), field
        return [d for a, b in zip(old, new, strict=True) for d in _json_differences(a, b, field)]
    return [] if old == new else [(field, old, new)]


def _unchanged_units(data: dict, *, new: bool) -> dict:
    """results.json with the units changed since the snapshot left out (and, in today's
    file, the fields added since)."""
    units = [u for u in data["units"] if u["unit"]["code"] not in CHANGED_SINCE]
    if new:
        for unit in units:
            for key in ("survey_missing",):
                unit.pop(key)
            if unit.get("staff"):
                unit["staff"].pop("provisional")
            for row in unit["criteria"]:
                for key in ("survey_missing", "reason"):
                    row.pop(key)
    return {**data, "units": units}


def test_results_json_differs_only_in_decimals(vi: Path):
    old = _unchanged_units(json.loads(_before("results.json")), new=False)
    new = _unchanged_units(json.loads((vi / "results.json").read_text(encoding="utf-8")), new=True)
    differences = _json_differences(old, new)
    fields = {field for field, _, _ in differences}
    assert ("schema_version", 1, 2) in differences
    skipped = {"schema_version", "generated_at", *ACROSS_UNITS}
    differences = [d for d in differences if d[0] not in skipped]
    for field, before, after in differences:
        kind = KINDS[field]
        step = Decimal(1).scaleb(-JSON_PLACES[kind])
        # the old exact value cut to its kind's places: "66.66...67" -> "66.666666"
        assert Decimal(after) == Decimal(before).quantize(step, rounding=ROUND_DOWN), field
    assert {"index", "percent", "inflation", "possible", "final", "gap"} <= fields
    assert len(differences) > 1000


def test_every_number_in_results_json_has_its_kinds_places(vi: Path):
    data = json.loads((vi / "results.json").read_text(encoding="utf-8"))
    seen: set[NumberKind] = set()

    def walk(value: object, field: str) -> None:
        if isinstance(value, dict):  # an object's fields, or counts by severity or code
            for key, item in value.items():
                walk(item, field if field in KINDS else key)
        elif isinstance(value, list):
            for item in value:
                walk(item, field)
        elif isinstance(value, str) and KINDS.get(field) == NumberKind.COUNT:
            assert field == "finding_codes"  # a criterion's list of codes, not counts
        elif value is not None and field in KINDS:
            kind = KINDS[field]
            seen.add(kind)
            if kind == NumberKind.COUNT:
                assert isinstance(value, int), (field, value)
            else:
                assert re.fullmatch(rf"-?\d+\.\d{{{JSON_PLACES[kind]}}}", value), (field, value)

    walk(data, "")
    assert seen == {NumberKind.POINTS, NumberKind.PERCENT, NumberKind.RATIO, NumberKind.COUNT}


# -- check.json ---------------------------------------------------------------------------------
def _same_but_numbers(before: str, after: str) -> list[tuple[str, str]]:
    """The (old, new) number pairs of two texts that are equal apart from their numbers; each
    new number is the old one by the display rule ("0,5" -> "0,50"; "1,006" -> "1,01")."""
    after = RATE_SHOWN.sub(r"\1", after)
    assert NUMBER.split(before) == NUMBER.split(after), (before, after)
    pairs = list(zip(NUMBER.findall(before), NUMBER.findall(after), strict=True))
    changed = [(a, b) for a, b in pairs if a != b]
    for a, b in changed:
        old, new = (Decimal(x.replace(",", ".")) for x in (a, b))
        assert new == old or new == quantize(old, DISPLAY_PLACES), (a, b, before)
    return changed


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_check_json_differs_in_number_text_and_adds_raw_values(vi: Path, en: Path, lang: str):
    old = json.loads(_before("check.json" if lang == "vi" else "check-en.json"))
    new = json.loads(((vi if lang == "vi" else en) / "check.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in old.items() if k != "findings"} == {
        k: v for k, v in new.items() if k not in {"findings", *ADDED_TO_CHECK}
    }
    for data in (old, new):
        data["findings"] = [f for f in data["findings"] if f["unit"] not in CHANGED_SINCE]
    assert len(old["findings"]) == len(new["findings"])
    changed = []
    for before, after in zip(old["findings"], new["findings"], strict=True):
        raw = after.pop("raw")
        assert before.keys() == after.keys()
        for key in ("code", "severity", "unit", "file", "criterion", "sheet", "cell"):
            assert before[key] == after[key]
        for key in ("title", "message", "fix"):
            changed += _same_but_numbers(before[key], after[key])
        assert before["values"].keys() == after["values"].keys()
        for key, text in after["values"].items():
            changed += _same_but_numbers(before["values"][key], text)
        for key, value in raw.items():
            _raw_matches_its_text(value, after["values"][key], lang)
    assert changed, "the example has points in its findings"
    if lang == "en":
        assert all("," not in new for _, new in changed), "English uses a decimal point"


def _raw_matches_its_text(raw: str | list[str], shown: str, lang: str) -> None:
    if isinstance(raw, list):
        assert len(raw) == len(shown.split("; ")), (raw, shown)
        return
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        year, month, day = raw.split("-")
        assert shown == f"{day}/{month}/{year}"
        return
    assert re.fullmatch(r"-?\d+(\.\d{4}|\.\d{6})?", raw), raw  # points 4, percent 6, count 0
    text = shown.replace(",", ".") if lang == "vi" else shown
    assert quantize(Decimal(raw), 2) == quantize(Decimal(text), 2), (raw, shown)


# -- report.html --------------------------------------------------------------------------------
class _Text(HTMLParser):
    """The text of the unit pages of the units unchanged since the snapshot (the cover and the
    tables across units show the changed ones too)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.depth = 0  # inside a kept unit page: how many open tags deep

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        unit = dict(attrs).get("data-unit")
        if self.depth:
            self.depth += tag not in _VOID
        elif tag == "article" and unit is not None and unit not in CHANGED_SINCE:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in _VOID:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and data.strip():
            self.parts.append(data.strip())


_VOID = {"br", "img", "hr", "input", "meta", "link", "col", "wbr"}


def _text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.parts


def _without_added(parts: list[str]) -> list[str]:
    """The report's texts without the unit facts added since (the scored file, and its value)."""
    added = {m.format(lang) + ":" for m in (L_SCORED, L_SET_ASIDE) for lang in ("vi", "en")}
    drop = {i + step for i, part in enumerate(parts) if part in added for step in (0, 1)}
    return [part for i, part in enumerate(parts) if i not in drop]


def _without_finding_names(parts: list[str], lang: str) -> list[str]:
    """Issue 19 names findings by their catalogue title with the code beside it (the
    findings-by-kind table puts the title first, under the headers "weakness" then "code"):
    the titles and those two headers are left out on both sides."""
    names = {kind.title.format(lang) for kind in FINDING_KINDS.values()}
    names |= {LABELS[key].format(lang) for key in ("code", "weakness")}
    return [part for part in parts if part not in names]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_report_text_differs_only_in_number_text(vi: Path, en: Path, lang: str):
    old = _text(_before("report.html" if lang == "vi" else "report-en.html"))
    new = _text(((vi if lang == "vi" else en) / "report.html").read_text(encoding="utf-8"))
    new = _without_added(new)
    old, new = _without_finding_names(old, lang), _without_finding_names(new, lang)
    assert len(old) == len(new)
    changed = [pair for a, b in zip(old, new, strict=True) for pair in _same_but_numbers(a, b)]
    assert changed
    shown = [b for _, b in changed]
    decimals = re.compile(r"-?\d+[.,](\d+)")
    assert all(len(m.group(1)) == DISPLAY_PLACES for b in shown if (m := decimals.fullmatch(b)))
    if lang == "en":
        assert all("," not in b for b in shown)
