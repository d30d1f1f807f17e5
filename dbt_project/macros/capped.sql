{#-
    `expression` capped at `cap`, NULL staying NULL. Not least(): Postgres' LEAST ignores NULLs
    (least(null, 1) = 1) while DuckDB's does not, so least() is not portable for nullable input.
-#}
{% macro capped(expression, cap) -%}
    (case when ({{ expression }}) > {{ cap }} then {{ cap }} else ({{ expression }}) end)
{%- endmacro %}
