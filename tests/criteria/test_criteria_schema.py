"""The exported JSON Schema: valid JSON Schema that accepts the shipped sets and rejects errors."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from par_index.cli.criteria import criteria_schema
from par_index.resources import shipped_criteria
from par_index.yamlsrc import load_yaml

DATA = Path(__file__).parent.parent / "data"


def as_json(value: Any) -> Any:
    """YAML data as JSON would carry it: decimals as numbers, dates as ISO text."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = criteria_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@cache
def _shipped(name: str) -> dict:
    return as_json(load_yaml(shipped_criteria()[name]).data)


def shipped_data(name: str) -> dict:
    """A fresh copy of a shipped set's data (tests change it)."""
    return copy.deepcopy(_shipped(name))


def test_schema_is_draft_2020_12_and_documents_fields():
    schema = criteria_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    json.dumps(schema)  # plain JSON
    criterion = schema["$defs"]["Criterion"]["properties"]
    assert "cách tính điểm" in criterion["method"]["description"]
    assert schema["$defs"]["Criterion"]["additionalProperties"] is False


@pytest.mark.parametrize("name", sorted(shipped_criteria()))
def test_shipped_sets_validate_against_the_schema(validator, name):
    errors = list(validator.iter_errors(shipped_data(name)))
    assert errors == [], [e.message for e in errors[:3]]


def test_the_test_set_validates_too(validator):
    assert list(validator.iter_errors(as_json(load_yaml(DATA / "mini.yaml").data))) == []


def test_plain_string_or_bilingual_text_both_allowed(validator):
    data = shipped_data("so-mau")
    data["title"] = "Chỉ tiếng Việt"
    data["areas"][0]["title"] = {"vi": "Lĩnh vực", "en": "Area"}
    assert list(validator.iter_errors(data)) == []


def test_schema_rejects_an_unknown_key_and_a_wrong_rule_kind(validator):
    data = shipped_data("xa-mau")
    data["areas"][0]["criteria"][0]["mx"] = 1
    assert any("mx" in e.message for e in validator.iter_errors(data))
    data = shipped_data("xa-mau")
    data["areas"][1]["criteria"][3]["rule"]["kind"] = "yesno"
    assert not validator.is_valid(data)
    data = shipped_data("xa-mau")
    del data["areas"][0]["max"]
    assert not validator.is_valid(data)
