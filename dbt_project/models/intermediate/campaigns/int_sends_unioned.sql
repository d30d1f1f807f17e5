-- Every message handed to a provider, one row each: the imported history's ledger export
-- (stg_ledger__sends) and EnrollFlow's own ledger rows whose request left (`sending_at` set;
-- pending, claimed and skipped rows were never sent). `message_id` is the ledger id either way,
-- which is what provider events carry (SendGrid `custom_args.ledger_id`, Twilio's status callback
-- `?ledger_id=`), so events join their message whichever source it came from.
with imported as (
    select
        message_id,
        campaign_id,
        'imported' as campaign_source,
        step_id,
        variant_id,
        contact_id,
        channel,
        occurrence,
        to_address,
        sent_at,
        provider,
        provider_message_id,
        cast(null as {{ dbt.type_string() }}) as content_sha256,
        cost_amount,
        send_state
    from {{ ref('stg_ledger__sends') }}
),

enrollflow as (
    select
        message_id,
        campaign_id,
        'enrollflow' as campaign_source,
        step_id,
        variant_id,
        contact_id,
        channel,
        occurrence,
        to_address,
        sending_at as sent_at,
        provider,
        provider_message_id,
        content_sha256,
        cost_amount,
        send_state
    from {{ ref('int_ops_sends_latest') }}
    where is_sent
)

select * from imported
union all
select * from enrollflow
