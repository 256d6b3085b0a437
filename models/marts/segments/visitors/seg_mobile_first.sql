{#- Contacts whose recent sessions are mostly on mobile: see device_first_segment. -#}
{{ device_first_segment('mobile') }}
