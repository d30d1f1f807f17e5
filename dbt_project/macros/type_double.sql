{#- An 8-byte float on every target (dbt.type_float() is 4-byte FLOAT on DuckDB). -#}
{% macro type_double() -%}
    double precision
{%- endmacro %}
