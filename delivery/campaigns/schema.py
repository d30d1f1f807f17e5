"""JSON Schema of campaign files, exported for editors (``campaign.schema.json`` beside this file)."""

from __future__ import annotations

import json
from pathlib import Path

from delivery.campaigns.models import Campaign

SCHEMA_PATH = Path(__file__).with_name("campaign.schema.json")


def campaign_json_schema() -> dict:
    """The JSON Schema of a campaign file, generated from :class:`Campaign`."""
    schema = Campaign.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "EnrollFlow campaign file"
    return schema


def schema_text() -> str:
    """The schema as stable, pretty JSON text (what ``campaign.schema.json`` must contain)."""
    return json.dumps(campaign_json_schema(), indent=2, sort_keys=True) + "\n"


def export_schema(path: Path = SCHEMA_PATH) -> Path:
    """Write the schema file (``enrollflow campaign schema`` does this) and return its path."""
    path.write_text(schema_text(), encoding="utf-8")
    return path
