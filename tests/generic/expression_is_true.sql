{#-
    Fails with every row for which `expression` is not true (null counts as not true).
    Used on segment models to check that the why-columns satisfy the segment's rule.

    A var is written `{var_name}` in the expression (YAML cannot call project macros while
    dbt parses it): each is replaced by the checked var rendered as SQL (var_sql), so a
    threshold reaches the test as it reaches the model, checked and quoted.
-#}
{% test expression_is_true(model, expression) %}

{%- set rendered = namespace(sql=expression) -%}
{%- for name in var_specs() if ('{' ~ name ~ '}') in rendered.sql -%}
    {%- set rendered.sql = rendered.sql.replace('{' ~ name ~ '}', var_sql(name)) -%}
{%- endfor %}

select *
from {{ model }}
where not coalesce({{ rendered.sql }}, false)

{% endtest %}
