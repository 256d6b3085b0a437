{#-
    The version of each shop account in effect at the as-of date: the latest accepted
    version whose coalesce(updated_at, created_at) is before the cutoff. An account whose
    versions all come later does not exist yet. Ties keep the latest created_at, then the
    first by email.
-#}
with

customers as (

    select * from {{ ref('stg_shop__customers') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

versions_ranked as (

    select
        customers.*,
        reporting_period.as_of_date,
        row_number() over (
            partition by customers.customer_id
            order by
                customers.version_at desc,
                customers.created_at desc,
                customers.email asc nulls last,
                customers.country_code asc nulls last
        ) as version_rank,
        count(*) over (partition by customers.customer_id) as version_count
    from customers
    cross join reporting_period
    where customers.version_at < reporting_period.cutoff_at

),

final as (

    select
        customer_id,
        email,
        created_at,
        updated_at,
        version_count,
        case when birth_date <= as_of_date then birth_date end as birth_date,
        gender,
        country_code,
        region,
        city,
        postal_code,
        locality_type,
        household_size,
        income_band,
        social_followers,
        is_business
    from versions_ranked
    where version_rank = 1

)

select * from final
