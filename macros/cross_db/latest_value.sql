{#-
    An aggregate: `value` from the group's latest row by `order_columns` (compared in order,
    all descending, e.g. ['occurred_at', 'event_id']), among the rows where `condition`
    holds. One pass over the rows instead of a window ranking every row and a join back.
    The order columns must not be null and must identify one row (ties are undefined). A
    null `value` on the latest row is returned as null (DuckDB: arg_max_null, not arg_max).
-#}
{% macro latest_value(value, order_columns, condition='true') -%}
    {{ return(adapter.dispatch('latest_value')(value, order_columns, condition)) }}
{%- endmacro %}

{#- PostgreSQL (and the default): the first element of an ordered array_agg. -#}
{% macro default__latest_value(value, order_columns, condition) -%}
    (array_agg({{ value }} order by {{ order_columns | join(' desc, ') }} desc)
        filter (where {{ condition }}))[1]
{%- endmacro %}

{% macro duckdb__latest_value(value, order_columns, condition) -%}
    arg_max_null({{ value }}, ({{ order_columns | join(', ') }}))
        filter (where {{ condition }})
{%- endmacro %}

{% macro spark__latest_value(value, order_columns, condition) -%}
    max_by({{ value }}, struct({{ order_columns | join(', ') }}))
        filter (where {{ condition }})
{%- endmacro %}

{#- The mirror of latest_value: `value` from the group's earliest row by `order_columns`
    (all ascending). -#}
{% macro earliest_value(value, order_columns, condition='true') -%}
    {{ return(adapter.dispatch('earliest_value')(value, order_columns, condition)) }}
{%- endmacro %}

{% macro default__earliest_value(value, order_columns, condition) -%}
    (array_agg({{ value }} order by {{ order_columns | join(', ') }})
        filter (where {{ condition }}))[1]
{%- endmacro %}

{% macro duckdb__earliest_value(value, order_columns, condition) -%}
    arg_min_null({{ value }}, ({{ order_columns | join(', ') }}))
        filter (where {{ condition }})
{%- endmacro %}

{% macro spark__earliest_value(value, order_columns, condition) -%}
    min_by({{ value }}, struct({{ order_columns | join(', ') }}))
        filter (where {{ condition }})
{%- endmacro %}

{#-
    Several values from the same latest row: renders `<expression> as <alias>` for each
    item of `values` (a mapping alias -> expression, in order), comma-separated, for a
    select list. The same contract as latest_value (order columns not null and
    identifying one row), but DuckDB and Spark find the row once: the maximum of one
    struct of the order columns followed by the values (compared field by field, so the
    order columns decide), each alias one field of it; the engine computes the repeated
    aggregate once. PostgreSQL (no max over a record) takes one ordered array_agg per value.
-#}
{% macro latest_values(values, order_columns, condition='true') -%}
    {{ return(adapter.dispatch('latest_values')(values, order_columns, condition)) }}
{%- endmacro %}

{% macro default__latest_values(values, order_columns, condition) -%}
    {%- for alias, value in values.items() -%}
        {{ default__latest_value(value, order_columns, condition) }} as {{ alias }}
        {{- ",\n" if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{#- The latest row as one aggregate: a struct of the order columns (fields o1, o2, ...)
    and then the values that are not order columns (v1, v2, ...: the value's position in
    `values`). latest_row_field() names the field holding a value. -#}
{% macro latest_row_struct(values, order_columns, condition, struct_open, struct_close, field_separator) -%}
    {%- set fields = [] -%}
    {%- for column in order_columns -%}
        {%- do fields.append(("'o" ~ loop.index ~ "'", column)) -%}
    {%- endfor -%}
    {%- for value in values.values() -%}
        {%- if value not in order_columns -%}
            {%- do fields.append(("'v" ~ loop.index ~ "'", value)) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set rendered = [] -%}
    {%- for name, expression in fields -%}
        {%- do rendered.append(name ~ field_separator ~ expression) -%}
    {%- endfor -%}
    (max({{ struct_open }}{{ rendered | join(', ') }}{{ struct_close }}) filter (where {{ condition }}))
{%- endmacro %}

{% macro latest_row_field(value, position, order_columns) -%}
    {{ return('o' ~ (order_columns.index(value) + 1) if value in order_columns else 'v' ~ position) }}
{%- endmacro %}

{#- DuckDB and Spark differ only in how a struct is written. -#}
{% macro struct_latest_values(values, order_columns, condition, struct_open, struct_close, field_separator) -%}
    {%- set row = latest_row_struct(values, order_columns, condition, struct_open, struct_close, field_separator) -%}
    {%- for alias, value in values.items() -%}
        {{ row }}.{{ latest_row_field(value, loop.index, order_columns) }} as {{ alias }}
        {{- ",\n" if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{% macro duckdb__latest_values(values, order_columns, condition) -%}
    {{ struct_latest_values(values, order_columns, condition, '{', '}', ': ') }}
{%- endmacro %}

{% macro spark__latest_values(values, order_columns, condition) -%}
    {{ struct_latest_values(values, order_columns, condition, 'named_struct(', ')', ', ') }}
{%- endmacro %}
