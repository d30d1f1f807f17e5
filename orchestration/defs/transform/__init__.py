"""Transform domain: the dbt project (staging → intermediate → marts) as Dagster assets."""

import dagster as dg

from orchestration.defs.transform.assets import dbt_models

defs = dg.Definitions(assets=[dbt_models])
