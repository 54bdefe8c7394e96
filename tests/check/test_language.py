"""Findings speak Vietnamese by default and English on request; both languages of every
catalogue entry use the same fields, and no rendered text keeps a placeholder."""

from __future__ import annotations

import string

import pytest

from par_index.check.catalogue import all_codes, get
from par_index.check.config import CheckConfig
from par_index.check.context import CheckContext
from par_index.i18n import use_lang
from tests.check import builders as b
from tests.check.builders import check

X01 = b.UNITS[0]


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", all_codes())
def test_both_languages_use_the_same_fields(code):
    entry = get(code)
    for message in (entry.title, entry.message, entry.fix):
        assert message.vi != message.en or message.vi == "{detail}"  # the reader's own words
        assert _fields(message.vi) == _fields(message.en), message.code


def _weak(cs):
    return b.figure(b.score(b.clean(cs, X01), "1.1", "1.5"), "1.3", "on_time", "96")


def test_use_lang_english(mini_set):
    use_lang("en")
    report = check(mini_set, [_weak(mini_set)], [X01, b.UNITS[1]], b.context())
    assert [f.title for f in report.findings] == [
        "Self-score above the maximum",
        "Self-score not supported by the declared figures",
        "No self-assessment received",
    ]
    assert report.findings[1].message == (
        "Criterion 1.3 (Hồ sơ đúng hạn): self-scored 2.00 in cell H14, but the declared "
        "figures and choices (Số hồ sơ tiếp nhận = 100; Số hồ sơ đúng hạn = 96; ratio 96.00 %) "
        "give 1.50 points."
    )
    assert report.findings[0].fix == (
        "Change cell H12 to a score from 0 to 1.00, following the criterion's scoring method."
    )


def test_context_language_wins_over_the_environment(mini_set, monkeypatch):
    monkeypatch.setenv("PAR_INDEX_LANG", "vi")
    ctx = b.context(lang="en")
    report = check(mini_set, [_weak(mini_set)], [X01], ctx)
    assert report.findings[0].title == "Self-score above the maximum"
    report = check(mini_set, [_weak(mini_set)], [X01], b.context())
    assert report.findings[0].title == "Điểm tự chấm vượt điểm tối đa"


def test_config_alone_is_enough(mini_set):
    config = CheckConfig(severity={"score-above-max": None, "score-unsupported": "warning"})
    report = check(mini_set, [_weak(mini_set)], [X01], config)
    assert [(f.code, f.severity) for f in report.findings] == [("score-unsupported", "warning")]
    assert not report.has_errors


def test_context_defaults_to_the_period_year():
    ctx = CheckContext(period="2021")
    assert (ctx.start.isoformat(), ctx.end.isoformat()) == ("2021-01-01", "2021-12-31")
    assert CheckContext(period="2021-2022").start is None
