{#-
    Custom schemas are used as named (`segments`, `marts`, ...), not prefixed with the
    target schema: the spec puts every segment table in the schema `segments`.
    Without a custom schema a model lands in the target's schema.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
