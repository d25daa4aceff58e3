"""Errors a person can act on (issue 12 §8): every bad setting or argument of the real CLI gives ONE line
(`pqrlab: error: ...`, exit 2, no traceback) before any service starts and before anything is written."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pqrlab.services.process import free_port
from pqrlab.settings import DEFAULT_MAX_EVENTS, Settings, SettingsError

REPO = Path(__file__).resolve().parents[1]
CLEAN_ENV = ("PQR_EVENTS", "PQR_DAILY_EVENTS", "PQR_START", "PQR_DAYS", "PQR_SEED", "PQR_DEFECT_RATE", "PQR_ENRICHER", "PQR_EMBEDDINGS",
             "PQR_DASK_WORKERS", "PQR_MAX_EVENTS", "PQR_PG_DSN", "PQR_LAKE_URL", "PQR_HOME", "PREFECT_API_URL",
             "PQR_DASK_ADDRESS")


def read_only_folder(tmp_path: Path) -> Path:
    """A folder this process cannot write (root ignores permission bits: use the read-only /sys there)."""
    if os.geteuid() == 0:
        return Path("/sys/pqr-read-only-lake")
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    return folder / "lake"


def refused_dsn() -> str:
    return f"postgresql://pqr@127.0.0.1:{free_port()}/pqr"  # nothing listens there


def cli(tmp_path: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    base.update({"PQR_HOME": str(tmp_path / "home"), "PQR_LAKE_URL": f"file://{tmp_path / 'lake'}",
                 "PYTHONPATH": str(REPO), **env})
    return subprocess.run([sys.executable, "-m", "pqrlab.cli", *args], capture_output=True, text=True,
                          env=base, timeout=120, cwd=tmp_path)


RUN_CASES = {  # id: (arguments, environment, words the message must contain)
    "events-not-a-number": ([], {"PQR_EVENTS": "abc"}, ["PQR_EVENTS", "abc"]),
    "events-float": ([], {"PQR_EVENTS": "1.5"}, ["PQR_EVENTS"]),
    "events-arg-not-a-number": (["--events", "abc"], {}, ["--events", "abc"]),
    "events-zero": (["--events", "0"], {}, ["events must be at least 1"]),
    "events-negative-env": ([], {"PQR_EVENTS": "-5"}, ["events must be at least 1"]),
    "events-absurd": (["--events", "50000000"], {}, ["PQR_MAX_EVENTS", "1,000,000"]),
    "events-absurd-env": ([], {"PQR_EVENTS": "50000000"}, ["PQR_MAX_EVENTS"]),
    "events-over-a-lowered-bound": (["--events", "101"], {"PQR_MAX_EVENTS": "100"}, ["PQR_MAX_EVENTS"]),
    "max-events-not-a-number": ([], {"PQR_MAX_EVENTS": "lots"}, ["PQR_MAX_EVENTS"]),
    "start-feb-30": (["--start", "2026-02-30"], {}, ["2026-02-30", "YYYY-MM-DD"]),
    "start-env-feb-30": ([], {"PQR_START": "2026-02-30"}, ["PQR_START", "2026-02-30"]),
    "start-month-13": (["--start", "2026-13-01"], {}, ["2026-13-01"]),
    "start-slashes": (["--start", "02/03/2026"], {}, ["YYYY-MM-DD"]),
    "start-year-9999-overflow": (["--start", "9999-12-30", "--days", "5"], {}, ["9999"]),
    "days-zero": (["--days", "0"], {}, ["days must be between 1"]),
    "days-negative": (["--days", "-3"], {}, ["days must be between 1"]),
    "days-huge": (["--days", "100000"], {}, ["days must be between 1"]),
    "days-env-text": ([], {"PQR_DAYS": "sixty"}, ["PQR_DAYS"]),
    "seed-negative": (["--seed", "-1"], {}, ["seed"]),
    "seed-env-text": ([], {"PQR_SEED": "x"}, ["PQR_SEED"]),
    "defect-rate-2": ([], {"PQR_DEFECT_RATE": "2"}, ["PQR_DEFECT_RATE"]),
    "defect-rate-text": ([], {"PQR_DEFECT_RATE": "lots"}, ["PQR_DEFECT_RATE"]),
    "embeddings-maybe": ([], {"PQR_EMBEDDINGS": "maybe"}, ["PQR_EMBEDDINGS"]),
    "dask-workers-zero": ([], {"PQR_DASK_WORKERS": "0"}, ["PQR_DASK_WORKERS"]),
    "lake-ftp": ([], {"PQR_LAKE_URL": "ftp://example.org/lake"}, ["ftp", "file://", "s3://"]),
    "lake-gopher": ([], {"PQR_LAKE_URL": "gopher://example.org/lake"}, ["gopher"]),
    "lake-http": ([], {"PQR_LAKE_URL": "http://127.0.0.1/lake"}, ["http"]),
    "lake-memory": ([], {"PQR_LAKE_URL": "memory://lake"}, ["memory"]),
    "enricher-unknown": ([], {"PQR_ENRICHER": "gpt-9"}, ["unknown enricher", "keywords-baseline"]),
    "enricher-trained-without-version": ([], {"PQR_ENRICHER": "tfidf-logreg"}, ["version"]),
    "enricher-trained-not-in-lake": ([], {"PQR_ENRICHER": "tfidf-logreg@9.9.9"}, ["not found", "train"]),
    "enricher-baseline-wrong-version": ([], {"PQR_ENRICHER": "keywords-baseline@7"}, ["1.0.0"]),
    "enricher-path-version": ([], {"PQR_ENRICHER": "tfidf-logreg@../../etc"}, ["PQR_ENRICHER"]),
    "enricher-glob": ([], {"PQR_ENRICHER": "tfidf-*@1"}, ["PQR_ENRICHER"]),
    "run-id-escapes": (["--run-id", "../../x"], {}, ["run id"]),
    "run-id-glob": (["--run-id", "a*"], {}, ["run id"]),
    "run-id-brackets": (["--run-id", "[ab]"], {}, ["run id"]),
    "run-id-empty": (["--run-id", ""], {}, ["run id"]),
    "run-id-slash": (["--run-id", "a/b"], {}, ["run id"]),
    "unknown-argument": (["--evnets", "5"], {}, ["unrecognized"]),
    "day-feb-30": (["--day", "2026-02-30"], {}, ["2026-02-30", "YYYY-MM-DD"]),
    "day-slashes": (["--day", "02/03/2026"], {}, ["YYYY-MM-DD"]),
    "from-without-to": (["--from", "2026-03-02"], {}, ["--from", "--to"]),
    "to-without-from": (["--to", "2026-03-02"], {}, ["--from", "--to"]),
    "to-before-from": (["--from", "2026-03-09", "--to", "2026-03-02"], {}, ["before"]),
    "range-too-long": (["--from", "2000-01-01", "--to", "2026-03-02"], {}, ["at most"]),
    "day-and-from": (["--day", "2026-03-02", "--from", "2026-03-02"], {}, ["not allowed with"]),
    "next-and-to": (["--next", "--to", "2026-03-02"], {}, ["--next"]),
    "daily-events-zero": (["--daily-events", "0"], {}, ["daily events", "above 0"]),
    "daily-events-nan": (["--daily-events", "nan"], {}, ["daily events"]),
    "daily-events-env-text": ([], {"PQR_DAILY_EVENTS": "many"}, ["PQR_DAILY_EVENTS"]),
}


def assert_one_line_error(out: subprocess.CompletedProcess, words: list[str]) -> None:
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 2, (out.returncode, out.stderr)
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("pqrlab: error: ") and "Traceback" not in out.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert out.stdout == ""


def assert_nothing_written(tmp_path: Path) -> None:
    assert not (tmp_path / "home").exists(), "PQR_HOME was written"
    assert not (tmp_path / "lake").exists(), "the lake was written"
    assert sorted(p.name for p in tmp_path.iterdir()) in ([], ["read-only"])


@pytest.mark.parametrize("case", RUN_CASES, ids=list(RUN_CASES))
def test_run_refuses_bad_input_in_one_line_and_writes_nothing(tmp_path, case):
    args, env, words = RUN_CASES[case]
    out = cli(tmp_path, ["run", *args], env)
    assert_one_line_error(out, words)
    assert_nothing_written(tmp_path)


def test_unreachable_postgres_is_one_line_before_anything_starts(tmp_path):
    out = cli(tmp_path, ["run", "--events", "10"], {"PQR_PG_DSN": refused_dsn()})
    assert_one_line_error(out, ["PQR_PG_DSN", "does not answer"])
    assert_nothing_written(tmp_path)
    out = cli(tmp_path, ["status"], {"PQR_PG_DSN": refused_dsn()})
    assert_one_line_error(out, ["PQR_PG_DSN"])
    assert_nothing_written(tmp_path)


def test_malformed_dsn_is_one_line(tmp_path):
    out = cli(tmp_path, ["run"], {"PQR_PG_DSN": "postgresql://[::1"})
    assert_one_line_error(out, ["PQR_PG_DSN"])
    assert_nothing_written(tmp_path)


def test_read_only_lake_is_one_line_before_anything_is_written(tmp_path):
    lake = read_only_folder(tmp_path)
    out = cli(tmp_path, ["run", "--events", "10"], {"PQR_LAKE_URL": f"file://{lake}"})
    assert_one_line_error(out, ["not writable", "PQR_LAKE_URL"])
    assert not lake.exists()
    assert_nothing_written(tmp_path)


def test_lake_under_a_file_is_one_line(tmp_path):
    (tmp_path / "a-file").write_text("x")
    out = cli(tmp_path, ["run"], {"PQR_LAKE_URL": f"file://{tmp_path / 'a-file' / 'lake'}"})
    assert_one_line_error(out, ["PQR_LAKE_URL"])
    assert not (tmp_path / "home").exists()


def test_read_only_home_is_one_line(tmp_path):
    home = read_only_folder(tmp_path)
    out = cli(tmp_path, ["run", "--events", "10"], {"PQR_HOME": str(home)})
    assert_one_line_error(out, ["PQR_HOME"])
    assert not (tmp_path / "lake").exists()


def test_help_still_works(tmp_path):
    out = cli(tmp_path, ["run", "--help"], {})
    assert out.returncode == 0 and "--events" in out.stdout


# -- the settings object itself (what notebooks and `open_run` get) -----------------------------
@pytest.mark.parametrize("values", [{"events": 0}, {"events": DEFAULT_MAX_EVENTS + 1}, {"days": 0}, {"seed": -1},
                                    {"defect_rate": 1.5}, {"dask_workers": 0}, {"events": "5"}, {"days": True},
                                    {"lake_url": "ftp://x/y"}, {"enricher": "../x"}, {"max_events": 0},
                                    {"start": "2026-02-30"}])
def test_overrides_are_checked_too(values):
    with pytest.raises(SettingsError) as info:
        Settings().with_overrides(**values)
    assert "\n" not in str(info.value)


def test_the_event_bound_has_an_explicit_override():
    big = Settings().with_overrides(max_events=60_000_000, events=50_000_000)
    assert big.events == 50_000_000


def test_open_run_refuses_a_bad_start_before_touching_anything(tmp_path, monkeypatch):
    from pqrlab.pipeline import open_run

    monkeypatch.setenv("PQR_HOME", str(tmp_path / "home"))
    with pytest.raises(SettingsError):
        open_run(run_id="ok", start="2026-02-30", lake_url=f"file://{tmp_path / 'lake'}",
                 pg_dsn="postgresql://nobody@127.0.0.1:1/none")
    assert list(tmp_path.iterdir()) == []
