"""Raw is verified, not trusted (issue 12, section 3): Bronze reads only the files a partition's manifest
lists, with their sha256. An unlisted or altered file is reported and its lines quarantined; a listed file
that is gone fails the step with a one-line message."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from pqrlab.channel.generator import ChannelConfig
from pqrlab.layers.bronze import MESSAGES, QUARANTINE, raw_to_bronze
from pqrlab.layers.raw import MANIFEST, RawIntegrityError, generate_raw, verify_manifests, verify_partition

START = dt.date(2026, 3, 2)
GOOD_LINE = json.dumps({
    "schema_version": "1.0", "event_id": "e-extra", "message_id": "<extra@x>", "thread_id": "T-extra",
    "in_reply_to": None, "kind": "initial", "direction": "inbound", "sent_at": "2026-03-03T10:00:00-05:00",
    "from_addr": "a@b.co", "to_addr": "pqrsd@entidad.gov.co", "subject": "Reclamo", "body": "Reclamo por cobro",
    "radicado": None}).encode() + b"\n"


@pytest.fixture
def raw_run(lake, dask):
    cfg = ChannelConfig(seed=3, run_id="ver", events=200, start=START, days=3)
    generate_raw(lake, dask, cfg)
    return lake


def _first_part(lake, day: str) -> str:
    return sorted(p for p in lake.fs.ls(lake.partition("raw", day, "ver"), detail=False) if p.endswith(".jsonl"))[0]


def _quarantined(lake, reason: str) -> list[str]:
    bad = lake.read_dataset("bronze", QUARANTINE, "ver").to_pandas()
    return sorted(set(bad.loc[bad["reason"] == reason, "source_file"]))


def test_intact_raw_verifies_and_every_line_is_accounted_for(raw_run, dask):
    assert verify_manifests(raw_run, "ver") == []
    result = raw_to_bronze(raw_run, dask, "ver")
    assert result.counts["raw_unlisted_files"] == result.counts["raw_altered_files"] == 0
    assert result.rows_in == result.rows_out + result.counts["quarantined"]


def test_an_extra_file_is_reported_and_its_lines_quarantined_never_ingested(raw_run, dask):
    base = raw_run.partition("raw", "2026-03-03", "ver")
    raw_run.write_bytes(f"{base}/part-extra.jsonl", GOOD_LINE * 3)
    raw_run.write_bytes(f"{base}/nested/part-0.jsonl", GOOD_LINE)  # a folder inside the partition, too
    assert sorted(p.rsplit(": ", 1)[1] for p in verify_manifests(raw_run, "ver")) == ["unlisted_file"] * 2
    result = raw_to_bronze(raw_run, dask, "ver")
    assert result.counts["raw_unlisted_files"] == 2 and result.counts["quarantined_unlisted_file"] == 4
    assert _quarantined(raw_run, "unlisted_file") == ["nested/part-0.jsonl", "part-extra.jsonl"]
    good = raw_run.read_dataset("bronze", MESSAGES, "ver").to_pandas()
    assert "<extra@x>" not in set(good["message_id"])
    assert result.rows_in == result.rows_out + result.counts["quarantined"]


def test_an_altered_listed_file_is_reported_and_its_lines_quarantined(raw_run, dask):
    path = _first_part(raw_run, "2026-03-02")
    data = raw_run.read_bytes(path)
    raw_run.write_bytes(path, data.replace(b"Solicito", b"Exijo", 1) if b"Solicito" in data else data + GOOD_LINE)
    assert [p.rsplit(": ", 1)[1] for p in verify_manifests(raw_run, "ver")] == ["checksum_mismatch"]
    result = raw_to_bronze(raw_run, dask, "ver")
    lines = len(raw_run.read_bytes(path).splitlines())
    assert result.counts["raw_altered_files"] == 1 and result.counts["quarantined_checksum_mismatch"] == lines
    assert _quarantined(raw_run, "checksum_mismatch") == [path.rsplit("/", 1)[1]]


def test_a_deleted_listed_file_fails_the_step_with_one_line(raw_run, dask):
    path = _first_part(raw_run, "2026-03-04")
    raw_run.fs.rm(path)
    assert [p.rsplit(": ", 1)[1] for p in verify_manifests(raw_run, "ver")] == ["missing_file"]
    with pytest.raises(RawIntegrityError, match=r"1 file\(s\) its manifests list are gone .*restore") as err:
        raw_to_bronze(raw_run, dask, "ver")
    assert "\n" not in str(err.value) and path.rsplit("/", 1)[1] in str(err.value)


def test_a_partition_without_a_manifest_is_quarantined_whole(raw_run, dask):
    base = raw_run.partition("raw", "2026-03-03", "ver")
    raw_run.fs.rm(f"{base}/{MANIFEST}")
    result = raw_to_bronze(raw_run, dask, "ver")
    bad = raw_run.read_dataset("bronze", QUARANTINE, "ver").to_pandas()
    assert (bad["day"].astype(str) == "2026-03-03").sum() == result.counts["quarantined_unlisted_file"] > 0
    assert not (raw_run.read_dataset("bronze", MESSAGES, "ver").to_pandas()["day"].astype(str) == "2026-03-03").any()


@pytest.mark.parametrize("manifest, reason", [
    (None, "unlisted_file"), ([], "unlisted_file"), ({"files": "x"}, "unlisted_file"),
    ({"day": "2026-03-05", "run_id": "r", "files": []}, "unlisted_file"),       # another partition's manifest
    ({"day": "2026-03-02", "run_id": "other", "files": []}, "unlisted_file"),
    ({"day": "2026-03-02", "run_id": "r", "files": [{"name": 1}]}, "unlisted_file"),
    ({"day": "2026-03-02", "run_id": "r", "files": [{"name": "a.jsonl", "sha256": "0" * 64}]}, "checksum_mismatch"),
])
def test_a_manifest_that_cannot_vouch_for_a_file_never_lets_it_in(manifest, reason):
    check = verify_partition(manifest, {"a.jsonl": GOOD_LINE}, "2026-03-02", "r")
    assert check.trusted == [] and [(n, r) for n, _, r, _ in check.untrusted] == [("a.jsonl", reason)]


def test_manifest_names_never_lead_outside_the_partition():
    manifest = {"day": "2026-03-02", "run_id": "r", "files": [{"name": "../../other/run/x.jsonl", "sha256": "0"}]}
    check = verify_partition(manifest, {}, "2026-03-02", "r")
    assert check.trusted == [] and check.missing == ["../../other/run/x.jsonl"]  # reported, never read
