"""dbt's run folders (one per invocation of the dbt asset) do not pile up: the older ones go,
the newest and any still being written stay. Through the dbt asset: test_dbt_assets.py (slow)."""

from __future__ import annotations

import os

from orchestration.defs.transform.resources import RUN_TARGET_MIN_AGE_S, prune_run_targets

NOW = 1_800_000_000.0


def _folder(root, name: str, age_s: float):
    folder = root / name
    folder.mkdir()
    (folder / "run_results.json").write_text("{}")
    os.utime(folder, (NOW - age_s, NOW - age_s))
    return folder


def test_all_but_the_newest_older_than_an_hour_are_removed(tmp_path):
    hours = [_folder(tmp_path, f"dbt_models-run{i}-abc", age_s=3600 * (i + 2)) for i in range(5)]
    other = _folder(tmp_path, "some_other_op-run0-abc", age_s=3600 * 9)  # not the dbt asset's
    (tmp_path / "manifest.json").write_text("{}")
    removed = prune_run_targets(tmp_path, now=NOW, keep=2)
    assert sorted(removed) == sorted(hours[2:])
    assert [f.exists() for f in hours] == [True, True, False, False, False]
    assert other.exists() and (tmp_path / "manifest.json").exists()
    assert prune_run_targets(tmp_path, now=NOW, keep=2) == []  # nothing more to do


def test_a_folder_written_in_the_last_hour_stays_whatever_its_rank(tmp_path):
    young = [
        _folder(tmp_path, f"dbt_models-young{i}-abc", age_s=RUN_TARGET_MIN_AGE_S - 60 * (i + 1))
        for i in range(3)
    ]
    assert prune_run_targets(tmp_path, now=NOW, keep=0) == []
    assert all(f.exists() for f in young)


def test_a_missing_target_directory_is_nothing_to_do(tmp_path):
    assert prune_run_targets(tmp_path / "absent", now=NOW) == []
