{#-
    Data tests scoped to the batch. A data test configured with
    `config: {meta: {batch_column: <column>}}` on an incremental table checks only the rows
    with that column's highest value: the rows the latest run wrote (`ingest_seq` on the
    base staging models, `processed_ingest_seq` on the incremental state). A full build
    writes every row with one value, so there it checks the whole table; a scheduled refresh
    checks its batch, and leaves the rows earlier runs checked alone. A `where` config, if
    any, still applies. Everything else is dbt's own behaviour (get_where_subquery).
-#}
{% macro default__get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set batch_column = (config.get('meta') or {}).get('batch_column') -%}
    {%- if batch_column is not none
        and not modules.re.fullmatch('[a-z_][a-z0-9_]*', batch_column | string) -%}
        {{ exceptions.raise_compiler_error(
            "meta.batch_column of a data test must be a plain column name, got: " ~ batch_column) }}
    {%- endif -%}
    {%- if batch_column -%}
        {%- set filtered -%}
            (
                select * from {{ relation }}
                where
                    {{ batch_column }} = (select max({{ batch_column }}) from {{ relation }})
                    {%- if where %}
                    and ({{ where }})
                    {%- endif %}
            ) dbt_subquery
        {%- endset -%}
        {{ return(filtered) }}
    {%- elif where -%}
        {{ return("(select * from " ~ relation ~ " where " ~ where ~ ") dbt_subquery") }}
    {%- else -%}
        {{ return(relation) }}
    {%- endif -%}
{%- endmacro %}
