"""A synthetic country for the benchmark: N communes of the shipped set xa-mau, one filled
workbook each, deterministic from a seed.

Units are spread over xã / phường / thị trấn and over groups (provinces). Each workbook is one
of a few dozen *profiles* (unit type x what was typed), filled once with openpyxl and then
personalised per unit by replacing ASCII tokens in the zip parts, the way the template writer
personalises its prototypes: 3,321 files take seconds, not minutes. Profiles mix clean answers,
messy input (scores typed as "1,5 điểm", numbers and dates stored as text, Vietnamese in NFD)
and planted weaknesses (about 10 % of units); a few files are broken on purpose.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import unicodedata
import zipfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from par_index.criteria import load_criteria
from par_index.criteria.model import CriteriaSet
from par_index.synthetic import fill_workbook, good_header, good_rows
from par_index.units import Unit
from par_index.workbook.template import TemplateContext, template_filename, write_template

SET = "xa-mau"
PERIOD = "2024"
FIXED_TIME = dt.datetime(2024, 12, 1, 8, 0, 0)
CODE = "QQBENCHCODEQQ"
NAME = "QQBENCHNAMEQQ"
HEAD = "QQBENCHHEADQQ"
SERIAL = "QQBENCHSERIALQQ"
"""Put before every cited document number: each unit's numbers differ, as real registers do
(one set of numbers for every unit reads as evidence copied across the whole country)."""
"""Tokens typed into the profile workbooks, replaced by each unit's own words."""

TYPES = (("xa", "Xã", 0.78), ("phuong", "Phường", 0.17), ("thi_tran", "Thị trấn", 0.05))
PLACES = (
    "An Hòa", "Bình Minh", "Cẩm Thủy", "Đông Sơn", "Gia Lộc", "Hòa Bình", "Hương Trà",
    "Kim Long", "Long Điền", "Mỹ Thạnh", "Nghĩa Hưng", "Phú Lộc", "Quảng Phú", "Tân Phước",
    "Thạch Hà", "Thanh Xuân", "Thuận An", "Tiên Lãng", "Vĩnh Lợi", "Xuân Trường", "Yên Thế",
)  # fmt: skip
PROVINCES = 34
BROKEN = ("truncated", "csv", "empty", "xls")
"""Kinds of broken files, used in turn."""


@dataclass(frozen=True)
class Country:
    """The generated workspace: where it is and what was planted."""

    root: Path
    units: int
    files: int
    weak: int
    messy: int
    broken: int


# -- units ------------------------------------------------------------------------------------
def make_units(n: int, rng: random.Random) -> list[Unit]:
    """N units over the three types and ``PROVINCES`` groups, unique codes and names."""
    units = []
    for i in range(n):
        type_id, label = _pick_type(rng)
        province = i * PROVINCES // max(n, 1) + 1
        place = PLACES[i % len(PLACES)]
        units.append(
            Unit(
                code=f"T{province:02d}-{i + 1:04d}",
                name=f"{label} {place} {i + 1}",
                unit_type=type_id,
                head_name=f"Nguyễn Văn {place.split()[-1]}",
                head_title=f"Chủ tịch UBND {label.lower()}",
                group=f"Tỉnh số {province:02d}",
            )
        )
    return units


def _pick_type(rng: random.Random) -> tuple[str, str]:
    roll, total = rng.random(), 0.0
    for type_id, label, share in TYPES:
        total += share
        if roll < total:
            return type_id, label
    return TYPES[0][0], TYPES[0][1]


def write_units(path: Path, units: list[Unit]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "name", "unit_type", "head_name", "head_title", "group"])
    for u in units:
        writer.writerow([u.code, u.name, u.unit_type, u.head_name, u.head_title, u.group])
    path.write_text(out.getvalue(), encoding="utf-8")


# -- profiles: what a unit typed ----------------------------------------------------------------
Edit = Callable[[CriteriaSet, str, dict, dict], None]
"""Changes a profile's rows and header in place: (set, unit type, rows, header)."""


def _clean(cs: CriteriaSet, unit_type: str, rows: dict, header: dict) -> None:
    """As good_rows gives them."""


