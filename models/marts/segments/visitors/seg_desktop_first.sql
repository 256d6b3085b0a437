{#- Contacts whose recent sessions are mostly on desktop: see device_first_segment. -#}
{{ device_first_segment('desktop') }}
