{#-
    Building blocks of the segment models. Every segment table starts with the same
    contact and consent columns, then the "why" columns that put the contact in.
-#}
{% macro segment_contact_columns(relation='contacts') -%}
    {{ relation }}.contact_id,
    {{ relation }}.contact_kind,
    {{ relation }}.customer_id,
    {{ relation }}.email,
    {{ relation }}.can_email,
    {{ relation }}.can_sms,
    {{ relation }}.can_whatsapp,
    {{ relation }}.as_of_date as as_of
{%- endmacro %}

{#- Start of "the last N days" (cutoff - N days <= t < cutoff), as a timestamp. -#}
{% macro window_start(days, cutoff='cutoff_at') -%}
    {{ dbt.dateadd('day', '-1 * (' ~ days ~ ')', cutoff) }}
{%- endmacro %}

{#- A checked decimal var (checked_var returns canonical text such as '0.75') as an exact
    decimal, so `count >= share x total` compares exactly. Anything but a plain decimal
    number is refused, so no text can reach the SQL through here. -#}
{% macro exact_number(value) -%}
    {%- if not modules.re.fullmatch('-?[0-9]{1,12}(\\.[0-9]{1,6})?', value | string) -%}
        {{ exceptions.raise_compiler_error("exact_number: not a decimal number: " ~ shown_var_value(value)) }}
    {%- endif -%}
    cast({{ value }} as decimal(18, 6))
{%- endmacro %}

{#- A share or average for display (rules compare counts exactly, never this value): a
    double on every engine, null when the denominator is 0. -#}
{% macro ratio(numerator, denominator) -%}
    cast({{ numerator }} as {{ double_type() }}) / nullif({{ denominator }}, 0)
{%- endmacro %}

{% macro double_type() -%}
    {{ return(adapter.dispatch('double_type')()) }}
{%- endmacro %}

{% macro default__double_type() -%}
    double precision
{%- endmacro %}

{% macro spark__double_type() -%}
    double
{%- endmacro %}

{#- The columns every segment table starts with (segment_contact_columns); the rest are
    the segment's "why" columns. -#}
{% macro segment_common_columns() -%}
    {{ return([
        'contact_id', 'contact_kind', 'customer_id', 'email',
        'can_email', 'can_sms', 'can_whatsapp', 'as_of',
    ]) }}
{%- endmacro %}

{#-
    A segment's why-columns as a JSON object text (json_object_text), read from the built
    segment relation. While parsing, or when the relation does not exist yet (e.g. `dbt
    compile` on an empty warehouse), a typed null placeholder.
-#}
{% macro segment_why_values(relation) -%}
    {%- set existing = load_relation(relation) if execute else none -%}
    {%- if existing is none -%}
        cast(null as {{ dbt.type_string() }})
    {%- else -%}
        {%- set why_columns = [] -%}
        {%- for column in adapter.get_columns_in_relation(existing)
            if column.name | lower not in segment_common_columns() -%}
            {%- do why_columns.append(column) -%}
        {%- endfor -%}
        {{ json_object_text(why_columns) }}
    {%- endif -%}
{%- endmacro %}

{#-
    mobile_first / desktop_first: at least device_min_sessions sessions in the last 90 days,
    at least device_share of them started on `device` (sessions on an unknown device still
    count in the minimum and in the denominator).
-#}
{% macro device_first_segment(device) -%}
with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.sessions_90d,
        contacts.{{ device }}_sessions_90d,
        {{ ratio('contacts.' ~ device ~ '_sessions_90d', 'contacts.sessions_90d') }}
            as {{ device }}_session_share
    from contacts
    where
        contacts.sessions_90d >= {{ checked_var('device_min_sessions') }}
        and contacts.{{ device }}_sessions_90d
        >= {{ exact_number(checked_var('device_share')) }} * contacts.sessions_90d

)

select * from members
{%- endmacro %}

{#-
    The body of a segment's `members` CTE defined from other segments (and fact columns)
    instead of a rule of its own: the contacts of the model's `contacts` CTE (fct_contacts)
    who are in every segment of `all_of`, in at least one of `any_of` (when given), in none
    of `none_of`, and for whom `where` (SQL over `contacts.`, written in the model; never
    pass a var's text here) is true. Segment ids must be in segment_registry(). Why-columns:
    `matched_all_of` (the all_of ids, ', '-joined) and `matched_any_of` (the any_of ids the
    contact is in, in the order given), each only when its list is given.

    Each part is a left join on contact_id (unique in every segment table, so no row is
    repeated), tested with `is not null` / `is null`: Spark allows EXISTS subqueries only
    in filters and joins, not in a select list or under OR.
-#}
{% macro combine_segments(all_of=[], any_of=[], none_of=[], where=none) -%}
    {%- set known = segment_registry() -%}
    {%- for segment_id in all_of + any_of + none_of if segment_id not in known -%}
        {{ exceptions.raise_compiler_error("combine_segments: '" ~ segment_id
            ~ "' is not a segment of segment_registry() (macros/segment_registry.sql)") }}
    {%- endfor -%}
    {%- if not (all_of or any_of) -%}
        {{ exceptions.raise_compiler_error(
            "combine_segments: give all_of or any_of (the segments members must be in)") }}
    {%- endif -%}
    {%- set parts = [] -%}
    {%- for segment_id in all_of + any_of + none_of if segment_id not in parts -%}
        {%- do parts.append(segment_id) -%}
    {%- endfor -%}
    {%- set conditions = [] -%}
    {%- for segment_id in all_of -%}
        {%- do conditions.append('seg_' ~ segment_id ~ '.contact_id is not null') -%}
    {%- endfor -%}
    {%- if any_of -%}
        {%- set alternatives = [] -%}
        {%- for segment_id in any_of -%}
            {%- do alternatives.append('seg_' ~ segment_id ~ '.contact_id is not null') -%}
        {%- endfor -%}
        {%- do conditions.append('(' ~ alternatives | join(' or ') ~ ')') -%}
    {%- endif -%}
    {%- for segment_id in none_of -%}
        {%- do conditions.append('seg_' ~ segment_id ~ '.contact_id is null') -%}
    {%- endfor -%}
    {%- if where -%}
        {%- do conditions.append('(' ~ where ~ ')') -%}
    {%- endif -%}
select
    {{ segment_contact_columns() }}
    {%- if all_of %},
    {{ text_literal(all_of | join(', ')) }} as matched_all_of
    {%- endif %}
    {%- if any_of %},
    concat_ws(
        ', '
        {%- for segment_id in any_of %},
        case when seg_{{ segment_id }}.contact_id is not null then {{ text_literal(segment_id) }} end
        {%- endfor %}
    ) as matched_any_of
    {%- endif %}
from contacts
{%- for segment_id in parts %}
left join {{ ref('seg_' ~ segment_id) }} as seg_{{ segment_id }}
    on contacts.contact_id = seg_{{ segment_id }}.contact_id
{%- endfor %}
where
    {{ conditions | join('\n    and ') }}
{%- endmacro %}
