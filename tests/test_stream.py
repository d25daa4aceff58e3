"""The mailbox's random streams (`pqrlab.channel.stream`): keyed by integers, the same in every process."""
from __future__ import annotations

import subprocess
import sys
import uuid

import pytest

from pqrlab.channel.generator import _EVENT_NS, event_id_of
from pqrlab.channel.stream import Stream, key_uniform, stream_key


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


def test_event_ids_are_uuid5_of_the_message_id():
    for message_id in ("<T1a2b3c-20260302-00001.0@correo.pqr>", "<x@y>", "ñandú", ""):
        assert event_id_of(message_id) == str(uuid.uuid5(_EVENT_NS, message_id))


def test_a_key_uniform_is_in_the_unit_interval_and_spread():
    us = [key_uniform(1, 739000, 2, i, 3) for i in range(4000)]
    assert min(us) >= 0 and max(us) < 1 and all(sum(a <= u < a + 0.1 for u in us) > 300 for a in
                                                  (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9))
    assert key_uniform(1, 2, 3) == key_uniform(1, 2, 3) != key_uniform(1, 3, 2)
