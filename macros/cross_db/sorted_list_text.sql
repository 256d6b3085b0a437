{#-
    An aggregate: the group's values of `column`, sorted ascending and joined by
    `delimiter` (a SQL string literal), e.g. 'abandoned_carts, big_spenders'. dbt's own
    `listagg` cannot sort on Spark, so Spark collects, sorts and joins an array.
-#}
{% macro sorted_list_text(column, delimiter) -%}
    {{ return(adapter.dispatch('sorted_list_text')(column, delimiter)) }}
{%- endmacro %}

{% macro default__sorted_list_text(column, delimiter) -%}
    {{ dbt.listagg(column, delimiter, 'order by ' ~ column) }}
{%- endmacro %}

{% macro spark__sorted_list_text(column, delimiter) -%}
    array_join(array_sort(collect_list({{ column }})), {{ delimiter }})
{%- endmacro %}
