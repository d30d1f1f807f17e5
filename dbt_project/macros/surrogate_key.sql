{% macro surrogate_key(columns) -%}
    {#- md5 of the columns joined by '|', NULL written as '_null_' (md5 exists on DuckDB and Postgres). -#}
    md5(
        {%- for column in columns %}
        coalesce(cast({{ column }} as {{ dbt.type_string() }}), '_null_'){% if not loop.last %} || '|' ||{% endif %}
        {%- endfor %}
    )
{%- endmacro %}
