{#-
    How many members of each segment each channel can reach (consent flags), by family:
    a starting point for campaign planning. `dbt compile` renders it to
    target/compiled/.../analyses/; run it against the warehouse with any SQL client.
-#}
with

memberships as (

    select
        contact_id,
        segment_id
    from {{ ref('segment_memberships') }}

),

contacts as (

    select
        contact_id,
        can_email,
        can_sms,
        can_whatsapp
    from {{ ref('fct_contacts') }}

),

catalog as (

    select
        segment_id,
        family,
        label
    from {{ ref('segment_catalog') }}

),

reach as (

    select
        catalog.family,
        catalog.label,
        count(*) as members,
        sum(case when contacts.can_email then 1 else 0 end) as reachable_by_email,
        sum(case when contacts.can_sms then 1 else 0 end) as reachable_by_sms,
        sum(case when contacts.can_whatsapp then 1 else 0 end) as reachable_by_whatsapp
    from memberships
    inner join contacts
        on memberships.contact_id = contacts.contact_id
    inner join catalog
        on memberships.segment_id = catalog.segment_id
    group by catalog.family, catalog.label

)

select * from reach
order by family asc, members desc
