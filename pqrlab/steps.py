"""What a pipeline step reports: timings, row counts and the lake files it read and wrote."""
from __future__ import annotations

import time
from dataclasses import dataclass, field


STEP_ORDER = ("generate", "bronze", "silver", "gold", "publish")


def ordered_steps(steps: dict) -> list[tuple[str, dict]]:
    """Steps of a `meta.runs` row in pipeline order (jsonb does not keep insertion order)."""
    rank = {name: i for i, name in enumerate(STEP_ORDER)}
    return sorted(steps.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0]))


@dataclass
class Output:
    """One file a step wrote (for `meta.lineage`)."""

    url: str
    rows: int
    sha256: str


@dataclass
class StepResult:
    step: str
    run_id: str
    rows_in: int = 0
    rows_out: int = 0
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)  # step-specific counts (e.g. quarantined)
    inputs: list[str] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)
    model_version: str | None = None

    @property
    def rows_per_second(self) -> float:
        return self.rows_out / self.seconds if self.seconds else 0.0

    def summary(self) -> dict:
        return {"rows_in": self.rows_in, "rows_out": self.rows_out, "seconds": round(self.seconds, 3),
                "rows_per_second": round(self.rows_per_second, 1), **self.counts}


class Timer:
    """`with Timer() as t: ...; t.seconds`"""

    def __enter__(self) -> "Timer":
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self._start
