{#- The RFM group potential_loyalists of predictive.rfm_scores as a segment (rfm_group_members). -#}
with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

scores as (

    select * from {{ ref('rfm_scores') }}

),

members as (

    {{ rfm_group_members('potential_loyalists') | indent(4) }}

)

select * from members
