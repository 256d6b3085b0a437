{#-
    Per raw table: rows read, accepted, rejected, and accepted rows out of scope (after the
    cutoff: accepted, but ignored by every fact and segment). accepted + rejected = read is
    a test on this model.
-#}
with

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

orders as (

    select
        order_id,
        ordered_at,
        rejected_rule
    from {{ ref('base_shop__orders') }}

),

{%- set scope_columns = {
    'customers': 'version_at',
    'orders': 'ordered_at',
    'events': 'occurred_at',
    'subscribers': 'subscribed_at',
    'support_tickets': 'opened_at',
} %}

{% for raw_table, model in raw_table_base_models().items() %}
{{ raw_table }}_counts as (

    select
        '{{ raw_table }}' as raw_table,
        count(*) as rows_read,
        -- coalesce: an empty (missing optional) table has no rows to sum
        coalesce(sum(case when staged.rejected_rule is null then 1 else 0 end), 0)
            as rows_accepted,
        coalesce(sum(case when staged.rejected_rule is not null then 1 else 0 end), 0)
            as rows_rejected,
        coalesce(sum(
            case
                when staged.rejected_rule is not null then 0
                {% if raw_table == 'order_items' -%}
                when scoped_orders.ordered_at >= reporting_period.cutoff_at then 1
                {%- elif raw_table in scope_columns -%}
                when staged.{{ scope_columns[raw_table] }} >= reporting_period.cutoff_at then 1
                {%- endif %}
                else 0
            end
        ), 0) as rows_out_of_scope
    from {{ ref(model) }} as staged
    cross join reporting_period
    {% if raw_table == 'order_items' -%}
    left join orders as scoped_orders
        on
            staged.order_id = scoped_orders.order_id
            and scoped_orders.rejected_rule is null
    {%- endif %}

),
{% endfor %}

final as (

    {% for raw_table in raw_table_base_models() -%}
    select * from {{ raw_table }}_counts
    {% if not loop.last %}union all
    {% endif %}
    {%- endfor %}

)

select * from final
