{#-
    The lifecycle stage is a partition: every contact of fct_contacts has exactly one row in
    contact_segments with exactly one known stage. Returns the contacts that break it.
-#}
with

contacts as (

    select contact_id from {{ ref('fct_contacts') }}

),

stages as (

    select
        contact_id,
        lifecycle_stage
    from {{ ref('contact_segments') }}

),

stage_counts as (

    select
        contacts.contact_id,
        count(stages.contact_id) as stage_rows,
        sum(
            case
                when
                    stages.lifecycle_stage
                    in ('prospect', 'new', 'loyal', 'lapsed', 'at_risk', 'active')
                    then 1
                else 0
            end
        ) as known_stages
    from contacts
    left join stages
        on contacts.contact_id = stages.contact_id
    group by contacts.contact_id

)

select *
from stage_counts
where stage_rows != 1 or known_stages != 1
