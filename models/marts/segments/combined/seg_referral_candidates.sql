{#-
    A segment made of segments (combine_segments): loyal customers who are happy or big
    spenders, are neither unhappy nor high-maintenance, and may be emailed.
-#}
with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    {{ combine_segments(
        all_of=['loyal_customers'],
        any_of=['happy_customers', 'big_spenders'],
        none_of=['unhappy_customers', 'high_maintenance'],
        where='contacts.can_email',
    ) | indent(4) }}

)

select * from members
