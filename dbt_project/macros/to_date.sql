{#- The UTC calendar day of a timestamp, as a DATE, on every target. -#}
{% macro to_date(timestamp_expression) -%}
    cast({{ dbt.date_trunc('day', timestamp_expression) }} as date)
{%- endmacro %}
