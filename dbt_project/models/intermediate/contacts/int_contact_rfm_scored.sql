-- RFM scores 1-5 per contact. A contact with no engagement (recency), no engagement in 90 days
-- (frequency) or no net revenue (monetary) scores 1; the others are split into quartiles
-- scoring 2-5 (5 = most recent / most frequent / highest LTV), ties broken by contact_id.
-- Band, first rule that matches: champions (R>=4, F>=4, M>=4); loyal (F>=4, M>=3);
-- new (created in the last 30 days); promising (R>=4); at_risk (R<=2 and F>=3 or M>=3);
-- hibernating (everyone else).
with contacts as (
    select
        contacts.contact_id,
        contacts.created_at,
        engagement.last_engaged_at,
        coalesce(engagement.engagements_90d, 0) as engagements_90d,
        coalesce(ltv.ltv_amount, 0) as ltv_amount
    from {{ ref('stg_crm__contacts') }} as contacts
    left join {{ ref('int_contact_engagement_summarised') }} as engagement
        on engagement.contact_id = contacts.contact_id
    left join {{ ref('int_contact_ltv_summarised') }} as ltv
        on ltv.contact_id = contacts.contact_id
),

scored as (
    select
        contact_id,
        created_at,
        case
            when last_engaged_at is null then 1
            else 1 + ntile(4) over (
                partition by last_engaged_at is null order by last_engaged_at, contact_id
            )
        end as rfm_recency_score,
        case
            when engagements_90d <= 0 then 1
            else 1 + ntile(4) over (
                partition by engagements_90d <= 0 order by engagements_90d, contact_id
            )
        end as rfm_frequency_score,
        case
            when ltv_amount <= 0 then 1
            else 1 + ntile(4) over (partition by ltv_amount <= 0 order by ltv_amount, contact_id)
        end as rfm_monetary_score
    from contacts
)

select
    scored.contact_id,
    scored.rfm_recency_score,
    scored.rfm_frequency_score,
    scored.rfm_monetary_score,
    case
        when rfm_recency_score >= 4 and rfm_frequency_score >= 4 and rfm_monetary_score >= 4
            then 'champions'
        when rfm_frequency_score >= 4 and rfm_monetary_score >= 3 then 'loyal'
        when scored.created_at > {{ dbt.dateadd('day', -30, 'as_of.as_of_at') }} then 'new'
        when rfm_recency_score >= 4 then 'promising'
        when rfm_recency_score <= 2 and (rfm_frequency_score >= 3 or rfm_monetary_score >= 3)
            then 'at_risk'
        else 'hibernating'
    end as rfm_band
from scored
cross join {{ ref('int_as_of_resolved') }} as as_of
