{#-
    Building blocks of the segment models. Every segment table starts with the same
    contact and consent columns, then the "why" columns that put the contact in.
-#}
{% macro segment_contact_columns(relation='contacts') -%}
    {{ relation }}.contact_id,
    {{ relation }}.contact_kind,
    {{ relation }}.customer_id,
    {{ relation }}.email,
    {{ relation }}.can_email,
    {{ relation }}.can_sms,
    {{ relation }}.can_whatsapp,
    {{ relation }}.as_of_date as as_of
{%- endmacro %}

{#- Start of "the last N days" (cutoff - N days <= t < cutoff), as a timestamp. -#}
{% macro window_start(days, cutoff='cutoff_at') -%}
    {{ dbt.dateadd('day', '-1 * (' ~ days ~ ')', cutoff) }}
{%- endmacro %}

{#- A share threshold as an exact decimal, so `count >= share x total` compares exactly. -#}
{% macro exact_number(value) -%}
    cast({{ value }} as decimal(18, 6))
{%- endmacro %}

{#- A text value as a SQL string literal, single quotes escaped. -#}
{% macro text_literal(value) -%}
    '{{ dbt.escape_single_quotes(value | string) }}'
{%- endmacro %}
