{#-
    The values of `columns` as one JSON object, as text: one key per column, named like the
    column, in the order given, e.g. {"lifetime_net_revenue":1234.50,"order_count":4}.
    Numbers and booleans stay JSON numbers and booleans, dates, timestamps and text become
    JSON strings, a null value is a JSON null. No columns: '{}'.

    `columns` is a list of column names or of the Column objects that
    `adapter.get_columns_in_relation` returns. DuckDB, PostgreSQL and Spark are implemented;
    another adapter needs its own `<adapter>__json_object_text` (e.g. Snowflake
    `object_construct_keep_null`), written and tested against that engine. The JSON text
    differs in spacing and in how timestamps and decimals are written between engines; the
    keys and values are the same.
-#}
{% macro json_object_text(columns) -%}
    {%- if columns | length == 0 -%}
        {{ return("'{}'") }}
    {%- endif -%}
    {{ return(adapter.dispatch('json_object_text')(columns)) }}
{%- endmacro %}

{% macro default__json_object_text(columns) -%}
    {{ exceptions.raise_compiler_error(
        "json_object_text has no implementation for the adapter '" ~ adapter.type()
        ~ "': add a macro " ~ adapter.type() ~ "__json_object_text(columns) in"
        ~ " macros/cross_db/json_object_text.sql (see duckdb__json_object_text)."
    ) }}
{%- endmacro %}

{% macro duckdb__json_object_text(columns) -%}
    cast(json_object({{ json_key_value_arguments(columns) }}) as {{ dbt.type_string() }})
{%- endmacro %}

{% macro postgres__json_object_text(columns) -%}
    cast(json_build_object({{ json_key_value_arguments(columns) }}) as {{ dbt.type_string() }})
{%- endmacro %}

{#- Spark: to_json drops null fields unless told to keep them. -#}
{% macro spark__json_object_text(columns) -%}
    to_json(named_struct({{ json_key_value_arguments(columns) }}), map('ignoreNullFields', 'false'))
{%- endmacro %}

{#- The arguments every engine's JSON-object function takes: 'name', column, ... -#}
{% macro json_key_value_arguments(columns) -%}
    {%- for column in columns %}
    {%- set name = column.name if column.name is defined else column %}
    {{ text_literal(name) }}, {{ plain_or_quoted_identifier(name) }}
    {{- ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#- A column name as written in SQL: bare when it is a plain lower-case identifier. -#}
{% macro plain_or_quoted_identifier(name) -%}
    {%- if modules.re.match('^[a-z_][a-z0-9_]*$', name) -%}
        {{ name }}
    {%- else -%}
        {{ adapter.quote(name) }}
    {%- endif -%}
{%- endmacro %}
