"""The example's outputs under the number contract against the same outputs written before it
(tests/data/example-v1): results.json, check.json and report.html differ only in how numbers
are written, and every difference is stated here as a rule. The run reads the example's inputs
as they were then (inputs.tar.xz): the example itself grows new cases since."""

from __future__ import annotations

import json
import lzma
import re
import tarfile
import zipfile
from decimal import ROUND_DOWN, Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from par_index.cli.app import app
from par_index.criteria import load_criteria
from par_index.numbers import (
    DISPLAY_PLACES,
    JSON_PLACES,
    NumberKind,
    display,
    number_fields,
    quantize,
)
from par_index.results import (
    AreaResult,
    CriterionResult,
    InputProblem,
    Results,
    ScoreChange,
    UnitResult,
)

BEFORE = Path(__file__).resolve().parents[1] / "data" / "example-v1"
ADDED = {"stale_appraisal": None, "survey_missing": ..., "scored_file": ..., "set_aside": ...,
         "reason": None, "provisional": ..., "rank_margin_up": ..., "rank_margin_down": ...,
         "class_margin_up": ..., "class_margin_down": ..., "pending": ...,
         "scored_version": ..., "rank_low": ..., "rank_high": ..., "index_low": ...,
         "index_high": ..., "class_share": ..., "weights_rank_min": ..., "weights_rank_max": ...,
         "weights_index_min": ..., "weights_index_max": ..., "weights_moves": ..., "firm": ...,
         "firmness_draws": ..., "firmness_seed": ..., "firmness_interval": ...,
         "firmness_weight_change": ...}  # fmt: skip
"""Fields results.json gained since, with their value on these inputs (``...``: any)."""
ADDED_VALUES = {"typed": "", "year": "2021", "sent_by": ...}
"""Finding values added since (what an empty explanation said; by what a lateness was
counted), with their value here (``...``: any)."""
REWORDED = {"all-max", "far-above-last-year", "template-mismatch"}
"""Findings whose words changed since (the total's cell named; no ".." after a detail that
ends with its own full stop): their texts are compared in their then-words (``_then``)."""
NEW_CODES = ("evidence-other-unit", "evidence-same-document")
"""Finding codes added since that these inputs raise: switched off (check.severity)."""
MODELS = (Results, UnitResult, CriterionResult, AreaResult, ScoreChange, InputProblem)
NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


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
    root.mkdir()
    with tarfile.open(BEFORE / "inputs.tar.xz") as inputs:
        inputs.extractall(root, filter="data")
    _as_then(root)
    result = CliRunner().invoke(app, ["--lang", lang, "run", str(root), "--workers", "1"])
    assert result.exit_code == 1, result.output  # the example plants errors
    return root / "outputs"


@pytest.fixture(scope="module")
def vi(tmp_path_factory) -> Path:
    return _run(tmp_path_factory.mktemp("vi") / "quang-dien-2021", "vi")


@pytest.fixture(scope="module")
def en(tmp_path_factory) -> Path:
    return _run(tmp_path_factory.mktemp("en") / "quang-dien-2021", "en")


def _as_then(root: Path) -> None:
    """The inputs as today's code reads them: the checks added since switched off, and the
    workbooks stamped with the content hash today's model gives the set they were made for
    (the hash covers the model's fields, and the model grew since)."""
    config = root / "par-index.yaml"
    off = "  severity: {" + ", ".join(f"{code}: null" for code in NEW_CODES) + "}\n"
    config.write_text(config.read_text(encoding="utf-8").replace("check:\n", "check:\n" + off))
    now = load_criteria(root / "xa-mau.yaml").content_hash.encode()
    for book in (root / "submissions").glob("*.xlsx"):
        then = _stamped_hash(book)
        if then is None:
            continue
        with zipfile.ZipFile(book) as src:
            parts = [(info, src.read(info.filename)) for info in src.infolist()]
        with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as dst:
            for info, data in parts:
                dst.writestr(info, data.replace(then, now))


def _stamped_hash(book: Path) -> bytes | None:
    """The criteria hash in a workbook's hidden metadata sheet."""
    from openpyxl import load_workbook

    wb = load_workbook(book, read_only=True)
    try:
        if "_meta" not in wb.sheetnames:
            return None
        for key, value, *_ in wb["_meta"].iter_rows(values_only=True):
            if key == "criteria_hash":
                return str(value).encode()
        return None
    finally:
        wb.close()


