{#-
    The latest-row signals of the per-device event state (int_device_events_aggregated,
    int_device_events_scoped): per signal, its time column and the columns kept from its
    latest row, the first being the event_id that breaks ties on the time. A constant, so
    both models aggregate the same columns in the same way.
-#}
{% macro device_event_signals() -%}
    {{ return({
        'last_product_view_at': ['last_product_view_event_id', 'last_product_viewed_id'],
        'last_cart_at': ['last_cart_event_id', 'last_cart_product_id'],
        'last_country_at': ['last_country_event_id', 'last_country_code'],
        'last_customer_at': ['last_customer_event_id', 'last_customer_id'],
        'last_email_at': ['last_email_event_id', 'last_email'],
    }) }}
{%- endmacro %}
