{% macro json_array_rows(relation, key_column, json_column, value_alias) -%}
    {#- One row per (key, element) of a JSON text array column; adapter-specific
        (DuckDB has no json_array_elements_text, Postgres has no from_json). -#}
    {{ return(adapter.dispatch('json_array_rows')(relation, key_column, json_column, value_alias)) }}
{%- endmacro %}

{% macro default__json_array_rows(relation, key_column, json_column, value_alias) -%}
    select
        src.{{ key_column }},
        elem.value as {{ value_alias }}
    from {{ relation }} as src
    cross join lateral json_array_elements_text(cast(src.{{ json_column }} as json)) as elem(value)
    where src.{{ json_column }} is not null and src.{{ json_column }} <> ''
{%- endmacro %}

{% macro duckdb__json_array_rows(relation, key_column, json_column, value_alias) -%}
    select
        {{ key_column }},
        unnest(from_json(cast({{ json_column }} as varchar), '["VARCHAR"]')) as {{ value_alias }}
    from {{ relation }}
    where {{ json_column }} is not null and cast({{ json_column }} as varchar) <> ''
{%- endmacro %}
