"""The landing-zone → raw-table contract (docs/data-contract.md) as data.

Each raw table is a :class:`TableSpec`: where its files live, which JSON keys become which typed
columns, which keys are required and which timestamps must be plausible. The loader
(:mod:`enrollflow.ingest.load`) and the expectations (:mod:`enrollflow.ingest.expectations`) are
generated from these specs, so the contract is written down once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from delivery.campaigns.tables import JOURNEY_STATUSES
from delivery.campaigns.tables import STATUSES as CAMPAIGN_STATUSES
from delivery.store.schema import LEDGER_STATES

# DuckDB types used by raw tables. "JSON" columns hold nested lists/objects as JSON text (VARCHAR).
ColumnType = Literal[
    "VARCHAR",
    "JSON",
    "BIGINT",
    "INTEGER",
    "DOUBLE",
    "BOOLEAN",
    "TIMESTAMP",
    "DATE",
    "EPOCH_S",
    "EPOCH_US",
]

#: Storage type of each contract type (epochs stay integers; JSON stays text).
STORAGE_TYPE: dict[str, str] = {
    "VARCHAR": "VARCHAR",
    "JSON": "VARCHAR",
    "BIGINT": "BIGINT",
    "INTEGER": "INTEGER",
    "DOUBLE": "DOUBLE",
    "BOOLEAN": "BOOLEAN",
    "TIMESTAMP": "TIMESTAMP",
    "DATE": "DATE",
    "EPOCH_S": "BIGINT",
    "EPOCH_US": "BIGINT",
}

LINEAGE_COLUMNS: dict[str, str] = {
    "_partition_date": "DATE",
    "_source_file": "VARCHAR",
    "_line": "BIGINT",
    "_ingested_at": "TIMESTAMP",
}

REJECTS_TABLE = "raw_rejects"
REJECTS_COLUMNS: dict[str, str] = {
    "source": "VARCHAR",
    "raw_table": "VARCHAR",
    "_partition_date": "DATE",
    "_source_file": "VARCHAR",
    "_line": "BIGINT",
    "reason": "VARCHAR",
    "payload": "VARCHAR",
    "_ingested_at": "TIMESTAMP",
}


@dataclass(frozen=True)
class Column:
    """One raw column read from a JSON key.

    Parameters
    ----------
    name : str
        Column name in the raw table.
    type : ColumnType
        Contract type; ``EPOCH_S``/``EPOCH_US`` are stored as BIGINT and range-checked.
    key : str, optional
        JSON path relative to the record (``$.`` prefix added); defaults to ``name``.
    required : bool
        A record missing this key (or holding null) is rejected.
    event_time : bool
        The value must lie in [2000-01-01, now + 1 day]; otherwise the record is rejected.
    envelope : bool
        Read from the enclosing POST rather than from the unnested record (SendGrid batches).
    """

    name: str
    type: ColumnType = "VARCHAR"
    key: str | None = None
    required: bool = False
    event_time: bool = False
    envelope: bool = False

    @property
    def json_path(self) -> str:
        parts = (self.key or self.name).split(".")
        return "$." + ".".join(f'"{p}"' for p in parts)

    @property
    def storage_type(self) -> str:
        return STORAGE_TYPE[self.type]


@dataclass(frozen=True)
class Derived:
    """A column computed from other (already typed) columns with a SQL expression."""

    name: str
    storage_type: str
    sql: str


@dataclass(frozen=True)
class Rule:
    """An extra reject rule: rows where ``condition`` (SQL over typed columns) holds are rejected."""

    condition: str
    reason: str


@dataclass(frozen=True)
class TableSpec:
    """How one landing file family becomes one raw table."""

    source: str
    table: str
    file_stem: str
    columns: tuple[Column, ...]
    derived: tuple[Derived, ...] = ()
    rules: tuple[Rule, ...] = ()
    #: JSON key of the envelope holding a list of records (SendGrid POSTs), else one record per line.
    batch_key: str | None = None
    #: Columns that together are unique in the contract (checked by expectations), if any.
    unique_key: tuple[str, ...] = ()
    #: Allowed values of enumerated columns (checked by expectations, not by ingest).
    value_sets: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def record_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.envelope)

    @property
    def envelope_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.envelope)

    @property
    def data_columns(self) -> dict[str, str]:
        """Raw-table column name → storage type, in table order (without lineage)."""
        cols = {c.name: c.storage_type for c in self.columns}
        cols.update({d.name: d.storage_type for d in self.derived})
        return cols

    @property
    def schema(self) -> dict[str, str]:
        """Full raw-table schema: data columns then lineage columns."""
        return {**self.data_columns, **LINEAGE_COLUMNS}

    @property
    def time_columns(self) -> tuple[str, ...]:
        """Columns whose values must be in [2000-01-01, now + 1 day] (TIMESTAMP-typed)."""
        names = [c.name for c in self.columns if c.event_time and c.type == "TIMESTAMP"]
        names += [
            d.name for d in self.derived if d.storage_type == "TIMESTAMP" and d.name == "event_at"
        ]
        return tuple(names)


def _c(name: str, type: ColumnType = "VARCHAR", **kw: object) -> Column:
    return Column(name, type, **kw)  # type: ignore[arg-type]


def _req(name: str, type: ColumnType = "VARCHAR", **kw: object) -> Column:
    return Column(name, type, required=True, **kw)  # type: ignore[arg-type]


def _event(name: str, type: ColumnType = "TIMESTAMP", **kw: object) -> Column:
    return Column(name, type, required=True, event_time=True, **kw)  # type: ignore[arg-type]


#: The first columns of both web tables (page events and banner events), as the collector writes them.
WEB_EVENT_KEYS = (
    _req("event_id"),
    _event("event_timestamp", "EPOCH_US"),
    _req("event_name"),
    _req("user_pseudo_id"),
    _c("user_id"),
)
WEB_EVENT_AT = Derived(
    "event_at",
    "TIMESTAMP",
    "CASE WHEN event_timestamp BETWEEN 0 AND 253402300799999999 "
    "THEN make_timestamp(event_timestamp) END",
)
CHANNELS = ("email", "sms")
PAID_CHANNELS = ("paid_social", "paid_search")
AD_PLATFORMS = ("meta", "google", "linkedin", "tiktok")
COURSE_CATEGORIES = (
    "data", "software", "design", "business", "marketing", "languages", "health", "finance",
)  # fmt: skip

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        source="crm",
        table="raw_crm__contacts",
        file_stem="contacts",
        columns=(
            _req("contact_id"),
            _c("first_name"),
            _c("last_name"),
            _c("email"),
            _c("phone"),
            _c("country"),
            _c("timezone"),
            _c("locale"),
            _c("age_band"),
            _c("education_level"),
            _c("interests", "JSON"),
            _c("lead_source"),
            _event("created_at"),
            _event("updated_at"),
        ),
        unique_key=("contact_id", "updated_at"),
        value_sets={
            "locale": ("en", "es", "fr", "de", "pt"),
            "age_band": ("18-24", "25-34", "35-44", "45-54", "55+"),
            "education_level": ("secondary", "bachelor", "master", "doctorate", "other"),
            "lead_source": (
                "organic",
                "paid_social",
                "paid_search",
                "referral",
                "event",
                "partner",
            ),
        },
    ),
    TableSpec(
        source="crm",
        table="raw_crm__consent_events",
        file_stem="consent",
        columns=(
            _req("consent_event_id"),
            _req("contact_id"),
            _req("channel"),
            _req("status"),
            _event("occurred_at"),
            _c("source"),
        ),
        unique_key=("consent_event_id",),
        value_sets={
            "channel": CHANNELS,
            "status": ("granted", "revoked"),
            "source": (
                "signup_form",
                "checkout",
                "import",
                "unsubscribe_link",
                "sms_stop",
                "preference_center",
            ),  # fmt: skip
        },
    ),
    TableSpec(
        source="lms",
        table="raw_lms__courses",
        file_stem="courses",
        columns=(
            _req("course_id"),
            _c("title"),
            _c("category"),
            _c("price_amount", "DOUBLE"),
            _c("currency"),
            _c("language"),
            _c("delivery_mode"),
            _c("start_dates", "JSON"),
            _c("duration_weeks", "INTEGER"),
            _event("updated_at"),
        ),
        # The whole catalogue is re-exported when it changes: unique per export (landing day) only.
        unique_key=("course_id", "_partition_date"),
        value_sets={
            "category": COURSE_CATEGORIES,
            "delivery_mode": ("online", "in_person", "hybrid"),
        },
    ),
    TableSpec(
        source="lms",
        table="raw_lms__applications",
        file_stem="applications",
        columns=(
            _req("application_id"),
            _req("contact_id"),
            _req("course_id"),
            _event("applied_at"),
            _c("utm_source"),
            _c("utm_medium"),
            _c("utm_campaign"),
        ),
        unique_key=("application_id",),
    ),
    TableSpec(
        source="lms",
        table="raw_lms__enrollments",
        file_stem="enrollments",
        columns=(
            _req("enrollment_id"),
            _req("type"),
            _req("contact_id"),
            _req("course_id"),
            _event("occurred_at"),
            _req("amount", "DOUBLE"),
            _c("currency"),
            _c("refund_id"),
        ),
        unique_key=("enrollment_id", "type"),
        value_sets={"type": ("enrollment", "refund")},
    ),
    TableSpec(
        source="marketing",
        table="raw_marketing__campaigns",
        file_stem="campaigns",
        columns=(
            _req("campaign_id"),
            _c("name"),
            _req("campaign_type"),
            _c("channels", "JSON"),
            _c("budget_amount", "DOUBLE"),
            _c("currency"),
            _c("cost_per_email_amount", "DOUBLE"),
            _c("cost_per_sms_amount", "DOUBLE"),
            # A campaign may be defined before it starts: start_at must parse but may be in the future.
            _req("start_at", "TIMESTAMP"),
            _c("end_at", "TIMESTAMP"),
            _c("target_conversion_rate", "DOUBLE"),
            _c("target_cpa_amount", "DOUBLE"),
            _c("conversion_window_days", "INTEGER"),
            _c("course_category"),
            _c("is_ab_test", "BOOLEAN"),
            _c("variants", "JSON"),
            _c("created_at", "TIMESTAMP", event_time=True),
        ),
        unique_key=("campaign_id",),
        value_sets={
            "campaign_type": ("enrollment", "retention", "event_promotion", "nurture"),
            "course_category": COURSE_CATEGORIES,
        },
    ),
    TableSpec(
        source="marketing",
        table="raw_marketing__cost_lines",
        file_stem="cost_lines",
        columns=(
            _req("cost_line_id"),
            _req("campaign_id"),
            _req("cost_date", "DATE"),
            _req("cost_type"),
            _req("amount", "DOUBLE"),
            _c("currency"),
        ),
        unique_key=("cost_line_id",),
        value_sets={"cost_type": ("creative", "platform_fee", "agency_fee", "ad_spend", "other")},
    ),
    TableSpec(
        source="marketing",
        table="raw_marketing__campaign_members",
        file_stem="campaign_members",
        columns=(
            _req("campaign_member_id"),
            _req("campaign_id"),
            _req("contact_id"),
            _req("member_status"),
            _event("added_at", "TIMESTAMP"),
        ),
        unique_key=("campaign_member_id",),
        value_sets={"member_status": ("targeted", "holdout")},
    ),
    TableSpec(
        source="ledger",
        table="raw_ledger__sends",
        file_stem="sends",
        columns=(
            _req("ledger_id"),
            _req("campaign_id"),
            _c("step_id"),
            _c("variant_id"),
            _req("contact_id"),
            _req("channel"),
            _c("occurrence", "INTEGER"),
            _c("to_address"),
            _event("sent_at"),
            _c("provider"),
            _c("provider_message_id"),
            _c("cost_amount", "DOUBLE"),
            _c("state"),
        ),
        unique_key=("ledger_id",),
        value_sets={
            "channel": CHANNELS,
            "provider": ("sendgrid", "twilio", "smtp"),
            "state": ("submitted",),
        },
    ),
    TableSpec(
        source="sendgrid",
        table="raw_sendgrid__events",
        file_stem="events",
        batch_key="events",
        columns=(
            _event("received_at", envelope=True),
            _req("email"),
            _event("timestamp", "EPOCH_S"),
            _req("event"),
            _req("sg_event_id"),
            _req("sg_message_id"),
            _c("smtp_id", key="smtp-id"),
            _c("category", "JSON"),
            _c("useragent"),
            _c("ip"),
            _c("url"),
            _c("reason"),
            _c("status"),
            _c("type"),
            _c("response"),
            _c("attempt", "INTEGER"),
            _c("asm_group_id", "BIGINT"),
            _c("sg_machine_open", "BOOLEAN"),
            _c("ledger_id"),
            _c("campaign_id"),
            _c("contact_id"),
            _c("variant_id"),
        ),
        # Guarded: absurd epochs (rejected by the range check) must not overflow the conversion.
        derived=(
            Derived(
                "event_at",
                "TIMESTAMP",
                "CASE WHEN timestamp BETWEEN 0 AND 253402300799 THEN make_timestamp(timestamp * 1000000) END",
            ),
        ),
        # sg_event_id legitimately repeats (SendGrid retries): no unique key in raw.
        value_sets={
            "event": (
                "processed",
                "delivered",
                "open",
                "click",
                "bounce",
                "dropped",
                "deferred",
                "spamreport",
                "unsubscribe",
                "group_unsubscribe",
            ),  # fmt: skip
            "type": ("bounce", "blocked"),
        },
    ),
    TableSpec(
        source="mandrill",
        table="raw_mandrill__events",
        file_stem="events",
        batch_key="events",
        columns=(
            _event("received_at", envelope=True),
            _req("event_id"),
            _event("ts", "EPOCH_S"),
            _c("event"),
            _c("sync_type", key="type"),
            _c("message_id", key="_id"),
            _c("email", key="msg.email"),
            _c("state", key="msg.state"),
            _c("url"),
            _c("user_agent"),
            _c("bounce_description", key="msg.bounce_description"),
            _c("diag", key="msg.diag"),
            _c("ledger_id", key="msg.metadata.ledger_id"),
            _c("campaign_id", key="msg.metadata.campaign_id"),
            _c("contact_id", key="msg.metadata.contact_id"),
            _c("variant_id", key="msg.metadata.variant_id"),
        ),
        derived=(
            Derived(
                "event_at",
                "TIMESTAMP",
                "CASE WHEN ts BETWEEN 0 AND 253402300799 THEN make_timestamp(ts * 1000000) END",
            ),
        ),
        rules=(
            Rule(
                "event IS NULL AND sync_type IS NULL",
                "missing required key 'event' (or a sync event's 'type')",
            ),
        ),
        # a retried POST repeats its events (same event_id): no unique key in raw, the marts dedupe
        value_sets={
            "event": (
                "send",
                "deferral",
                "hard_bounce",
                "soft_bounce",
                "open",
                "click",
                "spam",
                "unsub",
                "reject",
            ),
            "sync_type": ("whitelist", "blacklist"),
        },  # fmt: skip
    ),
    TableSpec(
        source="twilio",
        table="raw_twilio__callbacks",
        file_stem="callbacks",
        columns=(
            _event("received_at"),
            _c("url"),
            _req("kind"),
            _req("message_sid", key="params.MessageSid"),
            _c("message_status", key="params.MessageStatus"),
            _c("sms_sid", key="params.SmsSid"),
            _c("sms_status", key="params.SmsStatus"),
            _c("account_sid", key="params.AccountSid"),
            _c("from_number", key="params.From"),
            _c("to_number", key="params.To"),
            _c("api_version", key="params.ApiVersion"),
            _c("error_code", key="params.ErrorCode"),
            _c("raw_dlr_done_date", key="params.RawDlrDoneDate"),
            _c("body", key="params.Body"),
            _c("opt_out_type", key="params.OptOutType"),
            _c("num_segments", "INTEGER", key="params.NumSegments"),
        ),
        derived=(
            Derived(
                "ledger_id",
                "VARCHAR",
                # Percent-decoded; kept as sent when it does not decode to UTF-8.
                "nullif(coalesce(try(url_decode(regexp_extract(url, '[?&]ledger_id=([^&#]*)', 1))), "
                "regexp_extract(url, '[?&]ledger_id=([^&#]*)', 1)), '')",
            ),
        ),
        rules=(
            Rule(
                "kind = 'status' AND message_status IS NULL",
                "missing required key 'params.MessageStatus' (required when kind is 'status')",
            ),
        ),
        value_sets={
            "kind": ("status", "inbound"),
            "message_status": ("queued", "sent", "delivered", "undelivered", "failed"),
            "opt_out_type": ("STOP", "START", "HELP"),
        },
    ),
    TableSpec(
        # Twilio link shortening clicks as the webhooks app lands them (delivery/webhooks/twilio_clicks.py)
        source="twilio",
        table="raw_twilio__clicks",
        file_stem="clicks",
        columns=(
            _event("received_at"),
            _c("url"),
            _req("kind"),
            _req("message_sid", key="event.sms_sid"),
            _req("link", key="event.link"),
            _c("clicked_at", "TIMESTAMP", key="event.click_time", event_time=True),
            _c("event_type", key="event.event_type"),
            _c("to_number", key="event.to"),
            _c("from_number", key="event.from"),
            _c("messaging_service_sid", key="event.messaging_service_sid"),
            _c("account_sid", key="event.account_sid"),
            _c("user_agent", key="event.user_agent"),
        ),
        derived=(
            Derived(
                "click_id",
                "VARCHAR",
                # the live counters' event id (twilio_clicks.event_id): a replayed POST has the same
                "sha256(concat_ws('|', coalesce(\"_s_message_sid\", ''), coalesce(\"_s_link\", ''), "
                "coalesce(\"_s_clicked_at\", '')))",
            ),
        ),
        rules=(
            Rule(
                "NOT (message_sid LIKE 'SM%' OR message_sid LIKE 'MM%') OR length(message_sid) <> 34",
                "'event.sms_sid' is not a Twilio message sid (SM or MM + 32 characters)",
            ),
            Rule(
                "coalesce(event_type, 'click') <> 'click'",
                "'event.event_type' is not 'click'",
            ),
        ),
        # a replayed POST repeats its click (same click_id): no unique key in raw, the marts dedupe
        value_sets={"kind": ("click",)},
    ),
    TableSpec(
        source="web",
        table="raw_web__events",
        file_stem="events",
        columns=(
            *WEB_EVENT_KEYS,
            _c("ga_session_id", "BIGINT"),
            _c("page_location"),
            _c("page_referrer"),
            _c("page_title"),
            _c("course_id"),
            _c("device_category"),
            _c("geo_country"),
            _c("utm_source"),
            _c("utm_medium"),
            _c("utm_campaign"),
            _c("utm_content"),
            _c("gclid"),
            _c("fbclid"),
        ),
        derived=(WEB_EVENT_AT,),
        unique_key=("event_id",),
        value_sets={
            "event_name": ("session_start", "page_view", "generate_lead", "sign_up"),
            "device_category": ("desktop", "mobile", "tablet"),
        },
    ),
    TableSpec(
        source="web",
        table="raw_web__banner_events",
        file_stem="banner_events",
        columns=(
            *WEB_EVENT_KEYS,
            _req("campaign_id"),
            _req("banner_id"),
            _req("banner_kind"),
            _c("locale"),
            _c("page_location"),
            _c("device_category"),
        ),
        derived=(WEB_EVENT_AT,),
        unique_key=("event_id",),
        value_sets={
            "event_name": ("banner_impression", "banner_click", "banner_dismiss"),
            "banner_kind": ("banner", "popup"),
            "device_category": ("desktop", "mobile", "tablet"),
        },
    ),
    TableSpec(
        source="ads",
        table="raw_ads__clicks",
        file_stem="clicks",
        columns=(
            _req("click_id"),
            _req("platform"),
            _req("channel"),
            _c("campaign_id"),
            _c("ad_id"),
            _event("clicked_at"),
            _c("contact_id"),
            _c("gclid"),
            _c("fbclid"),
            _c("cost_amount", "DOUBLE"),
        ),
        unique_key=("click_id",),
        value_sets={"platform": AD_PLATFORMS, "channel": PAID_CHANNELS},
    ),
    TableSpec(
        source="ads",
        table="raw_ads__spend",
        file_stem="spend",
        columns=(
            _req("spend_date", "DATE"),
            _req("platform"),
            _req("channel"),
            _req("campaign_id"),
            _req("spend_amount", "DOUBLE"),
            _c("currency"),
            _c("impressions", "BIGINT"),
            _c("clicks", "BIGINT"),
        ),
        unique_key=("spend_date", "platform", "channel", "campaign_id"),
        value_sets={"platform": AD_PLATFORMS, "channel": PAID_CHANNELS},
    ),
)

# --- social post engagement (delivery/social/engagement.py): one snapshot per post per pull ------
SOCIAL_PLATFORMS = ("facebook", "instagram", "linkedin", "x")
SOCIAL_TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        source="social",
        table="raw_social__post_insights",
        file_stem="insights",
        columns=(
            _req("post_id"),
            _c("post_key"),
            _req("account_id"),
            _req("platform"),
            _req("remote_post_id"),
            _c("campaign_id"),
            _c("published_at", "TIMESTAMP"),
            _event("fetched_at"),
            _c("impressions", "BIGINT"),
            _c("reactions", "BIGINT"),
            _c("comments", "BIGINT"),
            _c("shares", "BIGINT"),
            _c("link_clicks", "BIGINT"),
            _c("cost_amount", "DOUBLE"),
        ),
        rules=(
            Rule(
                "least(impressions, reactions, comments, shares, link_clicks) < 0",
                "negative engagement count",
            ),
        ),
        unique_key=("post_id", "fetched_at"),
        value_sets={"platform": SOCIAL_PLATFORMS},
    ),
)
TABLES += SOCIAL_TABLES

# --- the ops store's export (enrollflow/ingest/ops_export.py) --------------------------------------
# One line per *row version* the export saw (a row changed twice between two exports lands once, in
# its later state). Every line carries `row_hash` (the version: a hash of the exported columns) and
# `exported_at`. Timestamps are the ops store's own (UTC); no range check, because a simulated or
# scheduled campaign may stamp rows ahead of the wall clock.
OPS_VERSION_COLUMNS = (_req("row_hash"), _req("exported_at", "TIMESTAMP"))


def _ops(stem: str, columns: tuple[Column, ...], key: tuple[str, ...], **kw: object) -> TableSpec:
    return TableSpec(
        source="ops",
        table=f"raw_ops__{stem}",
        file_stem=stem,
        columns=columns + OPS_VERSION_COLUMNS,
        unique_key=(*key, "row_hash"),
        **kw,  # type: ignore[arg-type]
    )


OPS_TABLES: tuple[TableSpec, ...] = (
    _ops(
        "campaigns",
        (
            _req("campaign_id"),
            _c("organisation"),
            _c("name"),
            _c("owner"),
            _req("status"),
            _c("current_version", "INTEGER"),
            _c("audience_size", "INTEGER"),
            _c("status_reason"),
            _c("created_at", "TIMESTAMP"),
            _req("updated_at", "TIMESTAMP"),
        ),
        ("campaign_id",),
        value_sets={"status": CAMPAIGN_STATUSES},
    ),
    _ops(
        "campaign_versions",
        (
            _req("campaign_id"),
            _req("version", "INTEGER"),
            _c("spec_sha256"),
            _c("source"),
            _c("applied_by"),
            _req("applied_at", "TIMESTAMP"),
            _c("campaign_name"),
            _req("campaign_type"),
            _c("objective"),
            _c("organisation"),
            _c("owner"),
            _c("target_conversion_rate", "DOUBLE"),
            _c("target_cpa_amount", "DOUBLE"),
            _c("conversion_window_days", "INTEGER"),
            _c("budget_amount", "DOUBLE"),
            _c("currency"),
            _c("cost_per_email_amount", "DOUBLE"),
            _c("cost_per_sms_amount", "DOUBLE"),
            _c("channels", "JSON"),
            _c("start_at", "TIMESTAMP"),
            _c("end_at", "TIMESTAMP"),
            _c("organisation_timezone"),
            _c("audience_segments", "JSON"),
            _c("exit_on", "JSON"),
            _c("is_ab_test", "BOOLEAN"),
            _c("workflow_node_count", "INTEGER"),
            _c("spec_json", "JSON"),
        ),
        ("campaign_id", "version"),
        value_sets={"campaign_type": ("enrollment", "retention", "event_promotion", "nurture")},
    ),
    _ops(
        "campaign_split_variants",
        (
            _req("campaign_id"),
            _req("version", "INTEGER"),
            _req("split_node_id"),
            _req("variant_id"),
            _c("weight", "DOUBLE"),
            _c("traffic_share", "DOUBLE"),
            _c("next_node_id"),
            _c("is_holdout", "BOOLEAN"),
            _req("applied_at", "TIMESTAMP"),
        ),
        ("campaign_id", "version", "split_node_id", "variant_id"),
    ),
    _ops(
        "campaign_approvals",
        (
            _req("approval_id", "BIGINT"),
            _req("campaign_id"),
            _c("version", "INTEGER"),
            _c("approver"),
            _c("audience_size", "INTEGER"),
            _req("approved_at", "TIMESTAMP"),
        ),
        ("approval_id",),
    ),
    _ops(
        "journeys",
        (
            _req("campaign_id"),
            _req("contact_id"),
            _req("occurrence", "INTEGER"),
            _c("node_id"),
            _req("status"),
            _c("due_at", "TIMESTAMP"),
            _c("variant_id"),
            _c("waiting_since", "TIMESTAMP"),
            _c("entered_at", "TIMESTAMP"),
            _req("updated_at", "TIMESTAMP"),
            _c("exit_reason"),
        ),
        ("campaign_id", "contact_id", "occurrence"),
        value_sets={"status": JOURNEY_STATUSES},
    ),
    _ops(
        "send_ledger",
        (
            _req("ledger_id"),
            _req("campaign_id"),
            _c("step_id"),
            _req("contact_id"),
            _req("channel"),
            _c("occurrence", "INTEGER"),
            _c("variant_id"),
            _c("to_address"),
            _c("provider"),
            _req("state"),
            _c("attempts", "INTEGER"),
            _c("content_sha256"),
            _c("provider_message_id"),
            _c("last_error"),
            _c("created_at", "TIMESTAMP"),
            _req("updated_at", "TIMESTAMP"),
            _c("sending_at", "TIMESTAMP"),
            _c("submitted_at", "TIMESTAMP"),
            _c("completed_at", "TIMESTAMP"),
            # what the budget charged at the claim (per billed segment for SMS; added later:
            # an older warehouse gets the column on its next ingest, see load.ensure_tables)
            _c("cost_amount", "DOUBLE"),
        ),
        ("ledger_id",),
        value_sets={"channel": CHANNELS, "state": LEDGER_STATES},
    ),
    _ops(
        "consent_events",
        (
            _req("consent_event_id", "BIGINT"),
            _c("contact_id"),
            _req("channel"),
            _req("address"),
            _req("status"),
            _c("source"),
            _c("ledger_id"),
            _req("occurred_at", "TIMESTAMP"),
        ),
        ("consent_event_id",),
        value_sets={"channel": CHANNELS, "status": ("granted", "revoked")},
    ),
    _ops(
        "suppressions",
        (
            _req("channel"),
            _req("address"),
            _c("reason"),
            _c("source"),
            _c("ledger_id"),
            _c("created_at", "TIMESTAMP"),
            _req("change_type"),
        ),
        ("channel", "address"),
        value_sets={"channel": CHANNELS, "change_type": ("upsert", "delete")},
    ),
    _ops(
        "consent_ledger",
        (
            _req("consent_id", "BIGINT"),
            _c("contact_id"),
            _req("channel"),
            _req("topic"),
            _req("status"),
            _req("source"),
            _c("wording_version"),
            _req("occurred_at", "TIMESTAMP"),
            _c("recorded_at", "TIMESTAMP"),
            _c("external_id"),
        ),
        ("consent_id",),
        value_sets={"channel": CHANNELS, "status": ("granted", "withdrawn")},
    ),
    _ops(
        "privacy_objections",
        (
            _req("contact_id"),
            _req("scope"),
            _c("source"),
            _c("recorded_at", "TIMESTAMP"),
            _req("change_type"),
        ),
        ("contact_id", "scope"),
        value_sets={
            "scope": ("marketing", "sell_share", "analytics"),
            "change_type": ("upsert", "delete"),
        },
    ),
    _ops(
        "audit_log",
        (
            _req("audit_id", "BIGINT"),
            _req("occurred_at", "TIMESTAMP"),
            _req("actor"),
            _req("action"),
            _c("subject"),
            _c("detail", "JSON"),
        ),
        ("audit_id",),
    ),
)
TABLES += OPS_TABLES

#: Raw table name → spec.
TABLE_SPECS: dict[str, TableSpec] = {t.table: t for t in TABLES}

#: Landing source folder → the raw tables it feeds, in contract order.
SOURCES: dict[str, tuple[str, ...]] = {}
for _t in TABLES:
    SOURCES.setdefault(_t.source, ())
    SOURCES[_t.source] += (_t.table,)
del _t
