with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.has_sustainability_interest,
        contacts.units_365d,
        contacts.sustainable_units_365d,
        {{ ratio('contacts.sustainable_units_365d', 'contacts.units_365d') }}
            as sustainable_unit_share
    from contacts
    where
        contacts.has_sustainability_interest
        or (
            contacts.units_365d >= 2
            and contacts.sustainable_units_365d >= 0.5 * contacts.units_365d
        )

)

select * from members
