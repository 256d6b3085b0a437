{#-
    The highest staged-events ingest sequence the sessions table has already processed
    (0 when it is empty). Read once per run, before the pre-hook deletes anything, so the
    hook and the model see the same devices as touched.
-#}
{% macro sessions_watermark() -%}
    {%- if execute and is_incremental() -%}
        {%- set result = run_query(
            "select coalesce(max(processed_ingest_seq), 0) from " ~ this
        ) -%}
        {{ return(result.columns[0].values()[0] | int) }}
    {%- else -%}
        {{ return(0) }}
    {%- endif -%}
{%- endmacro %}

{#- Devices with staged event rows (accepted or not) newer than the watermark. -#}
{% macro touched_devices_sql(watermark) -%}
    select distinct anonymous_id
    from {{ ref('base_tracker__events') }}
    where ingest_seq > {{ watermark }} and anonymous_id is not null
{%- endmacro %}

{#- The events filter of a sessions run: every device on a full build, the touched ones on an
    incremental run. -#}
{% macro touched_devices_filter(watermark) -%}
    {%- if is_incremental() -%}
        anonymous_id in ({{ touched_devices_sql(watermark) }})
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}
