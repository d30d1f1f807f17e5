-- SendGrid and Mailchimp Transactional (Mandrill) events and Twilio callbacks as one stream of provider events with a normalised
-- event_type; Twilio inbound STOP/START replies are matched to the latest SMS sent to that number,
-- Twilio link shortening clicks to their SMS by its MessageSid (the ledger's provider_message_id;
-- a click on a message no ledger knows is left out) as `click` events.
-- Not de-duplicated (fct_message_events does that: a retried click POST repeats its event_id).
with sendgrid as (
    select
        cast(sg_event_id as {{ dbt.type_string() }}) as event_id,
        message_id,
        'sendgrid' as provider,
        'email' as channel,
        campaign_id as payload_campaign_id,
        contact_id as payload_contact_id,
        variant_id as payload_variant_id,
        lower(event_type) as raw_event_type,
        event_at,
        received_at,
        url,
        is_machine_open
    from {{ ref('stg_sendgrid__events') }}
),

mandrill as (
    select
        cast(mandrill_event_id as {{ dbt.type_string() }}) as event_id,
        message_id,
        'mandrill' as provider,
        'email' as channel,
        campaign_id as payload_campaign_id,
        contact_id as payload_contact_id,
        variant_id as payload_variant_id,
        case event_type
            when 'send' then 'delivered'
            when 'deferral' then 'deferred'
            when 'hard_bounce' then 'bounce'
            when 'soft_bounce' then 'deferred'
            when 'spam' then 'complaint'
            when 'unsub' then 'unsubscribe'
            when 'reject' then 'dropped'
            else event_type
        end as raw_event_type,
        event_at,
        received_at,
        url,
        cast(false as boolean) as is_machine_open
    from {{ ref('stg_mandrill__events') }}
    where message_id is not null
),

twilio_status as (
    select
        cast(message_sid as {{ dbt.type_string() }}) || ':' || lower(message_status) as event_id,
        message_id,
        lower(message_status) as raw_event_type,
        event_at
    from {{ ref('stg_twilio__callbacks') }}
    where callback_kind = 'status' and message_id is not null and message_status is not null
),

twilio_inbound as (
    select
        cast(message_sid as {{ dbt.type_string() }}) as event_id,
        from_number,
        case
            when upper(opt_out_type) = 'STOP'
                or upper(trim(body)) in ('STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT')
                then 'opt_out'
            when upper(opt_out_type) = 'START'
                or upper(trim(body)) in ('START', 'YES', 'UNSTOP')
                then 'opt_in'
        end as raw_event_type,
        event_at as received_at
    from {{ ref('stg_twilio__callbacks') }}
    where callback_kind = 'inbound'
),

sms_sends as (
    select message_id, to_address, sent_at
    from {{ ref('int_sends_unioned') }}
    where channel = 'sms'
),

twilio_inbound_matched as (
    select
        inbound.event_id,
        sms_sends.message_id,
        inbound.raw_event_type,
        inbound.received_at,
        row_number() over (
            partition by inbound.event_id order by sms_sends.sent_at desc, sms_sends.message_id
        ) as match_rank
    from twilio_inbound as inbound
    inner join sms_sends
        on sms_sends.to_address = inbound.from_number
        and sms_sends.sent_at <= inbound.received_at
    where inbound.raw_event_type is not null
),

twilio_replies as (
    select event_id, message_id, raw_event_type, received_at as event_at
    from twilio_inbound_matched
    where match_rank = 1
),

sms_sends_by_sid as (
    select
        provider_message_id,
        message_id,
        row_number() over (
            partition by provider_message_id order by sent_at desc, message_id
        ) as sid_rank
    from {{ ref('int_sends_unioned') }}
    where channel = 'sms' and provider_message_id is not null
),

sms_sids as (
    select provider_message_id, message_id
    from sms_sends_by_sid
    where sid_rank = 1
),

twilio_clicks as (
    select
        cast(clicks.click_id as {{ dbt.type_string() }}) as event_id,
        sms_sids.message_id,
        'twilio' as provider,
        'sms' as channel,
        cast(null as {{ dbt.type_string() }}) as payload_campaign_id,
        cast(null as {{ dbt.type_string() }}) as payload_contact_id,
        cast(null as {{ dbt.type_string() }}) as payload_variant_id,
        'click' as raw_event_type,
        clicks.clicked_at as event_at,
        clicks.received_at,
        clicks.url,
        cast(false as boolean) as is_machine_open
    from {{ ref('stg_twilio__clicks') }} as clicks
    inner join sms_sids on sms_sids.provider_message_id = clicks.message_sid
),

twilio as (
    select
        event_id,
        message_id,
        'twilio' as provider,
        'sms' as channel,
        cast(null as {{ dbt.type_string() }}) as payload_campaign_id,
        cast(null as {{ dbt.type_string() }}) as payload_contact_id,
        cast(null as {{ dbt.type_string() }}) as payload_variant_id,
        raw_event_type,
        event_at,
        event_at as received_at,
        cast(null as {{ dbt.type_string() }}) as url,
        cast(null as boolean) as is_machine_open
    from (
        select * from twilio_status
        union all
        select * from twilio_replies
    ) as callbacks
),

unioned as (
    select * from sendgrid
    union all
    select * from mandrill
    union all
    select * from twilio
    union all
    select * from twilio_clicks
)

select
    event_id,
    message_id,
    provider,
    channel,
    payload_campaign_id,
    payload_contact_id,
    payload_variant_id,
    case raw_event_type
        when 'spamreport' then 'complaint'
        when 'spam_report' then 'complaint'
        when 'group_unsubscribe' then 'unsubscribe'
        when 'queued' then 'processed'
        when 'accepted' then 'processed'
        when 'sending' then 'processed'
        when 'bounced' then 'bounce'
        else raw_event_type
    end as event_type,
    event_at,
    received_at,
    url,
    is_machine_open
from unioned
