{#-
    One row per purchaser (a contact with at least one valid order up to the as-of date):
    recency, frequency and monetary value from fct_contacts, scored 1-5 as quintiles over the
    purchasers, and the purchaser's RFM group.

    - recency_days: days since the latest valid order at the as-of date; frequency: valid
      orders; monetary: lifetime net revenue (reporting currency);
    - score = 1 + floor(5 x (rank - 1) / purchasers), rank = rank() over the value, ascending
      for frequency and monetary and descending for recency_days (more recent scores higher).
      rank() gives equal values the same rank, so equal values get the same score whatever
      the row order, and a tie straddling a quintile edge goes wholly to the lower score.
      The floor is computed exactly (rfm_quintile_score): score >= s when 5 x (rank - 1) >=
      (s - 1) x purchasers;
    - fm_score: the mean of the frequency and monetary scores, rounded half up (the F&M axis
      of Putler's R vs F&M grid);
    - rfm_group: the first rule that matches, in this order (R = recency_score, FM =
      fm_score; the vars' defaults in brackets; the model's YAML lists the same rules):
      champions R >= rfm_champion_min_recency_score [5] and FM >= rfm_champion_min_fm_score [5],
      loyal R >= rfm_loyal_min_recency_score [3] and FM >= rfm_loyal_min_fm_score [4],
      potential_loyalists R >= 4 and FM >= 2, new R >= 5, promising R >= 4,
      need_attention R >= 3 and FM >= 3, about_to_sleep R >= 3,
      cannot_lose R <= 1 and FM >= rfm_cannot_lose_min_fm_score [5],
      at_risk FM >= rfm_at_risk_min_fm_score [3], hibernating R >= 2 and FM >= 2, lost the
      rest. The last rule takes every purchaser left, so every purchaser has one group.
-#}
with

reporting_period as (

    select as_of_date
    from {{ ref('int_reporting_period') }}

),

purchasers as (

    select
        contact_id,
        days_since_last_order as recency_days,
        order_count as frequency,
        lifetime_net_revenue as monetary
    from {{ ref('fct_contacts') }}
    where order_count > 0

),

ranked as (

    select
        contact_id,
        recency_days,
        frequency,
        monetary,
        count(*) over () as purchaser_count,
        rank() over (order by recency_days desc) as recency_rank,
        rank() over (order by frequency asc) as frequency_rank,
        rank() over (order by monetary asc) as monetary_rank
    from purchasers

),

scored as (

    select
        contact_id,
        recency_days,
        frequency,
        monetary,
        {{ rfm_quintile_score('recency_rank', 'purchaser_count') }} as recency_score,
        {{ rfm_quintile_score('frequency_rank', 'purchaser_count') }} as frequency_score,
        {{ rfm_quintile_score('monetary_rank', 'purchaser_count') }} as monetary_score
    from ranked

),

combined as (

    select
        *,
        -- (F + M) / 2 rounded half up: F + M = 2k or 2k - 1 gives k.
        case
            when frequency_score + monetary_score >= 9 then 5
            when frequency_score + monetary_score >= 7 then 4
            when frequency_score + monetary_score >= 5 then 3
            when frequency_score + monetary_score >= 3 then 2
            else 1
        end as fm_score
    from scored

),

final as (

    select
        combined.contact_id,
        reporting_period.as_of_date,
        combined.recency_days,
        combined.frequency,
        combined.monetary,
        combined.recency_score,
        combined.frequency_score,
        combined.monetary_score,
        combined.fm_score,
        {{ dbt.concat([
            "cast(combined.recency_score as " ~ dbt.type_string() ~ ")",
            "cast(combined.frequency_score as " ~ dbt.type_string() ~ ")",
            "cast(combined.monetary_score as " ~ dbt.type_string() ~ ")",
        ]) }} as rfm_score,
        case
            when
                combined.recency_score >= {{ var_sql('rfm_champion_min_recency_score') }}
                and combined.fm_score >= {{ var_sql('rfm_champion_min_fm_score') }}
                then 'champions'
            when
                combined.recency_score >= {{ var_sql('rfm_loyal_min_recency_score') }}
                and combined.fm_score >= {{ var_sql('rfm_loyal_min_fm_score') }}
                then 'loyal'
            when combined.recency_score >= 4 and combined.fm_score >= 2
                then 'potential_loyalists'
            when combined.recency_score >= 5 then 'new'
            when combined.recency_score >= 4 then 'promising'
            when combined.recency_score >= 3 and combined.fm_score >= 3 then 'need_attention'
            when combined.recency_score >= 3 then 'about_to_sleep'
            when
                combined.recency_score <= 1
                and combined.fm_score >= {{ var_sql('rfm_cannot_lose_min_fm_score') }}
                then 'cannot_lose'
            when combined.fm_score >= {{ var_sql('rfm_at_risk_min_fm_score') }} then 'at_risk'
            when combined.recency_score >= 2 and combined.fm_score >= 2 then 'hibernating'
            else 'lost'
        end as rfm_group
    from combined
    cross join reporting_period

)

select * from final
