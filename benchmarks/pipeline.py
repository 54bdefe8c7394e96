"""Benchmark: the whole pipeline on N synthetic communes, beside plain reads of the same files.

    python benchmarks/pipeline.py --units 170                 # a province (make bench)
    python benchmarks/pipeline.py --units 3321 --keep /tmp/c  # the whole country

Generates (not timed) N filled workbooks of the shipped set xa-mau, writes the N templates,
runs ``par-index run``'s pipeline stage by stage, then reads the same files with bare
python-calamine, openpyxl (read-only) and pandas.read_excel, each in one process. Prints per
stage the wall time, the CPU time (worker processes included) and the peak memory of all
processes together, and the pipeline's time as ratios of the baselines. See
docs/performance.md for the figures and what they mean.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baselines import BASELINES, read_all
from generate import SET, Country, make_country
from measure import Figures, Meter

PIPELINE = ("read+check+score", "cross-check", "rank", "outputs")
"""The stages that make up the pipeline's time (feedback is measured on its own): those of
``par_index.pipeline.STAGES`` but feedback."""


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="par-bench-"))
    try:
        country = _country(root, args)
        figures = measure(country, args)
        _print(country, figures, args)
        if args.json:
            Path(args.json).write_text(json.dumps(_summary(country, figures, args), indent=2))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=170, help="communes to generate (170)")
    parser.add_argument("--workers", type=int, default=2, help="reading processes (2)")
    parser.add_argument("--keep", help="folder for the workspace; kept, and reused if it fits")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument(
        "--baselines",
        default=",".join(BASELINES),
        help="comma-separated baselines to time (calamine,openpyxl,pandas); '' for none",
    )
    parser.add_argument("--cli", action="store_true", help="also time 'par-index run' (start-up)")
    parser.add_argument("--no-templates", action="store_true", help="skip timing the templates")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    return parser


def _country(root: Path, args: argparse.Namespace) -> Country:
    """Generate the workspace, or reuse one generated before with the same size and seed."""
    stamp = root / ".bench.json"
    wanted = {"units": args.units, "seed": args.seed}
    if stamp.is_file() and json.loads(stamp.read_text()).get("key") == wanted:
        saved = json.loads(stamp.read_text())["country"]
        return Country(**{**saved, "root": root})
    shutil.rmtree(root / "submissions", ignore_errors=True)
    started = time.perf_counter()
    country = make_country(root, args.units, seed=args.seed, workers=max(args.workers, 1))
    print(f"generated {country.files} files in {time.perf_counter() - started:.1f} s ({root})")
    saved = {**asdict(country), "root": str(root)}
    stamp.write_text(json.dumps({"key": wanted, "country": saved}))
    return country


def measure(country: Country, args: argparse.Namespace) -> list[Figures]:
    """Time the templates, the pipeline's stages, feedback, the baselines (and the CLI)."""
    from par_index.pipeline import STEPS, run
    from par_index.workspace import load_workspace

    files = sorted((country.root / "submissions").iterdir())
    with Meter() as meter:
        if not args.no_templates:
            with meter.stage("templates", f"{country.units} units"):
                _templates(country.root)
        shutil.rmtree(country.root / "outputs", ignore_errors=True)
        ws = load_workspace(country.root)
        with meter.stage("pipeline", "in-process, stages below"):
            run(ws, STEPS, lang="vi", workers=args.workers, stage=meter.mark)
            meter.end()
        for name in filter(None, args.baselines.split(",")):
            with meter.stage(f"baseline {name}", "one process") as stage:
                cells, failed = read_all(files, BASELINES[name])
                stage.note = f"one process, {cells} cells, {failed} unreadable"
        if args.cli:
            with meter.stage("par-index run (CLI)", "subprocess, start-up included"):
                _cli(country.root, args.workers)
    return meter.stages


def _templates(root: Path) -> None:
    from par_index.pipeline.templates import make_templates
    from par_index.workspace import load_workspace

    shutil.rmtree(root / "templates", ignore_errors=True)
    make_templates(load_workspace(root))


def _cli(root: Path, workers: int) -> None:
    exe = Path(sys.executable).with_name("par-index")
    command = [str(exe), "run", str(root), "--no-feedback", "--workers", str(workers)]
    subprocess.run(command, check=True, capture_output=True)


# -- output -----------------------------------------------------------------------------------
def _print(country: Country, figures: list[Figures], args: argparse.Namespace) -> None:
    print(_machine())
    print(
        f"{country.units} units of {SET}, {country.files} files ({country.weak} with planted "
        f"weaknesses, {country.messy} typed messily, {country.broken} broken, lock file), "
        f"{args.workers} workers"
    )
    print(f"{'stage':<26}{'wall s':>9}{'cpu s':>9}{'PSS MiB':>9}{'RSS MiB':>9}  note")
    for f in figures:
        indent = "  " if f.name in (*PIPELINE, "feedback") else ""
        print(
            f"{indent + f.name:<26}{f.wall:>9.2f}{f.cpu:>9.2f}{f.peak_mib:>9.0f}"
            f"{f.peak_rss_mib:>9.0f}  {f.note}"
        )
    for line in _ratios(figures):
        print(line)


def _ratios(figures: list[Figures]) -> list[str]:
    by = {f.name: f for f in figures}
    stages = [by[name] for name in PIPELINE if name in by]
    wall = sum(f.wall for f in stages)
    peak = max((f.peak_mib for f in stages), default=0.0)
    cpu = sum(f.cpu for f in stages)
    lines = [
        f"pipeline (read, check, score, rank, report): {wall:.2f} s wall, {cpu:.2f} s CPU, "
        f"peak {peak:.0f} MiB (PSS, all processes)"
    ]
    if (base := by.get("baseline calamine")) is not None:
        lines.append(f"  pipeline / bare calamine pass   = {wall / base.wall:.2f}  (target <= 1.5)")
    if (base := by.get("baseline pandas")) is not None:
        lines.append(f"  pandas loop / pipeline          = {base.wall / wall:.1f}  (target >= 7)")
    if (base := by.get("baseline openpyxl")) is not None:
        lines.append(f"  openpyxl pass / pipeline        = {base.wall / wall:.1f}")
    return lines


def _machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load {load:.1f}, {dt.datetime.now():%Y-%m-%d %H:%M}"
    )


def _summary(country: Country, figures: list[Figures], args: argparse.Namespace) -> dict:
    return {
        "machine": _machine(),
        "units": country.units,
        "files": country.files,
        "workers": args.workers,
        "stages": [asdict(f) for f in figures],
        "ratios": _ratios(figures),
    }


if __name__ == "__main__":
    sys.exit(main())
