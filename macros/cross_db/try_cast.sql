{#-
    Cast that yields null instead of failing on a value that does not parse. dbt's own
    `safe_cast` is a plain cast on several adapters (DuckDB and PostgreSQL among them), and
    one bad raw value must never stop the build.

    What parses is the same on every engine: dates `YYYY-MM-DD`, timestamps
    `YYYY-MM-DD[ T]hh:mm:ss[.fff][Z]` (UTC), plain decimals `[+-]123.45`. DuckDB's
    `try_cast` accepts exactly these on the contract's data; PostgreSQL and Spark parse more
    (PostgreSQL reads `yesterday` and `now` from the wall clock, Spark reads `2024` as a
    timestamp), so there the text must first match `try_cast_pattern`.
-#}
{% macro try_cast(expression, data_type) -%}
    {{ return(adapter.dispatch('try_cast')(expression, data_type)) }}
{%- endmacro %}

{% macro default__try_cast(expression, data_type) -%}
    {{ dbt.safe_cast(expression, data_type) }}
{%- endmacro %}

{% macro duckdb__try_cast(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}

{#- Spark: try_cast (Spark 3.2+), behind the accepted-text pattern. -#}
{% macro spark__try_cast(expression, data_type) -%}
    case
        when cast({{ expression }} as string) rlike '{{ try_cast_pattern(data_type) }}'
            then try_cast({{ expression }} as {{ data_type }})
    end
{%- endmacro %}

{#- PostgreSQL has no try_cast: a PL/pgSQL function per target type (created by
    `create_try_cast_functions`, run on-run-start) catches the cast's error. -#}
{% macro postgres__try_cast(expression, data_type) -%}
    cast({{ try_cast_function_name(data_type) }}(cast({{ expression }} as text)) as {{ data_type }})
{%- endmacro %}

{#- The text a value must match to be cast to `data_type` (a regular expression that reads
    the same in PostgreSQL, Java and Python: no backslashes). -#}
{% macro try_cast_pattern(data_type) -%}
    {%- set kind = try_cast_kind(data_type) -%}
    {%- if kind == 'timestamp' -%}
        ^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]+)?Z?)?$
    {%- elif kind == 'date' -%}
        ^[0-9]{4}-[0-9]{2}-[0-9]{2}$
    {%- else -%}
        ^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)$
    {%- endif -%}
{%- endmacro %}

{% macro try_cast_kind(data_type) -%}
    {%- set name = data_type | lower | trim -%}
    {%- if name.startswith('timestamp') -%}
        {{ return('timestamp') }}
    {%- elif name == 'date' -%}
        {{ return('date') }}
    {%- elif name.startswith('decimal') or name.startswith('numeric') or name in
        ['bigint', 'integer', 'int', 'smallint'] -%}
        {{ return('number') }}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "try_cast: no text pattern for the type '" ~ data_type ~ "'") }}
    {%- endif -%}
{%- endmacro %}

{#- The types the project casts text to (PostgreSQL creates one function for each). -#}
{% macro try_cast_types() -%}
    {{ return([dbt.type_timestamp(), 'date', 'decimal(38, 6)', dbt.type_bigint(), money_type()]) }}
{%- endmacro %}

{% macro try_cast_function_name(data_type) -%}
    {{ target.schema }}.ecom_try_cast_{{ modules.re.sub('[^a-z0-9]+', '_', data_type | lower) | trim('_') }}
{%- endmacro %}

{#- on-run-start: the engine's helper functions (PostgreSQL's try_cast functions). -#}
{% macro create_engine_helpers() -%}
    {{ return(adapter.dispatch('create_engine_helpers')()) }}
{%- endmacro %}

{% macro default__create_engine_helpers() -%}
    select 1
{%- endmacro %}

{% macro postgres__create_engine_helpers() -%}
    create schema if not exists {{ target.schema }};
    {%- for data_type in try_cast_types() %}
    create or replace function {{ try_cast_function_name(data_type) }}(value text)
    returns {{ modules.re.sub('[(].*[)]', '', data_type) | trim }}
    language plpgsql immutable
    as $$
    begin
        if value !~ '{{ try_cast_pattern(data_type) }}' then
            return null;
        end if;
        {%- if try_cast_kind(data_type) == 'number' %}
        -- through numeric, so the text '2.000000' of a whole decimal reads as the bigint 2
        return cast(cast(value as numeric) as {{ data_type }});
        {%- else %}
        return cast(value as {{ data_type }});
        {%- endif %}
    exception when others then
        return null;
    end;
    $$;
    {%- endfor %}
{%- endmacro %}
