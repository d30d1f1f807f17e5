{#- numerator / denominator as a double, NULL (not 0, not an error) when the denominator is 0 or NULL. -#}
{% macro safe_divide(numerator, denominator) -%}
    (cast({{ numerator }} as {{ type_double() }}) / nullif(cast({{ denominator }} as {{ type_double() }}), 0))
{%- endmacro %}
