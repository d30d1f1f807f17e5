"""Print branch coverage per package from the ``.coverage`` file a test run left.

Run by ``make test`` and ``make coverage`` after ``pytest --cov``; the packages are those of
``[tool.coverage.run] source_pkgs`` in pyproject.toml. The domain packages' target is 90 %.

``python tools/coverage_by_package.py [--check] [DATA_FILE]`` prints one row per package: statements,
statements missed, branches, branches partly taken, and coverage as coverage.py computes it with
``branch = true`` ((statements run + branches taken) / (statements + branches)). A package the
run did not import at all says "not measured" rather than 0 %. With ``--check`` it exits 1 when a
domain package is under the target or was not measured (what ``make test`` holds the code to).
"""

from __future__ import annotations

import io
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import coverage

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = ("segments", "delivery", "ml", "enrollflow")  # held to TARGET
TARGET = 90.0


@dataclass(frozen=True)
class Row:
    """One package's totals (``None`` figures: nothing of the package was measured)."""

    package: str
    statements: int | None = None
    missed: int | None = None
    branches: int | None = None
    partial: int | None = None
    percent: float | None = None

    def line(self) -> str:
        if self.percent is None:
            return f"  {self.package:<14} {'':>7} {'':>7} {'':>7} {'':>7}   not measured"
        mark = "  < target" if self.package in DOMAIN and self.percent < TARGET else ""
        return (
            f"  {self.package:<14} {self.statements:>7} {self.missed:>7} {self.branches:>7}"
            f" {self.partial:>7} {self.percent:7.1f} %{mark}"
        )


def packages(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    config = tomllib.loads(pyproject.read_text())
    return config["tool"]["coverage"]["run"]["source_pkgs"]


def package_row(cov: coverage.Coverage, root: Path, package: str) -> Row:
    """Totals of the files under ``root/package`` in ``cov``'s data."""
    text = io.StringIO()
    try:
        percent = cov.report(include=[f"{root / package}/*"], file=text, precision=1)
    except coverage.exceptions.NoDataError:
        return Row(package)
    total = next(line for line in text.getvalue().splitlines() if line.startswith("TOTAL"))
    # TOTAL  Stmts  Miss  Branch  BrPart  Cover
    statements, missed, branches, partial = (int(f) for f in total.split()[1:5])
    return Row(package, statements, missed, branches, partial, percent)


def table(data_file: Path | str, root: Path = ROOT) -> list[Row]:
    """One :class:`Row` per package of ``root``'s pyproject.toml, from ``data_file``."""
    cov = coverage.Coverage(data_file=str(data_file), config_file=str(root / "pyproject.toml"))
    cov.load()
    if not cov.get_data().has_arcs():
        raise SystemExit(f"{data_file} holds line coverage only; run pytest with --cov-branch")
    return [package_row(cov, root, pkg) for pkg in packages(root / "pyproject.toml")]


def below_target(rows: list[Row]) -> list[str]:
    """The domain packages under :data:`TARGET` (or not measured at all), as ``"name (figure)"``."""
    return [
        f"{row.package} ({'not measured' if row.percent is None else f'{row.percent:.1f} %'})"
        for row in rows
        if row.package in DOMAIN and (row.percent is None or row.percent < TARGET)
    ]


def main(*args: str) -> int:
    check = "--check" in args
    files = [a for a in args if a != "--check"]
    data_file = files[0] if files else ".coverage"
    path = Path(data_file) if Path(data_file).is_absolute() else ROOT / data_file
    if not path.exists():
        print(
            f"no coverage data at {path}; run `make test` or `make coverage` (pytest --cov) first",
            file=sys.stderr,
        )
        return 2
    rows = table(path, ROOT)
    print(f"\nbranch coverage by package (target for {', '.join(DOMAIN)}: {TARGET:.0f} %)")
    print(f"  {'package':<14} {'stmts':>7} {'miss':>7} {'branch':>7} {'brpart':>7}   cover")
    for row in rows:
        print(row.line())
    low = below_target(rows)
    if check and low:
        print(f"under the {TARGET:.0f} % target: {', '.join(low)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
