"""chronique.heap: what a worker loaded is exempt from collection; new garbage is not."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from chronique.heap import freeze_loaded


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


@pytest.fixture
def thawed() -> Iterator[None]:
    yield
    gc.unfreeze()  # the test process is pytest's: give its objects back to the collector


def test_objects_loaded_before_are_frozen_and_later_cycles_still_collected(thawed: None) -> None:
    loaded = [{"lemma": [str(i)]} for i in range(1000)]
    freeze_loaded()
    assert gc.get_freeze_count() >= len(loaded)
    later = _Node()
    gone = weakref.ref(later)
    del later
    gc.collect()
    assert gone() is None
