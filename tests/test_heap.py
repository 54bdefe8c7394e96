"""heap: a run's collector tuning, given back exactly as found."""

from __future__ import annotations

import gc

from par_index.heap import GC_THRESHOLD, OFF, GcTuning


def _frozen(obj: object) -> bool:
    """Whether the collector no longer sees ``obj`` (moved to the permanent generation)."""
    return gc.is_tracked(obj) and all(o is not obj for o in gc.get_objects())


def test_nested_blocks_unfreeze_only_at_the_outermost_exit():
    gc.unfreeze()
    tuning = GcTuning()
    before = [[0]]
    with tuning.long_lived():
        assert gc.get_freeze_count() > 0 and _frozen(before)
        kept = [[i] for i in range(1000)]
        with tuning.long_lived():
            assert _frozen(kept)  # what came since is frozen too
        assert _frozen(kept)  # the inner exit gave nothing back
    assert gc.get_freeze_count() == 0 and not _frozen(kept) and not _frozen(before)


def test_a_callers_frozen_objects_stay_frozen():
    """A library caller that froze its own objects finds them frozen after the run."""
    gc.unfreeze()
    gc.freeze()
    try:
        mine = gc.get_freeze_count()
        assert mine > 0
        tuning = GcTuning()
        with tuning.long_lived(), tuning.long_lived():
            pass
        assert gc.get_freeze_count() == mine
    finally:
        gc.unfreeze()


def test_few_collections_restores_the_threshold_even_after_an_error():
    before = gc.get_threshold()
    try:
        with GcTuning().few_collections():
            assert gc.get_threshold()[0] == GC_THRESHOLD
            raise KeyError("x")
    except KeyError:
        pass
    assert gc.get_threshold() == before


def test_off_changes_nothing():
    gc.unfreeze()
    before = gc.get_threshold()
    with OFF.long_lived(), OFF.few_collections():
        assert gc.get_freeze_count() == 0
        assert gc.get_threshold() == before
