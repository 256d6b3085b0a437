{#-
    The contact and consent columns every segment table starts with
    (segment_contact_columns): contact_id unique and not null, contact_kind not null and one
    of `contact_kinds`, can_email, can_sms, can_whatsapp and as_of not null. Applied once per
    segment model, in its YAML, instead of a test per column; fails with one row per problem.
-#}
{% test segment_contact_columns_valid(model, contact_kinds) %}

with

members as (

    select * from {{ model }}

),

duplicated as (

    select contact_id
    from members
    where contact_id is not null
    group by contact_id
    having count(*) > 1

),

problems as (

    select
        'contact_id is not unique' as problem,
        contact_id
    from duplicated
    {%- for column in ['contact_id', 'contact_kind', 'can_email', 'can_sms', 'can_whatsapp', 'as_of'] %}
    union all
    select
        {{ text_literal(column ~ ' is null') }} as problem,
        contact_id
    from members
    where {{ column }} is null
    {%- endfor %}
    union all
    select
        'contact_kind is not one of {{ contact_kinds | join(", ") }}' as problem,
        contact_id
    from members
    where
        contact_kind not in (
            {%- for kind in contact_kinds %}{{ text_literal(kind) }}{{ ', ' if not loop.last }}{% endfor -%}
        )

)

select * from problems

{% endtest %}
