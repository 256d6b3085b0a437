{#-
    The contract's reject rules per raw table, in the order they are checked (a row that
    breaks several is quarantined once, under the first). The staging models implement
    them; the data-quality report lists every rule, also those with no rejected rows, and a
    test checks that staging uses no rule missing from here.

    `row_unreadable` comes first in every table: a row the reader could not decode (CSV
    input only: too many or too few fields, invalid UTF-8, a broken quote) has no values to
    check. `total_amount_invalid` (orders): total_amount has no null rule in the contract,
    so a blank total reads as null but a non-blank one that is not a plain decimal (e.g.
    `1,740.00`) is rejected rather than accepted as null.
-#}
{% macro reject_rules() -%}
    {%- set rules = {
        'customers': ['customer_id_blank', 'created_at_null'],
        'orders': ['order_id_blank', 'customer_and_email_blank', 'ordered_at_null',
                   'status_invalid', 'currency_unknown', 'subtotal_amount_invalid',
                   'discount_amount_negative', 'total_amount_invalid', 'order_id_duplicate'],
        'order_items': ['order_id_unmatched', 'product_id_blank', 'quantity_invalid',
                        'unit_price_invalid', 'line_number_duplicate'],
        'products': ['product_id_blank', 'product_id_duplicate'],
        'events': ['event_id_blank', 'occurred_at_null', 'anonymous_id_blank',
                   'event_type_invalid', 'event_id_duplicate'],
        'subscribers': ['subscriber_id_blank', 'email_invalid', 'status_invalid'],
        'support_tickets': ['ticket_id_blank', 'customer_and_email_blank', 'opened_at_null'],
    } -%}
    {%- set ordered = {} -%}
    {%- for table_name, table_rules in rules.items() -%}
        {%- do ordered.update({table_name: ['row_unreadable'] + table_rules}) -%}
    {%- endfor -%}
    {{ return(ordered) }}
{%- endmacro %}

{#- The rules the data-quality report lists, as (raw_table, rule, rule_order): every rule
    of reject_rules() in its order (1, 2, ...), and `row_unreadable` (0, checked first) for
    the tables read from CSV files, the only input that can have unreadable rows. -#}
{% macro listed_reject_rules() -%}
    {%- set listed = [] -%}
    {%- for raw_table, rules in reject_rules().items() -%}
        {%- for rule in rules -%}
            {%- if rule != 'row_unreadable' or reads_raw_csv(raw_table) -%}
                {%- do listed.append((raw_table, rule, loop.index0)) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(listed) }}
{%- endmacro %}

{#- The base staging model of each raw table (every raw row, with rejected_rule). -#}
{% macro raw_table_base_models() -%}
    {{ return({
        'customers': 'base_shop__customers',
        'orders': 'base_shop__orders',
        'order_items': 'base_shop__order_items',
        'products': 'base_shop__products',
        'events': 'base_tracker__events',
        'subscribers': 'base_email__subscribers',
        'support_tickets': 'base_helpdesk__support_tickets',
    }) }}
{%- endmacro %}
