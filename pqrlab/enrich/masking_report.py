"""How well and how fast PII masking works: recall and precision per kind on the hand-labelled set,
masking throughput on generated mail, and the time to mask adversarial text.

    python -m pqrlab.enrich.masking --report [--cases tests/data/pii_cases.jsonl] [--messages 2000]

A labelled span is *found* when every letter and digit of it lies inside predicted spans of the same
kind, and *masked* when it lies inside predicted spans of any kind (nothing leaks). A predicted span is
*correct* when it overlaps a labelled span of the same kind.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from pqrlab.enrich.masking import KINDS, Span, find_pii, mask_pii, signature_names

DEFAULT_CASES = Path(__file__).resolve().parents[2] / "tests" / "data" / "pii_cases.jsonl"


@dataclass
class KindScore:
    """Counts for one PII kind."""

    labelled: int = 0
    found: int = 0
    masked: int = 0
    predicted: int = 0
    correct: int = 0
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.labelled if self.labelled else 1.0

    @property
    def leak_free(self) -> float:
        return self.masked / self.labelled if self.labelled else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0


def load_cases(path: Path = DEFAULT_CASES) -> list[dict]:
    """The labelled cases: {"id", "split", "style", "text", "spans": [[start, end, kind], …], "annotated"}.

    Split "dev" was written while the recognisers were built; "holdout" was written afterwards and
    scored once, to show how much the dev numbers flatter them."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _covered(text: str, start: int, end: int, spans: list[Span]) -> bool:
    inside = set()
    for s in spans:
        inside.update(range(max(s.start, start), min(s.end, end)))
    return all(i in inside for i in range(start, end) if text[i].isalnum())


def score(cases: list[dict]) -> dict[str, KindScore]:
    """Recall, leak-free share and precision per kind, each case masked on its own (no thread names)."""
    scores = {kind: KindScore() for kind in KINDS}
    for case in cases:
        text, gold = case["text"], [Span(s, e, k) for s, e, k in case["spans"]]
        predicted = find_pii(text)
        for g in gold:
            row = scores[g.kind]
            row.labelled += 1
            row.found += _covered(text, g.start, g.end, [p for p in predicted if p.kind == g.kind])
            row.masked += _covered(text, g.start, g.end, predicted)
            if not _covered(text, g.start, g.end, [p for p in predicted if p.kind == g.kind]):
                row.misses.append(f"{case['id']}: {text[g.start:g.end]!r}")
        for p in predicted:
            row = scores[p.kind]
            row.predicted += 1
            hit = any(g.kind == p.kind and g.start < p.end and p.start < g.end for g in gold)
            row.correct += hit
            if not hit:
                row.false_hits.append(f"{case['id']}: {text[p.start:p.end]!r}")
    return scores


def untouched_negatives(cases: list[dict]) -> tuple[int, int]:
    """(cases without any PII that masking left exactly as they were, cases without any PII)."""
    negatives = [c for c in cases if not c["spans"]]
    return sum(mask_pii(c["text"]) == c["text"] for c in negatives), len(negatives)


def score_table(scores: dict[str, KindScore]) -> str:
    """A Markdown table: kind, labelled, recall, masked (any kind), predicted, precision."""
    lines = ["| kind | labelled | recall | masked as any kind | predicted | precision |",
             "|---|---:|---:|---:|---:|---:|"]
    for kind, s in scores.items():
        lines.append(f"| {kind} | {s.labelled} | {s.recall:.3f} | {s.leak_free:.3f} | {s.predicted} | "
                     f"{s.precision:.3f} |")
    return "\n".join(lines)


def generated_messages(n: int) -> list[tuple[str, str]]:
    """(subject, body) of `n` generated e-mails (every kind: first e-mails, acks, follow-ups, responses)."""
    from pqrlab.channel.generator import ChannelConfig, mail_for_day

    cfg = ChannelConfig(seed=7, run_id="maskbench", daily_events=n, defect_rate=0.0)
    lines = mail_for_day(cfg, dt.date(2026, 3, 3)).lines  # a Tuesday: about n e-mails of every kind
    return [(e.get("subject") or "", e.get("body") or "") for e in map(json.loads, lines)][:n]


def throughput(messages: list[tuple[str, str]], mask=mask_pii, learn=signature_names) -> float:
    """Messages masked per CPU second of this process (names learned from the body, then subject and body
    masked), so that other work on the machine does not change the number."""
    started = time.process_time()
    for subject, body in messages:
        names = learn(body)
        mask(subject, names), mask(body, names)
    return len(messages) / (time.process_time() - started)


ADVERSARIAL_RUNS = {
    "letters": "a", "dots": ".", "digits": "1", "at signs": "@", "spaces": " ", "dots and digits": "1.",
    "e-mail parts": "a.a@", "hyphens": "-", "digits and spaces": "1 ", "words": "Ana ", "cue words": "cc tel ",
    "address words": "Calle 1 # ", "mixed": "a1.@ -#\n",
}


def adversarial_text(kind: str, size: int) -> str:
    """`size` characters of one repeated run that makes naive patterns backtrack."""
    unit = ADVERSARIAL_RUNS[kind]
    return (unit * (size // len(unit) + 1))[:size]


def adversarial_seconds(size: int = 1_000_000) -> dict[str, float]:
    """CPU seconds to mask `size` characters of each adversarial run."""
    seconds = {}
    for kind in ADVERSARIAL_RUNS:
        text = adversarial_text(kind, size)
        started = time.process_time()
        mask_pii(text)
        seconds[kind] = time.process_time() - started
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m pqrlab.enrich.masking",
                                     description="PII masking: accuracy per kind and speed")
    parser.add_argument("--report", action="store_true", help="print the per-kind table and the timings")
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES, help="labelled JSONL cases")
    parser.add_argument("--messages", type=int, default=2000, help="generated e-mails for the throughput")
    parser.add_argument("--size", type=int, default=1_000_000, help="characters of each adversarial text")
    parser.add_argument("--errors", action="store_true", help="also list misses and false hits")
    args = parser.parse_args(argv)
    if not args.report:
        parser.error("nothing to do: pass --report")
    if not args.cases.exists():
        parser.exit(2, f"error: no labelled cases at {args.cases} (pass --cases PATH)\n")
    cases = load_cases(args.cases)
    scores = score(cases)
    kept, negatives = untouched_negatives(cases)
    print(f"Labelled set {args.cases.name}: {len(cases)} strings, {sum(s.labelled for s in scores.values())} "
          f"PII spans, {negatives} strings without PII ({kept} left untouched)\n")
    print(score_table(scores))
    for split in sorted({c.get("split", "dev") for c in cases}):
        part = [c for c in cases if c.get("split", "dev") == split]
        kept, negatives = untouched_negatives(part)
        print(f"\nSplit {split!r}: {len(part)} strings ({negatives} without PII, {kept} left untouched)\n")
        print(score_table(score(part)))
    if args.errors:
        for kind, s in scores.items():
            for line in s.misses:
                print(f"miss {kind} {line}")
            for line in s.false_hits:
                print(f"false {kind} {line}")
    messages = generated_messages(args.messages)
    print(f"\nThroughput: {throughput(messages):,.0f} messages per CPU second ({len(messages)} generated e-mails)")
    timings = adversarial_seconds(args.size)
    print(f"Adversarial text, {args.size:,} characters each, CPU seconds: "
          + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items()) + f"; total {sum(timings.values()):.2f} s")
