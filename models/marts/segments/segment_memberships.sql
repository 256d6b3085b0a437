{#-
    One row per (contact, segment): the union of every segment model in the registry, with
    the segment's why-columns as one JSON object text (why_values).
-#}
with

{% for segment_id in segment_registry() %}
seg_{{ segment_id }} as (

    select
        contact_id,
        contact_kind,
        '{{ segment_id }}' as segment_id,
        as_of,
        {{ segment_why_values(ref('seg_' ~ segment_id)) }} as why_values
    from {{ ref('seg_' ~ segment_id) }}

),
{% endfor %}

final as (

    {% for segment_id in segment_registry() -%}
    select * from seg_{{ segment_id }}
    {% if not loop.last %}union all
    {% endif %}
    {%- endfor %}

)

select * from final
