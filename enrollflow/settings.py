"""Typed settings, read from environment variables (prefix ``ENROLLFLOW_``).

Only the CLI and ``orchestration/`` read settings; domain packages (simulator/, segments/,
delivery/, ml/) take paths, connections and ``now`` as arguments.

| Variable                       | Default                                        | Meaning |
|--------------------------------|------------------------------------------------|---------|
| ``ENROLLFLOW_DATA_DIR``        | ``<checkout>/data``                            | root of all generated data (a source checkout's ``data/`` whatever the working directory; else ``./data``) |
| ``ENROLLFLOW_LANDING_DIR``     | ``$DATA_DIR/landing``                          | landing zone (provider files by source/day) |
| ``ENROLLFLOW_WAREHOUSE``       | ``duckdb``                                     | warehouse of record: ``duckdb`` (the file below) or ``postgres`` (``ENROLLFLOW_POSTGRES_URL``; see docs/scale.md) |
| ``ENROLLFLOW_WAREHOUSE_PATH``  | ``$DATA_DIR/warehouse.duckdb``                 | DuckDB warehouse file (with ``postgres``: the ingest's parse stage); readers open its snapshot ``<name>.snapshot.duckdb`` |
| ``ENROLLFLOW_OPS_STORE_URL``   | ``sqlite:///$DATA_DIR/ops.sqlite``             | operational store (SQLAlchemy URL) |
| ``ENROLLFLOW_POSTGRES_URL``    | ``postgresql://postgres@127.0.0.1:5432/postgres`` | the Postgres warehouse (raw tables in schema ``raw``, models in ``analytics``) and the dbt ``postgres`` target |
| ``ENROLLFLOW_START_DATE``      | the landing manifest's ``start_date``, else ``2026-01-01`` | first daily partition of the ingest assets |
| ``ENROLLFLOW_ORGANISATION_TZ`` | ``Europe/London``                              | fallback zone for contacts with no zone |
| ``ENROLLFLOW_PRIVACY_KEYS``    | (``$DATA_DIR/privacy.keys``)                   | AES-256-GCM keys ``id:base64,...``, active first |
| ``ENROLLFLOW_PRIVACY_HASH_KEY``| (``$DATA_DIR/privacy.keys``)                   | keyed-hash key ``id:base64`` (never rotated) |
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

DEFAULT_START_DATE = dt.date(2026, 1, 1)


def default_data_dir() -> Path:
    """``data/`` of the source checkout this package runs from, else ``./data``.

    A notebook started from ``notebooks/`` (Jupyter's working directory) and ``make demo`` from the
    checkout's root then open the same warehouse.
    """
    root = Path(__file__).resolve().parents[1]
    if (root / "pyproject.toml").is_file() and (root / "dbt_project").is_dir():
        return root / "data"
    return Path("data").resolve()


ENV_PREFIX = "ENROLLFLOW_"


def _environment(fields: Mapping[str, Any]) -> dict[str, str]:
    """The fields' values set in ``os.environ``: ``ENROLLFLOW_<FIELD>`` (or the field's
    ``validation_alias``), matched case-insensitively as pydantic-settings did."""
    wanted = {
        str(info.validation_alias or f"{ENV_PREFIX}{name}").lower(): str(
            info.validation_alias or name
        )
        for name, info in fields.items()
    }
    return {wanted[k.lower()]: v for k, v in os.environ.items() if k.lower() in wanted}


class Settings(BaseModel):
    """EnrollFlow settings; every field maps to ``ENROLLFLOW_<FIELD>``.

    Keyword arguments win over the environment (``Settings(data_dir=...)``); a value that does
    not fit its field raises pydantic's ``ValidationError`` naming the field. A plain pydantic
    model read from ``os.environ``: pydantic-settings cost every CLI call ~40 ms of imports.
    """

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    def __init__(self, **values: Any) -> None:
        super().__init__(**{**_environment(type(self).model_fields), **values})

    data_dir: Path = Field(default_factory=default_data_dir)
    landing_dir: Path | None = None
    warehouse_path: Path | None = None
    ops_store_url: str | None = None
    #: ``ENROLLFLOW_WAREHOUSE``: where ingest, dbt, segments and ML write (readers: the snapshot)
    warehouse_backend: Literal["duckdb", "postgres"] = Field(
        default="duckdb", validation_alias="ENROLLFLOW_WAREHOUSE"
    )
    postgres_url: str = "postgresql://postgres@127.0.0.1:5432/postgres"
    start_date: dt.date | None = None
    organisation_tz: str = "Europe/London"
    privacy_keys: str | None = Field(default=None, repr=False)
    privacy_hash_key: str | None = Field(default=None, repr=False)
    #: share of contacts that receive nothing from any campaign, per period (0 = off)
    global_holdout_share: float = Field(default=0.0, ge=0, lt=0.5)
    global_holdout_period: Literal["month", "quarter", "year"] = "quarter"

    @model_validator(mode="after")
    def _start_from_manifest(self) -> Settings:
        """Unset, the partitions start where the simulated business starts (or 2026-01-01)."""
        if self.start_date is None:
            manifest = self.landing / "_manifest.json"
            try:
                self.start_date = dt.date.fromisoformat(
                    json.loads(manifest.read_text())["start_date"]
                )
            except (OSError, ValueError, KeyError, TypeError):
                self.start_date = DEFAULT_START_DATE
        return self

    @cached_property
    def landing(self) -> Path:
        return (self.landing_dir or self.data_dir / "landing").resolve()

    @cached_property
    def warehouse(self) -> Path:
        return (self.warehouse_path or self.data_dir / "warehouse.duckdb").resolve()

    @cached_property
    def ops_store(self) -> str:
        return self.ops_store_url or f"sqlite:///{(self.data_dir / 'ops.sqlite').resolve()}"


def get_settings() -> Settings:
    """Settings from the current environment (not cached, so tests can set env vars)."""
    return Settings()


@contextmanager
def environ(extra: Mapping[str, str]) -> Iterator[None]:
    """``os.environ`` with ``extra`` for the block, then what was there before (or nothing)."""
    saved = {k: os.environ.get(k) for k in extra}
    os.environ.update(extra)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
