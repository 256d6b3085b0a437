{#-
    Per (contact, segment) the changes alternate, starting with 'entered': fails with every
    change that repeats the pair's previous change, or that is a first 'exited'.
-#}
with

sequenced as (

    select
        contact_id,
        segment_id,
        as_of,
        change,
        lag(change) over (
            partition by contact_id, segment_id
            order by as_of
        ) as previous_change
    from {{ ref('segment_membership_changes') }}

)

select
    contact_id,
    segment_id,
    as_of,
    change,
    previous_change
from sequenced
where change = coalesce(previous_change, 'exited')
