{{ config(materialized='table') }}
-- One row per contact and declared interest (a course category), from the CRM's interests list.
with interests as (
    {{ json_array_rows(ref('stg_crm__contacts'), 'contact_id', 'interests', 'interest') }}
),

distinct_interests as (
    select distinct contact_id, lower(trim(interest)) as interest
    from interests
    where interest is not null and trim(interest) <> ''
)

select
    cast({{ surrogate_key(['contact_id', 'interest']) }} as {{ dbt.type_string() }})
        as contact_interest_id,
    cast(contact_id as {{ dbt.type_string() }}) as contact_id,
    cast(interest as {{ dbt.type_string() }}) as interest
from distinct_interests
