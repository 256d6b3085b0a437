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
