"""heap: objects frozen out of the collector for a block (nesting kept), rare collections."""

from __future__ import annotations

import gc

from par_index import heap


def test_nested_blocks_unfreeze_only_at_the_outermost_exit():
    gc.unfreeze()
    with heap.long_lived():
        outer = gc.get_freeze_count()
        assert outer > 0
        kept = [[i] for i in range(1000)]
        with heap.long_lived():
            assert gc.get_freeze_count() >= outer + 1000  # what came since is frozen too
        assert gc.get_freeze_count() >= outer + 1000  # the inner exit gave nothing back
        del kept
    assert gc.get_freeze_count() == 0


def test_few_collections_restores_the_threshold_even_after_an_error():
    before = gc.get_threshold()
    try:
        with heap.few_collections():
            assert gc.get_threshold()[0] == heap.GC_THRESHOLD
            raise KeyError("x")
    except KeyError:
        pass
    assert gc.get_threshold() == before
