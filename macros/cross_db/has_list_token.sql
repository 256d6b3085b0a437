{#-
    True when a `;`-separated list (e.g. interest tags) contains `token` as a whole entry,
    matched case-insensitively after trimming each entry. Null list: null.
-#}
{% macro has_list_token(column, token, separator=';') -%}
    {{ return(adapter.dispatch('has_list_token')(column, token, separator)) }}
{%- endmacro %}

{% macro default__has_list_token(column, token, separator) -%}
    list_contains(
        string_split(
            trim(regexp_replace(lower({{ column }}), '\s*{{ separator }}\s*', '{{ separator }}', 'g')),
            '{{ separator }}'
        ),
        '{{ token | lower }}'
    )
{%- endmacro %}

{#- PostgreSQL and Spark: the entries, normalised to `;a;b;`, contain `;token;`. -#}
{% macro postgres__has_list_token(column, token, separator) -%}
    {{ dbt.position(
        "'" ~ separator ~ token | lower ~ separator ~ "'",
        "'" ~ separator ~ "' || trim(regexp_replace(lower(" ~ column ~ "), '\\s*" ~ separator
            ~ "\\s*', '" ~ separator ~ "', 'g')) || '" ~ separator ~ "'"
    ) }} > 0
{%- endmacro %}

{% macro spark__has_list_token(column, token, separator) -%}
    {{ dbt.position(
        "'" ~ separator ~ token | lower ~ separator ~ "'",
        "concat('" ~ separator ~ "', trim(regexp_replace(lower(" ~ column ~ "), '\\\\s*"
            ~ separator ~ "\\\\s*', '" ~ separator ~ "')), '" ~ separator ~ "')"
    ) }} > 0
{%- endmacro %}
