{{ config(materialized='table') }}
-- One row per contact: CRM attributes, current consent per channel, suppression state,
-- objection / do-not-sell flags (the ops store's privacy_objections),
-- engagement in the last 30/90 days, applications, enrollments and historical LTV, RFM scores
-- and band, first/last touch and preferred channel. Every window and state is as of the dbt var
-- `as_of` (default: the latest event time in the data).
with contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

consent as (
    select * from {{ ref('int_consent_states_resolved') }}
)

select
    cast(contacts.contact_id as {{ dbt.type_string() }}) as contact_id,
    cast(contacts.first_name as {{ dbt.type_string() }}) as first_name,
    cast(contacts.last_name as {{ dbt.type_string() }}) as last_name,
    cast(contacts.email as {{ dbt.type_string() }}) as email,
    cast(contacts.phone as {{ dbt.type_string() }}) as phone,
    cast(contacts.country_code as {{ dbt.type_string() }}) as country,
    cast(contacts.timezone as {{ dbt.type_string() }}) as timezone,
    cast(contacts.locale as {{ dbt.type_string() }}) as locale,
    cast(contacts.age_band as {{ dbt.type_string() }}) as age_band,
    cast(contacts.education_level as {{ dbt.type_string() }}) as education_level,
    cast(contacts.lead_source as {{ dbt.type_string() }}) as lead_source,
    cast(contacts.created_at as timestamp) as created_at,
    coalesce(email_consent.is_granted, false) as has_email_consent,
    coalesce(sms_consent.is_granted, false) as has_sms_consent,
    cast(email_consent.consented_at as timestamp) as email_consent_at,
    cast(sms_consent.consented_at as timestamp) as sms_consent_at,
    coalesce(suppressions.is_email_suppressed, false) as is_email_suppressed,
    coalesce(suppressions.is_sms_suppressed, false) as is_sms_suppressed,
    coalesce(suppressions.is_unsubscribed, false) as is_unsubscribed,
    coalesce(objections.has_objected_to_marketing, false) as has_objected_to_marketing,
    coalesce(objections.has_objected_to_tracking, false) as has_objected_to_tracking,
    cast(coalesce(engagement.email_sends_30d, 0) as integer) as email_sends_30d,
    cast(coalesce(engagement.opens_30d, 0) as integer) as opens_30d,
    cast(coalesce(engagement.clicks_30d, 0) as integer) as clicks_30d,
    cast(coalesce(engagement.opens_90d, 0) as integer) as opens_90d,
    cast(coalesce(engagement.clicks_90d, 0) as integer) as clicks_90d,
    cast(coalesce(engagement.site_visits_30d, 0) as integer) as site_visits_30d,
    cast(coalesce(engagement.site_visits_90d, 0) as integer) as site_visits_90d,
    cast(engagement.last_engaged_at as timestamp) as last_engaged_at,
    cast(coalesce(ltv.applications_count, 0) as integer) as applications_count,
    cast(ltv.last_applied_at as timestamp) as last_applied_at,
    cast(coalesce(ltv.enrollments_count, 0) as integer) as enrollments_count,
    cast(ltv.first_enrolled_at as timestamp) as first_enrolled_at,
    cast(ltv.last_enrolled_at as timestamp) as last_enrolled_at,
    cast(coalesce(ltv.ltv_amount, 0) as double precision) as ltv_amount,
    cast(rfm.rfm_recency_score as integer) as rfm_recency_score,
    cast(rfm.rfm_frequency_score as integer) as rfm_frequency_score,
    cast(rfm.rfm_monetary_score as integer) as rfm_monetary_score,
    cast(rfm.rfm_band as {{ dbt.type_string() }}) as rfm_band,
    cast(touches.first_touch_channel as {{ dbt.type_string() }}) as first_touch_channel,
    cast(touches.first_touch_campaign_id as {{ dbt.type_string() }}) as first_touch_campaign_id,
    cast(touches.last_touch_channel as {{ dbt.type_string() }}) as last_touch_channel,
    cast(touches.last_touch_at as timestamp) as last_touch_at,
    cast(touches.preferred_channel as {{ dbt.type_string() }}) as preferred_channel
from contacts
left join consent as email_consent
    on email_consent.contact_id = contacts.contact_id and email_consent.channel = 'email'
left join consent as sms_consent
    on sms_consent.contact_id = contacts.contact_id and sms_consent.channel = 'sms'
left join {{ ref('int_contact_suppressions_resolved') }} as suppressions
    on suppressions.contact_id = contacts.contact_id
left join {{ ref('int_contact_objections_resolved') }} as objections
    on objections.contact_id = contacts.contact_id
left join {{ ref('int_contact_engagement_summarised') }} as engagement
    on engagement.contact_id = contacts.contact_id
left join {{ ref('int_contact_ltv_summarised') }} as ltv
    on ltv.contact_id = contacts.contact_id
left join {{ ref('int_contact_rfm_scored') }} as rfm
    on rfm.contact_id = contacts.contact_id
left join {{ ref('int_contact_touches_summarised') }} as touches
    on touches.contact_id = contacts.contact_id
