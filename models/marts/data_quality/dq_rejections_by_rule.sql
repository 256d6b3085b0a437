{#-
    One row per raw table and reject rule (every rule, also those that rejected nothing),
    in the order the rules are checked. `row_unreadable` (rule_order 0, before every rule
    of the contract) is listed for the tables read from CSV files, the only input that can
    have unreadable rows.
-#}
{%- set listed = listed_reject_rules() %}
with

quarantine as (

    select * from {{ ref('dq_quarantine') }}

),

rules as (

    {% for raw_table, rule, rule_order in listed -%}
    select
        '{{ raw_table }}' as raw_table,
        '{{ rule }}' as rule_name,
        {{ rule_order }} as rule_order
    {% if not loop.last %}union all
    {% endif %}
    {%- endfor %}

),

rejected as (

    select
        raw_table,
        rejected_rule as rule_name,
        count(*) as rows_rejected
    from quarantine
    group by raw_table, rejected_rule

),

final as (

    select
        coalesce(rules.raw_table, rejected.raw_table) as raw_table,
        coalesce(rules.rule_name, rejected.rule_name) as rule_name,
        rules.rule_order,
        rules.rule_name is not null as is_declared_rule,
        coalesce(rejected.rows_rejected, 0) as rows_rejected
    from rules
    full outer join rejected
        on
            rules.raw_table = rejected.raw_table
            and rules.rule_name = rejected.rule_name

)

select * from final
