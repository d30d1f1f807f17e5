{#-
    Integers 0 .. 9999 as a one-column relation `day_offset`: a portable date-spine helper
    (no dbt_utils: the dbt hub is unreachable). Use it in a FROM clause:
        from {{ day_offsets() }} as offsets
-#}
{% macro day_offsets() -%}
    (
        select d0.n + 10 * d1.n + 100 * d2.n + 1000 * d3.n as day_offset
        from (values (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) as d0 (n)
        cross join (values (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) as d1 (n)
        cross join (values (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) as d2 (n)
        cross join (values (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) as d3 (n)
    )
{%- endmacro %}
