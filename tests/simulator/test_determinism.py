"""Same seed → byte-identical files; another seed → different files."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.fixtures.business import simulate_small


def _hashes(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_identical_bytes(tmp_path):
    a = simulate_small(tmp_path / "a", contacts=600, days=21, seed=3)
    b = simulate_small(tmp_path / "b", contacts=600, days=21, seed=3)
    ha, hb = _hashes(a.out), _hashes(b.out)
    assert len(ha) > 50
    assert ha == hb


def test_same_seed_identical_when_compressed(tmp_path):
    a = simulate_small(tmp_path / "a", contacts=300, days=10, seed=5, compress=True)
    b = simulate_small(tmp_path / "b", contacts=300, days=10, seed=5, compress=True)
    assert all(p.endswith(".jsonl.gz") for p in _hashes(a.landing) if p != "_manifest.json")
    assert _hashes(a.out) == _hashes(b.out)


def test_different_seed_gives_different_data(tmp_path):
    a = simulate_small(tmp_path / "a", contacts=600, days=21, seed=3)
    b = simulate_small(tmp_path / "b", contacts=600, days=21, seed=4)
    ha, hb = _hashes(a.out), _hashes(b.out)
    common = set(ha) & set(hb)
    changed = [p for p in common if ha[p] != hb[p] and p.endswith(".jsonl")]
    assert len(changed) > 0.8 * len([p for p in common if p.endswith(".jsonl")])
