with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.social_followers
    from contacts
    where
        contacts.social_followers >= {{ checked_var('influencer_min_followers') }}

)

select * from members
