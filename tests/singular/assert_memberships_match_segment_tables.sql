{#-
    segment_memberships holds exactly the rows of the segment models: per segment the same
    count, and no (contact, segment) pair twice.
-#}
with

memberships as (

    select
        segment_id,
        count(*) as membership_rows,
        count(distinct contact_id) as distinct_contacts
    from {{ ref('segment_memberships') }}
    group by segment_id

),

segment_tables as (

    {% for segment_id in segment_registry() -%}
    select
        '{{ segment_id }}' as segment_id,
        count(*) as model_rows
    from {{ ref('seg_' ~ segment_id) }}
    {% if not loop.last %}union all
    {% endif %}
    {%- endfor %}

)

select
    segment_tables.segment_id,
    segment_tables.model_rows,
    memberships.membership_rows,
    memberships.distinct_contacts
from segment_tables
left join memberships
    on segment_tables.segment_id = memberships.segment_id
where
    segment_tables.model_rows != coalesce(memberships.membership_rows, 0)
    or memberships.membership_rows != memberships.distinct_contacts
