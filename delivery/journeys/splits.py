"""Split nodes in the journey engine: fixed weights, held-back tests and Thompson-sampling bandits.

- ``mode: ab`` (default): each contact's arm comes from the deterministic hash
  (:func:`delivery.journeys.nodes.assign_variants`), holdout first.
- ``holdback``: of the non-holdout entrants, a stable share (a second hash, salted
  ``<campaign>:<split>:holdback``) is *held*: the journey row stays on the split node with
  variant ``held`` and comes due every ``check_every``. At each look the split reads the
  sequential readout (:meth:`WarehouseSource.split_decision`, i.e.
  :func:`ml.runs.experiments.split_decision` over ``experiment_results``): once it is
  conclusive the decision is written to the audit log (action ``split.winner``, subject
  ``<campaign>:<split>``, with the figures behind it) and every held contact -- now and later --
  moves on to the winner's branch with variant ``held>W`` (the ledger row carries ``W``, so the
  winner's content is rendered). An inconclusive readout or a sample-ratio mismatch keeps them
  waiting; when the first held contact has waited ``max_wait``, the split falls back to
  ``fallback`` (default: the control, the first variant), audited as ``split.fallback``. The
  first recorded decision is final: a later readout cannot move anyone. Held contacts pass
  through the same send nodes and ledger keys as everyone else, so each gets one message.
- ``mode: bandit``: the holdout by hash as above; the rest of each batch is allocated by the
  posterior probability that each arm is best (:meth:`WarehouseSource.bandit_shares`, Thompson
  sampling on the readout's counts; the planned weights until a readout exists), drawn with the
  contact's own hash so a re-run of an uncommitted batch stays reproducible for equal shares.

Contacts held back or routed are not part of the randomised test: ``fct_experiment_assignments``
leaves out every contact whose journey carried ``held``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable

import numpy as np
import pandas as pd
import sqlalchemy as sa

from delivery.campaigns.models import HELD_ROUTED_PREFIX, HELD_VARIANT, SplitNode, parse_duration
from delivery.campaigns.tables import journey_state as J
from delivery.journeys import nodes as N
from delivery.journeys.completion import ENGINE_ACTOR
from delivery.journeys.sources import WarehouseSource
from delivery.store import Store, write_audit
from delivery.store.schema import audit_log

WINNER_ACTION = "split.winner"
FALLBACK_ACTION = "split.fallback"


def subject(campaign_id: str, node_id: str) -> str:
    """The audit subject of a split's decision."""
    return f"{campaign_id}:{node_id}"


def recorded_winner(store: Store, campaign_id: str, node_id: str) -> str | None:
    """The split's decided variant from the audit log (the first decision), or None."""
    with store.engine.connect() as conn:
        detail = conn.execute(
            sa.select(audit_log.c.detail)
            .where(
                audit_log.c.action.in_((WINNER_ACTION, FALLBACK_ACTION)),
                audit_log.c.subject == subject(campaign_id, node_id),
            )
            .order_by(audit_log.c.audit_id)
            .limit(1)
        ).scalar()
    return json.loads(detail)["winner"] if detail else None


def ledger_variant(variants: pd.Series) -> pd.Series:
    """The variant a message renders: ``held>B`` -> ``B`` (others unchanged)."""
    out = variants.astype(object).copy()
    routed = [isinstance(v, str) and v.startswith(HELD_ROUTED_PREFIX) for v in out.tolist()]
    out[routed] = out[routed].str.slice(len(HELD_ROUTED_PREFIX))
    return out


