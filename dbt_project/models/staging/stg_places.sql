with source as (
    select * from {{ source('landing', 'places') }}
),

final as (
    select
        entity_id,
        country_code,
        place_type,
        latitude,
        longitude,
        geonameid,
        place_name,
        rule as place_rule,
        evidence as place_evidence,
        geocoder_version,
        geocoded_at,
    from source
)

select * from final
