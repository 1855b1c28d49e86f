// Astronomers' ADQL with the SQL one would write by hand for it: the translation corpus of the
// ADQL tests and of bench/adql.ts.

/** [behaviour, ADQL, hand-written SQL with S. for the schema and U. for the upload schema]. */
export const CORPUS: readonly (readonly [string, string, string])[] = [
  ['a cone search by CONTAINS', "SELECT object_id, ra, dec FROM pdr3_wide.forced WHERE CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 150, 2, 0.05)) = 1",
    'SELECT object_id, ra, dec FROM S.forced WHERE degrees(spoint(radians(ra), radians(dec)) <-> spoint(radians(150), radians(2))) <= 0.05'],
  ['a cone search by DISTANCE with the distance returned', 'SELECT object_id, DISTANCE(POINT(ra, dec), POINT(150.2, 2.1)) AS d FROM pdr3_wide.forced WHERE DISTANCE(POINT(ra, dec), POINT(150.2, 2.1)) < 0.03',
    'SELECT object_id, degrees(spoint(radians(ra), radians(dec)) <-> spoint(radians(150.2), radians(2.1))) AS d FROM S.forced WHERE degrees(spoint(radians(ra), radians(dec)) <-> spoint(radians(150.2), radians(2.1))) < 0.03'],
  ['the negated cone 0 = CONTAINS', 'SELECT count(*) AS n FROM pdr3_wide.forced WHERE 0 = CONTAINS(POINT(ra, dec), CIRCLE(150, 2, 0.2))',
    'SELECT count(*) AS n FROM S.forced WHERE degrees(spoint(radians(ra), radians(dec)) <-> spoint(radians(150), radians(2))) > 0.2'],
  ['forced joined with masks and photoz, bright-star masked objects dropped', `SELECT f.object_id, f.i_cmodel_mag, p.photoz_best FROM pdr3_wide.forced AS f
      JOIN pdr3_wide.masks AS m ON m.object_id = f.object_id LEFT OUTER JOIN pdr3_wide.photoz_demp p ON p.object_id = f.object_id
      WHERE m.i_mask_brightstar_any = 0 AND f.i_cmodel_mag BETWEEN 20 AND 21.5 AND f.tract IN (9812, 9813)`,
    `SELECT f.object_id, f.i_cmodel_mag, p.photoz_best FROM S.forced f JOIN S.masks m ON m.object_id = f.object_id LEFT JOIN S.photoz_demp p ON p.object_id = f.object_id
      WHERE m.i_mask_brightstar_any = 0 AND f.i_cmodel_mag BETWEEN 20 AND 21.5 AND f.tract IN (9812, 9813)`],
  ['aggregates per tract with HAVING and ORDER BY position', 'SELECT tract, COUNT(*) AS n, AVG(i_cmodel_mag) AS mean_i, MIN(g_cmodel_mag - r_cmodel_mag) AS bluest FROM pdr3_wide.forced GROUP BY tract HAVING COUNT(*) > 10 ORDER BY 1',
    'SELECT tract, count(*) AS n, avg(i_cmodel_mag)::float8 AS mean_i, min(g_cmodel_mag - r_cmodel_mag) AS bluest FROM S.forced GROUP BY tract HAVING count(*) > 10 ORDER BY 1'],
  ['TOP with ORDER BY DESC and OFFSET', 'SELECT TOP 7 object_id, i_cmodel_mag FROM pdr3_wide.forced ORDER BY i_cmodel_mag DESC OFFSET 3',
    'SELECT object_id, i_cmodel_mag FROM S.forced ORDER BY i_cmodel_mag DESC LIMIT 7 OFFSET 3'],
  ['the HSC coneSearch habit', 'SELECT object_id FROM pdr3_wide.forced WHERE coneSearch(coord, 150, 2, 90)',
    'SELECT object_id FROM S.forced WHERE degrees(coord <-> spoint(radians(150), radians(2))) * 3600 <= 90'],
  ['the HSC boxSearch habit', 'SELECT object_id FROM pdr3_wide.forced WHERE boxSearch(coord, 149.9, 150.1, 1.9, 2.05)',
    'SELECT object_id FROM S.forced WHERE ra BETWEEN 149.9 AND 150.1 AND dec BETWEEN 1.9 AND 2.05'],
  ['an upload cross-match within 36 arcsec', `SELECT m.name, f.object_id FROM TAP_UPLOAD.mine AS m, pdr3_wide.forced AS f
      WHERE 1 = CONTAINS(POINT(f.ra, f.dec), CIRCLE(m.ra, m.dec, 36 / 3600.0))`,
    'SELECT m.name, f.object_id FROM U.mine m, S.forced f WHERE degrees(spoint(radians(f.ra), radians(f.dec)) <-> spoint(radians(m.ra), radians(m.dec))) <= 0.01'],
  ['a sub-query with IN and EXISTS', `SELECT object_id FROM pdr3_wide.forced AS f WHERE object_id IN (SELECT object_id FROM pdr3_wide.photoz_demp WHERE photoz_best > 2.5)
      AND EXISTS (SELECT 1 FROM pdr3_wide.masks AS m WHERE m.object_id = f.object_id AND m.i_mask_brightstar_any = 1)`,
    'SELECT object_id FROM S.forced f WHERE object_id IN (SELECT object_id FROM S.photoz_demp WHERE photoz_best > 2.5) AND EXISTS (SELECT 1 FROM S.masks m WHERE m.object_id = f.object_id AND m.i_mask_brightstar_any = 1)'],
  ['UNION and a common table expression', `WITH bright AS (SELECT object_id, i_cmodel_mag FROM pdr3_wide.forced WHERE i_cmodel_mag < 18.2)
      SELECT object_id FROM bright UNION SELECT object_id FROM pdr3_wide.forced WHERE i_cmodel_mag > 25.9`,
    'SELECT object_id FROM S.forced WHERE i_cmodel_mag < 18.2 UNION SELECT object_id FROM S.forced WHERE i_cmodel_mag > 25.9'],
  ['math, CASE, COALESCE, string functions and IN_UNIT', `SELECT object_id, ROUND(i_cmodel_mag, 2) AS i2, TRUNCATE(ra, 1) AS ra1, LOG10(ra) AS l, MOD(object_id, 7) AS m7,
      CASE WHEN i_cmodel_mag < 20 THEN 'bright' ELSE 'faint' END AS class, COALESCE(pm_ra, -1) AS pm, IN_UNIT(pm_ra, 'arcsec/yr') AS pm_arcsec,
      UPPER('hsc') || LOWER('-PDR3') AS tag FROM pdr3_wide.forced WHERE object_id < 50`,
    `SELECT object_id, round(i_cmodel_mag::numeric, 2)::float8 AS i2, trunc(ra::numeric, 1)::float8 AS ra1, log(ra) AS l, mod(object_id, 7) AS m7,
      CASE WHEN i_cmodel_mag < 20 THEN 'bright' ELSE 'faint' END AS class, coalesce(pm_ra, -1) AS pm, pm_ra / 1000 AS pm_arcsec, 'HSC-pdr3' AS tag FROM S.forced WHERE object_id < 50`],
  ['geometry in the select list comes back as DALI arrays in degrees', "SELECT TOP 1 POINT(ra, dec) AS p, CIRCLE(10, 20, 0.5) AS c, POLYGON(10, 20, 11, 20, 11, 21) AS poly, COORD1(POINT(ra, dec)) AS c1, COORD2(POINT(ra, dec)) AS c2 FROM pdr3_wide.forced WHERE object_id = 1",
    'SELECT ARRAY[ra, dec] AS p, ARRAY[10, 20, 0.5]::float8[] AS c, ARRAY[10, 20, 11, 20, 11, 21]::float8[] AS poly, ra AS c1, dec AS c2 FROM S.forced WHERE object_id = 1'],
  ['clean-flag cut with flags compared to 1 and to a string', "SELECT object_id, isprimary FROM pdr3_wide.forced WHERE isprimary = 1 AND i_pixelflags_edge = 'F' AND i_cmodel_mag < 22",
    'SELECT object_id, isprimary FROM S.forced WHERE isprimary IS TRUE AND i_pixelflags_edge IS FALSE AND i_cmodel_mag < 22'],
  ['flags standing alone as conditions, HSC style', 'SELECT object_id FROM pdr3_wide.forced WHERE isprimary AND NOT i_pixelflags_edge AND tract = 9813',
    'SELECT object_id FROM S.forced WHERE isprimary = true AND i_pixelflags_edge = false AND tract = 9813'],
  ['flags compared with 0 and TRUE/FALSE keep SQL null semantics', 'SELECT COUNT(*) AS n FROM pdr3_wide.forced WHERE isprimary = 0 OR i_pixelflags_edge = TRUE',
    'SELECT count(*) AS n FROM S.forced WHERE NOT isprimary OR i_pixelflags_edge'],
  ['flag aggregates and literals read as truth values in the select list', 'SELECT tract, MAX(i_pixelflags_edge) AS any_edge, MIN(isprimary) AS all_primary, COUNT(*) AS n FROM pdr3_wide.forced WHERE COALESCE(i_pixelflags_edge, 0) = 0 GROUP BY tract',
    'SELECT tract, bool_or(i_pixelflags_edge) AS any_edge, bool_and(isprimary) AS all_primary, count(*) AS n FROM S.forced WHERE i_pixelflags_edge IS NOT TRUE GROUP BY tract'],
  ['the coneSearch UDF in standard ADQL form, compared with 1', 'SELECT object_id FROM pdr3_wide.forced WHERE coneSearch(coord, 150, 2, 90) = 1 AND isprimary = 1',
    'SELECT object_id FROM S.forced WHERE degrees(coord <-> spoint(radians(150), radians(2))) * 3600 <= 90 AND isprimary'],
  ['ivo_healpix_index agrees with the UDF catalogue values', 'SELECT TOP 1 ivo_healpix_index(0, 1, 1) AS h0, ivo_healpix_index(17, 1, 1) AS h17 FROM pdr3_wide.forced',
    'SELECT 4::bigint AS h0, 81609757711::bigint AS h17'],
];
