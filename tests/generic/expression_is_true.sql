{#-
    Fails with every row for which `expression` is not true (null counts as not true).
    Used on segment models to check that the why-columns satisfy the segment's rule.
-#}
{% test expression_is_true(model, expression) %}

select *
from {{ model }}
where not coalesce({{ expression }}, false)

{% endtest %}
