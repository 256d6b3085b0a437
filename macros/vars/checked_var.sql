{#-
    The project's vars, checked. Every model, test and macro reads a var through
    checked_var(name), never var(name): it returns the value only when it is allowed by the
    var's declared kind (dbt_project.yml, generated into var_specs()), normalised:

    | kind              | accepted                                  | returned        |
    |-------------------|-------------------------------------------|-----------------|
    | integer[lo, hi]   | a whole number, or one written as text    | int             |
    | decimal[lo, hi]   | a number or decimal text, <= 6 decimals   | canonical text  |
    | date              | a calendar date YYYY-MM-DD                | 'YYYY-MM-DD'    |
    | currency, country | 3 / 2 letters, any case, blanks trimmed   | upper-case text |
    | folder            | a path without glob or control characters | the path        |
    | identifier        | [A-Za-z_][A-Za-z0-9_]* (up to 63)         | the name        |
    | boolean           | true/false, or the text 'true'/'false'    | bool            |

    A trailing ? in the kind allows null. A value that is not allowed raises one line,
    `var <name> = <value> is not allowed: <what is allowed> (default <d>)`: while dbt parses,
    from validate_vars() (on-run-start, rendered with the project, so no command gets past
    parsing with a bad value), and from checked_var itself whenever SQL is compiled. Render what it returns with text_literal()
    (text), exact_number() (decimals), date_literal() (dates); integers render as they are.
-#}
{% macro checked_var(name) -%}
    {%- set specs = var_specs() -%}
    {%- if name not in specs -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ name ~ " has no declared kind: add `" ~ name ~ ": <default>  # <kind> | <what it does>`"
            ~ " under vars in dbt_project.yml and run `make vars`") }}
    {%- endif -%}
    {%- set checked = check_var_value(name, var(name, specs[name]['default']), specs[name]) -%}
    {%- if checked['problem'] is none -%}
        {{ return(checked['value']) }}
    {%- elif execute -%}
        {{ exceptions.raise_compiler_error(checked['problem']) }}
    {%- endif -%}
    {#- While parsing, a bad value reads as the default: nothing parsed runs, and
        validate_vars() (rendered in the same parse) stops dbt naming every bad var. -#}
    {{ return(check_var_value(name, specs[name]['default'], specs[name])['value']) }}
{%- endmacro %}

{#- {'value': normalised value, 'problem': none} or {'value': none, 'problem': message}. -#}
{% macro check_var_value(name, value, spec) -%}
    {%- set kind = spec['kind'] -%}
    {%- set result = {'value': none, 'ok': false} -%}
    {%- if value is none -%}
        {%- do result.update({'ok': spec['nullable']}) -%}
    {%- elif kind == 'integer' -%}
        {%- do result.update(check_integer(value, spec)) -%}
    {%- elif kind == 'decimal' -%}
        {%- do result.update(check_decimal(value, spec)) -%}
    {%- elif value is string and kind == 'boolean' -%}
        {%- if value | trim | lower in ['true', 'false'] -%}
            {%- do result.update({'value': value | trim | lower == 'true', 'ok': true}) -%}
        {%- endif -%}
    {%- elif kind == 'boolean' -%}
        {%- do result.update({'value': value, 'ok': value is boolean}) -%}
    {%- elif kind == 'date' -%}
        {%- do result.update(check_date(value)) -%}
    {%- elif value is not string -%}
        {#- every other kind is text -#}
    {%- elif kind in ['currency', 'country'] -%}
        {%- set code = value | trim -%}
        {%- set letters = 3 if kind == 'currency' else 2 -%}
        {%- if modules.re.fullmatch('[A-Za-z]{' ~ letters ~ '}', code) -%}
            {%- do result.update({'value': code | upper, 'ok': true}) -%}
        {%- endif -%}
    {%- elif kind == 'identifier' -%}
        {%- if modules.re.fullmatch('[A-Za-z_][A-Za-z0-9_]{0,62}', value) -%}
            {%- do result.update({'value': value, 'ok': true}) -%}
        {%- endif -%}
    {%- elif kind == 'folder' -%}
        {%- if value | trim != '' and value | length <= 4096
            and not modules.re.search('[\\x00-\\x1f\\x7f*?\\[\\]{}]', value) -%}
            {%- set path = value if value == '/' else value.rstrip('/') -%}
            {%- do result.update({'value': path, 'ok': true}) -%}
        {%- endif -%}
    {%- endif -%}
    {%- if result['ok'] -%}
        {{ return({'value': result['value'], 'problem': none}) }}
    {%- endif -%}
    {{ return({'value': none, 'problem': var_problem(name, value, spec)}) }}
{%- endmacro %}

{% macro check_integer(value, spec) -%}
    {%- set number = {'value': none} -%}
    {%- if value is boolean -%}
    {%- elif value is integer -%}
        {%- do number.update({'value': value}) -%}
    {%- elif value is float -%}
        {#- Only a finite whole float (180.0, as JSON may send it); nan and inf fail the
            range check, which is done first so `int` never sees them. -#}
        {%- if value >= spec['low'] | float and value <= spec['high'] | float
            and value == value | round(0, 'floor') -%}
            {%- do number.update({'value': value | int}) -%}
        {%- endif -%}
    {%- elif value is string and modules.re.fullmatch('[+-]?[0-9]{1,18}', value | trim) -%}
        {%- do number.update({'value': value | trim | int}) -%}
    {%- endif -%}
    {%- set n = number['value'] -%}
    {{ return({'value': n, 'ok': n is not none and in_var_range(n, spec)}) }}
{%- endmacro %}

{#- Decimals come back as canonical text ('0.75', '1000', '-2.5'): exact, and rendered into
    SQL by exact_number(). At most 6 decimal places (the SQL compares in decimal(18, 6)). -#}
{% macro check_decimal(value, spec) -%}
    {%- set text = {'value': none} -%}
    {%- if value is boolean -%}
    {%- elif value is integer -%}
        {%- do text.update({'value': value | string}) -%}
    {%- elif value is float -%}
        {%- if value >= spec['low'] | float and value <= spec['high'] | float -%}
            {%- set fixed = '%.6f' | format(value) -%}
            {%- if fixed | float == value -%}
                {%- do text.update({'value': fixed}) -%}
            {%- endif -%}
        {%- endif -%}
    {%- elif value is string -%}
        {%- do text.update({'value': value | trim}) -%}
    {%- endif -%}
    {%- set match = modules.re.fullmatch('([+-]?)([0-9]{0,12})(?:\\.([0-9]{0,6}))?', text['value'] or '') -%}
    {%- if match is none or (match.group(2) == '' and (match.group(3) or '') == '') -%}
        {{ return({'value': none, 'ok': false}) }}
    {%- endif -%}
    {%- set whole = (match.group(2) or '0') | int | string -%}
    {%- set fraction = (match.group(3) or '').rstrip('0') -%}
    {%- set canonical = whole ~ ('.' ~ fraction if fraction else '') -%}
    {%- set negative = match.group(1) == '-' and canonical != '0' -%}
    {%- set canonical = ('-' if negative else '') ~ canonical -%}
    {{ return({'value': canonical, 'ok': in_var_range(canonical | float, spec)}) }}
{%- endmacro %}

{% macro in_var_range(number, spec) -%}
    {%- set low, high = spec['low'] | float, spec['high'] | float -%}
    {%- set above = number >= low if spec['low_inclusive'] else number > low -%}
    {%- set below = number <= high if spec['high_inclusive'] else number < high -%}
    {{ return(above and below) }}
{%- endmacro %}

{#- A real calendar date written YYYY-MM-DD (a date object from unquoted YAML is fine). -#}
{% macro check_date(value) -%}
    {%- if value is string -%}
        {%- set text = value | trim -%}
    {%- elif value is mapping or value is iterable or value is number or value is boolean -%}
        {{ return({'value': none, 'ok': false}) }}
    {%- else -%}
        {%- set text = value | string -%}
    {%- endif -%}
    {%- set match = modules.re.fullmatch('([0-9]{4})-([0-9]{2})-([0-9]{2})', text) -%}
    {%- if match is none -%}
        {{ return({'value': none, 'ok': false}) }}
    {%- endif -%}
    {%- set year, month, day = match.group(1) | int, match.group(2) | int, match.group(3) | int -%}
    {%- set leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 -%}
    {%- set month_days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] -%}
    {%- set ok = year >= 1 and month >= 1 and month <= 12
        and day >= 1 and day <= month_days[month - 1] -%}
    {{ return({'value': text if ok else none, 'ok': ok}) }}
{%- endmacro %}

{#- What a var's kind allows, in words (the README's "allowed" column says the same). -#}
{% macro var_allowed(spec) -%}
    {%- set kind = spec['kind'] -%}
    {%- if kind in ['integer', 'decimal'] -%}
        {%- set what = 'a whole number' if kind == 'integer' else 'a decimal number' -%}
        {%- set low = ('from ' if spec['low_inclusive'] else 'greater than ') ~ spec['low'] -%}
        {%- set high = ('to ' if spec['high_inclusive'] else 'below ') ~ spec['high'] -%}
        {%- set words = what ~ ' ' ~ low ~ ' ' ~ high
            ~ (' with at most 6 decimal places' if kind == 'decimal' else '') -%}
    {%- else -%}
        {%- set words = {
            'date': 'a calendar date written YYYY-MM-DD (quote it in --vars)',
            'currency': 'a three-letter currency code listed in the currency_rates seed',
            'country': 'a two-letter ISO 3166-1 country code',
            'folder': 'a path to an existing folder of raw files (no *, ?, [ ], { } or control characters)',
            'identifier': 'a plain SQL name: letters, digits and _, not starting with a digit, up to 63 characters',
            'boolean': 'true or false',
        }[kind] -%}
    {%- endif -%}
    {{ return(words ~ (', or null' if spec['nullable'] else '')) }}
{%- endmacro %}

{#- The one-line message for a value that is not allowed. -#}
{% macro var_problem(name, value, spec, reason=none) -%}
    {%- set default = spec['default'] -%}
    {{ return(
        "var " ~ name ~ " = " ~ shown_var_value(value) ~ " is not allowed: "
        ~ (reason ~ "; allowed: " if reason else "") ~ var_allowed(spec)
        ~ " (default " ~ ('null' if default is none else default | string | lower if default is boolean else default) ~ ")"
    ) }}
{%- endmacro %}

{#- A value as the user wrote it, on one line and at most 80 characters. -#}
{% macro shown_var_value(value) -%}
    {%- if value is none -%}
        {%- set text = 'null' -%}
    {%- elif value is string -%}
        {%- set text = "'" ~ value ~ "'" -%}
    {%- elif value is boolean -%}
        {%- set text = value | string | lower -%}
    {%- else -%}
        {%- set text = value | string -%}
    {%- endif -%}
    {%- set text = modules.re.sub('[\\x00-\\x1f\\x7f]', '?', text) -%}
    {{ return(text if text | length <= 80 else text[:77] ~ '...') }}
{%- endmacro %}

{#-
    on-run-start: every var, checked. While dbt parses (execute false) this checks each
    value against its kind and raises one line per bad var, so no command gets past
    parsing with a bad value. When the hook runs (execute true, still before any seed or
    model) it also checks what needs the warehouse: the raw_data_path folder exists and
    holds files (DuckDB; Spark and PostgreSQL report a missing file themselves), and
    reporting_currency is in the currency_rates seed.
-#}
{% macro validate_vars() -%}
    {%- set specs = var_specs() -%}
    {%- set problems = [] -%}
    {%- for name, spec in specs.items() -%}
        {%- set checked = check_var_value(name, var(name, spec['default']), spec) -%}
        {%- if checked['problem'] is not none -%}
            {%- do problems.append(checked['problem']) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error(problems | join('\n  ')) }}
    {%- endif -%}
    {%- if execute -%}
        {%- set path = checked_var('raw_data_path') -%}
        {%- if path is not none and not raw_folder_exists(path) -%}
            {{ exceptions.raise_compiler_error(var_problem(
                'raw_data_path', path, specs['raw_data_path'],
                'no such folder, or it holds no files')) }}
        {%- endif -%}
        {%- set currency = checked_var('reporting_currency') -%}
        {%- set known = known_currency(currency) -%}
        {%- if known is not none and not known -%}
            {{ exceptions.raise_compiler_error(var_problem(
                'reporting_currency', currency, specs['reporting_currency'],
                'not in the currency_rates seed')) }}
        {%- endif -%}
    {%- endif -%}
    select 1
{%- endmacro %}

{#- Whether a folder exists and holds a file or folder (DuckDB's glob); other engines: true,
    their readers name a missing path themselves. -#}
{% macro raw_folder_exists(path) -%}
    {{ return(adapter.dispatch('raw_folder_exists')(path)) }}
{%- endmacro %}

{% macro default__raw_folder_exists(path) -%}
    {{ return(true) }}
{%- endmacro %}

{% macro duckdb__raw_folder_exists(path) -%}
    {%- set found = run_query(
        "select count(*) from glob(" ~ text_literal(path.rstrip('/') ~ '/*') ~ ")") -%}
    {{ return(found.columns[0].values()[0] > 0) }}
{%- endmacro %}

{#-
    Whether `currency` is in the currency_rates seed: the seed's CSV file on DuckDB (the rows
    this build loads, also on a new warehouse); elsewhere the seed's table when it exists,
    else none (unknown: the data test assert_reporting_currency_known then checks it right
    after the seed loads, before the models that convert revenue).
-#}
{% macro known_currency(currency) -%}
    {%- set seed = graph.nodes.get('seed.' ~ project_name ~ '.currency_rates') -%}
    {%- if seed is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if target.type == 'duckdb' -%}
        {%- set csv_path = seed.root_path ~ '/' ~ seed.original_file_path -%}
        {%- set source_sql = "read_csv(" ~ text_literal(csv_path) ~ ", header = true, all_varchar = true)" -%}
    {%- else -%}
        {#- From the graph, not ref(): a hook has no dependencies to ref through. -#}
        {%- set relation = adapter.get_relation(seed.database, seed.schema, seed.alias) -%}
        {%- if relation is none -%}
            {{ return(none) }}
        {%- endif -%}
        {%- set source_sql = relation -%}
    {%- endif -%}
    {%- set found = run_query(
        "select count(*) from " ~ source_sql
        ~ " where upper(trim(currency)) = " ~ text_literal(currency)) -%}
    {{ return(found.columns[0].values()[0] > 0) }}
{%- endmacro %}

{#- A checked date as a SQL date. -#}
{% macro date_literal(value) -%}
    {%- if not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', value | string) -%}
        {{ exceptions.raise_compiler_error("date_literal: not a YYYY-MM-DD date: " ~ shown_var_value(value)) }}
    {%- endif -%}
    cast({{ text_literal(value) }} as date)
{%- endmacro %}

{#- A checked var rendered as SQL by its kind: a number, an exact decimal, a date, a quoted
    text, true/false or null. -#}
{% macro var_sql(name) -%}
    {%- set value = checked_var(name) -%}
    {%- set kind = var_specs()[name]['kind'] -%}
    {%- if value is none -%}
        {{ return('null') }}
    {%- elif kind == 'integer' -%}
        {{ return(value | int | string) }}
    {%- elif kind == 'decimal' -%}
        {{ return(exact_number(value) | trim) }}
    {%- elif kind == 'date' -%}
        {{ return(date_literal(value) | trim) }}
    {%- elif kind == 'boolean' -%}
        {{ return('true' if value else 'false') }}
    {%- else -%}
        {{ return(text_literal(value)) }}
    {%- endif -%}
{%- endmacro %}
