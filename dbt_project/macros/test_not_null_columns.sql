{#- Generic test: none of the model's `columns` holds a NULL. One test per model instead of one
    `not_null` per column: dbt spends ~37 ms of its own work on every test node whatever the
    data, so a model's required columns are checked together, in one scan. A failing result has
    one row per column with NULLs (`column_name`, `null_rows`); the failure count is the number
    of NULL values. -#}
{% test not_null_columns(model, columns) %}
    {%- if columns is string or not columns -%}
        {{ exceptions.raise_compiler_error(
            "not_null_columns: `columns` must list the column names, got " ~ (columns | tojson)) }}
    {%- endif %}
    {{ config(fail_calc="coalesce(sum(null_rows), 0)") }}
    with counts as (
        select
        {%- for column in columns %}
            sum(case when {{ column }} is null then 1 else 0 end) as null_{{ loop.index }}
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
        from {{ model }}
    ),
    per_column as (
        {%- for column in columns %}
        select '{{ column }}' as column_name, null_{{ loop.index }} as null_rows from counts
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
    )
    select column_name, null_rows
    from per_column
    where null_rows > 0
{% endtest %}
