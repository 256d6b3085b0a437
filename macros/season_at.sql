{#-
    Meteorological season at a date for a hemisphere. North: Dec-Feb winter, Mar-May
    spring, Jun-Aug summer, Sep-Nov autumn; south: the opposite. Unknown hemisphere: null.
-#}
{% macro season_at(date_expression, hemisphere) -%}
    case
        when {{ hemisphere }} = 'north' then
            case
                when extract(month from {{ date_expression }}) in (12, 1, 2) then 'winter'
                when extract(month from {{ date_expression }}) in (3, 4, 5) then 'spring'
                when extract(month from {{ date_expression }}) in (6, 7, 8) then 'summer'
                else 'autumn'
            end
        when {{ hemisphere }} = 'south' then
            case
                when extract(month from {{ date_expression }}) in (12, 1, 2) then 'summer'
                when extract(month from {{ date_expression }}) in (3, 4, 5) then 'autumn'
                when extract(month from {{ date_expression }}) in (6, 7, 8) then 'winter'
                else 'spring'
            end
    end
{%- endmacro %}
