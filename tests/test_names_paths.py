"""Names that become paths or patterns (issue 12 §1): allow-listed where they enter, never globbed,
never able to leave the lake, the runs folder or a model's folder."""
from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pqrlab.lake import Lake, PathEscapeError, RawImmutableError
from pqrlab.names import InvalidName, check_dataset, check_day, check_run_id, check_version, parse_day

GOOD_RUN_IDS = ["a", "A", "0", "run1", "s42-n5000-20260302-61d", "pub", "a.b", "a_b", "a-b", "x" * 64,
                "2026-03-02", "R.1.2", "v1.0.0-rc1", "a-", "a.", "Z_9"]
BAD_RUN_IDS = [
    "", " ", "..", ".", "../../x", "../x", "x/..", "a/b", "/abs", "a\\b", "..\\x", "a..b", "*", "a*", "?", "a?b",
    "[a]", "a[0-9]", "]", "{a,b}", "~", "~root", "$HOME", "a b", " a", "a ", "-a", ".hidden", "_a", "x" * 65,
    "a\x00b", "a\nb", "a\tb", "é", "run€", "%2e%2e", "a:b", "a;b", "a|b", "a'b", 'a"b', "a`b", "a=b", "day=2026",
    "run_id=x", "\u202e", "ａ", "a/", "//", "a@b", "a#b", "a!b", "a+b", "a,b", "a(b)", "a<b>", "a&b",
]
IMPOSSIBLE_DAYS = ["2026-02-30", "2026-13-01", "2026-00-10", "2026-04-31", "0000-01-01"]  # right shape, no date
BAD_DAYS = [*IMPOSSIBLE_DAYS, "26-03-01", "2026-3-1", "2026/03/01",
            "2026-03-01T00:00", "", "abc", "2026-03-0*", "2026-03-?1", "../2026-03-01",
            "2026-03-01/..", "+2026-03-01", "2026-W10-1", "20260301", "２０２６-03-01"]


@pytest.mark.parametrize("run_id", GOOD_RUN_IDS)
def test_good_run_ids_pass(run_id):
    assert check_run_id(run_id) == run_id


@pytest.mark.parametrize("run_id", BAD_RUN_IDS + [None, 5, b"abc"])
def test_bad_run_ids_are_refused_with_one_line(run_id):
    with pytest.raises(InvalidName) as info:
        check_run_id(run_id)
    assert "\n" not in str(info.value) and "run id" in str(info.value)


@pytest.mark.parametrize("day", BAD_DAYS)
def test_bad_days_are_refused(day):
    with pytest.raises(InvalidName):
        parse_day(day)
    if day in IMPOSSIBLE_DAYS:  # path-safe: a Raw folder so named is read, its lines quarantined (bad_partition)
        assert check_day(day) == day
        return
    with pytest.raises(InvalidName):
        check_day(day)


def test_a_lake_day_is_strict_but_a_typed_day_may_have_spaces():
    assert parse_day(" 2026-03-01 ") == dt.date(2026, 3, 1)
    for day in ("2026-03-01 ", " 2026-03-01", "2026-03-01\n"):
        with pytest.raises(InvalidName):
            check_day(day)


def test_good_days_parse():
    assert parse_day("2026-02-28") == dt.date(2026, 2, 28)
    assert parse_day("2028-02-29") == dt.date(2028, 2, 29)
    assert parse_day(dt.date(2026, 3, 2)) == dt.date(2026, 3, 2)


@pytest.mark.parametrize("name", ["", "Bronze", "../x", "a/b", "a*", "a?", "[a]", "1abc", "a-b", "a.b", "a b",
                                  "_x", "x" * 65])
def test_bad_dataset_and_layer_names(name):
    with pytest.raises(InvalidName):
        check_dataset(name)


@pytest.mark.parametrize("version", ["", "..", "../1", "1/2", "*", "1.?", "[1]", ".1", "1 0", "1\x00"])
def test_bad_model_versions(version):
    with pytest.raises(InvalidName):
        check_version(version)


# -- the lake builds no path from an unchecked name, and none outside its root -------------------
@pytest.mark.parametrize("run_id", BAD_RUN_IDS)
def test_lake_refuses_bad_run_ids_everywhere(lake, run_id):
    calls = [lambda: lake.partition("raw", "2026-03-02", run_id), lambda: lake.run_path("gold", "x", run_id),
             lambda: lake.days("raw", run_id), lambda: lake.files("raw", run_id, "*.jsonl"),
             lambda: lake.remove_run("bronze", run_id), lambda: lake.read_dataset("silver", "tickets", run_id)]
    for call in calls:
        with pytest.raises(InvalidName):
            call()


