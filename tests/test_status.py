"""The campaign's phases computed from a unit's facts (``par_index.status``), pure."""

from __future__ import annotations

import datetime as dt

from par_index.status import ReminderText, UnitFacts, reminders, statuses
from tests.helpers.workbooks import make_unit

UNIT = make_unit("QD-X03", "Xã Ba", contact="0912 000 003")
DEADLINES = {"self_assessment": dt.date(2024, 12, 15)}


def test_a_unit_that_sent_nothing_is_not_at_the_feedback_phase():
    """Every unit gets a feedback page, one that sent nothing too (saying so): the phase counts
    only once the unit's newest file is checked."""
    facts = UnitFacts(unit=UNIT, template=True, feedback=True)
    [row] = statuses([facts], DEADLINES, dt.date(2024, 12, 16))
    assert row.phase == "template"
    assert not row.of("feedback").done and row.of("received").days_left == -1
    [reminder] = reminders([row], ReminderText())
    assert (reminder.code, reminder.contact, reminder.days_left) == (UNIT.code, "0912 000 003", -1)
    checked = UnitFacts(unit=UNIT, template=True, versions=1, checked=True, feedback=True)
    [row] = statuses([checked], DEADLINES, dt.date(2024, 12, 16))
    assert row.phase == "feedback" and row.of("feedback").done
