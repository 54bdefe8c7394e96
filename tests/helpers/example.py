"""The example district's inputs, copied where a test may run it (outputs never copied)."""

from __future__ import annotations

import shutil
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "quang-dien-2021"
INPUTS = ("par-index.yaml", "units.csv", "scenario.yaml", "submissions", "appraisal", "survey",
          "previous", "plan")  # fmt: skip


def copy_example(target: Path, example: Path = EXAMPLE) -> Path:
    """An example's inputs (the district's unless ``example`` names another) in ``target``
    (made), ready for ``par-index run``; an input the example has not is left out."""
    target.mkdir(parents=True)
    for name in INPUTS:
        source = example / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy2(source, target / name)
    return target
