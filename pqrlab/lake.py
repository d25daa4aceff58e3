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

import fnmatch
import hashlib
import io
import json
import posixpath
from dataclasses import dataclass, field

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq

from pqrlab.names import DAY_RE, InvalidName, check_dataset, check_day, check_run_id

SOURCE = "email"


class RawImmutableError(RuntimeError):
    """A Raw file already exists with different content."""


class PathEscapeError(InvalidName):
    """A path the lake was asked to build or touch lies outside its root."""


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
    # Every component is checked (allow-list), listings compare names exactly, never as glob patterns.
    def _base(self, layer: str, dataset: str | None = None) -> str:
        parts = [self._root, check_dataset(layer, "layer")] + ([check_dataset(dataset)] if dataset else [])
        return "/".join(parts)

    def partition(self, layer: str, day: str, run_id: str, dataset: str | None = None) -> str:
        """Path (without scheme) of one day/run partition of a layer (and dataset)."""
        return f"{self._base(layer, dataset)}/source={SOURCE}/day={check_day(day)}/run_id={check_run_id(run_id)}"

    def run_path(self, layer: str, dataset: str, run_id: str) -> str:
        """Path of a run-level dataset (Gold, models' outputs) that has no day partition."""
        return f"{self._base(layer, dataset)}/run_id={check_run_id(run_id)}"

    def inside(self, path: str) -> str:
        """`path` itself if it lies under the lake root (after resolving `.` and `..`), else PathEscapeError."""
        normal = posixpath.normpath(path)
        root = posixpath.normpath(self._root)
        if normal != path.rstrip("/") or not normal.startswith(root.rstrip("/") + "/"):
            raise PathEscapeError(f"path {path!r} is outside the lake {self.url}")
        return path

    def url_of(self, path: str) -> str:
        """Full URL of a path, for lineage and for engines (DuckDB) that take URLs."""
        protocol = self.fs.protocol if isinstance(self.fs.protocol, str) else self.fs.protocol[0]
        return f"{protocol}://{path}" if protocol != "file" else f"file://{path}"

    def _children(self, path: str, prefix: str) -> list[str]:
        """Names of the entries of folder `path` that start with `prefix` (none if it does not exist)."""
        try:
            entries = self.fs.ls(path, detail=False)
        except FileNotFoundError:
            return []
        names = (e.rstrip("/").rsplit("/", 1)[-1] for e in entries)
        return sorted(n for n in names if n.startswith(prefix))

    def days(self, layer: str, run_id: str, dataset: str | None = None) -> list[str]:
        """Days that have a partition for exactly `run_id`, sorted."""
        base = f"{self._base(layer, dataset)}/source={SOURCE}"
        folder = f"run_id={check_run_id(run_id)}"
        return [name[4:] for name in self._children(base, "day=")
                if DAY_RE.fullmatch(name[4:]) and folder in self._children(f"{base}/{name}", folder)]

    def files(self, layer: str, run_id: str, pattern: str, dataset: str | None = None) -> list[str]:
        """Files of exactly `run_id`'s partitions whose names match `pattern` (a pattern from code, not users)."""
        out = []
        for day in self.days(layer, run_id, dataset):
            folder = self.partition(layer, day, run_id, dataset)
            out += [f"{folder}/{name}" for name in self._children(folder, "") if fnmatch.fnmatchcase(name, pattern)]
        return sorted(out)

    # -- day-keyed derived partitions (incremental runs) ---------------------------------------
    # Raw keeps every run's copy of a day (append-only). A derived dataset (Bronze, Silver, Gold) keeps
    # exactly one current run folder per day: the run that last (re)processed that day replaces it.
    def all_days(self, layer: str, dataset: str | None = None) -> list[str]:
        """Days that have at least one run folder in `layer` (and dataset), sorted."""
        base = f"{self._base(layer, dataset)}/source={SOURCE}"
        return [name[4:] for name in self._children(base, "day=")
                if DAY_RE.fullmatch(name[4:]) and self._children(f"{base}/{name}", "run_id=")]

    def day_runs(self, layer: str, day: str, dataset: str | None = None) -> list[str]:
        """Run ids that have a folder for `day` in `layer` (and dataset), sorted."""
        base = f"{self._base(layer, dataset)}/source={SOURCE}/day={check_day(day)}"
        return [name[7:] for name in self._children(base, "run_id=")]

    def current_run(self, layer: str, day: str, dataset: str | None = None) -> str | None:
        """The one run whose folder holds a derived dataset's `day` (None if the day was never processed)."""
        found = self.day_runs(layer, day, dataset)
        if len(found) > 1:
            raise RuntimeError(f"{layer}/{dataset or ''} day {day} has {len(found)} run folders ({', '.join(found)}):"
                               " a replace was interrupted; rerun that day")
        return found[0] if found else None

    def current_partition(self, layer: str, day: str, dataset: str | None = None) -> str | None:
        """Path of the current run folder of a derived dataset's day, or None."""
        run_id = self.current_run(layer, day, dataset)
        return self.partition(layer, day, run_id, dataset) if run_id else None

    def replace_day(self, layer: str, day: str, run_id: str, dataset: str | None = None) -> list[str]:
        """After `run_id` wrote its folder for `day`: remove the day's other run folders (idempotent overwrite
        of a derived partition; Raw is never replaced). Returns the run ids removed."""
        if layer == "raw":
            raise RawImmutableError("Raw is append-only; it is never removed by the pipeline")
        removed = [r for r in self.day_runs(layer, day, dataset) if r != check_run_id(run_id)]
        for other in removed:
            self.fs.rm(self.inside(self.partition(layer, day, other, dataset)), recursive=True)
        return removed

    # -- bytes ------------------------------------------------------------------------------
    def read_bytes(self, path: str) -> bytes:
        with self.fs.open(path, "rb") as handle:
            return handle.read()

    def write_bytes(self, path: str, data: bytes) -> None:
        self.inside(path)
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
        return pa.concat_tables(tables, promote_options="permissive")  # string and large_string files mix

    def read_dataset(self, layer: str, dataset: str, run_id: str, columns: list[str] | None = None) -> pa.Table:
        """Every Parquet file of one run of a day-partitioned dataset (e.g. silver/tickets), as one table."""
        return self.read_parquet_files(self.files(layer, run_id, "*.parquet", dataset), columns=columns)

    def remove_run(self, layer: str, run_id: str, dataset: str | None = None) -> None:
        """Delete a derived layer's partitions of one run (before rewriting it)."""
        if layer == "raw":
            raise RawImmutableError("Raw is append-only; it is never removed by the pipeline")
        base, folder = self._base(layer, dataset), f"run_id={check_run_id(run_id)}"
        try:
            found = self.fs.find(base, withdirs=True)
        except FileNotFoundError:
            found = []
        for path in sorted({p.rstrip("/") for p in found if p.rstrip("/").rsplit("/", 1)[-1] == folder}):
            self.fs.rm(self.inside(path), recursive=True)

    def checksums(self, layers: tuple[str, ...] = ("raw", "bronze", "silver", "gold")) -> dict[str, str]:
        """sha256 of every file under the given layers, keyed by path relative to the lake root."""
        out: dict[str, str] = {}
        for layer in layers:
            for path in sorted(self.fs.find(f"{self._root}/{layer}")):
                out[path[len(self._root) + 1:]] = sha256_bytes(self.read_bytes(path))
        return out
