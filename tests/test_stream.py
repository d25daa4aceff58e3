"""The mailbox's random streams (`pqrlab.channel.stream`): keyed by integers, the same in every process."""
from __future__ import annotations

import subprocess
import sys

import pytest

from pqrlab.channel.stream import Stream, stream_key


def test_the_same_integers_give_the_same_draws_in_another_process():
    stream = Stream(7, 739000, 2, 12, 3)
    here = [stream.random() for _ in range(3)]
    code = ("from pqrlab.channel.stream import Stream; s = Stream(7, 739000, 2, 12, 3); "
            "print([s.random() for _ in range(3)])")
    there = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert there.strip() == repr(here)


def test_the_key_depends_on_every_integer_its_order_and_the_count():
    keys = {stream_key(*ints) for ints in [(1, 2, 3), (1, 3, 2), (1, 2), (1, 2, 3, 0), (0, 1, 2, 3), (2, 2, 3),
                                          (1, 2, -3), (-1, 2, 3)]}
    assert len(keys) == 8
    assert stream_key(1, 2, 3) == 81240265866320356811517032720361180331  # pinned: a change means new bytes


def test_the_generator_methods_draw_what_numpy_s_would():
    s = Stream(3, 1)
    ints = [s.integers(5, 9) for _ in range(4000)]
    assert set(ints) == {5, 6, 7, 8}
    assert {s.integers(3) for _ in range(500)} == {0, 1, 2}
    poisson = [s.poisson(40.0) for _ in range(2000)]
    assert abs(sum(poisson) / 2000 - 40) < 1 and abs(sum((x - 40) ** 2 for x in poisson) / 2000 - 40) < 6
    assert s.poisson(0.0) == 0
    assert abs(sum(s.binomial(1000, 0.02) for _ in range(500)) / 500 - 20) < 1
    logs = sorted(s.lognormal(0.0, 0.45) for _ in range(4001))
    assert abs(logs[2000] - 1.0) < 0.05 and min(logs) > 0
    picks = s.choice(4, size=2000)
    assert len(picks) == 2000 and set(picks) == {0, 1, 2, 3}
    with pytest.raises(ValueError):
        s.choice(4, size=2, replace=False)
