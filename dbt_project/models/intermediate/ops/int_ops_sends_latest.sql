-- One row per ops-store ledger row, in its latest exported state, with the cost the budget
-- charged for it, so the marts' spend is the budget's: the row's own `cost_amount` (set at the
-- claim: the channel's cost per message, per billed segment for SMS) while it is in a state the
-- budget counts (var `budget_charged_states`), 0 once it gave its reservation back (failed).
-- A row exported before the ledger's cost was (an older export) falls back to the per-channel
-- cost of the campaign version in force when the row was written (the latest version applied
-- at or before `created_at`, else the first). Every campaign row is here, sent or not; `is_sent`
-- says whether its request left (`sending_at` set). Internal mail (`enrollflow.*` ids: reports,
-- alerts) is left out.
with ranked as (
    select
        *,
        row_number() over (
            partition by message_id order by updated_at desc, exported_at desc, row_hash desc
        ) as version_rank
    from {{ ref('stg_ops__send_ledger') }}
),

latest as (
    select * from ranked
    where version_rank = 1
        -- EnrollFlow's own mail (the weekly report, alerts) goes through the ledger under
        -- reserved campaign ids `enrollflow.*`: it is not a marketing campaign
        and campaign_id not like 'enrollflow.%'
),

versions as (
    select distinct campaign_id, version, applied_at, cost_per_email_amount, cost_per_sms_amount
    from {{ ref('stg_ops__campaign_versions') }}
),

in_force as (
    select
        latest.message_id,
        case latest.channel
            when 'email' then versions.cost_per_email_amount
            when 'sms' then versions.cost_per_sms_amount
        end as cost_amount,
        row_number() over (
            partition by latest.message_id
            order by
                case when versions.applied_at <= latest.created_at then 0 else 1 end,
                case when versions.applied_at <= latest.created_at then versions.version end desc,
                versions.version
        ) as version_rank
    from latest
    inner join versions on versions.campaign_id = latest.campaign_id
)

select
    latest.message_id,
    latest.campaign_id,
    latest.step_id,
    latest.variant_id,
    latest.contact_id,
    latest.channel,
    latest.occurrence,
    latest.to_address,
    latest.provider,
    latest.provider_message_id,
    latest.content_sha256,
    latest.send_state,
    latest.attempts,
    latest.last_error,
    latest.created_at,
    latest.sending_at,
    latest.submitted_at,
    latest.completed_at,
    latest.updated_at,
    latest.sending_at is not null as is_sent,
    case
        when latest.send_state not in (
            {%- for state in var('budget_charged_states') %}'{{ state }}'{{ ", " if not loop.last }}{% endfor -%}
        ) then 0.0
        else coalesce(latest.cost_amount, in_force.cost_amount)
    end as cost_amount
from latest
left join in_force
    on in_force.message_id = latest.message_id and in_force.version_rank = 1
