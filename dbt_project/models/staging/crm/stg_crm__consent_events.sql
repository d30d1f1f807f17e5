with

source as (

    select * from {{ source('crm', 'raw_crm__consent_events') }}

),

renamed as (

    select
        consent_event_id,
        contact_id,
        channel,
        status as consent_status,
        status = 'granted' as is_granted,
        source as consent_source,
        cast(occurred_at as {{ dbt.type_timestamp() }}) as occurred_at

    from source

)

select * from renamed
