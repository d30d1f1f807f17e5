"""How dbt nodes become Dagster assets: raw sources keep their ingest asset keys, groups by layer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings

LAYERS = ("staging", "intermediate", "marts")
OWNERS = ["team:data-platform"]


class EnrollflowDbtTranslator(DagsterDbtTranslator):
    """Map dbt resources to asset keys, groups and owners.

    - A source table is the ingest asset that writes it: ``AssetKey("raw_crm__contacts")``, so every
      staging model is downstream of its ``raw_*`` asset.
    - A model keeps its name as key; its group is its layer (``staging``, ``intermediate``,
      ``marts``), the first folder under ``models/``.
    """

    def __init__(self) -> None:
        super().__init__(DagsterDbtTranslatorSettings(enable_asset_checks=True))

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        """Source tables → their raw table name; models → their model name."""
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey(dbt_resource_props["name"])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        """The model's layer, from its path: ``models/<layer>/...``."""
        fqn = dbt_resource_props.get("fqn", [])
        layer = fqn[1] if len(fqn) > 2 else None
        return layer if layer in LAYERS else "dbt"

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> Sequence[str] | None:
        """Every dbt model is owned by the data-platform team."""
        return OWNERS
