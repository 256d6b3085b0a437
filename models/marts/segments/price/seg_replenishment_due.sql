{#-
    One row per contact with a consumable due for restocking in [D, D + restock_lead_days]:
    the earliest due date (ties: the smallest product_id).
-#}
with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

contact_products as (

    select * from {{ ref('fct_contact_products') }}

),

due_products as (

    select
        contact_products.contact_id,
        contact_products.product_id,
        contact_products.replenishment_due_date as due_date,
        row_number() over (
            partition by contact_products.contact_id
            order by contact_products.replenishment_due_date asc, contact_products.product_id asc
        ) as due_rank
    from contact_products
    inner join contacts
        on contact_products.contact_id = contacts.contact_id
    where
        contact_products.replenishment_due_date >= contacts.as_of_date
        and contact_products.replenishment_due_date <= cast(
            {{ dbt.dateadd(
                'day', checked_var('restock_lead_days'), 'contacts.as_of_date'
            ) }} as date
        )

),

members as (

    select
        {{ segment_contact_columns() }},
        due_products.product_id,
        due_products.due_date
    from contacts
    inner join due_products
        on
            contacts.contact_id = due_products.contact_id
            and due_products.due_rank = 1

)

select * from members