class Splits:
    """Split handling for one tick of one campaign (decisions are read once per tick)."""

    def __init__(
        self,
        store: Store,
        source: WarehouseSource,
        campaign_id: str,
        now: dt.datetime,
        enter: Callable[[pd.DataFrame, pd.Series], pd.DataFrame],
        exit_id: str,
    ) -> None:
        self.store, self.source, self.cid, self.now = store, source, campaign_id, now
        self.enter = enter
        self.exit_id = exit_id
        self._winners: dict[str, str | None] = {}
        #: per split node: what this tick did (run metadata, CLI)
        self.report: dict[str, dict[str, object]] = {}

    def _note(self, node_id: str, key: str, value: object) -> None:
        entry = self.report.setdefault(node_id, {})
        if isinstance(value, int) and not isinstance(value, bool):
            entry[key] = int(entry.get(key, 0)) + value
        else:
            entry[key] = value

    # -- the node ---------------------------------------------------------------------------
    def handle(self, node: SplitNode, group: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``group`` after the split (held rows stay on it, due at the next look)."""
        held_before = (group["variant_id"] == HELD_VARIANT).fillna(False).to_numpy(dtype=bool)
        fresh = group[~held_before]
        if node.mode == "bandit":
            variants = self.bandit_variants(node, fresh["contact_id"])
        else:
            variants = N.assign_variants(fresh["contact_id"], self.cid, node)
        variants = pd.concat([variants, group.loc[held_before, "variant_id"]]).reindex(group.index)
        if node.holdback is not None:
            u = N.unit_hash(group["contact_id"], f"{self.cid}:{node.id}:holdback")
            newly = ~held_before & (variants != N.HOLDOUT).to_numpy() & (u < node.holdback.share)
            variants[newly] = HELD_VARIANT
        held = (variants == HELD_VARIANT).to_numpy(dtype=bool)
        out = group.copy()
        out["variant_id"] = variants
        moving = out[~held]
        targets = moving["variant_id"].map({v.id: v.next for v in node.variants})
        is_holdout = (moving["variant_id"] == N.HOLDOUT).to_numpy(dtype=bool)
        targets[is_holdout] = node.holdout_next or self.exit_id
        frames = [self.enter(moving, targets)] if len(moving) else []
        if held.any():
            frames.append(self.held(node, out[held], held_before[held]))
        return pd.concat(frames, ignore_index=True)

    def held(self, node: SplitNode, rows: pd.DataFrame, was_held: np.ndarray) -> pd.DataFrame:
        """Route the held rows to the decided winner, or park them until the next look."""
        rows = rows.copy()
        since = pd.to_datetime(rows["waiting_since"]).where(was_held, pd.Timestamp(self.now))
        rows["waiting_since"] = since
        winner = self.winner(node, since.min())
        if winner is None:
            self._note(node.id, "held", len(rows))
            check = parse_duration(node.holdback.check_every)
            return rows.assign(
                status="active", due_at=pd.Timestamp(self.now + check), exit_reason=None
            )
        self._note(node.id, "routed", len(rows))
        self._note(node.id, "winner", winner)
        target = next(v.next for v in node.variants if v.id == winner)
        routed = rows.assign(variant_id=HELD_ROUTED_PREFIX + winner)
        return self.enter(routed, pd.Series(target, index=routed.index))

    # -- decisions --------------------------------------------------------------------------
    def winner(self, node: SplitNode, earliest_here: pd.Timestamp) -> str | None:
        """The split's decided variant (recorded, or decided now and recorded), or None."""
        if node.id in self._winners:
            return self._winners[node.id]
        winner = recorded_winner(self.store, self.cid, node.id)
        if winner is None:
            winner = self.decide(node, earliest_here)
        self._winners[node.id] = winner
        return winner

    def decide(self, node: SplitNode, earliest_here: pd.Timestamp) -> str | None:
        spec = node.holdback
        decision = self.source.split_decision(self.cid, node.id, spec.metric)
        held_count, first_held = self.held_state(node.id)
        started = min(t for t in (first_held, earliest_here) if t is not None and not pd.isna(t))
        waited = pd.Timestamp(self.now) - pd.Timestamp(started)
        detail: dict[str, object] = {
            "metric": spec.metric,
            "readout": decision.reason,
            "figures": decision.figures,
            "held_back": held_count,
            "holding_since": pd.Timestamp(started).isoformat(),
        }
        if decision.conclusive and decision.winner is not None:
            action, winner = WINNER_ACTION, decision.winner
            detail["rule"] = "always-valid sequential test conclusive (Holm-adjusted, no SRM)"
        elif waited >= parse_duration(spec.max_wait):
            action, winner = FALLBACK_ACTION, spec.fallback or node.control
            detail["rule"] = (
                f"max_wait {spec.max_wait} reached without a conclusive readout: "
                f"fallback to {winner}"
            )
        else:
            self._note(node.id, "readout", decision.reason)
            return None
        detail["winner"] = winner
        with self.store.begin() as conn:
            write_audit(
                conn,
                now=self.now,
                actor=ENGINE_ACTOR,
                action=action,
                subject=subject(self.cid, node.id),
                detail=detail,
            )
        self._note(node.id, "decision", f"{action}: {winner}")
        return winner

    def held_state(self, node_id: str) -> tuple[int, pd.Timestamp | None]:
        """How many contacts wait on the split, and since when the first one waits."""
        with self.store.engine.connect() as conn:
            count, first = conn.execute(
                sa.select(sa.func.count(), sa.func.min(J.c.waiting_since)).where(
                    J.c.campaign_id == self.cid,
                    J.c.node_id == node_id,
                    J.c.status == "active",
                    J.c.variant_id == HELD_VARIANT,
                )
            ).one()
        return int(count), (pd.Timestamp(first) if first is not None else None)

    # -- bandit -----------------------------------------------------------------------------
    def bandit_variants(self, node: SplitNode, contact_ids: pd.Series) -> pd.Series:
        """Holdout by hash; the rest by the Thompson-sampling shares of the latest readout."""
        seed = hashlib.sha256(f"{self.cid}:{node.id}:{self.now.isoformat()}".encode()).digest()
        rng = np.random.default_rng(int.from_bytes(seed[:8], "big"))
        shares = self.source.bandit_shares(self.cid, node.id, node.bandit_metric, rng)
        ids = [v.id for v in node.variants]
        weights = np.array([shares.get(i, 0.0) if shares else v.weight for i, v in
                            zip(ids, node.variants, strict=True)], dtype=float)  # fmt: skip
        if not weights.sum() > 0:
            weights = np.array([v.weight for v in node.variants], dtype=float)
        self._note(node.id, "shares", dict(zip(ids, (weights / weights.sum()).round(4).tolist(),
                                               strict=True)))  # fmt: skip
        u = N.unit_hash(contact_ids, f"{self.cid}:{node.id}")
        rest = np.clip((u - node.holdout) / (1 - node.holdout), 0, np.nextafter(1, 0))
        edges = np.cumsum(weights) / weights.sum()
        index = np.minimum(np.searchsorted(edges, rest, side="right"), len(ids) - 1)
        out = np.where(u < node.holdout, N.HOLDOUT, np.array(ids, dtype=object)[index])
        return pd.Series(out, index=contact_ids.index, dtype=object)
