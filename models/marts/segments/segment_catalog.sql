{#-
    One row per segment, generated from the segment models' YAML (meta and description):
    the definitions live in one place. Member counts come from segment_memberships; the
    share is of all contacts (fct_contacts), whose count is a column too (segment_health
    reads both from here).
-#}
{%- set segments = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.name.startswith('seg_') -%}
        {%- do segments.append(node) -%}
    {%- endfor -%}
{%- endif -%}
with

memberships as (

    select * from {{ ref('segment_memberships') }}

),

contacts as (

    select count(*) as contact_count from {{ ref('fct_contacts') }}

),

definitions as (

    {% for node in segments | sort(attribute='name') -%}
    {%- set meta = node.config.meta -%}
    select
        {{ text_literal(node.name[4:]) }} as segment_id,
        {{ text_literal(node.name) }} as model_name,
        {{ text_literal(meta.get('family', '')) }} as family,
        {{ text_literal(meta.get('label', '')) }} as label,
        {{ text_literal(meta.get('purpose', '')) }} as purpose,
        {{ text_literal(meta.get('suggested_actions', []) | join('; ')) }}
            as suggested_actions,
        {{ text_literal(meta.get('source_articles', []) | join('; ')) }}
            as source_articles,
        {{ text_literal(meta.get('rule', '')) }} as rule,
        {{ text_literal(meta.get('vars', []) | join(', ')) }} as vars,
        {{ text_literal(meta.get('why_columns', []) | join(', ')) }} as why_columns,
        {{ text_literal(node.description | trim) }} as description
    {% if not loop.last %}union all
    {% endif %}
    {%- else -%}
    select
        cast(null as {{ dbt.type_string() }}) as segment_id,
        cast(null as {{ dbt.type_string() }}) as model_name,
        cast(null as {{ dbt.type_string() }}) as family,
        cast(null as {{ dbt.type_string() }}) as label,
        cast(null as {{ dbt.type_string() }}) as purpose,
        cast(null as {{ dbt.type_string() }}) as suggested_actions,
        cast(null as {{ dbt.type_string() }}) as source_articles,
        cast(null as {{ dbt.type_string() }}) as rule,
        cast(null as {{ dbt.type_string() }}) as vars,
        cast(null as {{ dbt.type_string() }}) as why_columns,
        cast(null as {{ dbt.type_string() }}) as description
    where 1 = 0
    {%- endfor %}

),

member_counts as (

    select
        segment_id,
        count(*) as member_count
    from memberships
    group by segment_id

),

final as (

    select
        definitions.*,
        coalesce(member_counts.member_count, 0) as member_count,
        {{ ratio('coalesce(member_counts.member_count, 0)', 'contacts.contact_count') }}
            as member_share,
        contacts.contact_count
    from definitions
    cross join contacts
    left join member_counts
        on definitions.segment_id = member_counts.segment_id

)

select * from final
