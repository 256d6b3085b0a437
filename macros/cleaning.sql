{#-
    Column cleaners used by the staging layer. Each takes a column expression that may be
    text (CSV input, seeds) or already typed (Parquet input) and returns the contract's type.
    Contract rule "blank is null": any text value that is empty or only whitespace is null.
-#}

{#- Text with blanks folded to null; not otherwise changed. -#}
{% macro clean_text(column) -%}
    nullif(trim(cast({{ column }} as {{ dbt.type_string() }})), '')
{%- endmacro %}

{#- Ids are taken verbatim (not trimmed, not case-folded); blank is null. -#}
{% macro clean_id(column) -%}
    case
        when trim(cast({{ column }} as {{ dbt.type_string() }})) = '' then null
        else cast({{ column }} as {{ dbt.type_string() }})
    end
{%- endmacro %}

{#- Codes match case-insensitively with surrounding blanks removed: ' Mobile' is 'mobile'. -#}
{% macro clean_code(column) -%}
    lower({{ clean_text(column) }})
{%- endmacro %}

{#- ISO codes (country, currency) are upper-cased. -#}
{% macro clean_iso_code(column) -%}
    upper({{ clean_text(column) }})
{%- endmacro %}

{#- Emails are normalised lower(trim()) in every table. -#}
{% macro clean_email(column) -%}
    lower({{ clean_text(column) }})
{%- endmacro %}

{#- Typed values: unparseable input becomes null (and a null-reject rule then applies). -#}
{% macro to_timestamp(column) -%}
    {{ try_cast(clean_text(column), dbt.type_timestamp()) }}
{%- endmacro %}

{% macro to_date(column) -%}
    {{ try_cast(clean_text(column), 'date') }}
{%- endmacro %}

{#- Whole numbers; "2.0" (a float column exported as text) is 2, "2.5" is not a whole
    number and reads as null. -#}
{% macro to_integer(column) -%}
    {%- set number = try_cast(clean_text(column), 'decimal(38, 6)') -%}
    case
        when {{ number }} = floor({{ number }}) then {{ try_cast(number, dbt.type_bigint()) }}
    end
{%- endmacro %}

{% macro to_money(column) -%}
    {{ try_cast(clean_text(column), money_type()) }}
{%- endmacro %}

{#- Booleans: true/t/1/yes/y and false/f/0/no/n, case-insensitive; anything else is null. -#}
{% macro to_boolean(column) -%}
    case
        when {{ clean_code(column) }} in ('true', 't', '1', 'yes', 'y') then true
        when {{ clean_code(column) }} in ('false', 'f', '0', 'no', 'n') then false
    end
{%- endmacro %}

{#- Money: amounts in the order's currency, and converted revenue. -#}
{% macro money_type() -%}
    decimal(18, 4)
{%- endmacro %}

{#- Revenue converted into the reporting currency keeps six decimals. -#}
{% macro revenue_type() -%}
    decimal(28, 6)
{%- endmacro %}

{#- Maps a cleaned code onto an allowed list; anything else becomes `fallback`. -#}
{% macro code_or_default(column, allowed, fallback) -%}
    case
        when {{ clean_code(column) }} in ('{{ allowed | join("', '") }}') then {{ clean_code(column) }}
        else {{ fallback }}
    end
{%- endmacro %}
