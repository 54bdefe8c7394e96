"""The "Tự chấm điểm" sheet read: columns found by header, rows by key, cells parsed into the
fields of a Submission, with a ReadIssue for what cannot be parsed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from par_index.criteria.model import CriteriaSet, Criterion, Figure, FigureType, LevelsRule
from par_index.errors import WorkbookError
from par_index.memo import Memo, fresh
from par_index.numbers import quantize
from par_index.rules import NO, NOT_APPLICABLE, YES, answer_kind
from par_index.submission import Submission
from par_index.text import choice_list, fold
from par_index.workbook.formats import percent_cells
from par_index.workbook.layout import (
    COLUMNS,
    HEADER_KEYS,
    NOT_SELF_SCORED,
    SHEET_GRID,
    Col,
    RowKind,
    RowSpec,
    a1,
    grid_rows,
)
from par_index.workbook.meta import find_grid
from par_index.workbook.parse import (
    CellValue,
    cell_text,
    match_choice,
    parse_date,
    parse_evidence,
    parse_number,
    percent_shown,
    quick_fold,
    text_value,
)
from par_index.workbook.reader_messages import (
    M_EXTRA_ROW,
    M_MAX_CHANGED,
    M_MISSING_COLUMN,
    M_MISSING_ROW,
    WHY_DUPLICATE,
    WHY_UNKNOWN,
    describe_key,
)

_REQUIRED = (Col.KEY, Col.MAX, Col.FIGURES, Col.SELF_SCORE, Col.EVIDENCE, Col.EXPLANATION)
_HEADER_SCAN = 200
_HEADERS = {fold(c.header): c.id for c in COLUMNS}
_HEADER_LENGTH = max(len(c.header) for c in COLUMNS) + 20
_NOT_SELF_SCORED = fold(NOT_SELF_SCORED)
_RATES = (FigureType.PERCENT, FigureType.NUMBER)
"""Figures a percent format can show (a count or a date in a percent cell is not one)."""


def _header(value: CellValue) -> Col | None:
    """The column a header cell names (case, NFC/NFD, spacing forgiven), else None."""
    if not isinstance(value, str) or len(value) > _HEADER_LENGTH:
        return None
    return _HEADERS.get(quick_fold(value))


def _plan(cs: CriteriaSet, unit_type: str, memo: Memo) -> list[RowSpec]:
    """The unit type's rows, computed once per set content (a batch reads thousands of files)."""
    return memo.get("read.rows", (cs.content_hash, unit_type), lambda: grid_rows(cs, unit_type))


