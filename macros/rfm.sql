{#-
    Renders a case expression (no alias): the 1-5 quintile score of a rank among `count`
    rows, 1 + floor(5 x (rank - 1) / count), computed exactly on integers (score >= s when
    5 x (rank - 1) >= (s - 1) x count). rfm_scores calls it for recency, frequency and
    monetary, with rank() over the value and the purchaser count.
-#}
{% macro rfm_quintile_score(rank_expression, count_expression) -%}
    case
        when 5 * ({{ rank_expression }} - 1) >= 4 * {{ count_expression }} then 5
        when 5 * ({{ rank_expression }} - 1) >= 3 * {{ count_expression }} then 4
        when 5 * ({{ rank_expression }} - 1) >= 2 * {{ count_expression }} then 3
        when 5 * ({{ rank_expression }} - 1) >= {{ count_expression }} then 2
        else 1
    end
{%- endmacro %}

{#-
    The body of an RFM group segment's `members` CTE (seg_rfm_<group>): the purchasers of
    the model's `scores` CTE (rfm_scores) in `group`, with the contact columns from its
    `contacts` CTE (fct_contacts) and their scores as why-columns.
-#}
{% macro rfm_group_members(group) -%}
    {%- if group not in rfm_group_names() -%}
        {{ exceptions.raise_compiler_error("rfm_group_members: '" ~ group
            ~ "' is not an RFM group (" ~ rfm_group_names() | join(', ') ~ ")") }}
    {%- endif -%}
select
    {{ segment_contact_columns() }},
    scores.recency_score,
    scores.frequency_score,
    scores.monetary_score,
    scores.fm_score,
    scores.rfm_score
from scores
inner join contacts
    on scores.contact_id = contacts.contact_id
where scores.rfm_group = {{ text_literal(group) }}
{%- endmacro %}

{#- The RFM groups of rfm_scores, in the order their rules are tried. -#}
{% macro rfm_group_names() -%}
    {{ return([
        'champions', 'loyal', 'potential_loyalists', 'new', 'promising', 'need_attention',
        'about_to_sleep', 'cannot_lose', 'at_risk', 'hibernating', 'lost',
    ]) }}
{%- endmacro %}
