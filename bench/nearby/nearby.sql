\set c random(0, 1)
\set lon (:c * 119.296 + (1 - :c) * 118.676) + (random(0, 300000) - 150000) / 1000000.0
\set lat (:c * 26.075 + (1 - :c) * 24.874) + (random(0, 300000) - 150000) / 1000000.0
SELECT i.id, ST_X(i.location), ST_Y(i.location), tuoyu_distance_metres(i.location, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)) AS metres,
       (SELECT d.code FROM districts AS d
         WHERE d.level = 'district' AND d.boundary IS NOT NULL AND ST_Contains(d.boundary, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326))
           AND EXISTS (SELECT 1 FROM street_networks AS s WHERE s.district_code = d.code) LIMIT 1),
       (SELECT row_to_json(d)::text FROM (SELECT i.vacancies, i.subdistrict_code, i.district_code, i.data_source,
               CASE WHEN false THEN i.source_crs ELSE '' END AS source_crs,
               (to_json(i.updated_at AT TIME ZONE 'UTC') #>> '{}') || '+00:00' AS updated_at,
               CASE WHEN false THEN i.row_version ELSE 0 END AS version,
               i.name, CASE WHEN false THEN i.credit_code END AS credit_code, i.address, i.nature, i.operator_type, i.service_types,
               coalesce((SELECT array_to_json(array_agg(c)) FROM (SELECT c.type, c.count, c.children FROM institution_classes AS c
                          WHERE c.institution_id = i.id ORDER BY c.id) AS c), '[]'::json) AS classes,
               i.approved_slots, i.enrolled_slots, i.is_puhui, i.is_demonstration, i.is_standardised, i.filing_status,
               i.filed_on, i.opened_on, i.closed_on, i.demonstration_on, i.standardised_on, i.puhui_on, i.quality_grade,
               trim_scale(i.monthly_fee_min) AS monthly_fee_min, trim_scale(i.monthly_fee_max) AS monthly_fee_max,
               i.phone, i.opening_hours, i.floor, i.status) AS d)
  FROM (SELECT i.*, i.xmin::text::bigint AS row_version FROM institutions AS i
         WHERE i.status = 'operating' AND i.filing_status = 'filed'
           AND tuoyu_within_metres(i.location, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), 2000)
         ORDER BY tuoyu_knn_metres(i.location, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)) LIMIT 10) AS i
 ORDER BY metres, i.id
;
