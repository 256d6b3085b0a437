{#-
    Every segment model, by segment_id (the model is seg_<segment_id>). dbt cannot discover
    models while it parses, so the membership union needs this list to `ref` them. The test
    `assert_segment_registry_complete` fails when a seg_ model is missing here or an id
    here has no model.
-#}
{% macro segment_registry() -%}
    {{ return([
        'big_spenders', 'loyal_customers', 'one_time_buyers', 'first_time_buyers',
        'repeat_customers', 'recent_purchasers', 'inactive_customers',
        'coupon_customers', 'full_price_customers', 'thrifty_customers', 'replenishment_due',
        'trend_followers', 'occasion_buyers',
        'all_prospects', 'newsletter_subscribers', 'curious_prospects', 'indecisive_prospects',
        'abandoned_carts', 'engaged_subscribers', 'unengaged_subscribers',
        'first_time_visitors', 'returning_visitors', 'guest_buyers', 'webroomers',
        'mobile_first', 'desktop_first', 'paid_acquired', 'referral_acquired',
        'seniors', 'young_adults', 'large_households', 'high_income', 'business_customers',
        'domestic_customers', 'international_customers', 'eco_conscious',
        'influencers', 'high_maintenance', 'unhappy_customers', 'happy_customers',
        'high_value_predicted', 'at_risk_valuable', 'likely_to_order_soon',
        'referral_candidates',
        'rfm_champions', 'rfm_loyal', 'rfm_potential_loyalists', 'rfm_new', 'rfm_promising',
        'rfm_need_attention', 'rfm_about_to_sleep', 'rfm_cannot_lose', 'rfm_at_risk',
        'rfm_hibernating', 'rfm_lost',
    ]) }}
{%- endmacro %}
