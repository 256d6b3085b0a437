{#-
    The contract's reject rules per raw table, in the order they are checked (a row that
    breaks several is quarantined once, under the first). The staging models implement
    them; the data-quality report lists every rule, also those with no rejected rows, and a
    test checks that staging uses no rule missing from here.
-#}
{% macro reject_rules() -%}
    {{ return({
        'customers': ['customer_id_blank', 'created_at_null'],
        'orders': ['order_id_blank', 'customer_and_email_blank', 'ordered_at_null',
                   'status_invalid', 'currency_unknown', 'subtotal_amount_invalid',
                   'discount_amount_negative', 'order_id_duplicate'],
        'order_items': ['order_id_unmatched', 'product_id_blank', 'quantity_invalid',
                        'unit_price_invalid', 'line_number_duplicate'],
        'products': ['product_id_blank', 'product_id_duplicate'],
        'events': ['event_id_blank', 'occurred_at_null', 'anonymous_id_blank',
                   'event_type_invalid', 'event_id_duplicate'],
        'subscribers': ['subscriber_id_blank', 'email_invalid', 'status_invalid'],
        'support_tickets': ['ticket_id_blank', 'customer_and_email_blank', 'opened_at_null'],
    }) }}
{%- endmacro %}

{#- The staging model of each raw table. -#}
{% macro raw_table_staging_models() -%}
    {{ return({
        'customers': 'stg_shop__customers',
        'orders': 'stg_shop__orders',
        'order_items': 'stg_shop__order_items',
        'products': 'stg_shop__products',
        'events': 'stg_tracker__events',
        'subscribers': 'stg_email__subscribers',
        'support_tickets': 'stg_helpdesk__support_tickets',
    }) }}
{%- endmacro %}
