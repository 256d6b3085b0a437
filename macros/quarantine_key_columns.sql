{#-
    The raw key columns of a quarantine row: `raw_<key>` for every key in `all_keys`, taken
    from the table's own raw column where it has one and null otherwise.
-#}
{% macro quarantine_key_columns(table_keys, all_keys) -%}
    {%- for key in all_keys -%}
        {{ table_keys.get(key, 'cast(null as ' ~ dbt.type_string() ~ ')') }} as raw_{{ key }}
        {{- ",\n        " if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
