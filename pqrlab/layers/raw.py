"""Raw: the mail delivered on each day lands as immutable JSONL plus a manifest, one partition per day.

A run writes one partition per delivery day it covers, `raw/source=email/day=D/run_id=R/part-000.jsonl`
(+ `_manifest.json` with the seed, the day, the daily volume and the generator version), and the truth of the
threads opened that day beside it (`truth/source=email/day=D/run_id=R/`). Raw is append-only: another run
covering D writes its own `run_id=` folder, with the same lines (the mailbox is a function of the day).
`generate_raw` maps one task per group of consecutive days over Dask; each task streams its files to the
lake and returns only their metadata, so the run is never held in memory in one place.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field

from distributed import Client, as_completed

from pqrlab.channel.generator import (GENERATOR_VERSION, ChannelConfig, DayMail, RawFile, config_dict,
                                     generation_tasks, mail_for_days)
from pqrlab.channel.schema import RAW_SCHEMA_VERSION
from pqrlab.lake import Lake, sha256_bytes
from pqrlab.steps import Output, StepResult, Timer

MANIFEST = "_manifest.json"


def write_day_mail(lake: Lake, cfg: ChannelConfig, mail: DayMail) -> list[RawFile]:
    """Write one delivery day's Raw files and its truth (tickets opened that day, defects injected)."""
    base = lake.partition("raw", mail.day, cfg.run_id)
    written = []
    for name, lines in sorted(mail.files.items()):
        data = b"".join(line + b"\n" for line in lines)
        kinds: dict[str, int] = defaultdict(int)
        for d in mail.defects:
            if d["file"] == name:
                kinds[d["kind"]] += 1
        digest = lake.write_immutable(f"{base}/{name}", data)
        written.append(RawFile(day=mail.day, name=name, lines=len(lines), defects=dict(kinds), sha256=digest))
    truth_dir = lake.partition("truth", mail.day, cfg.run_id)
    for fname, rows in (("tickets-000.jsonl", mail.truths), ("defects-000.jsonl", mail.defects)):
        payload = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows).encode()
        lake.write_immutable(f"{truth_dir}/{fname}", payload)
    return written


def write_days(lake: Lake, cfg: ChannelConfig, days: list[str]) -> list[RawFile]:
    """One Dask task: generate the mail of a group of delivery days (ISO strings) and write each day."""
    mail = mail_for_days(cfg, [dt.date.fromisoformat(day) for day in days])
    return [f for day in sorted(mail) for f in write_day_mail(lake, cfg, mail[day])]


def manifest_for(cfg: ChannelConfig, day: str, files: list[RawFile]) -> dict:
    files = sorted(files, key=lambda f: f.name)
    defects: dict[str, int] = defaultdict(int)
    for f in files:
        for kind, n in f.defects.items():
            defects[kind] += n
    return {
        "source": "email", "day": day, "run_id": cfg.run_id, "seed": cfg.seed, "daily_events": cfg.daily,
        "generator_version": GENERATOR_VERSION, "schema_version": RAW_SCHEMA_VERSION,
        "parameters": config_dict(cfg),
        "files": [{"name": f.name, "sha256": f.sha256, "lines": f.lines} for f in files],
        "lines": sum(f.lines for f in files), "defects": dict(sorted(defects.items())),
    }


def task_days(cfg: ChannelConfig, days: list[str] | None = None) -> list[list[str]]:
    """The run's delivery days (ISO strings; default: the config's window) grouped into generation tasks."""
    dates = None if days is None else [dt.date.fromisoformat(d) for d in days]
    return [[d.isoformat() for d in group] for group in generation_tasks(cfg, dates)]


def generate_raw(lake: Lake, client: Client, cfg: ChannelConfig, days: list[str] | None = None) -> StepResult:
    """Generate the run's delivery days into Raw, in parallel by group of days; one manifest per day."""
    with Timer() as timer:
        groups = task_days(cfg, days)
        futures = client.map(write_days, [lake] * len(groups), [cfg] * len(groups), groups, pure=False)
        files: list[RawFile] = []
        for future in as_completed(futures):  # stream: keep only metadata, release each result
            files += future.result()
            future.release()
        result = finish_raw(lake, cfg, files)
    result.seconds = timer.seconds
    return result


def finish_raw(lake: Lake, cfg: ChannelConfig, files: list[RawFile]) -> StepResult:
    """After the `write_days` tasks: one manifest per day partition, and the step's counts and outputs."""
    result = StepResult(step="generate", run_id=cfg.run_id)
    by_day: dict[str, list[RawFile]] = defaultdict(list)
    for f in files:
        by_day[f.day].append(f)
    defects: dict[str, int] = defaultdict(int)
    for day, day_files in sorted(by_day.items()):
        manifest = manifest_for(cfg, day, day_files)
        path = f"{lake.partition('raw', day, cfg.run_id)}/{MANIFEST}"
        lake.write_json(path, manifest, immutable=True)
        for f in sorted(day_files, key=lambda f: f.name):
            result.outputs.append(Output(lake.url_of(f"{lake.partition('raw', day, cfg.run_id)}/{f.name}"),
                                         f.lines, f.sha256))
        for kind, n in manifest["defects"].items():
            defects[kind] += n
    result.rows_out = sum(o.rows for o in result.outputs)
    result.counts = {"files": len(result.outputs), "days": len(by_day),
                     **{f"defect_{k}": v for k, v in sorted(defects.items())}}
    return result


