"""One settings object: embedded defaults, environment overrides, S3 options."""
import datetime as dt

from pqrlab.settings import Settings


def test_embedded_defaults(monkeypatch, tmp_path):
    for name in ("PQR_LAKE_URL", "PQR_PG_DSN", "PQR_DASK_ADDRESS", "PREFECT_API_URL", "PQR_EVENTS", "PQR_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    s = Settings.from_env(env_file=None)
    assert s.lake_url == f"file://{tmp_path / 'lakehouse'}"
    assert s.pg_dsn is None and s.dask_address is None and s.prefect_api_url is None
    assert s.events == 5000 and s.seed == 42
    assert s.storage_options == {}
    assert s.end == s.start + dt.timedelta(days=s.days - 1)


def test_environment_and_dotenv(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PQR_EVENTS", "123")
    (tmp_path / ".env").write_text("PQR_EVENTS=999\nPQR_SEED=7\nPQR_LAKE_URL=file://./other\n")
    for name in ("PQR_SEED", "PQR_LAKE_URL"):
        monkeypatch.setenv(name, "recorded")  # so that monkeypatch restores its absence, whatever .env sets
        monkeypatch.delenv(name)
    s = Settings.from_env()
    assert s.events == 123  # the environment wins over .env
    assert s.seed == 7 and s.lake_url == f"file://{tmp_path / 'other'}"
    assert s.with_overrides(events=None, seed=9).seed == 9


def test_s3_storage_options():
    s = Settings(lake_url="s3://bucket/prefix", s3_endpoint_url="http://127.0.0.1:9000",
                 aws_access_key_id="k", aws_secret_access_key="s")
    assert s.storage_options == {"key": "k", "secret": "s", "client_kwargs": {"endpoint_url": "http://127.0.0.1:9000"}}


def test_relative_settings_resolve_against_the_project_root(monkeypatch, tmp_path):
    """A notebook opened in notebooks/ must see the lake and database of `make run` in the root."""
    for name in ("PQR_LAKE_URL", "PQR_HOME", "PQR_SEED"):
        monkeypatch.setenv(name, "recorded")  # so that monkeypatch restores its absence, whatever .env sets
        monkeypatch.delenv(name)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "pqrlab"\n')
    (tmp_path / ".env").write_text("PQR_SEED=11\n")
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    s = Settings.from_env()
    assert s.lake_url == f"file://{tmp_path / 'lakehouse'}"
    assert s.home == tmp_path / ".pqr" and s.seed == 11
