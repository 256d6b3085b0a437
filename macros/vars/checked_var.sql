{#- STUB (being written): checked_var(name) returns the validated value of a project var;
    validate_vars() checks every var (on-run-start). -#}
{% macro checked_var(name) -%}
    {{ return(var(name)) }}
{%- endmacro %}

{% macro validate_vars() -%}
    select 1
{%- endmacro %}