class GridReader:
    """The "Tự chấm điểm" sheet: header and columns located, rows mapped by key."""

    def __init__(
        self,
        book,
        cs: CriteriaSet,
        unit_type: str,
        label: str,
        memo: Memo | None = None,
        *,
        data: bytes | None = None,
    ) -> None:
        """``data``: the file's bytes, where the number formats of rate cells are looked up
        (without it, numbers read as stored)."""
        self.cs, self.unit_type, self.label = cs, unit_type, label
        self.data = data
        self._percent: frozenset[str] | None = None
        self.memo = fresh(memo)
        self.plan = _plan(cs, unit_type, self.memo)
        self.sheet, self.rows = find_grid(book, SHEET_GRID, label, self._carries_keys)
        self.cols = self._columns()
        self.keys = self._keys()
        self.issues: list[dict[str, Any]] = []
        self._check_rows()
        if fold(self.sheet) != fold(SHEET_GRID):
            self.issue("read.sheet-renamed", None, None, name=self.sheet, expected=SHEET_GRID)
        self.extra = self._inserted_rows()

    # -- locating ------------------------------------------------------------------------
    def _carries_keys(self, rows: list[list[CellValue]]) -> bool:
        """A sheet whose structure is the template's: every header and criterion row key."""
        wanted = {*HEADER_KEYS.values(), *(spec.key for spec in self.plan)}
        seen = {v.strip() for row in rows for v in row[:3] if type(v) is str}
        return wanted <= seen

    def _columns(self) -> dict[Col, int]:
        """Columns by header text, on the row (near the top) naming the most known headers."""
        best: dict[Col, int] = {}
        for row in self.rows[:_HEADER_SCAN]:
            found: dict[Col, int] = {}
            for index, value in enumerate(row):
                column = _header(value)
                if column is not None and column not in found:
                    found[column] = index
            if len(found) > len(best):
                best = found
            if len(best) == len(COLUMNS):
                break
        return self._require(best)

    def _require(self, found: dict[Col, int]) -> dict[Col, int]:
        for col in _REQUIRED:
            if col not in found:
                header = next(c.header for c in COLUMNS if c.id == col)
                raise WorkbookError(
                    M_MISSING_COLUMN, file=self.label, sheet=self.sheet, column=header
                )
        return found

    def _keys(self) -> dict[str, int]:
        keys: dict[str, int] = {}
        col = self.cols[Col.KEY]
        for index, row in enumerate(self.rows):
            value = row[col] if col < len(row) else None
            key = value.strip() if type(value) is str else (cell_text(value) or "")
            if not key or (not key.isascii() and _header(key) == Col.KEY):
                continue
            if key in keys:
                why = WHY_DUPLICATE.format(first=keys[key] + 1)
                self._extra(index, key, why)
            keys[key] = index
        return keys

    def _extra(self, index: int, key: str, why: str) -> None:
        cell = a1(index, self.cols[Col.KEY])
        raise WorkbookError(
            M_EXTRA_ROW, file=self.label, sheet=self.sheet, cell=cell, key=key, why=why
        )

    def _check_rows(self) -> None:
        expected = {spec.key for spec in self.plan} | set(HEADER_KEYS.values())
        for key, index in self.keys.items():
            if key not in expected:
                self._extra(index, key, WHY_UNKNOWN.format())
        for key in [*HEADER_KEYS.values(), *(spec.key for spec in self.plan)]:
            if key not in self.keys:
                raise WorkbookError(
                    M_MISSING_ROW, file=self.label, sheet=self.sheet, what=describe_key(key)
                )
        for spec in self.plan:
            if spec.max is not None:
                self._check_max(spec, spec.max)

    def _check_max(self, spec: RowSpec, most: Decimal) -> None:
        index = self.keys[spec.key]
        value = self.value(index, Col.MAX)
        try:
            found = parse_number(value)
        except ValueError:
            found = None
        if found != most:
            raise WorkbookError(
                M_MAX_CHANGED,
                file=self.label,
                sheet=self.sheet,
                cell=a1(index, self.cols[Col.MAX]),
                what=describe_key(spec.key),
                found=cell_text(value) or "",
                expected=_plain(most),
            )

    def _inserted_rows(self) -> dict[tuple[str, Col], list[str]]:
        """Text typed in rows the template did not have (no key), below the grid's first row.
        A line in the evidence or explanation column right under a criterion's rows continues
        that criterion's cell: it is joined to it, with an issue; any other text is reported at
        its cell."""
        first = min((self.keys[s.key] for s in self.plan), default=len(self.rows))
        owner: str | None = None
        extra: dict[tuple[str, Col], list[str]] = {}
        key_of = {index: key for key, index in self.keys.items()}
        for index in range(first, len(self.rows)):
            if index in key_of:
                owner = _leaf_of(key_of[index], self.plan)
                continue
            typed = [(col, t) for col in _INPUTS if (t := cell_text(self.value(index, col)))]
            if not typed:
                continue
            joinable = owner is not None and all(col in _JOINABLE for col, _ in typed)
            for col, text in typed:
                ref = self.ref(index, col)
                if joinable and owner is not None:
                    extra.setdefault((owner, col), []).append(text)
                    self.issue("read.joined-line", owner, ref, value=text)
                else:
                    self.issue("read.text-outside-grid", None, ref, value=text)
        return extra

    # -- cells ---------------------------------------------------------------------------
    def value(self, index: int, col: Col) -> CellValue:
        row = self.rows[index]
        position = self.cols[col]
        return row[position] if position < len(row) else None

    # Rows, cells and issues are built as plain dicts and validated once, as a whole, into a
    # Submission: pydantic-core does that in one call, far faster than a model per cell.
    def ref(self, index: int, col: Col) -> dict[str, str]:
        """A CellRef's fields."""
        return {"sheet": self.sheet, "cell": a1(index, self.cols[col])}

    def issue(self, code: str, criterion: str | None, ref: dict | None, **values: str) -> None:
        self.issues.append({"code": code, "criterion": criterion, "cell": ref, "values": values})

    # -- the submission ------------------------------------------------------------------
    def submission(self, *, file: str, sha256: str, meta: dict[str, str]) -> Submission:
        entries = {
            spec.criterion.code: self._entry(spec)
            for spec in self.plan
            if spec.kind == RowKind.CRITERION and spec.is_leaf
        }
        date_index = self.keys[HEADER_KEYS["date"]]
        date_ref = self.ref(date_index, Col.FIGURES)
        cached, cached_ref = self._cached_total()
        fields = dict(
            file=file,
            sha256=sha256,
            unit_code=meta.get("unit_code") or None,
            unit_name=meta.get("unit_name") or None,
            criteria_id=meta["criteria_id"],
            criteria_version=meta["criteria_version"],
            criteria_hash=meta["criteria_hash"],
            period=meta.get("period") or None,
            template_version=meta.get("template_format") or None,
            generated_at=meta.get("generated_at") or None,
            preparer=text_value(self.value(self.keys[HEADER_KEYS["preparer"]], Col.FIGURES)),
            phone=text_value(self.value(self.keys[HEADER_KEYS["phone"]], Col.FIGURES)),
            submission_date=self._date(date_index, Col.FIGURES, None),
            submission_date_cell=date_ref,
            entries=entries,
            cached_total=cached,
            cached_total_cell=cached_ref,
        )
        self._compare_total(cached, cached_ref, entries)
        return Submission.model_validate({**fields, "issues": self.issues})

    def _entry(self, spec: RowSpec) -> dict[str, Any]:
        """An Entry's fields."""
        index, node = self.keys[spec.key], spec.criterion
        score, raw = self._score(index, node)
        answer, not_applicable = self._answer(index, node)
        evidence = self._joined(index, node.code, Col.EVIDENCE)
        explanation = self._joined(index, node.code, Col.EXPLANATION)
        return dict(
            code=node.code,
            row=index + 1,
            max_shown=spec.max,
            self_score=score,
            self_score_raw=raw,
            self_score_cell=self.ref(index, Col.SELF_SCORE),
            answer=answer,
            answer_cell=self.ref(index, Col.FIGURES),
            not_applicable=not_applicable,
            figures={f.name: self._figure(node, f) for f in node.figures},
            evidence=parse_evidence(evidence),
            evidence_raw=cell_text(evidence),
            evidence_cell=self.ref(index, Col.EVIDENCE),
            explanation=text_value(explanation),
            explanation_cell=self.ref(index, Col.EXPLANATION),
        )

    def _joined(self, index: int, code: str, col: Col) -> CellValue:
        """A cell with the lines typed under it in inserted rows."""
        value = self.value(index, col)
        lines = self.extra.get((code, col))
        if not lines:
            return value
        return "\n".join([t for t in (cell_text(value),) if t] + lines)

    def _score(self, index: int, node: Criterion) -> tuple[Decimal | None, str | None]:
        value = self.value(index, Col.SELF_SCORE)
        raw = cell_text(value)
        if raw is None or (
            len(raw) == len(NOT_SELF_SCORED) and quick_fold(raw) == _NOT_SELF_SCORED
        ):
            return None, None
        return self._number(value, raw, node.code, self.ref(index, Col.SELF_SCORE)), raw

    def _number(self, value, raw, code, ref, *, counts: bool = False) -> Decimal | None:
        try:
            number = parse_number(value, counts=counts)
        except ValueError:
            self.issue("read.not-a-number", code, ref, value=raw)
            return None
        if counts and number is not None and number != number.to_integral_value():
            self.issue("read.not-whole", code, ref, value=raw)
        return number

    def _date(self, index: int, col: Col, code: str | None):
        value = self.value(index, col)
        try:
            return parse_date(value)
        except ValueError:
            self.issue("read.bad-date", code, self.ref(index, col), value=cell_text(value) or "")
            return None

    def _answer(self, index: int, node: Criterion) -> tuple[str | None, bool]:
        value = self.value(index, Col.FIGURES)
        if isinstance(value, bool):
            value = YES if value else NO
        text = text_value(value)
        if text is None:
            return None, False
        kind = self.memo.get("read.answer-kind", text, lambda: answer_kind(text))
        if kind == "na":
            return NOT_APPLICABLE, True
        if getattr(node.rule, "kind", None) == "yes_no" and kind in ("yes", "no"):
            return (YES if kind == "yes" else NO), False
        chosen = _level_labels(node, self.memo).get(quick_fold(text))
        if chosen is None:
            ref = self.ref(index, Col.FIGURES)
            self.issue("read.unknown-choice", node.code, ref, value=text, allowed=_list(node))
            return text, False
        return chosen, False

    def _figure(self, node: Criterion, figure: Figure) -> dict[str, Any]:
        """A FigureEntry's fields."""
        name = figure.name
        index = self.keys[f"fig:{node.code}:{name}"]
        value, ref = self.value(index, Col.FIGURES), self.ref(index, Col.FIGURES)
        raw = cell_text(value)
        kind = figure.type
        if raw is None:
            parsed = None
        elif kind in _RATES and type(value) is float and self._shows_percent(index):
            parsed = percent_shown(value)
            raw = f"{_plain(parsed)}%"
        elif kind in (FigureType.COUNT, FigureType.PERCENT, FigureType.NUMBER, FigureType.SCORE):
            parsed = self._number(value, raw, node.code, ref, counts=kind == FigureType.COUNT)
        elif kind == FigureType.DATE:
            parsed = self._date(index, Col.FIGURES, node.code)
        else:
            parsed = self._choice_figure(value, raw, figure, node.code, ref)
        return {"name": name, "value": parsed, "raw": raw, "cell": ref}

    def _shows_percent(self, index: int) -> bool:
        """Whether a number cell is formatted as a percent: the officer saw value x 100 %."""
        if self.data is None:
            return False
        if self._percent is None:
            self._percent = percent_cells(self.data, self.sheet, self._rate_cells(), self.memo)
        return a1(index, self.cols[Col.FIGURES]) in self._percent

    def _rate_cells(self) -> list[str]:
        """The figure cells that hold a number where a percent could be shown, in sheet order."""
        col = self.cols[Col.FIGURES]
        keys = self.memo.get(
            "read.rate-keys", (self.cs.content_hash, self.unit_type), self._rate_keys
        )
        rows = sorted(self.keys[key] for key in keys)
        return [a1(index, col) for index in rows if type(self.value(index, Col.FIGURES)) is float]

    def _rate_keys(self) -> list[str]:
        return [
            spec.key
            for spec in self.plan
            if spec.kind == RowKind.FIGURE
            and spec.figure is not None
            and spec.figure.type in _RATES
        ]

    def _choice_figure(self, value, raw: str, figure, code: str, ref: dict):
        if figure.type == FigureType.YES_NO:
            kind = "yes" if value is True else "no" if value is False else answer_kind(raw)
            if kind in ("yes", "no"):
                return kind == "yes"
            self.issue("read.unknown-choice", code, ref, value=raw, allowed=choice_list((YES, NO)))
            return text_value(raw)
        chosen = match_choice(value, list(figure.choices))
        if chosen is None:
            allowed = choice_list(figure.choices)
            self.issue("read.unknown-choice", code, ref, value=raw, allowed=allowed)
            return text_value(raw)
        return chosen

    # -- totals --------------------------------------------------------------------------
    def _cached_total(self) -> tuple[Decimal | None, dict]:
        index = self.keys["total"]
        value, ref = self.value(index, Col.SELF_SCORE), self.ref(index, Col.SELF_SCORE)
        try:
            return parse_number(value), ref
        except ValueError:
            self.issue("read.cached-total-differs", None, ref, cached=cell_text(value) or "")
            return None, ref

    def _compare_total(self, cached: Decimal | None, ref: dict, entries: dict[str, dict]) -> None:
        if cached is None:
            return
        computed = sheet_sum(self.cs, {c: e["self_score"] for c, e in entries.items()})
        if quantize(cached, 6) != quantize(computed, 6):
            self.issue(
                "read.cached-total-differs",
                None,
                ref,
                cached=_plain(cached),
                computed=_plain(computed),
            )


