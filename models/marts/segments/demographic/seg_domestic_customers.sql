with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.country_code
    from contacts
    where
        contacts.is_purchaser
        and contacts.country_code = {{ text_literal(checked_var('home_country')) }}

)

select * from members
