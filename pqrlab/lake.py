"""The data plane: the lake, addressed only through fsspec URLs (a local folder or S3).

Layout (Hive-style partitions, one place for it):

    raw/source=email/day=YYYY-MM-DD/run_id=R/part-*.jsonl + _manifest.json
    truth/source=email/day=YYYY-MM-DD/run_id=R/...            (ground truth, beside Raw)
    bronze/<dataset>/source=email/day=YYYY-MM-DD/run_id=R/part-0.parquet
    silver/<dataset>/source=email/day=YYYY-MM-DD/run_id=R/part-0.parquet
    gold/<dataset>/run_id=R/part-0.parquet

Raw is immutable: rewriting a file with other bytes is refused, with identical bytes a no-op.
Derived layers are overwritten per run, so a rerun of the same run id replaces, never appends.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass, field

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq

SOURCE = "email"
_DAY_RE = re.compile(r"day=(\d{4}-\d{2}-\d{2})")


class RawImmutableError(RuntimeError):
    """A Raw file already exists with different content."""


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Lake:
    """A lake rooted at an fsspec URL (`file:///abs/path` or `s3://bucket/prefix`)."""

    url: str
    storage_options: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.url = self.url.rstrip("/")
        self.fs, self._root = fsspec.core.url_to_fs(self.url, **self.storage_options)

    @classmethod
    def from_settings(cls, settings) -> "Lake":
        return cls(settings.lake_url, settings.storage_options)

    # -- addressing -------------------------------------------------------------------------
    def partition(self, layer: str, day: str, run_id: str, dataset: str | None = None) -> str:
        """Path (without scheme) of one day/run partition of a layer (and dataset)."""
        parts = [self._root, layer] + ([dataset] if dataset else [])
        parts += [f"source={SOURCE}", f"day={day}", f"run_id={run_id}"]
        return "/".join(parts)

    def run_path(self, layer: str, dataset: str, run_id: str) -> str:
        """Path of a run-level dataset (Gold, models' outputs) that has no day partition."""
        return f"{self._root}/{layer}/{dataset}/run_id={run_id}"

    def url_of(self, path: str) -> str:
        """Full URL of a path, for lineage and for engines (DuckDB) that take URLs."""
        protocol = self.fs.protocol if isinstance(self.fs.protocol, str) else self.fs.protocol[0]
        return f"{protocol}://{path}" if protocol != "file" else f"file://{path}"

    def days(self, layer: str, run_id: str, dataset: str | None = None) -> list[str]:
        """Days that have a partition for `run_id`, sorted."""
        base = "/".join([self._root, layer] + ([dataset] if dataset else []) + [f"source={SOURCE}"])
        found = self.fs.glob(f"{base}/day=*/run_id={run_id}")
        return sorted({m.group(1) for p in found if (m := _DAY_RE.search(p))})

    def files(self, layer: str, run_id: str, pattern: str, dataset: str | None = None) -> list[str]:
        base = "/".join([self._root, layer] + ([dataset] if dataset else []) + [f"source={SOURCE}"])
        return sorted(self.fs.glob(f"{base}/day=*/run_id={run_id}/{pattern}"))

    # -- bytes ------------------------------------------------------------------------------
    def read_bytes(self, path: str) -> bytes:
        with self.fs.open(path, "rb") as handle:
            return handle.read()

    def write_bytes(self, path: str, data: bytes) -> None:
        self.fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
        with self.fs.open(path, "wb") as handle:
            handle.write(data)

    def write_immutable(self, path: str, data: bytes) -> str:
        """Write a Raw file once: same bytes again is a no-op, other bytes raise. Returns sha256."""
        digest = sha256_bytes(data)
        if self.fs.exists(path):
            existing = sha256_bytes(self.read_bytes(path))
            if existing != digest:
                raise RawImmutableError(
                    f"{self.url_of(path)} already exists with other content (sha256 {existing[:12]}… "
                    f"vs {digest[:12]}…). Raw is immutable: use a new run id instead of rewriting it."
                )
            return digest
        self.write_bytes(path, data)
        return digest

    def write_json(self, path: str, obj: object, immutable: bool = False) -> str:
        data = (json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
        if immutable:
            return self.write_immutable(path, data)
        self.write_bytes(path, data)
        return sha256_bytes(data)

    def read_json(self, path: str) -> object:
        return json.loads(self.read_bytes(path))

    # -- parquet ----------------------------------------------------------------------------
    def write_parquet(self, path: str, table: pa.Table) -> str:
        """Write one Parquet file deterministically (same table, same bytes); return its sha256."""
        buffer = io.BytesIO()
        pq.write_table(table, buffer, compression="zstd", write_statistics=True)
        data = buffer.getvalue()
        self.write_bytes(path, data)
        return sha256_bytes(data)

    def read_parquet(self, path: str, columns: list[str] | None = None) -> pa.Table:
        with self.fs.open(path, "rb") as handle:
            return pq.read_table(handle, columns=columns)

    def read_parquet_files(self, paths: list[str], schema: pa.Schema | None = None,
                           columns: list[str] | None = None) -> pa.Table:
        tables = [self.read_parquet(p, columns) for p in paths]
        if not tables:
            if schema is None:
                raise FileNotFoundError("no Parquet files to read")
            return schema.empty_table()
        return pa.concat_tables(tables, promote_options="default")

    def read_dataset(self, layer: str, dataset: str, run_id: str, columns: list[str] | None = None) -> pa.Table:
        """Every Parquet file of one run of a day-partitioned dataset (e.g. silver/tickets), as one table."""
        return self.read_parquet_files(self.files(layer, run_id, "*.parquet", dataset), columns=columns)

    def remove_run(self, layer: str, run_id: str, dataset: str | None = None) -> None:
        """Delete a derived layer's partitions of one run (before rewriting it)."""
        if layer == "raw":
            raise RawImmutableError("Raw is append-only; it is never removed by the pipeline")
        base = "/".join([self._root, layer] + ([dataset] if dataset else []))
        for path in self.fs.glob(f"{base}/**/run_id={run_id}"):
            self.fs.rm(path, recursive=True)

    def checksums(self, layers: tuple[str, ...] = ("raw", "bronze", "silver", "gold")) -> dict[str, str]:
        """sha256 of every file under the given layers, keyed by path relative to the lake root."""
        out: dict[str, str] = {}
        for layer in layers:
            for path in sorted(self.fs.find(f"{self._root}/{layer}")):
                out[path[len(self._root) + 1:]] = sha256_bytes(self.read_bytes(path))
        return out
