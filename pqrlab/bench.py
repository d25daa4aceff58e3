"""Benchmarks that print numbers (never timed tests).

    python -m pqrlab.bench generate --events 100000 1000000        # e-mail channel → Raw
    python -m pqrlab.bench mailbox --daily 82 1000 --days 61        # the mailbox alone: events/s, per CPU-second
    python -m pqrlab.bench engines --tickets 100000 1000000 5000000  # Dask vs Polars vs DuckDB
    python -m pqrlab.bench enrich --messages 512                    # MiniLM: naive fp32 vs fast path
    python -m pqrlab.bench tokenize --messages 5000                 # MiniLM's tokenizer alone
    python -m pqrlab.bench summary --messages 4000                  # extractive summaries
    python -m pqrlab.bench finetune --train-examples 1500           # minilm-finetuned vs minilm-head
    python -m pqrlab.bench bronze --lines 50000 [--reference old_bronze.py]  # Bronze validation lines/s
    python -m pqrlab.bench copy --rows 100000                       # COPY into PostgreSQL: row writer vs CSV
    python -m pqrlab.bench silver-day                               # Silver's pieces on one day: CPU-s each

Each size (and each engine) runs in a fresh cluster or process, so that peak memory (max RSS of the
driver and of every worker process) belongs to that run alone.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import shutil
import tempfile
import time
from pathlib import Path

from pqrlab.channel.generator import ChannelConfig
from pqrlab.lake import Lake
from pqrlab.layers.raw import generate_raw
from pqrlab.services.dask_cluster import dask_client


def _max_rss_mib() -> float:
    """Peak resident memory of this process (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_generate(events: int, workers: int, days: int, folder: Path) -> dict:
    """Generate one run of `events` e-mails into a scratch lake; return throughput and peak memory."""
    lake = Lake(f"file://{folder / f'lake-{events}'}")
    cfg = ChannelConfig(seed=42, run_id=f"bench-{events}", events=events, start=dt.date(2026, 3, 2), days=days)
    with dask_client(None, workers, shared=False) as client:  # its own cluster of `workers`
        client.run(lambda: None)  # workers up before the clock starts
        started = time.perf_counter()
        result = generate_raw(lake, client, cfg)
        seconds = time.perf_counter() - started
        worker_rss = client.run(_max_rss_mib)
    raw_bytes = sum(lake.fs.du(p) for p in [lake.url.removeprefix("file://") + "/raw"])
    shutil.rmtree(folder / f"lake-{events}", ignore_errors=True)
    return {"events": events, "seconds": seconds, "events_per_s": result.rows_out / seconds,
            "files": result.counts["files"], "raw_mib": raw_bytes / 2**20,
            "peak_worker_mib": max(worker_rss.values()), "driver_mib": _max_rss_mib()}


# -- Dask vs Polars vs DuckDB ------------------------------------------------------------------
ENGINES = ("dask+polars", "polars", "duckdb")
BENCH_START, BENCH_DAYS = dt.date(2026, 3, 2), 61


def synth_silver_tickets(n: int, folder: Path, seed: int = 7) -> dt.date:
    """Write `n` Silver-like tickets, one Parquet file per received day; return the as-of date."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    from pqrlab import business_days as bd
    from pqrlab.channel.generator import SUBTYPE_P, TOPIC_P, TYPE_P
    from pqrlab.channel.places import divipola, municipality_weights

    rng = np.random.default_rng(seed)
    as_of = BENCH_START + dt.timedelta(days=BENCH_DAYS - 1)
    day = np.datetime64(BENCH_START) + rng.integers(0, BENCH_DAYS, n).astype("timedelta64[D]")
    pick = lambda p: np.array(list(p))[rng.choice(len(p), n, p=np.array(list(p.values())) / sum(p.values()))]  # noqa: E731
    types, subtypes, topics = pick(TYPE_P), pick(SUBTYPE_P), pick(TOPIC_P)
    subtypes = np.where(types == "peticion", subtypes, None)
    terms = np.where(subtypes == "documentos", 10, np.where(subtypes == "consulta", 30, 15))
    due = bd.due_dates(day, terms)
    delay = np.maximum(1, np.round(terms * rng.lognormal(np.log(0.55), 0.45, n))).astype(int)
    answered = bd.due_dates(day, delay)
    at = answered.astype("datetime64[s]") + rng.integers(12 * 3600, 23 * 3600, n).astype("timedelta64[s]")
    at = np.where(answered <= np.datetime64(as_of), at, np.datetime64("NaT"))
    towns = divipola()
    dept = towns["department_code"].to_numpy()[rng.choice(len(towns), n, p=municipality_weights())]
    table = pa.table({
        "ticket_id": pa.array([f"T{i:09d}" for i in range(n)]), "day": day, "pqrs_type": types,
        "subtype": subtypes, "topic": topics, "department_code": dept, "due_date": due,
        "first_response_at": pa.array(at, pa.timestamp("s")).cast(pa.timestamp("us", tz="UTC")),
    })
    order = np.argsort(day, kind="stable")
    table = table.take(order)
    days = table.column("day").to_numpy()
    folder.mkdir(parents=True, exist_ok=True)
    for value in np.unique(days):
        idx = np.flatnonzero(days == value)
        pq.write_table(table.slice(idx[0], len(idx)), folder / f"day={value}.parquet")
    return as_of


def run_engine(engine: str, folder: Path, as_of: dt.date, out: Path, workers: int = 2) -> dict:
    """Run one engine over `folder` (this process only); write its results; return time and memory."""
    from pqrlab import engines

    paths = sorted(str(p) for p in folder.glob("*.parquet"))
    worker_mib = 0.0
    if engine == "dask+polars":
        with dask_client(None, workers, shared=False) as client:  # its own cluster of `workers`
            client.run(lambda: None)
            started = time.perf_counter()
            volume, sla = engines.dask_polars(client, paths, as_of)
            seconds = time.perf_counter() - started
            worker_mib = sum(client.run(_max_rss_mib).values())
    else:
        run = {"polars": engines.polars_lazy, "duckdb": engines.duckdb_sql}[engine]
        started = time.perf_counter()
        volume, sla = run(f"{folder}/*.parquet", as_of)
        seconds = time.perf_counter() - started
    engines.canonical(volume, engines.VOLUME_KEYS).to_parquet(out / f"{engine}-volume.parquet")
    engines.canonical(sla, engines.SLA_KEYS).to_parquet(out / f"{engine}-sla.parquet")
    return {"seconds": seconds, "peak_mib": _max_rss_mib() + worker_mib}


def bench_engines(sizes: list[int], workers: int, out_dir: Path) -> list[dict]:
    """Every engine at every size, each in a fresh process; results checked equal; table and plot saved."""
    import pandas as pd

    rows = []
    print(f"{'tickets':>10} {'engine':>12} {'seconds':>8} {'peak MiB':>9} {'rows/s':>12}  equal")
    with tempfile.TemporaryDirectory(prefix="pqr-engines-") as tmp:
        for n in sizes:
            data = Path(tmp) / f"silver-{n}"
            as_of = synth_silver_tickets(n, data)
            results = {}
            for engine in ENGINES:
                out = Path(tmp) / f"out-{n}"
                out.mkdir(exist_ok=True)
                proc = subprocess.run([sys.executable, "-m", "pqrlab.bench", "engine", engine, str(data),
                                       as_of.isoformat(), str(out), str(workers)],
                                      capture_output=True, text=True, check=True)
                measured = json.loads(proc.stdout.strip().splitlines()[-1])
                results[engine] = (pd.read_parquet(out / f"{engine}-volume.parquet"),
                                   pd.read_parquet(out / f"{engine}-sla.parquet"))
                base = results[ENGINES[0]]
                equal = base[0].equals(results[engine][0]) and base[1].equals(results[engine][1])
                rows.append({"tickets": n, "engine": engine, **measured, "equal": equal})
                print(f"{n:>10,} {engine:>12} {measured['seconds']:>8.2f} {measured['peak_mib']:>9.0f} "
                      f"{n / measured['seconds']:>12,.0f}  {equal}", flush=True)
                if not equal:
                    raise AssertionError(f"{engine} disagrees with {ENGINES[0]} at {n} tickets")
            shutil.rmtree(data, ignore_errors=True)
    write_engine_report(pd.DataFrame(rows), out_dir)
    return rows


def write_engine_report(table, out_dir: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    table.to_csv(out_dir / "engines.csv", index=False)
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for engine, group in table.groupby("engine"):
        axes[0].plot(group["tickets"], group["seconds"], marker="o", label=engine)
        axes[1].plot(group["tickets"], group["peak_mib"], marker="o", label=engine)
    for ax, label in zip(axes, ("seconds", "peak memory (MiB, driver + workers)")):
        ax.set_xscale("log")
        ax.set_xlabel("Silver tickets")
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
        ax.legend()
    fig.suptitle("Silver → Gold (volume + SLA): Dask+Polars vs Polars vs DuckDB, 2 cores")
    fig.tight_layout()
    fig.savefig(out_dir / "engines.png", dpi=110)


# -- MiniLM enrichment: naive vs the pipeline's path -----------------------------------------------
def held_out_examples(messages: int):
    """`messages` first e-mails of held-out seed 2 (the run repeated when it has fewer)."""
    import pandas as pd

    from pqrlab.enrich.train import labelled_examples

    held = labelled_examples(2, messages * 3).head(messages)
    while len(held) < messages:
        held = pd.concat([held, held], ignore_index=True).head(messages)
    return held


def bench_enrich(messages: int, train_examples: int, max_length: int, batch_size: int = 64,
                 consistency: int = 100, repeats: int = 3) -> dict:
    """Texts/s of plain fp32 transformers (batch 64 in arrival order, padded to the longest) vs the pipeline's
    path on the same e-mails (CPU: bf16 with fused kernels, length buckets; CUDA: fp16, batches of 512+,
    tokenization on threads ahead of the GPU), each the best of `repeats` interleaved runs (the 2 cores are
    shared); the hand-written set's scores (main, edge) of the same heads (trained on naive fp32 features) on
    both; and how many of the first `consistency` labels stay the same when an e-mail is encoded alone."""
    import dataclasses

    import numpy as np

    from pqrlab.enrich.handwritten import examples_frame, load_records, score
    from pqrlab.enrich.models import MiniLMFeaturizer, TrainedEnricher, model_text
    from pqrlab.enrich.train import labelled_examples

    train = labelled_examples(1, train_examples * 3).head(train_examples)
    held = held_out_examples(messages)
    texts = [model_text(s, b) for s, b in zip(held["subject"], held["body"])]
    naive_args = {"max_length": 128, "bucket": False, "batch_size": 64, "tokenizer_threads": 0, "fp16": False,
                  "bf16": False}
    naive = TrainedEnricher.train("minilm-head", "bench", train, seed=0, **naive_args)
    fast = dataclasses.replace(naive, featurizer=MiniLMFeaturizer(max_length=max_length, batch_size=batch_size))
    paths = {"naive fp32": naive, f"fast path, len{max_length}": fast}
    hand = examples_frame(load_records())
    rows = {name: {"texts_per_s": 0.0, "texts_per_cpu_s": 0.0} for name in paths}
    for enricher in paths.values():
        enricher.featurizer.transform(texts[:64])  # warm-up
    for _ in range(repeats):
        for name, enricher in paths.items():
            wall, cpu = time.perf_counter(), time.process_time()
            enricher.featurizer.transform(texts)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            rows[name]["texts_per_s"] = max(rows[name]["texts_per_s"], len(texts) / wall)
            rows[name]["texts_per_cpu_s"] = max(rows[name]["texts_per_cpu_s"], len(texts) / cpu)
    for name, enricher in paths.items():
        featurizer, head = enricher.featurizer, enricher.heads["pqrs_label"]
        together = head.predict(featurizer.transform(texts[:consistency]))
        alone = head.predict(np.vstack([featurizer.transform([t]) for t in texts[:consistency]]))
        rows[name].update(precision=featurizer.precision, same_label_alone=float(np.mean(alone == together)),
                          handwritten=score(enricher, hand))
    return rows


def bench_model(ref: str, messages: int, batch: int = 5000) -> dict:
    """A stored enricher (`name@version` in the settings' lake, or `keywords-baseline`) predicting `messages`
    held-out first e-mails in Silver-sized batches, in this process: wall and CPU seconds (all threads)."""
    from pqrlab.enrich.base import load_enricher
    from pqrlab.lake import Lake
    from pqrlab.settings import Settings

    enricher = load_enricher(ref, Lake.from_settings(Settings.from_env()))
    held = held_out_examples(messages)
    enricher.predict(held["subject"].head(50).tolist(), held["body"].head(50).tolist())  # warm-up (gazetteer)
    wall, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(held), batch):
        part = held.iloc[start:start + batch]
        enricher.predict(part["subject"].tolist(), part["body"].tolist())
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"messages": len(held), "wall_s": wall, "cpu_s": cpu, "per_cpu_s": len(held) / cpu,
            "per_s": len(held) / wall}


def bench_silver_day(enricher: str, day: str | None = None) -> dict:
    """Silver's pieces on one Bronze day of the settings' lake (default: its busiest), in this process, CPU
    seconds each (after a warm-up day that loads the enricher): what one `silver_day` task spends where."""
    from pqrlab.lake import Lake
    from pqrlab.layers import silver
    from pqrlab.settings import Settings

    lake = Lake.from_settings(Settings.from_env())
    days = lake.all_days("bronze", "messages")
    if not days:
        raise SystemExit(f"no Bronze days in {lake.url}: run `pqrlab run` first (PQR_LAKE_URL)")
    day = day or max(days, key=lambda d: len(silver.read_bronze_day(lake, d)))
    silver.enrich_messages(silver.read_bronze_day(lake, days[0]).head(50), enricher, lake)  # warm-up
    cpu: dict[str, float] = {}

    def timed(name: str, step, *args):
        started = time.process_time()
        out = step(*args)
        cpu[name] = time.process_time() - started
        return out

    bronze = timed("read Bronze day", silver.read_bronze_day, lake, day)
    names = silver.thread_name_sets(timed("learn names", silver.learned_names, bronze))
    enriched = timed("enrich", silver.enrich_messages, bronze, enricher, lake)
    masked = timed("mask", silver.mask_messages, enriched, names)
    summarized = timed("summary", silver.summarize_messages, masked)
    table = timed("to Arrow", silver.silver_table, timed("embeddings (off)", silver.embed_messages, summarized, False))
    first = summarized[summarized["kind"] == "initial"]
    timed("ticket partial", silver.ticket_partials, bronze[silver.LIFECYCLE_COLUMNS], first[silver.PREDICTION_OUT], "b")
    return {"day": day, "messages": table.num_rows, "first": len(first), "cpu_s": cpu}


def bench_tokenize(messages: int, max_length: int, threads: list[int], batch_size: int = 512) -> dict:
    """Tokenizer alone, messages/s: one text at a time, then whole batches on 0 (inline) or N threads."""
    import numpy as np

    from pqrlab.enrich.models import MiniLMFeaturizer, model_text

    held = held_out_examples(messages)
    texts = [model_text(s, b) for s, b in zip(held["subject"], held["body"])]
    featurizer = MiniLMFeaturizer(max_length=max_length, batch_size=batch_size)
    featurizer._load()
    started = time.perf_counter()
    for text in texts:
        featurizer._tokenizer(text, truncation=True, max_length=max_length)
    rows = {"one text at a time": len(texts) / (time.perf_counter() - started)}
    order = np.arange(len(texts))
    for n in threads:
        featurizer.tokenizer_threads = n
        started = time.perf_counter()
        for _ in featurizer._encoded_batches(texts, order):
            pass
        rows[f"batches of {batch_size}, {n or 'no'} extra thread(s)"] = len(texts) / (time.perf_counter() - started)
    return rows


def bench_summary(messages: int) -> dict:
    """Extractive summaries of masked held-out e-mails: how much shorter, and whether the keyword baseline
    still reads the right PQRS type from the summary alone."""
    import numpy as np

    from pqrlab.enrich.baseline import KeywordBaseline
    from pqrlab.enrich.masking import mask_pii, signature_names
    from pqrlab.enrich.summary import extractive_summary

    held = held_out_examples(messages)
    held = held[held["pqrs_type"] != "no_pqrs"]
    bodies = [mask_pii(b, signature_names(b)) for b in held["body"]]
    started = time.perf_counter()
    summaries = [extractive_summary("", b) or "" for b in bodies]
    seconds = time.perf_counter() - started
    baseline, truth = KeywordBaseline(), held["pqrs_type"].to_numpy()
    on = lambda texts: float(np.mean(baseline.predict([""] * len(texts), texts)["pqrs_type"].to_numpy() == truth))  # noqa: E731
    return {"e-mails": len(bodies), "summaries_per_s": len(bodies) / seconds,
            "mean_body_chars": float(np.mean([len(b) for b in bodies])),
            "mean_summary_chars": float(np.mean([len(s) for s in summaries])),
            "type_accuracy_body": on(bodies), "type_accuracy_summary": on(summaries)}


def bench_finetune(train_examples: int, eval_examples: int, epochs: int, max_length: int,
                   unseen_templates: bool = False) -> dict:
    """`minilm-finetuned` vs `minilm-head` (frozen encoder + the same heads): held-out scores and training
    time, same data, same machine; with `unseen_templates`, evaluated on paraphrases training never saw."""
    from pqrlab.enrich.models import TrainedEnricher
    from pqrlab.enrich.train import evaluate, labelled_examples

    split = ("train", "eval") if unseen_templates else (None, None)
    train = labelled_examples(1, train_examples * 3, template_split=split[0]).head(train_examples)
    held = labelled_examples(2, eval_examples * 3, template_split=split[1]).head(eval_examples)
    rows = {}
    for name, args in (("minilm-head", {}), ("minilm-finetuned", {"epochs": epochs})):
        started = time.perf_counter()
        enricher = TrainedEnricher.train(name, "bench", train, seed=0, max_length=max_length, **args)
        seconds = time.perf_counter() - started
        metrics = evaluate(enricher, held)
        rows[name] = {"seconds": seconds, **{f: metrics[f] for f in ("pqrs_type", "pqrs_label", "topic", "priority")}}
    return rows


def bench_mailbox(daily: float, days: int, start: dt.date = dt.date(2026, 3, 2)) -> dict:
    """The mailbox alone, one process: `mail_for_days` over a `days`-day range of `daily` e-mails a day.

    What a process builds once (Faker's pools of names, the towns, the holiday calendars) is timed apart
    as `setup_s`, by one day of a 1-e-mail mailbox of the same seed before the clock starts."""
    from pqrlab.channel.generator import forget_schedules, mail_for_days

    cfg = ChannelConfig(seed=42, daily_events=daily, start=start, days=days)
    started = time.perf_counter()
    mail_for_days(ChannelConfig(seed=cfg.seed, daily_events=1, start=start), [start])
    setup = time.perf_counter() - started
    forget_schedules()  # nothing remembered from the set-up day
    started, cpu = time.perf_counter(), time.process_time()
    lines = sum(len(mail.lines) for mail in mail_for_days(cfg, cfg.window).values())
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"daily": daily, "days": days, "lines": lines, "seconds": seconds, "events_per_s": lines / seconds,
            "events_per_cpu_s": lines / cpu, "setup_s": setup}


def bench_bronze(lines: int, reference: Path | None, repeats: int = 3) -> dict[str, float]:
    """Bronze's pure validation (`validate_lines`) on `lines` generated Raw lines, one process: lines/s
    (best of `repeats`), for this checkout and, when given, another `bronze.py` (e.g. an older commit's)."""
    import importlib.util

    from pqrlab.channel.generator import mail_for_days
    from pqrlab.layers import bronze

    cfg = ChannelConfig(seed=1, run_id="bench", events=lines, start=dt.date(2026, 3, 2), days=30)
    by_day = {day: mail.lines for day, mail in mail_for_days(cfg, cfg.window).items()}
    files = {day: [("part-0.jsonl", b"\n".join(ls) + b"\n")] for day, ls in by_day.items()}
    modules = {"this checkout": bronze}
    if reference:
        spec = importlib.util.spec_from_file_location("bronze_reference", reference)
        modules[str(reference)] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(modules[str(reference)])
    rates = {}
    for name, module in modules.items():
        best = float("inf")
        for _ in range(repeats):
            started = time.perf_counter()
            n = sum(sum(t.num_rows for t in module.validate_lines(f, dt.date.fromisoformat(d), "bench"))
                    for d, f in files.items())
            best = min(best, time.perf_counter() - started)
        rates[name] = n / best
    return rates


def bench_copy(rows: int, repeats: int = 3) -> dict[str, float]:
    """`copy_frame` (Arrow's CSV writer) vs psycopg's row writer and the pandas CSV text it replaced before,
    into an embedded PostgreSQL: rows/s."""
    import io

    import pandas as pd
    import psycopg

    from pqrlab.control.db import copy_frame, python_rows
    from pqrlab.services.postgres import embedded_server

    def csv_text(cur, table, frame):  # the replaced path: turned a subject `\\N` into NULL, failed on bare CR
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False, header=False, na_rep="\\N")
        with cur.copy(f"COPY {table} ({', '.join(frame.columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')") as copy:
            copy.write(buffer.getvalue())

    def row_writer(cur, table, frame):  # the replaced path: right, but one Python call per row
        with cur.copy(f"COPY {table} ({', '.join(frame.columns)}) FROM STDIN") as copy:
            for row in python_rows(frame):
                copy.write_row(row)

    frame = pd.DataFrame({"message_id": [f"<m{i}@x>" for i in range(rows)],
                          "ticket_id": [f"T{i // 3}" for i in range(rows)],
                          "kind": "initial", "direction": "inbound",
                          "sent_at": pd.Timestamp("2026-03-02T10:00:00Z") + pd.to_timedelta(range(rows), unit="s"),
                          "subject": "Reclamo por cobro", "body": "Presento un reclamo por el cobro del agua. " * 8,
                          "in_reply_to": None, "run_id": "bench"})
    rates = {}
    with tempfile.TemporaryDirectory(prefix="pqr-bench-") as tmp:
        server = embedded_server(Path(tmp) / "pgdata")
        try:
            with psycopg.connect(server.get_uri()) as conn, conn.cursor() as cur:
                cur.execute("CREATE TABLE m (message_id text, ticket_id text, kind text, direction text, "
                            "sent_at timestamptz, subject text, body text, in_reply_to text, run_id text)")
                for name, load in (("copy_frame (Arrow CSV)", copy_frame), ("psycopg row writer (before)", row_writer),
                                   ("pandas CSV text (first)", csv_text)):
                    best = float("inf")
                    for _ in range(repeats):
                        cur.execute("TRUNCATE m")
                        started = time.perf_counter()
                        load(cur, "m", frame)
                        best = min(best, time.perf_counter() - started)
                    rates[name] = rows / best
        finally:
            server.cleanup()
    return rates


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pqrlab.bench", description=__doc__)
    sub = parser.add_subparsers(dest="what", required=True)
    gen = sub.add_parser("generate", help="e-mail channel → Raw: events/s and peak memory by size")
    gen.add_argument("--events", type=int, nargs="+", default=[100_000, 1_000_000])
    gen.add_argument("--workers", type=int, default=2)
    gen.add_argument("--days", type=int, default=61)
    eng = sub.add_parser("engines", help="Silver → Gold with Dask+Polars, Polars and DuckDB: time and memory")
    eng.add_argument("--tickets", type=int, nargs="+", default=[100_000, 1_000_000, 5_000_000])
    eng.add_argument("--workers", type=int, default=2)
    eng.add_argument("--out", type=Path, default=Path("docs/bench"))
    enr = sub.add_parser("enrich", help="MiniLM: naive fp32 vs the pipeline's CPU path, messages/s and accuracy")
    enr.add_argument("--messages", type=int, default=1000)
    enr.add_argument("--train-examples", type=int, default=1000)
    enr.add_argument("--max-length", type=int, default=128, help="fast path (naive fp32: 128)")
    enr.add_argument("--batch-size", type=int, default=64, help="fast path (CUDA: at least 512)")
    enr.add_argument("--repeats", type=int, default=3, help="timed runs of each path, interleaved; the best counts")
    tok = sub.add_parser("tokenize", help="MiniLM's tokenizer alone: messages/s, one at a time and in batches")
    tok.add_argument("--messages", type=int, default=5000)
    tok.add_argument("--max-length", type=int, default=128)
    tok.add_argument("--threads", type=int, nargs="+", default=[0, 2, 4])
    sm = sub.add_parser("summary", help="extractive summaries: length and what the baseline still reads from them")
    sm.add_argument("--messages", type=int, default=4000)
    ft = sub.add_parser("finetune", help="MiniLM fine-tuned vs frozen + head: accuracy and training time")
    ft.add_argument("--train-examples", type=int, default=1500)
    ft.add_argument("--eval-examples", type=int, default=600)
    ft.add_argument("--epochs", type=int, default=3)
    ft.add_argument("--max-length", type=int, default=128)
    ft.add_argument("--unseen-templates", action="store_true")
    box = sub.add_parser("mailbox", help="the mailbox alone (mail_for_days, one process): events/s by daily volume")
    box.add_argument("--daily", type=float, nargs="+", default=[82, 1000])
    box.add_argument("--days", type=int, default=61)
    brz = sub.add_parser("bronze", help="Bronze's pure validation: lines/s, this checkout vs a reference bronze.py")
    brz.add_argument("--lines", type=int, default=50_000)
    brz.add_argument("--reference", type=Path, default=None)
    mod = sub.add_parser("model", help="a stored enricher's prediction speed: messages/s and per CPU-second")
    mod.add_argument("--model", required=True, help="name@version in the lake (PQR_LAKE_URL), or keywords-baseline")
    mod.add_argument("--messages", type=int, default=5000)
    sday = sub.add_parser("silver-day", help="Silver's pieces on one Bronze day of the lake: CPU seconds each")
    sday.add_argument("--enricher", default="tfidf-ensemble@1.0.0")
    sday.add_argument("--day", default=None, help="YYYY-MM-DD (default: the lake's busiest Bronze day)")
    cp = sub.add_parser("copy", help="COPY into PostgreSQL: Arrow's CSV vs psycopg's row writer and pandas' CSV")
    cp.add_argument("--rows", type=int, default=100_000)
    one = sub.add_parser("engine", help=argparse.SUPPRESS)  # one engine, in its own process
    one.add_argument("engine", choices=ENGINES)
    one.add_argument("data", type=Path)
    one.add_argument("as_of")
    one.add_argument("out", type=Path)
    one.add_argument("workers", type=int)
    args = parser.parse_args(argv)
    if args.what == "summary":
        row = bench_summary(args.messages)
        print(f"{row['e-mails']:,} PQRS e-mails (masked), {row['summaries_per_s']:,.0f} summaries/s: "
              f"{row['mean_body_chars']:.0f} → {row['mean_summary_chars']:.0f} characters on average; "
              f"keyword-baseline type accuracy {row['type_accuracy_body']:.3f} on the body, "
              f"{row['type_accuracy_summary']:.3f} on the summary alone")
        return 0
    if args.what == "mailbox":
        for daily in args.daily:
            row = bench_mailbox(daily, args.days)
            print(f"{row['daily']:>8,.0f} e-mails/day × {row['days']} days: {row['lines']:>9,} lines in "
                  f"{row['seconds']:6.1f} s = {row['events_per_s']:>8,.0f} events/s, {row['events_per_cpu_s']:,.0f} per "
                  f"CPU-second (mail_for_days, one process; set-up once per process {row['setup_s']:.2f} s, not counted)",
                  flush=True)
        return 0
    if args.what == "bronze":
        for name, per_s in bench_bronze(args.lines, args.reference).items():
            print(f"{args.lines:,} Raw lines, {name:<40} {per_s:>10,.0f} lines/s (validate_lines, one process)")
        return 0
    if args.what == "model":
        row = bench_model(args.model, args.messages)
        print(f"{args.model}: {row['messages']:,} first e-mails in {row['wall_s']:.1f} s wall, {row['cpu_s']:.1f} CPU-s: "
              f"{row['per_s']:,.0f} messages/s, {row['per_cpu_s']:,.0f} messages per CPU-second")
        return 0
    if args.what == "silver-day":
        row = bench_silver_day(args.enricher, args.day)
        print(f"Silver day {row['day']} ({row['messages']:,} messages, {row['first']:,} first e-mails), "
              f"{args.enricher}, CPU seconds in one process:")
        for name, seconds in row["cpu_s"].items():
            print(f"  {name:<18} {seconds:7.3f}")
        print(f"  {'total':<18} {sum(row['cpu_s'].values()):7.3f}")
        return 0
    if args.what == "copy":
        for name, per_s in bench_copy(args.rows).items():
            print(f"COPY {args.rows:,} message rows, {name:<24} {per_s:>10,.0f} rows/s")
        return 0
    if args.what == "finetune":
        rows = bench_finetune(args.train_examples, args.eval_examples, args.epochs, args.max_length,
                              args.unseen_templates)
        for name, row in rows.items():
            print(f"{name:<17} type macro-F1 {row['pqrs_type']['macro_f1']:.3f}  type+subtype accuracy "
                  f"{row['pqrs_label']['accuracy']:.3f}  topic {row['topic']['accuracy']:.3f}  priority "
                  f"{row['priority']['accuracy']:.3f}  training {row['seconds']:,.0f} s")
        return 0
    if args.what in ("enrich", "tokenize"):
        import torch

        device = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "no CUDA"
        print(f"torch {torch.__version__}, {torch.get_num_threads()} CPU threads, {device}")
    if args.what == "tokenize":
        for name, per_s in bench_tokenize(args.messages, args.max_length, args.threads).items():
            print(f"{name:<40} {per_s:>10,.0f} messages/s")
        return 0
    if args.what == "enrich":
        from pqrlab.enrich.handwritten import report_lines

        rows = bench_enrich(args.messages, args.train_examples, args.max_length, args.batch_size,
                            repeats=args.repeats)
        base = next(iter(rows.values()))
        for name, row in rows.items():
            print(f"{name:<20} {row['precision']:<5} {row['texts_per_s']:>7,.1f} texts/s "
                  f"(x{row['texts_per_s'] / base['texts_per_s']:.2f}), {row['texts_per_cpu_s']:>7,.1f} texts per "
                  f"CPU-second (x{row['texts_per_cpu_s'] / base['texts_per_cpu_s']:.2f}); same label alone as in "
                  f"a batch {row['same_label_alone']:.0%}")
        for name, row in rows.items():
            print("\n".join(report_lines(f"hand-written set, {name} ({row['precision']}), same heads",
                                          row["handwritten"])))
        return 0
    if args.what == "engines":
        bench_engines(args.tickets, args.workers, args.out)
        return 0
    if args.what == "engine":
        measured = run_engine(args.engine, args.data, dt.date.fromisoformat(args.as_of), args.out, args.workers)
        print(json.dumps(measured))
        return 0
    with tempfile.TemporaryDirectory(prefix="pqr-bench-") as tmp:
        print(f"{'events':>12} {'seconds':>9} {'events/s':>10} {'files':>7} {'raw MiB':>9} "
              f"{'peak worker MiB':>16} {'driver MiB':>11}")
        for events in args.events:
            row = bench_generate(events, args.workers, args.days, Path(tmp))
            print(f"{row['events']:>12,} {row['seconds']:>9.1f} {row['events_per_s']:>10,.0f} {row['files']:>7} "
                  f"{row['raw_mib']:>9.1f} {row['peak_worker_mib']:>16.0f} {row['driver_mib']:>11.0f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