def _messy(cs: CriteriaSet, unit_type: str, rows: dict, header: dict) -> None:
    """Scores typed as "1,5 điểm" or " 2 ", figures as text, the date as text, text in NFD."""
    for row in rows.values():
        score = row.get("score")
        if isinstance(score, Decimal):
            whole = score == score.to_integral_value()
            row["score"] = f" {int(score)} " if whole else f"{score}".replace(".", ",") + " điểm"
        for name, value in (row.get("figures") or {}).items():
            if isinstance(value, int | Decimal) and not isinstance(value, bool):
                row["figures"][name] = str(value).replace(".", ",")
            elif isinstance(value, dt.date):
                row["figures"][name] = f"{value.day}/{value.month}/{value.year}"
        for key in ("evidence", "explanation"):
            if isinstance(row.get(key), str):
                row[key] = unicodedata.normalize("NFD", row[key])
    header["date"] = f"ngày {header['date'].day:02d} tháng {header['date'].month} năm {PERIOD}"
    header["preparer"] = unicodedata.normalize("NFD", header["preparer"])


def _all_max(cs: CriteriaSet, unit_type: str, rows: dict, header: dict) -> None:
    """Every self-scored criterion at its maximum, whatever the figures say."""
    for code, row in rows.items():
        node = cs.node(code)
        most = cs.max_for(node, unit_type) if node is not None else None
        if most is not None and row.get("score") is not None and node.is_leaf:
            row["score"] = most
            row.pop("explanation", None)


def _inflated(cs: CriteriaSet, unit_type: str, rows: dict, header: dict) -> None:
    """A few scores above what the figures give, one score above the maximum."""
    scored = [c for c, r in rows.items() if r.get("score") is not None]
    for code in scored[3:12:3]:
        rows[code]["score"] = rows[code]["score"] + Decimal("0.5")
    node = cs.node(scored[1])
    rows[scored[1]]["score"] = cs.max_for(node, unit_type) + 1


def _no_evidence(cs: CriteriaSet, unit_type: str, rows: dict, header: dict) -> None:
    """Points claimed without evidence on several rows, evidence dated outside the period."""
    with_evidence = [c for c, r in rows.items() if r.get("evidence")]
    for code in with_evidence[2:20:4]:
        rows[code]["evidence"] = None
    for code in with_evidence[21:23]:
        rows[code]["evidence"] = rows[code]["evidence"].replace(f"/{PERIOD}", "/2019")


def _late(cs: CriteriaSet, unit_type: str, rows: dict, header: dict) -> None:
    """Sent after the deadline, one criterion left blank."""
    header["date"] = dt.date(int(PERIOD) + 1, 1, 25)
    first = next(c for c, r in rows.items() if r.get("score") is not None)
    rows[first] = {"score": None}


CLEAN = {"clean": _clean, "messy": _messy}
WEAK = {"all_max": _all_max, "inflated": _inflated, "no_evidence": _no_evidence, "late": _late}


def _profile_bytes(args: tuple[str, str, str]) -> tuple[tuple[str, str], dict[str, bytes]]:
    """Fill one profile workbook (tokens for the unit's words); its zip parts by name."""
    unit_type, name, tmp = args
    cs = load_criteria(SET)
    edit = {**CLEAN, **WEAK}[name]
    rows = good_rows(cs, unit_type, period=PERIOD, issuer=f"UBND {NAME}")
    for row in rows.values():
        if row.get("evidence"):
            row["evidence"] = re.sub(r"số (\d+)/", rf"số {SERIAL}\1/", row["evidence"])
    header = good_header(PERIOD)
    edit(cs, unit_type, rows, header)
    unit = Unit(code=CODE, name=NAME, unit_type=unit_type, head_name=HEAD)
    template = Path(tmp) / f"template-{unit_type}-{name}.xlsx"
    write_template(template, cs, unit, _context())
    filled = fill_workbook(template, template.with_suffix(".filled.xlsx"), rows, header)
    with zipfile.ZipFile(filled) as archive:
        return (unit_type, name), {i.filename: archive.read(i) for i in archive.infolist()}


def _context() -> TemplateContext:
    return TemplateContext(
        period=PERIOD,
        deadline=dt.date(int(PERIOD) + 1, 1, 10),
        contact="Sở Nội vụ (dữ liệu tổng hợp cho đo hiệu năng)",
        producer="Bộ Nội vụ (dữ liệu tổng hợp)",
        generated_at=FIXED_TIME,
    )