# -- results.json -------------------------------------------------------------------------------
def _json_differences(old: object, new: object, field: str = "") -> list[tuple[str, str, str]]:
    """(field, old, new) of every leaf that differs; asserts the two have the same shape."""
    if isinstance(old, dict):
        assert isinstance(new, dict), field
        for key in new.keys() - old.keys():
            value = new.pop(key)
            assert key in ADDED and ADDED[key] in (..., value), (field, key)
        assert old.keys() == new.keys(), field
        return [d for k in old for d in _json_differences(old[k], new[k], k)]
    if isinstance(old, list):
        assert isinstance(new, list) and len(old) == len(new), field
        return [d for a, b in zip(old, new, strict=True) for d in _json_differences(a, b, field)]
    return [] if old == new else [(field, old, new)]


def test_results_json_differs_only_in_decimals(vi: Path):
    old = json.loads(_before("results.json"))
    new = json.loads((vi / "results.json").read_text(encoding="utf-8"))
    for unit in new["units"]:  # a staff consequence not firm gained its note since (issue 19)
        staff = unit.get("staff") or {}
        if staff.get("firm") is False:
            assert "chưa chắc chắn" in staff["reasons"].pop(), unit["unit"]["code"]
    differences = _json_differences(old, new)
    fields = {field for field, _, _ in differences}
    assert ("schema_version", 1, 2) in differences
    differences = [d for d in differences if d[0] not in {"schema_version", "generated_at"}]
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
    # which file counts, the versions received, the evidence files: added since
    added = {"findings", "scored_files", "set_aside", "versions", "evidence_files"}
    assert {k: v for k, v in old.items() if k != "findings"} == {
        k: v for k, v in new.items() if k not in added
    }
    assert len(old["findings"]) == len(new["findings"])
    changed = []
    for before, after in zip(old["findings"], new["findings"], strict=True):
        raw = after.pop("raw")
        assert before.keys() == after.keys()
        for key in ("code", "severity", "unit", "file", "criterion", "sheet", "cell"):
            assert before[key] == after[key]
        for key in ("title", "message", "fix"):
            if before["code"] not in REWORDED:
                changed += _same_but_numbers(before[key], after[key])
        for key in after["values"].keys() - before["values"].keys():
            assert key in ADDED_VALUES, key
            assert ADDED_VALUES[key] in (..., after["values"].pop(key)), key
        assert before["values"].keys() == after["values"].keys()
        for key, text in after["values"].items():
            if before["code"] not in REWORDED:
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


CELL_NAMED = re.compile(r" \((?:ô|cell) [A-Z]+\d+\)|; (?:tổng điểm ở ô|total in cell) [A-Z]+\d+")


def _then(lang: str, outputs: Path) -> dict[str, str]:
    """Today's text of each reworded finding -> its words then, the numbers as today's."""
    old = json.loads(_before("check.json" if lang == "vi" else "check-en.json"))["findings"]
    new = json.loads((outputs / "check.json").read_text(encoding="utf-8"))["findings"]
    words = {}
    for before, after in zip(old, new, strict=True):
        if before["code"] in REWORDED:
            today = NUMBER.findall(CELL_NAMED.sub("", after["message"]))
            words[after["message"]] = _renumbered(before["message"], today)
    return words


def _renumbered(text: str, numbers: list[str]) -> str:
    """``text`` with its numbers replaced, in order, by ``numbers``."""
    parts = NUMBER.split(text)
    assert len(parts) == len(numbers) + 1, (text, numbers)
    return "".join(p + n for p, n in zip(parts, [*numbers, ""], strict=True))


# -- report.html --------------------------------------------------------------------------------
class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.parts.append(data.strip())


def _text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.parts


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_report_shows_every_index_and_total_by_the_display_rule(vi: Path, en: Path, lang: str):
    """The ranking of report.html shows results.json's numbers by the one display rule (two
    decimals, half up; decimal comma in Vietnamese, point in English). The word-for-word
    comparison with the report before the number contract was retired when issue 19 restyled
    the report (finding names, colours, sections); it held when the contract landed."""
    from tests.report.dom import parse

    root = vi if lang == "vi" else en
    results = json.loads((root / "results.json").read_text(encoding="utf-8"))
    rows = parse((root / "report.html").read_text(encoding="utf-8")).by_id("ranking-table").rows()
    assert len(rows) == len(results["units"])
    for row, unit in zip(rows, results["units"], strict=True):
        index, points = (Decimal(unit[k]) for k in ("index", "final_total"))
        assert row[3] == display(index, NumberKind.PERCENT, lang), unit["unit"]["code"]
        shown = " ".join(row[4].split())
        assert shown.startswith(display(points, NumberKind.POINTS, lang) + " / "), shown
