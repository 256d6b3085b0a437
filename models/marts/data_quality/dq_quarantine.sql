{#-
    Every rejected raw row, once, with the rule it broke and its raw key columns as they
    were. The full cleaned row stays in its staging model (rejected_rule is not null).
-#}
{#- Raw key columns of each table; the other tables' keys are null in its rows. -#}
{%- set key_columns = {
    'customers': {'customer_id': 'raw_customer_id'},
    'orders': {'order_id': 'raw_order_id'},
    'order_items': {'order_id': 'raw_order_id', 'line_number': 'raw_line_number'},
    'products': {'product_id': 'raw_product_id'},
    'events': {'event_id': 'raw_event_id'},
    'subscribers': {'subscriber_id': 'raw_subscriber_id'},
    'support_tickets': {'ticket_id': 'raw_ticket_id'},
} -%}
{%- set all_keys = ['customer_id', 'order_id', 'line_number', 'product_id', 'event_id',
                    'subscriber_id', 'ticket_id'] -%}
with

{% for raw_table, model in raw_table_base_models().items() %}
{{ raw_table }}_rejected as (

    select
        '{{ raw_table }}' as raw_table,
        rejected_rule,
        {{ quarantine_key_columns(key_columns[raw_table], all_keys) }}
    from {{ ref(model) }}
    where rejected_rule is not null

),
{% endfor %}

final as (

    {% for raw_table in raw_table_base_models() -%}
    select * from {{ raw_table }}_rejected
    {% if not loop.last %}union all
    {% endif %}
    {%- endfor %}

)

select * from final
