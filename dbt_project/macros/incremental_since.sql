{% macro incremental_since(column, days=none, relation=none) -%}
    {#- The earliest value of `column` an incremental run re-derives: the newest value already in
        `relation` (default: this model) minus `days` (default: var `event_lookback_days`, 2).
        `days` may be a number or a SQL expression. Rows that land later than that lookback are
        picked up by a full refresh. Only valid inside `is_incremental()`. -#}
    {%- set lookback = days if days is not none else var('event_lookback_days', 2) -%}
    (select {{ dbt.dateadd('day', '-(' ~ lookback ~ ')', 'max(' ~ column ~ ')') }}
     from {{ relation if relation is not none else this }})
{%- endmacro %}
