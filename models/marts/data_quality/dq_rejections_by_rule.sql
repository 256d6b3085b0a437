{#- One row per raw table and reject rule (every rule, also those that rejected nothing). -#}
with

quarantine as (

    select * from {{ ref('dq_quarantine') }}

),

rules as (

    {% for raw_table, rules in reject_rules().items() -%}
    {% for rule in rules -%}
    select
        '{{ raw_table }}' as raw_table,
        '{{ rule }}' as rule_name,
        {{ loop.index }} as rule_order
    {% if not loop.last %}union all
    {% endif %}
    {%- endfor %}
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
