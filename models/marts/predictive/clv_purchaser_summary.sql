{#-
    One row per purchaser: a contact with at least one valid order up to the as-of date
    (fct_orders holds exactly the valid orders, those revenue counts: accepted, not
    cancelled, before the cutoff). The summary the BG/NBD and Gamma-Gamma models read, in
    the convention of Fader, Hardie & Lee's CDNOW summary:

    - a purchase is a contact-day: the valid orders of one contact on one date are one
      purchase, worth their summed net revenue (reporting currency);
    - repeat_purchases (x) counts the purchase days after the first one;
    - recency_days (t_x): days from the first purchase day to the last (0 when x = 0);
    - tenure_days (T): days from the first purchase day to the as-of date;
    - mean_repeat_value: the mean value of the repeat purchase days (the first purchase is
      left out; null when x = 0).

    Times are whole days, so a fit's alpha is per day. The calibration columns hold the same
    summary at calibration_end_date (as-of minus clv_holdout_days), for the backtest; they
    are null for contacts whose first purchase came after it.
-#}
with

orders as (

    select
        contact_id,
        ordered_date,
        net_revenue
    from {{ ref('fct_orders') }}

),

settings as (

    select
        as_of_date,
        calibration_end_date
    from {{ ref('clv_settings') }}

),

purchase_days as (

    select
        contact_id,
        ordered_date as purchase_date,
        count(*) as order_count,
        sum(net_revenue) as purchase_value
    from orders
    group by contact_id, ordered_date

),

purchase_days_ranked as (

    select
        purchase_days.*,
        min(purchase_days.purchase_date) over (partition by purchase_days.contact_id)
            as first_purchase_date
    from purchase_days

),

purchasers as (

    select
        purchase_days_ranked.contact_id,
        purchase_days_ranked.first_purchase_date,
        max(purchase_days_ranked.purchase_date) as last_purchase_date,
        sum(purchase_days_ranked.order_count) as order_count,
        count(*) as purchase_days,
        coalesce(sum(
            case
                when purchase_days_ranked.purchase_date > purchase_days_ranked.first_purchase_date
                    then purchase_days_ranked.purchase_value
            end
        ), 0) as repeat_net_revenue,
        sum(
            case
                when purchase_days_ranked.purchase_date <= settings.calibration_end_date then 1
                else 0
            end
        ) as calibration_purchase_days,
        max(
            case
                when purchase_days_ranked.purchase_date <= settings.calibration_end_date
                    then purchase_days_ranked.purchase_date
            end
        ) as calibration_last_purchase_date,
        sum(
            case
                when purchase_days_ranked.purchase_date > settings.calibration_end_date then 1
                else 0
            end
        ) as holdout_purchase_days
    from purchase_days_ranked
    cross join settings
    group by purchase_days_ranked.contact_id, purchase_days_ranked.first_purchase_date

),

final as (

    select
        purchasers.contact_id,
        settings.as_of_date,
        purchasers.first_purchase_date,
        purchasers.last_purchase_date,
        purchasers.order_count,
        purchasers.purchase_days,
        purchasers.purchase_days - 1 as repeat_purchases,
        {{ dbt.datediff('purchasers.first_purchase_date', 'purchasers.last_purchase_date', 'day') }}
            as recency_days,
        {{ dbt.datediff('purchasers.first_purchase_date', 'settings.as_of_date', 'day') }}
            as tenure_days,
        purchasers.repeat_net_revenue,
        {{ ratio('purchasers.repeat_net_revenue', 'purchasers.purchase_days - 1') }}
            as mean_repeat_value,
        settings.calibration_end_date,
        case
            when purchasers.calibration_purchase_days > 0
                then purchasers.calibration_purchase_days - 1
        end as calibration_repeat_purchases,
        case
            when purchasers.calibration_purchase_days > 0
                then {{ dbt.datediff(
                    'purchasers.first_purchase_date',
                    'purchasers.calibration_last_purchase_date',
                    'day'
                ) }}
        end as calibration_recency_days,
        case
            when purchasers.calibration_purchase_days > 0
                then {{ dbt.datediff(
                    'purchasers.first_purchase_date', 'settings.calibration_end_date', 'day'
                ) }}
        end as calibration_tenure_days,
        case
            when purchasers.calibration_purchase_days > 0
                then purchasers.holdout_purchase_days
        end as holdout_purchases
    from purchasers
    cross join settings

)

select * from final
