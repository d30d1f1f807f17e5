"""``campaign_compliance``: every campaign's compliance checklist as a warehouse table."""

# No `from __future__ import annotations`: Dagster reads the context/resource annotations at runtime.

import datetime as dt

import dagster as dg
import pandas as pd

from delivery.campaigns.lifecycle import get_campaign, list_campaigns
from orchestration.defs.delivery.resources import OpsStoreResource, SenderResource
from orchestration.resources import WarehouseResource
from privacy.checklist import checklist, gather_facts

COLUMNS = ["campaign_id", "item", "status", "detail", "checked_at"]


@dg.asset(
    group_name="privacy",
    kinds={"python", "duckdb"},
    owners=["team:data-platform"],
    pool="duckdb_warehouse",
    description=(
        "One row per campaign and compliance item (consent per channel, email footer with "
        "unsubscribe link and postal address, SMS opt-out wording, quiet hours, approval), "
        "computed from each campaign's file and its sends in the ops store "
        "(`privacy.checklist`); for the report and the studio."
    ),
    metadata={
        "dagster/column_schema": dg.TableSchema(
            columns=[
                dg.TableColumn("campaign_id", "VARCHAR"),
                dg.TableColumn("item", "VARCHAR", description="e.g. consent:email, approval"),
                dg.TableColumn("status", "VARCHAR", description="pass, fail, warn or n/a"),
                dg.TableColumn("detail", "VARCHAR"),
                dg.TableColumn("checked_at", "TIMESTAMP"),
            ]
        )
    },
)
def campaign_compliance(
    ops_store: OpsStoreResource, delivery: SenderResource, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = []
    with ops_store.open() as store:
        for campaign in list_campaigns(store):
            record = get_campaign(store, campaign["campaign_id"])
            facts = gather_facts(
                store,
                record,
                postal_address=delivery.postal_address,
                unsubscribe_configured=bool(
                    delivery.public_base_url and delivery.unsubscribe_secret
                ),
            )
            rows += [
                (record.campaign_id, i.item, i.status, i.detail, now)
                for i in checklist(record.spec, facts)
            ]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    with warehouse.workspace([]) as con:
        con.register("compliance_rows", frame)
        con.execute("CREATE OR REPLACE TABLE campaign_compliance AS SELECT * FROM compliance_rows")
        con.unregister("compliance_rows")
        warehouse.save(con, "campaign_compliance")
    counts = frame["status"].value_counts().to_dict() if len(frame) else {}
    failing = frame[frame["status"] == "fail"]
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": dg.MetadataValue.int(len(frame)),
            "campaigns": dg.MetadataValue.int(frame["campaign_id"].nunique() if len(frame) else 0),
            **{f"status.{k}": dg.MetadataValue.int(int(v)) for k, v in counts.items()},
            "failing": dg.MetadataValue.md(
                failing.to_markdown(index=False) if len(failing) else "none"
            ),
        }
    )
