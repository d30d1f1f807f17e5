"""Print branch coverage per package from the ``.coverage`` file a test run left.

Run by ``make coverage`` after ``pytest --cov``; the packages are those of
``[tool.coverage.run] source_pkgs`` in pyproject.toml. The domain packages' target is 90 %.
"""

from __future__ import annotations

import io
import sys
import tomllib
from pathlib import Path

import coverage

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = {"segments", "delivery", "ml", "enrollflow"}  # held to TARGET
TARGET = 90.0


def packages() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return config["tool"]["coverage"]["run"]["source_pkgs"]


def main(data_file: str = ".coverage") -> int:
    cov = coverage.Coverage(
        data_file=str(ROOT / data_file), config_file=str(ROOT / "pyproject.toml")
    )
    cov.load()
    rows = []
    for pkg in packages():
        try:
            pct = cov.report(include=[f"{ROOT / pkg}/*"], file=io.StringIO())
        except coverage.exceptions.NoDataError:
            pct = 0.0
        rows.append((pkg, pct))
    print("\nbranch coverage by package (target for domain packages: 90 %)")
    for pkg, pct in rows:
        mark = "  < target" if pkg in DOMAIN and pct < TARGET else ""
        print(f"  {pkg:<14} {pct:5.1f} %{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
