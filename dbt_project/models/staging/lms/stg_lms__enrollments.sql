-- Enrollments and refunds; refunds become negative revenue.
with

source as (

    select * from {{ source('lms', 'raw_lms__enrollments') }}

),

renamed as (

    select
        case
            when type = 'refund'
                then coalesce(refund_id, {{ dbt.concat(["enrollment_id", "':refund'"]) }})
            else enrollment_id
        end as enrollment_event_id,
        enrollment_id,
        refund_id,
        type as enrollment_event_type,
        type = 'refund' as is_refund,
        contact_id,
        course_id,
        cast(occurred_at as {{ dbt.type_timestamp() }}) as occurred_at,
        case
            when type = 'refund' then -abs(cast(amount as {{ type_double() }}))
            else cast(amount as {{ type_double() }})
        end as revenue_amount,
        upper(currency) as currency_code

    from source

)

select * from renamed
