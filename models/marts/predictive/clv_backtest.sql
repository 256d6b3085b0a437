{#-
    How well BG/NBD predicts purchases it has not seen. The model is fitted on the
    calibration period (everything up to calibration_end_date = as-of minus
    clv_holdout_days: the bgnbd_calibration fit), predicts each calibration purchaser's
    purchases in the holdout (the clv_holdout_days after it, up to the as-of date), and
    the prediction is compared with the purchase days that actually came. One row per
    calibration frequency bucket (repeat purchases in the calibration period: 0, 1, ...,
    6, 7+) and one `total` row: purchasers, mean actual and predicted holdout purchases,
    their totals, the mean absolute error per purchaser and the total error in percent
    (predicted - actual) / actual. Predictions are null when the calibration fit did not
    converge.
-#}
with

settings as (

    select
        as_of_date,
        calibration_end_date,
        holdout_days
    from {{ ref('clv_settings') }}

),

summaries as (

    select
        contact_id,
        calibration_repeat_purchases,
        holdout_purchases
    from {{ ref('clv_purchaser_summary') }}
    where calibration_repeat_purchases is not null

),

predictions as (

    select
        contact_id,
        expected_purchases
    from {{ ref('clv_expected_purchases') }}
    where model = 'bgnbd_calibration'

),

purchasers as (

    select
        summaries.contact_id,
        case
            when summaries.calibration_repeat_purchases >= 7 then '7+'
            else cast(summaries.calibration_repeat_purchases as {{ dbt.type_string() }})
        end as frequency_bucket,
        least(summaries.calibration_repeat_purchases, 7) as bucket_order,
        summaries.holdout_purchases as actual_purchases,
        predictions.expected_purchases as predicted_purchases
    from summaries
    left join predictions
        on summaries.contact_id = predictions.contact_id

),

buckets as (

    select
        frequency_bucket,
        bucket_order,
        contact_id,
        actual_purchases,
        predicted_purchases
    from purchasers
    union all
    select
        'total' as frequency_bucket,
        8 as bucket_order,
        contact_id,
        actual_purchases,
        predicted_purchases
    from purchasers

),

compared as (

    select
        frequency_bucket,
        bucket_order,
        count(*) as purchasers,
        sum(actual_purchases) as actual_purchases,
        case
            when count(predicted_purchases) = count(*) then sum(predicted_purchases)
        end as predicted_purchases,
        case
            when count(predicted_purchases) = count(*)
                then avg(abs(predicted_purchases - actual_purchases))
        end as mean_absolute_error
    from buckets
    group by frequency_bucket, bucket_order

),

final as (

    select
        settings.as_of_date,
        settings.calibration_end_date,
        settings.holdout_days,
        compared.frequency_bucket,
        compared.bucket_order,
        compared.purchasers,
        {{ ratio('compared.actual_purchases', 'compared.purchasers') }} as mean_actual_purchases,
        compared.predicted_purchases / compared.purchasers as mean_predicted_purchases,
        compared.actual_purchases,
        compared.predicted_purchases,
        compared.mean_absolute_error,
        100 * (compared.predicted_purchases - compared.actual_purchases)
        / nullif(compared.actual_purchases, 0) as total_error_pct
    from compared
    cross join settings

)

select * from final
