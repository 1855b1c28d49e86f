-- ObsCore 1.1 §4.12 (standards.md §1.12; taplint E-OBS-TYPX/CUNI): s_region is STC-S text
-- ("POLYGON ICRS lon lat ..." in degrees, no unit). The pg_sphere polygon stays beside it as
-- s_region_spoly with its GiST index: the published metadata names it as s_region's geometry
-- twin, so ADQL CONTAINS/INTERSECTS on s_region and SIA POS search the index.
ALTER TABLE ivoa.obscore RENAME COLUMN s_region TO s_region_spoly;
ALTER INDEX ivoa.obscore_s_region_idx RENAME TO obscore_s_region_spoly_idx;
ALTER TABLE ivoa.obscore ADD COLUMN s_region text;

-- Records written before this migration: the text from the polygon (pg_sphere prints
-- {(lon , lat),...} in radians by default). refreshObsCore writes both from the corners.
UPDATE ivoa.obscore o SET s_region = 'POLYGON ICRS ' || (
  SELECT string_agg(CAST(degrees(c.x) AS text), ' ' ORDER BY c.n)
  FROM unnest(string_to_array(translate(CAST(o.s_region_spoly AS text), '{}() ', ''), ',')::float8[]) WITH ORDINALITY AS c(x, n))
WHERE s_region_spoly IS NOT NULL;
