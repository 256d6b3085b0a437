{#-
    The one way text reaches SQL as a value: a string literal that no content can break
    out of. Every text from a var, a file path or YAML goes through here (identifiers go
    through adapter.quote, numbers and dates are rendered from validated values).

    DuckDB and PostgreSQL (standard_conforming_strings, the default since 9.1) read only a
    doubled quote inside a literal; Spark SQL also reads backslash escapes, so there a
    backslash is doubled first, then the quote escaped. A NUL character cannot be written
    in a literal on any engine: it is refused.
-#}
{% macro text_literal(value) -%}
    {%- set text = value | string -%}
    {%- if '\x00' in text -%}
        {{ exceptions.raise_compiler_error("a NUL character cannot be used in SQL text: " ~ (text | replace('\x00', '\\0'))) }}
    {%- endif -%}
    {{ return(adapter.dispatch('text_literal')(text)) }}
{%- endmacro %}

{% macro default__text_literal(text) -%}
    {{ return("'" ~ text.replace("'", "''") ~ "'") }}
{%- endmacro %}

{% macro spark__text_literal(text) -%}
    {{ return("'" ~ text.replace("\\", "\\\\").replace("'", "\\'") ~ "'") }}
{%- endmacro %}
