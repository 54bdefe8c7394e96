"""The library's one path through a workspace: load the inputs, read each workbook once, check,
score, rank and write the outputs. Every CLI command is a thin layer over ``run``.

``par_index.assess`` holds the pure steps (``assess``, ``check``, ``score``) these call; this
package does the file work around them.
"""

from par_index.assess import Checked, assess, check, score
from par_index.pipeline.cycle import STAGES, STEPS, RunOutcome, run
from par_index.pipeline.load import cached_criteria, load_inputs
from par_index.pipeline.summary import RunSummary, exit_code, summarise

__all__ = [
    "STAGES",
    "STEPS",
    "Checked",
    "RunOutcome",
    "RunSummary",
    "assess",
    "cached_criteria",
    "check",
    "exit_code",
    "load_inputs",
    "run",
    "score",
    "summarise",
]
