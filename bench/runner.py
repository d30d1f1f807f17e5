"""The benchmark runner: a registry of benchmarks, the cached large business, results as JSON.

A benchmark is a function decorated with ``@benchmark("name")`` in a ``bench/bench_<name>.py``
module. It returns a :class:`Result`: its figure beside a baseline measured in the same process.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import json
import os
import pkgutil
import platform
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
DEFAULT_CONTACTS = 1_000_000
DEFAULT_DAYS = 365
DEFAULT_SEED = 42


@dataclass(frozen=True)
class Result:
    """One benchmark's outcome.

    Attributes
    ----------
    figure : float
        The measured value (e.g. events per second).
    unit : str
        Unit of ``figure`` and ``baseline``.
    baseline : float
        The same quantity for the baseline, measured in the same process.
    baseline_label : str
        What the baseline is (``"json.dumps per record, extrapolated"``).
    higher_is_better : bool
        Direction of ``figure`` (rates: True, durations: False).
    details : dict
        Any further figures worth keeping (durations, sizes, counts).
    """

    figure: float
    unit: str
    baseline: float
    baseline_label: str
    higher_is_better: bool = True
    details: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        """How many times better than the baseline (>1 is better, whatever the direction)."""
        if self.baseline == 0 or self.figure == 0:
            return float("nan")
        return self.figure / self.baseline if self.higher_is_better else self.baseline / self.figure


@dataclass(frozen=True)
class Config:
    """Size of the benchmark business and where data lives."""

    contacts: int = DEFAULT_CONTACTS
    days: int = DEFAULT_DAYS
    seed: int = DEFAULT_SEED
    data_dir: Path = Path("data")
    compress: bool = False


REGISTRY: dict[str, Callable[[], Result]] = {}
_config = Config()


def benchmark(name: str) -> Callable[[Callable[[], Result]], Callable[[], Result]]:
    """Register the decorated function as benchmark ``name`` (it takes no argument, returns a Result)."""

    def register(func: Callable[[], Result]) -> Callable[[], Result]:
        if name in REGISTRY and REGISTRY[name] is not func:
            raise ValueError(f"benchmark {name!r} is registered twice ({func.__module__})")
        REGISTRY[name] = func
        return func

    return register


@contextlib.contextmanager
def throwaway_postgres(label: str = "bench") -> Iterator[str]:
    """URL of a fresh database on ``ENROLLFLOW_POSTGRES_URL``'s server, dropped afterwards."""
    import psycopg2

    admin = os.environ.get(
        "ENROLLFLOW_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    name = f"enrollflow_{label}_{uuid.uuid4().hex[:8]}"
    conn = psycopg2.connect(admin)
    conn.autocommit = True
    conn.cursor().execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{admin.rsplit('/', 1)[0]}/{name}"
    finally:
        conn.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()


def config() -> Config:
    """The configuration of the current run (size of the business, data directory)."""
    return _config


def business_dir(cfg: Config | None = None) -> Path:
    """Where the cached business of ``cfg`` lives: ``<data>/bench/business-<contacts>-<days>-<seed>``."""
    cfg = cfg or _config
    return cfg.data_dir / "bench" / f"business-{cfg.contacts}-{cfg.days}-{cfg.seed}"


def business(cfg: Config | None = None) -> Path:
    """Path of the cached large business (``landing/``, ``truth/``), simulating it on first use.

    The business is reused while ``landing/_manifest.json`` matches the configured size and seed.
    """
    from simulator import simulate

    cfg = cfg or _config
    out = business_dir(cfg)
    manifest_path = out / "landing" / "_manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if (manifest["contacts"], manifest["days"], manifest["seed"]) == (
            cfg.contacts,
            cfg.days,
            cfg.seed,
        ):
            return out
    print(
        f"simulating the benchmark business ({cfg.contacts:,} contacts, {cfg.days} days) into {out}"
    )
    began = time.perf_counter()
    simulate(out, contacts=cfg.contacts, days=cfg.days, seed=cfg.seed, compress=cfg.compress)
    print(f"  done in {time.perf_counter() - began:.1f} s")
    return out


def discover(names: list[str] | None = None) -> list[str]:
    """Import ``bench/bench_*.py`` modules (which register their benchmarks); return all names.

    With ``names``, only ``bench_<name>.py`` of each is imported when it exists (running one
    benchmark does not import the others); otherwise, and for names without their own module,
    every module is imported.
    """
    package = Path(__file__).resolve().parent
    modules = sorted(
        m.name for m in pkgutil.iter_modules([str(package)]) if m.name.startswith("bench_")
    )
    wanted = [f"bench_{n}" for n in names or []]
    if not names or any(w not in modules for w in wanted):
        wanted = modules
    for module in wanted:
        try:
            importlib.import_module(f"bench.{module}")
        except ImportError as exc:  # one broken module must not hide the others
            print(
                f"warning: bench/{module}.py could not be imported, skipped: {exc}", file=sys.stderr
            )
    return sorted(REGISTRY)


def _fmt(value: float) -> str:
    return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def run(names: list[str], cfg: Config) -> list[dict]:
    """Run the named benchmarks under ``cfg``; print and save each result; return the records."""
    global _config
    _config = cfg
    available = discover(names)
    unknown = [n for n in names if n not in available]
    if unknown:
        raise SystemExit(
            f"unknown benchmark(s) {', '.join(unknown)}; available: {', '.join(available)}"
        )
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    records = []
    for name in names:
        print(f"== {name}")
        began = time.perf_counter()
        result = REGISTRY[name]()
        record = {
            "name": name,
            **asdict(result),
            "ratio": result.ratio,
            "contacts": cfg.contacts,
            "days": cfg.days,
            "seed": cfg.seed,
            "duration_s": round(time.perf_counter() - began, 2),
            "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "load_1m": os.getloadavg()[0],
            },
        }
        print(
            f"   {name}: {_fmt(result.figure)} {result.unit}  |  baseline ({result.baseline_label}): "
            f"{_fmt(result.baseline)} {result.unit}  |  ratio {result.ratio:,.1f}x"
        )
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        for path in (RESULTS_DIR / f"{name}-{stamp}.json", RESULTS_DIR / f"{name}-latest.json"):
            path.write_text(json.dumps(record, indent=2, default=str) + "\n")
        records.append(record)
    return records


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m bench [all|NAME ...] [--contacts N] [--days D] [--seed S]``."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "names", nargs="*", default=["all"], help="benchmarks to run (default: all)"
    )
    parser.add_argument("--contacts", type=int, default=DEFAULT_CONTACTS)
    parser.add_argument("--days", type=int, default=DEFAULT_DAYS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--compress", action="store_true", help="cache the business as .jsonl.gz")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(os.environ.get("ENROLLFLOW_DATA_DIR", "data")),
        help="data root; the cached business goes under <data-dir>/bench/",
    )
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    selected = None if args.list or args.names == ["all"] else args.names
    available = discover(selected)
    if args.list:
        print("\n".join(available))
        return 0
    if args.contacts < 1 or args.days < 1:
        parser.error("--contacts and --days must be positive")
    names = available if args.names == ["all"] else args.names
    cfg = Config(args.contacts, args.days, args.seed, args.data_dir, args.compress)
    run(names, cfg)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
