{#-
    Every seg_<id> model is in the segment registry (macros/segment_registry.sql) and every
    registered id has a model. Returns one row per mismatch, naming what to fix.
-#}
{%- set models = [] -%}
{%- if execute -%}
{%- for node in graph.nodes.values() if node.resource_type == 'model' -%}
{%- if node.name.startswith('seg_') %}{% do models.append(node.name[4:]) %}{% endif -%}
{%- endfor -%}
{%- endif -%}
{%- set registry = segment_registry() -%}
{%- set problems = [] -%}
{%- for segment_id in models if segment_id not in registry -%}
    {%- do problems.append('seg_' ~ segment_id ~ ' is missing from segment_registry()') -%}
{%- endfor -%}
{%- for segment_id in registry if segment_id not in models -%}
    {%- do problems.append(segment_id ~ ' is registered but has no seg_ model') -%}
{%- endfor -%}
{%- if execute and models | length == 0 -%}
    {%- do problems.append('no seg_ models found in the graph') -%}
{%- endif -%}

select problem
from (
    select cast(null as {{ dbt.type_string() }}) as problem
    {%- for problem in problems %}
    union all
    select '{{ problem }}' as problem
    {%- endfor %}
) as problems
where problem is not null