@pytest.mark.parametrize("day", [d for d in BAD_DAYS if d not in IMPOSSIBLE_DAYS])
def test_lake_refuses_bad_days(lake, day):
    with pytest.raises(InvalidName):
        lake.partition("bronze", day, "r1", "messages")


@pytest.mark.parametrize("dataset", ["../gold", "..", "a/b", "*", "messages/../../x"])
def test_lake_refuses_bad_dataset_names(lake, dataset):
    with pytest.raises(InvalidName):
        lake.partition("bronze", "2026-03-02", "r1", dataset)
    with pytest.raises(InvalidName):
        lake.run_path("gold", dataset, "r1")
    with pytest.raises(InvalidName):
        lake.remove_run("gold", "r1", dataset)


@pytest.mark.parametrize("suffix", ["../x", "../../etc/passwd", "a/../../x", "./a", "a//b", "..", "a/./b"])
def test_lake_refuses_paths_outside_or_odd(lake, tmp_path, suffix):
    with pytest.raises(PathEscapeError):
        lake.write_bytes(f"{lake._root}/{suffix}", b"x")
    with pytest.raises(PathEscapeError):
        lake.write_immutable(f"{lake._root}/{suffix}", b"x")
    assert not (tmp_path / "x").exists() and not (tmp_path / "lake").exists()


def test_lake_refuses_its_own_root_and_a_sibling_with_the_same_prefix(lake, tmp_path):
    for path in (lake._root, f"{lake._root}-other/x", "/tmp/elsewhere/x", "relative/x"):
        with pytest.raises(PathEscapeError):
            lake.write_bytes(path, b"x")
    assert not (tmp_path / "lake-other").exists()


def _write_run(lake: Lake, run_id: str, days=("2026-03-02", "2026-03-03")) -> None:
    table = pa.table({"x": [1]})
    for day in days:
        lake.write_bytes(f"{lake.partition('raw', day, run_id)}/part-000.jsonl", b"{}\n")
        lake.write_bytes(f"{lake.partition('truth', day, run_id)}/tickets-000.jsonl", b"{}\n")
        for layer, dataset in (("bronze", "messages"), ("bronze", "quarantine"), ("silver", "messages"),
                               ("silver", "tickets")):
            lake.write_parquet(f"{lake.partition(layer, day, run_id, dataset)}/part-0.parquet", table)
    lake.write_parquet(f"{lake.run_path('gold', 'daily_volume', run_id)}/part-0.parquet", table)


LOOKALIKES = ["a1", "a2", "A1", "a10", "a1x", "a1.x", "a-1", "b", "ab1", "a_1", "1a"]


def test_listing_and_removal_are_exact_among_lookalike_run_ids(lake):
    for run_id in LOOKALIKES:
        _write_run(lake, run_id)
    before = lake.checksums(("raw", "truth", "bronze", "silver", "gold"))
    for run_id in LOOKALIKES:
        assert lake.days("raw", run_id) == ["2026-03-02", "2026-03-03"]
        files = lake.files("raw", run_id, "*.jsonl")
        assert len(files) == 2 and all(f"/run_id={run_id}/" in f for f in files)
        assert len(lake.files("silver", run_id, "*.parquet", "tickets")) == 2
    lake.remove_run("bronze", "a1")
    lake.remove_run("silver", "a1")
    lake.remove_run("gold", "a1")
    after = lake.checksums(("raw", "truth", "bronze", "silver", "gold"))
    removed = {k for k in before if k not in after}
    assert removed and all("/run_id=a1/" in k for k in removed)
    assert all(k.startswith(("bronze/", "silver/", "gold/")) for k in removed)
    assert {k for k in before if "/run_id=a1/" in k and not k.startswith(("raw/", "truth/"))} == removed


@pytest.mark.parametrize("pattern", ["*", "a*", "a?", "[ab]1", "**", "a[0-9]", "{a1,a2}"])
def test_wildcard_run_ids_never_remove_other_runs(lake, pattern):
    for run_id in LOOKALIKES:
        _write_run(lake, run_id, days=("2026-03-02",))
    before = lake.checksums()
    with pytest.raises(InvalidName):
        lake.remove_run("bronze", pattern)
    with pytest.raises(InvalidName):
        lake.days("bronze", pattern, "messages")
    assert lake.checksums() == before


