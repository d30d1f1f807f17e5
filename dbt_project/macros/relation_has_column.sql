{% macro relation_has_column(relation, column) -%}
    {#- True when `relation` exists with `column`: an incremental model can read a column it added
        after the warehouse was first built, and fall back safely until it exists (unit tests
        override this macro). -#}
    {%- if not execute -%}{{ return(false) }}{%- endif -%}
    {%- set names = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
    {{ return(column | lower in names) }}
{%- endmacro %}
