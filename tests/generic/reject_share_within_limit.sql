{#-
    The reject share of a raw table stays within the var max_reject_share (default 0.2):
    fails when rejected / read > max_reject_share, with one line naming the table, the share
    and the top rules. The rejected rows stay where they are (staging and
    data_quality.dq_quarantine); a table with no rows read passes.

    On a staging model, this test stops the models that read it: in `dbt build` dbt skips
    the nodes downstream of a failing test. It also depends on int_reporting_period (the
    comment below), so what dbt blocks is what descends from both, i.e. every fact and
    segment, while dq_quarantine and dq_rejections_by_rule (which do not need the reporting
    period) are still built and show the rejected rows.
-#}
{% test reject_share_within_limit(model, raw_table) %}
-- depends_on: {{ ref('int_reporting_period') }}
{%- set max_share = checked_var('max_reject_share') -%}
{%- set limit_sql = "cast(" ~ text_literal(max_share) ~ " as decimal(18, 6))" -%}
{%- set counts_sql -%}
    select
        count(*) as rows_read,
        coalesce(sum(case when rejected_rule is not null then 1 else 0 end), 0) as rows_rejected
    from {{ model }}
{%- endset -%}
{#- The message is raised when the test runs (build, test), not when it is only compiled
    (compile, docs generate), and only once its model exists. -#}
{%- if execute and flags.WHICH in ['build', 'test', 'retry'] and load_relation(model) is not none -%}
    {%- set counts = run_query(
        "select rows_read, rows_rejected, case when rows_rejected > " ~ limit_sql
        ~ " * rows_read then 1 else 0 end as is_over from (" ~ counts_sql ~ ") as counts") -%}
    {%- set rows_read, rows_rejected, is_over = counts.rows[0][0] | int, counts.rows[0][1] | int, counts.rows[0][2] | int -%}
    {%- if is_over == 1 -%}
        {%- set top = run_query(
            "select rejected_rule, count(*) as rows_rejected from " ~ model
            ~ " where rejected_rule is not null group by rejected_rule"
            ~ " order by count(*) desc, rejected_rule limit 3") -%}
        {%- set rules = [] -%}
        {%- for row in top.rows -%}
            {%- do rules.append(row[0] ~ " " ~ (row[1] | int)) -%}
        {%- endfor -%}
        {{ exceptions.raise_compiler_error(
            raw_table ~ ": " ~ '%.1f' | format(100.0 * rows_rejected / rows_read) ~ "% of "
            ~ rows_read ~ " rows rejected (max_reject_share " ~ max_share ~ "); top rules: "
            ~ rules | join(', ') ~ "; the rows are in data_quality.dq_quarantine") }}
    {%- endif -%}
{%- endif %}

with

counts as (

    {{ counts_sql }}

)

select
    '{{ raw_table }}' as raw_table,
    rows_read,
    rows_rejected
from counts
where rows_rejected > {{ limit_sql }} * rows_read
{% endtest %}
