"""``firmness:`` in par-index.yaml: how the rank intervals are simulated and the area weights
varied (``par_index.firmness``)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field


class FirmnessConfig(BaseModel):
    """How firm each rank and class is shown to be (``firmness:`` in par-index.yaml)."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    draws: int = Field(1000, ge=0, le=100_000)
    """Simulated draws of the survey's sampling error and of the criteria still under appraisal
    (0: no simulation, no rank interval)."""
    seed: int = Field(2024, ge=0)
    """The simulation's seed: the same inputs and seed give the same intervals on every run."""
    interval: int = Field(90, ge=50, le=100)
    """The rank interval's coverage in percent: 90 gives the 5th to the 95th percentile of the
    simulated ranks."""
    weight_change: Decimal = Field(Decimal(10), gt=0, lt=100)
    """The area-weight check: each area's weight this many percent up and down (the others
    rescaled to keep the total), beside leaving each area out."""