def personalise(parts: dict[str, bytes], unit: Unit, serial: int) -> bytes:
    """A profile's parts with the tokens replaced by the unit's code, name, head and serial
    (``serial`` < 9,000: four digits before each document number keep units' numbers apart)."""
    swaps = [
        (SERIAL.encode(), str(1000 + serial).encode()),
        (CODE.encode(), escape(unit.code).encode()),
        (NAME.encode(), escape(unit.name).encode()),
        (HEAD.encode(), escape(unit.head_name or "").encode()),
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in parts.items():
            if b"QQBENCH" in data:
                for token, value in swaps:
                    data = data.replace(token, value)
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


# -- the workspace ------------------------------------------------------------------------------
CONFIG = """\
# Benchmark workspace (synthetic data, generated by benchmarks/generate.py).
period: "{period}"
title: "Chỉ số CCHC năm {period} - {n} đơn vị cấp xã (dữ liệu tổng hợp, đo hiệu năng)"
producer: "Bộ Nội vụ (dữ liệu tổng hợp)"
criteria: {set}
units: units.csv
deadlines:
  self_assessment: {deadline}
paths:
  previous: null
"""


def make_country(root: Path, n: int, *, seed: int = 2025, workers: int = 2) -> Country:
    """Write the workspace: par-index.yaml, units.csv, survey/, submissions/ (N files)."""
    rng = random.Random(seed)
    for folder in ("submissions", "appraisal", "survey", "outputs", ".profiles"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    units = make_units(n, rng)
    write_units(root / "units.csv", units)
    deadline = dt.date(int(PERIOD) + 1, 1, 10).isoformat()
    text = CONFIG.format(period=PERIOD, n=n, set=SET, deadline=deadline)
    (root / "par-index.yaml").write_text(text, encoding="utf-8")
    cs = load_criteria(SET)
    write_survey(root / "survey" / "khao-sat.csv", cs, units, rng)
    profiles = _profiles(root / ".profiles", {u.unit_type for u in units}, workers)
    plan = [_choose(rng) for _ in units]
    broken = _broken_indexes(n, rng)
    folder = root / "submissions"
    for index, (unit, name) in enumerate(zip(units, plan, strict=True)):
        data = personalise(profiles[unit.unit_type, name], unit, index)
        if index in broken:
            data = _break(data, BROKEN[len([b for b in broken if b < index]) % len(BROKEN)])
        (folder / template_filename(unit, PERIOD)).write_bytes(data)
    if n >= 5:  # an Excel lock file left beside the workbooks
        (folder / f"~${template_filename(units[0], PERIOD)}").write_bytes(b"\x00" * 165)
    weak = sum(1 for name in plan if name in WEAK)
    messy = sum(1 for name in plan if name == "messy")
    files = len(list(folder.iterdir()))
    return Country(root, n, files, weak, messy, len(broken))


def _profiles(tmp: Path, types: set[str], workers: int) -> dict[tuple[str, str], dict]:
    jobs = [(t, name, str(tmp)) for t in sorted(types) for name in (*CLEAN, *WEAK)]
    if workers <= 1:
        return dict(map(_profile_bytes, jobs))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return dict(pool.map(_profile_bytes, jobs))


def _choose(rng: random.Random) -> str:
    """About 10 % weak units (four kinds), half of the rest typed messily."""
    roll = rng.random()
    if roll < 0.10:
        return list(WEAK)[int(roll * 40) % len(WEAK)]
    return "messy" if roll < 0.55 else "clean"


def _broken_indexes(n: int, rng: random.Random) -> set[int]:
    count = max(1, n // 400) if n >= 5 else 0
    return set(rng.sample(range(n), count))


def _break(data: bytes, kind: str) -> bytes:
    """A broken file as people send them: cut short, a CSV or an old .xls renamed, empty."""
    if kind == "truncated":
        return data[: len(data) // 2]
    if kind == "csv":
        return "STT;Tiêu chí;Điểm\n1;Công tác chỉ đạo;2,5\n".encode()
    if kind == "xls":
        return bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504
    return b""


def write_survey(path: Path, cs: CriteriaSet, units: list[Unit], rng: random.Random) -> None:
    """Answer counts per unit and survey criterion (100 answers each)."""
    leaves = [leaf for leaf in cs.leaves() if leaf.scorer.value == "survey"]
    if not leaves:
        return
    options = list(leaves[0].rule.options)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["unit", "criterion", *options])
    for unit in units:
        for leaf in leaves:
            counts = _split(100, len(options), rng)
            writer.writerow([unit.code, leaf.code, *counts])
    path.write_text(out.getvalue(), encoding="utf-8")


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