def read_manifests(lake: Lake, run_id: str) -> list[dict]:
    return [lake.read_json(p) for p in lake.files("raw", run_id, MANIFEST)]


class RawIntegrityError(RuntimeError):
    """Files a Raw manifest lists are gone: their lines cannot be typed nor quarantined."""


@dataclass
class PartitionCheck:
    """One Raw partition held against its manifest: what Bronze may read, what it must quarantine."""

    trusted: list[tuple[str, bytes]] = field(default_factory=list)        # listed, sha256 matches
    untrusted: list[tuple[str, bytes, str, str]] = field(default_factory=list)  # (name, data, reason, detail)
    missing: list[str] = field(default_factory=list)                        # listed, not there


def manifest_problem(manifest: object, day: str, run_id: str) -> str | None:
    """Why `manifest` cannot vouch for partition (day, run_id), or None when it can (pure)."""
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), list):
        return "the partition has no readable _manifest.json"
    if manifest.get("day") != day or manifest.get("run_id") != run_id:
        return f"_manifest.json describes day={manifest.get('day')!r} run_id={manifest.get('run_id')!r}"
    for entry in manifest["files"]:
        if not (isinstance(entry, dict) and isinstance(entry.get("name"), str)
                and isinstance(entry.get("sha256"), str)):
            return "_manifest.json lists a file without a name and sha256"
    return None


def verify_partition(manifest: object, present: dict[str, bytes], day: str, run_id: str) -> PartitionCheck:
    """Sort a partition's files (relative name -> bytes) by what its manifest says of them (pure).

    Only files that are listed *and* whose sha256 matches are trusted. A file that is not listed (or a
    partition without a valid manifest) is `unlisted_file`; a listed file with other bytes is
    `checksum_mismatch`. Names come from the listing of the folder, never from the manifest, so a
    manifest cannot point Bronze outside its partition.
    """
    check = PartitionCheck()
    problem = manifest_problem(manifest, day, run_id)
    listed = {} if problem else {e["name"]: e["sha256"] for e in manifest["files"]}
    for name, data in sorted(present.items()):
        if name not in listed:
            check.untrusted.append((name, data, "unlisted_file", problem or "not listed in _manifest.json"))
        elif sha256_bytes(data) != listed[name]:
            detail = f"sha256 {sha256_bytes(data)[:12]}… but the manifest lists {listed[name][:12]}…"
            check.untrusted.append((name, data, "checksum_mismatch", detail))
        else:
            check.trusted.append((name, data))
    check.missing = sorted(set(listed) - set(present))
    return check


def not_readable(info: dict) -> str | None:
    """Why Bronze must not read an entry (fsspec `info`: a symbolic link, folder, pipe or device), or None
    for a plain file. A link could pull a file from outside the lake into quarantine; a pipe would block the
    step forever (pure)."""
    if info.get("islink"):
        return "a symbolic link: not followed, not read"
    if info.get("type") != "file":
        return f"not a regular file ({info.get('type')}): not read"
    return None


def read_partition(lake: Lake, day: str, run_id: str) -> tuple[object, dict[str, bytes], dict[str, str]]:
    """A Raw partition's manifest (None when absent or unreadable), every other regular file under it, and
    the entries that are no regular file or cannot be read (name -> why)."""
    base = lake.partition("raw", day, run_id)
    present, unread = {}, {}
    manifest_ok = False
    for path, info in sorted(lake.fs.find(base, detail=True).items()):
        name = path[len(base) + 1:] if path.startswith(base + "/") else path.rsplit("/", 1)[-1]
        if name == MANIFEST:
            manifest_ok = not_readable(info) is None
            continue
        try:
            why = not_readable(info)
            if why is None:
                present[name] = lake.read_bytes(path)
        except OSError as err:  # unreadable (permissions), or gone while listed
            why = f"cannot be read ({err.strerror or err})"
        if why is not None:
            unread[name] = why
    try:
        manifest = lake.read_json(f"{base}/{MANIFEST}") if manifest_ok else None
    except (OSError, ValueError, RecursionError):  # absent, not JSON, not UTF-8, absurdly nested
        manifest = None
    return manifest, present, unread


def checked_partition(lake: Lake, day: str, run_id: str) -> PartitionCheck:
    """Read one Raw partition and hold it against its manifest; entries that are no regular file are
    reported as unlisted files without lines (a listed one counts as missing)."""
    manifest, present, unread = read_partition(lake, day, run_id)
    check = verify_partition(manifest, present, day, run_id)
    check.untrusted += [(name, b"", "unlisted_file", why) for name, why in sorted(unread.items())]
    return check


def verify_manifests(lake: Lake, run_id: str) -> list[str]:
    """Every problem of a run's Raw against its manifests: altered, unlisted and missing files, as
    `url: reason` lines (empty when Raw is intact)."""
    problems = []
    for day in lake.days("raw", run_id):
        base = lake.partition("raw", day, run_id)
        check = checked_partition(lake, day, run_id)
        problems += [f"{lake.url_of(f'{base}/{name}')}: {reason}" for name, _, reason, _ in check.untrusted]
        problems += [f"{lake.url_of(f'{base}/{name}')}: missing_file" for name in check.missing]
    return problems
