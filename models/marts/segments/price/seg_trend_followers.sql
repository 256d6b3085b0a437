{#-
    Contacts who bought at least trend_min_products distinct products in valid orders placed
    0 to trend_window_days calendar days after the product's launch.
-#}
with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

contact_products as (

    select * from {{ ref('fct_contact_products') }}

),

launch_purchases as (

    select
        contact_id,
        count(*) as new_launch_products
    from contact_products
    -- first_days_after_launch is the earliest purchase on or after the launch date
    where first_days_after_launch <= {{ checked_var('trend_window_days') }}
    group by contact_id

),

members as (

    select
        {{ segment_contact_columns() }},
        launch_purchases.new_launch_products
    from contacts
    inner join launch_purchases
        on contacts.contact_id = launch_purchases.contact_id
    where launch_purchases.new_launch_products >= {{ checked_var('trend_min_products') }}

)

select * from members
