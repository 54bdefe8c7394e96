"""Criteria sets: the model, loading with file:line problems, and validation."""

from par_index.criteria.load import check_criteria, load_criteria, resolve
from par_index.criteria.model import CriteriaSet, Criterion, Node

__all__ = ["CriteriaSet", "Criterion", "Node", "check_criteria", "load_criteria", "resolve"]
