{#-
    For every raw table, the rows staging holds equal the rows in the raw input, and the
    quarantine holds exactly the rejected ones: accepted + rejected = read, nothing lost.
    Rows in the input: the rows the reader decodes, counted on the raw input itself, plus
    the lines it could not decode (CSV input only), which staging keeps as row_unreadable.
    Returns one row per table that breaks it.
-#}
{%- set sources = raw_source_names() -%}
with

{% for table_name, model in raw_table_base_models().items() %}
{{ table_name }}_check as (

    select
        '{{ table_name }}' as raw_table,
        (select count(*) from {{ raw_table(sources[table_name], table_name) }})
        + (
            select count(*) from {{ ref(model) }} as staged
            where staged.rejected_rule = 'row_unreadable'
        ) as rows_in_input,
        table_summary.rows_read,
        table_summary.rows_accepted,
        table_summary.rows_rejected,
        (
            select count(*) from {{ ref('dq_quarantine') }} as quarantine
            where quarantine.raw_table = '{{ table_name }}'
        ) as rows_quarantined
    from {{ ref('dq_raw_table_summary') }} as table_summary
    where table_summary.raw_table = '{{ table_name }}'

),
{% endfor %}

checks as (

    {% for table_name in raw_table_base_models() -%}
    select * from {{ table_name }}_check
    {% if not loop.last %}union all
    {% endif %}
    {%- endfor %}

)

select *
from checks
where
    rows_in_input != rows_read
    or rows_accepted + rows_rejected != rows_read
    or rows_quarantined != rows_rejected
