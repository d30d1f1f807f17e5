-- Latest record per contact: the CRM re-exports the full record on every update.
with

source as (

    select * from {{ source('crm', 'raw_crm__contacts') }}

),

renamed as (

    select
        contact_id,
        first_name,
        last_name,
        lower(trim(email)) as email,
        phone,
        upper(country) as country_code,
        timezone,
        locale,
        age_band,
        education_level,
        cast(interests as {{ dbt.type_string() }}) as interests,
        lead_source,
        coalesce(lower(trim(email)) like '%_@_%._%', false) as has_valid_email,
        phone is not null as has_phone,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at,
        row_number() over (
            partition by contact_id
            order by updated_at desc, _partition_date desc, _line desc
        ) as version_rank

    from source

)

select
    contact_id,
    first_name,
    last_name,
    email,
    phone,
    country_code,
    timezone,
    locale,
    age_band,
    education_level,
    interests,
    lead_source,
    has_valid_email,
    has_phone,
    created_at,
    updated_at
from renamed
where version_rank = 1
