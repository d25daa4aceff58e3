"""The S3 code path against a local S3 server (moto's, on 127.0.0.1), and DuckDB over S3 Parquet."""
from __future__ import annotations

import datetime as dt
import os

import pytest

from pqrlab.channel.generator import ChannelConfig, mail_for_days
from pqrlab.duck import gold_glob, query, ticket_snapshot_url
from pqrlab.lake import Lake
from pqrlab.layers.bronze import raw_to_bronze
from pqrlab.layers.gold import read_gold, silver_to_gold
from pqrlab.layers.raw import generate_raw, verify_manifests
from pqrlab.layers.silver import bronze_to_silver, read_tickets
from pqrlab.services.process import free_port
from pqrlab.settings import Settings


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture(scope="module")
def s3_lake(s3_endpoint):
    import boto3

    boto3.client("s3", endpoint_url=s3_endpoint, aws_access_key_id="testing", aws_secret_access_key="testing",
                 region_name="us-east-1").create_bucket(Bucket="pqr-lake")
    settings = Settings(lake_url="s3://pqr-lake/lakehouse", s3_endpoint_url=s3_endpoint,
                        aws_access_key_id="testing", aws_secret_access_key="testing")
    return Lake.from_settings(settings)


def test_all_layers_round_trip_through_s3(s3_lake, dask):
    cfg = ChannelConfig(seed=3, run_id="s3run", events=500, start=dt.date(2026, 3, 30), days=8)
    raw = generate_raw(s3_lake, dask, cfg)
    bronze = raw_to_bronze(s3_lake, dask, "s3run")
    silver = bronze_to_silver(s3_lake, dask, "s3run", "keywords-baseline")
    gold = silver_to_gold(s3_lake, dask, "s3run")
    assert raw.rows_out == bronze.rows_out + bronze.counts["quarantined"]
    # 500 over 8 days is a mean daily volume, not a quota: Raw holds exactly the mailbox's lines of those days
    assert raw.rows_out == sum(len(day.lines) for day in mail_for_days(cfg, cfg.window).values()) > 0
    assert all(o.url.startswith("s3://pqr-lake/lakehouse/") for o in raw.outputs + gold.outputs)
    assert verify_manifests(s3_lake, "s3run") == []
    tickets = read_tickets(s3_lake, "s3run")
    assert len(tickets) == silver.rows_out > 0
    assert read_gold(s3_lake, "daily_volume", "s3run")["tickets"].sum() == len(tickets)


def test_duckdb_queries_parquet_on_s3(s3_lake, dask):
    volume = read_gold(s3_lake, "daily_volume", "s3run")
    url = gold_glob(s3_lake, "daily_volume")
    assert url.startswith("s3://")
    result = query(s3_lake, f"SELECT pqrs_type, sum(tickets) AS n FROM read_parquet('{url}') "
                            "GROUP BY pqrs_type ORDER BY pqrs_type").to_pandas()
    expected = volume.groupby("pqrs_type")["tickets"].sum().sort_index()
    assert result["pqrs_type"].tolist() == expected.index.tolist()
    assert result["n"].tolist() == expected.tolist()
    snapshot = ticket_snapshot_url(s3_lake)
    assert snapshot.startswith("s3://")
    n = query(s3_lake, f"SELECT count(*) AS n FROM read_parquet('{snapshot}', hive_partitioning = false)"
              ).column("n")[0].as_py()
    assert n == len(read_tickets(s3_lake, "s3run"))


def test_listing_and_removal_are_exact_on_s3_too(s3_lake):
    """Look-alike run ids on S3 (no real folders there): days, files and remove_run match names exactly."""
    from tests.test_names_paths import LOOKALIKES, _write_run

    lake = Lake(s3_lake.url + "-lookalikes", s3_lake.storage_options)
    for run_id in LOOKALIKES:
        _write_run(lake, run_id)
    before = lake.checksums(("raw", "bronze", "silver", "gold"))
    for run_id in LOOKALIKES:
        assert lake.days("bronze", run_id, "messages") == ["2026-03-02", "2026-03-03"]
        assert all(f"/run_id={run_id}/" in f for f in lake.files("raw", run_id, "*.jsonl"))
    for layer in ("bronze", "silver", "gold"):
        lake.remove_run(layer, "a1")
    after = lake.checksums(("raw", "bronze", "silver", "gold"))
    assert {k: v for k, v in before.items() if "/run_id=a1/" not in k or k.startswith("raw/")} == after
    assert lake.days("bronze", "a1", "messages") == [] and lake.days("raw", "a1") == ["2026-03-02", "2026-03-03"]
