with

source as (

    select * from {{ source('marketing', 'raw_marketing__cost_lines') }}

),

renamed as (

    select
        cost_line_id,
        campaign_id,
        cast(cost_date as date) as cost_date,
        cost_type,
        cast(amount as {{ type_double() }}) as cost_amount,
        upper(currency) as currency_code

    from source

)

select * from renamed