def test_raw_is_never_removed(lake):
    _write_run(lake, "r1", days=("2026-03-02",))
    with pytest.raises(RawImmutableError):
        lake.remove_run("raw", "r1")


def test_files_ignores_folders_that_only_look_like_partitions(lake):
    _write_run(lake, "r1", days=("2026-03-02",))
    lake.fs.makedirs(f"{lake._root}/raw/source=email/day=not-a-day/run_id=r1", exist_ok=True)
    lake.fs.makedirs(f"{lake._root}/raw/source=email/day=2026-03-05/run_id=r1x", exist_ok=True)
    assert lake.days("raw", "r1") == ["2026-03-02"]
    assert lake.days("raw", "missing") == [] and lake.days("gold", "r1") == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,8}", fullmatch=True).filter(lambda s: ".." not in s),
                min_size=2, max_size=5, unique=True), st.data())
def test_removing_one_run_keeps_every_other_run(tmp_path_factory, run_ids, data):
    """Property: whatever valid run ids coexist, removing one leaves every byte of the others."""
    lake = Lake(f"file://{tmp_path_factory.mktemp('lake')}")
    for run_id in run_ids:
        _write_run(lake, run_id, days=("2026-03-02",))
    victim = data.draw(st.sampled_from(run_ids))
    before = lake.checksums(("raw", "truth", "bronze", "silver", "gold"))
    for layer in ("bronze", "silver", "gold"):
        lake.remove_run(layer, victim)
    after = lake.checksums(("raw", "truth", "bronze", "silver", "gold"))
    assert {k: v for k, v in before.items() if f"/run_id={victim}/" not in k or k.startswith(("raw/", "truth/"))} \
        == after
    for run_id in run_ids:
        if run_id != victim:
            assert lake.days("bronze", run_id, "messages") == ["2026-03-02"]
    assert lake.days("bronze", victim, "messages") == []


# -- the other places a name enters ----------------------------------------------------------------
@pytest.mark.parametrize("run_id", ["../../x", "a*", "[ab]", "..", "a/b", ""])
def test_open_run_refuses_a_bad_run_id_before_touching_anything(run_id, monkeypatch, tmp_path):
    from pqrlab.pipeline import open_run

    monkeypatch.setenv("PQR_PG_DSN", "postgresql://nobody@127.0.0.1:1/none")  # never reached
    monkeypatch.setenv("PQR_HOME", str(tmp_path / "home"))
    with pytest.raises(InvalidName):
        open_run(run_id=run_id, lake_url=f"file://{tmp_path / 'lake'}")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("run_id", ["../../x", "..", "a/b", "*"])
def test_executed_notebooks_stay_in_the_runs_folder(tmp_path, run_id):
    from pqrlab.flows import run_folder

    assert run_folder(tmp_path / "runs", "ok-1") == tmp_path / "runs" / "ok-1"
    with pytest.raises(InvalidName):
        run_folder(tmp_path / "runs", run_id)


@pytest.mark.parametrize("name", ["tfidf-logreg@../../x", "../x@1.0.0", "tfidf-logreg@1/2", "a*@1", "tfidf-logreg@",
                                  "TFIDF@1", "tfidf-logreg@..", "x y", "@1.0.0"])
def test_enricher_names_are_checked_before_they_become_model_paths(lake, name):
    from pqrlab.enrich.base import enricher_problem, load_enricher

    assert enricher_problem(name, lake) is not None
    with pytest.raises((InvalidName, KeyError)):
        load_enricher(name, lake)


def test_model_folders_stay_in_models(lake):
    from pqrlab.enrich import models

    assert models.model_dir(lake, "tfidf-logreg", "1.0.0").endswith("/models/tfidf-logreg/1.0.0")
    for name, version in (("../x", "1"), ("tfidf-logreg", "../../x"), ("tfidf-logreg", "*"), ("a/b", "1")):
        with pytest.raises(InvalidName):
            models.model_dir(lake, name, version)


@pytest.mark.parametrize("version", ["../../x", "a/b", "*"])
def test_training_refuses_a_version_that_would_become_a_bad_path(tmp_path, version):
    import os
    import subprocess
    import sys

    env = {**os.environ, "PQR_LAKE_URL": f"file://{tmp_path / 'lake'}", "PQR_HOME": str(tmp_path / "home")}
    out = subprocess.run([sys.executable, "-m", "pqrlab.enrich.train", "--model", "tfidf-logreg", "--version", version],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 2 and "invalid model version" in out.stderr and "Traceback" not in out.stderr
    assert list(tmp_path.iterdir()) == []