_INPUTS = (Col.FIGURES, Col.SELF_SCORE, Col.EVIDENCE, Col.EXPLANATION)
_JOINABLE = (Col.EVIDENCE, Col.EXPLANATION)


def _leaf_of(key: str, plan: list[RowSpec]) -> str | None:
    """The leaf criterion a keyed row belongs to (its own row or one of its figure rows)."""
    kind, _, rest = key.partition(":")
    if kind == "fig":
        return rest.split(":", 1)[0]
    if kind == "crit":
        spec = next((s for s in plan if s.key == key), None)
        return rest if spec is not None and spec.is_leaf else None
    return None


def sheet_sum(cs: CriteriaSet, scores: dict[str, Decimal | None]) -> Decimal:
    """Scores by criterion code added as the sheet's total formula does."""
    section_of = {item.code: name for name, item in cs.extras_items()}
    sums = {"tree": Decimal(0), "bonus": Decimal(0), "penalty": Decimal(0)}
    for code, score in scores.items():
        if score is not None:
            sums[section_of.get(code, "tree")] += score
    total = sums["tree"]
    for name, sign in (("bonus", 1), ("penalty", -1)):
        section = getattr(cs, name)
        if section is not None:
            total += sign * min(sums[name], section.max)
    return total


def _level_labels(node: Criterion, memo: Memo) -> dict[str, str]:
    """Folded level label (Vietnamese or English) -> the Vietnamese label."""
    if not isinstance(node.rule, LevelsRule):
        return {}
    levels = tuple((lvl.label.vi, lvl.label.en) for lvl in node.rule.levels)
    return memo.get("read.level-labels", levels, lambda: _labels(levels))


def _labels(levels: tuple[tuple[str, str | None], ...]) -> dict[str, str]:
    labels = {}
    for vi, en in levels:
        for label in (en, vi):
            if label:
                labels[quick_fold(label)] = vi
    return labels


def _list(node: Criterion) -> str:
    from par_index.workbook.layout import choice_labels

    return choice_list(choice_labels(node))


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")
