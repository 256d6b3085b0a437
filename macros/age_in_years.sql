{#-
    Whole years from `birth_date` to `as_of_date`: the difference in years, minus one when
    the as-of (month, day) comes before the birth (month, day). A 29 February birthday is
    reached on 1 March in other years.
-#}
{% macro age_in_years(birth_date, as_of_date) -%}
    (
        extract(year from {{ as_of_date }}) - extract(year from {{ birth_date }})
        - case
            when extract(month from {{ as_of_date }}) * 100 + extract(day from {{ as_of_date }})
                < extract(month from {{ birth_date }}) * 100 + extract(day from {{ birth_date }})
                then 1
            else 0
        end
    )
{%- endmacro %}
