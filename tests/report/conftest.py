"""Fixtures of the report tests: a synthetic 11-unit district scored on a criteria set."""

from __future__ import annotations

from pathlib import Path

import pytest

from par_index.check.finding import Report
from par_index.criteria import load_criteria
from par_index.criteria.model import CriteriaSet
from par_index.resources import shipped_criteria
from par_index.results import Results
from report.report_district import build_district

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture(scope="session")
def report_set() -> CriteriaSet:
    """The shipped commune set when it is there, else the small test set with every rule kind."""
    if "xa-mau" in shipped_criteria():
        return load_criteria("xa-mau")
    return load_criteria(DATA / "mini.yaml")


@pytest.fixture(scope="session")
def district(report_set: CriteriaSet) -> tuple[Results, Report]:
    """Results and check report of Quảng Điền's 11 units (synthetic)."""
    return build_district(report_set)
