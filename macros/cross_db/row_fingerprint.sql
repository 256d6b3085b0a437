{#-
    A fingerprint of a raw row: a hash of its columns' values as text (null kept apart from
    any text). Incremental staging uses it, with an occurrence number for identical rows, to
    tell raw rows it has already staged from new ones.
-#}
{% macro row_fingerprint(columns) -%}
    {{ return(adapter.dispatch('row_fingerprint')(columns)) }}
{%- endmacro %}

{% macro default__row_fingerprint(columns) -%}
    {{ dbt.hash(dbt.concat(row_fingerprint_parts(columns))) }}
{%- endmacro %}

{#- DuckDB: the 128-bit md5 as a number, cheaper to store and join than its hex text. -#}
{% macro duckdb__row_fingerprint(columns) -%}
    md5_number({{ dbt.concat(row_fingerprint_parts(columns)) }})
{%- endmacro %}

{% macro row_fingerprint_parts(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append(
            "coalesce('<' || cast(" ~ column ~ " as " ~ dbt.type_string() ~ ") || '>', '~')"
        ) -%}
    {%- endfor -%}
    {{ return(parts) }}
{%- endmacro %}
