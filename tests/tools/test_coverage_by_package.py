"""``tools/coverage_by_package.py``: the per-package branch coverage table ``make coverage`` prints."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tools.coverage_by_package import Row, main, table

PYPROJECT = """
[tool.coverage.run]
branch = {branch}
source_pkgs = ["pkga", "pkgb"]
"""

# 7 statements, 4 branches (two ifs); f(1) takes 1 of the 4 branches and misses 3 statements
MODULE = """
def f(x):
    if x > 0:
        return "positive"
    if x < 0:
        return "negative"
    return "zero"

f(1)
"""


def _project(tmp_path: Path, branch: bool = True) -> Path:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT.format(branch=str(branch).lower()))
    for pkg in ("pkga", "pkgb"):
        (tmp_path / pkg).mkdir()
        (tmp_path / pkg / "__init__.py").write_text("")
    (tmp_path / "pkga" / "mod.py").write_text(textwrap.dedent(MODULE))
    subprocess.run(
        [sys.executable, "-m", "coverage", "run", "--rcfile=pyproject.toml", "-m", "pkga.mod"],
        cwd=tmp_path,
        check=True,
    )
    return tmp_path


def test_a_row_per_package_with_branch_figures(tmp_path):
    root = _project(tmp_path)
    rows = {row.package: row for row in table(root / ".coverage", root)}
    a = rows["pkga"]
    assert (a.statements, a.missed, a.branches, a.partial) == (7, 3, 4, 1)
    # coverage.py's branch formula: (7 - 3 statements run + 1 of 4 branches) / (7 + 4)
    assert a.percent == pytest.approx(100 * 5 / 11)
    # pkgb was never imported: no row figures rather than a made-up 0 %
    assert rows["pkgb"].percent is None


def test_a_domain_package_below_target_is_marked():
    low = Row("delivery", 100, 20, 10, 5, 79.9).line()
    high = Row("delivery", 100, 1, 10, 0, 95.0).line()
    other = Row("simulator", 100, 50, 10, 5, 40.0).line()
    assert low.endswith("< target") and "79.9 %" in low
    assert "< target" not in high and "< target" not in other
    assert Row("studio").line().endswith("not measured")


def test_line_only_data_is_refused(tmp_path):
    root = _project(tmp_path, branch=False)
    with pytest.raises(SystemExit, match="--cov-branch"):
        table(root / ".coverage", root)


def test_missing_data_file_says_how_to_make_it(tmp_path, capsys):
    assert main(str(tmp_path / "nope.coverage")) == 2
    assert "make coverage" in capsys.readouterr().err


def test_check_fails_only_for_a_domain_package_under_target(tmp_path, capsys, monkeypatch):
    # what `make test` runs after the suite: pkga (45 %) is a domain package here
    import tools.coverage_by_package as tool

    root = _project(tmp_path)
    monkeypatch.setattr(tool, "ROOT", root)
    monkeypatch.setattr(tool, "DOMAIN", ("pkga",))
    assert tool.main("--check", str(root / ".coverage")) == 1
    assert "pkga (45.5 %)" in capsys.readouterr().err
    assert tool.main(str(root / ".coverage")) == 0  # without --check the table only informs
    monkeypatch.setattr(tool, "DOMAIN", ("pkgb",))  # never imported: not measured is a failure
    assert tool.main("--check", str(root / ".coverage")) == 1
    assert "pkgb (not measured)" in capsys.readouterr().err
    monkeypatch.setattr(tool, "DOMAIN", ())
    assert tool.main("--check", str(root / ".coverage")) == 0
