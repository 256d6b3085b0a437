{#- STUB (being written): check_raw_inputs() checks every raw input before models run. -#}
{% macro check_raw_inputs() -%}
    select 1
{%- endmacro %}
