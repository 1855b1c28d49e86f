// The optional ADQL features this engine offers, as data (ADQL 2.1 §4, TAPRegExt 1.0 §2.3
// languageFeatures): the parser refuses any form not listed, /tap/capabilities publishes the list.

/** Feature type IDs spelt as TAPRegExt 1.0 §2.3 and ADQL 2.1 §4 write them (taplint W-CAP-CULF otherwise). */
export const FEATURE_TYPE = {
  geometry: 'ivo://ivoa.net/std/TAPRegExt#features-adqlgeo',
  udf: 'ivo://ivoa.net/std/TAPRegExt#features-udf',
  string: 'ivo://ivoa.net/std/TAPRegExt#features-adql-string',
  commonTable: 'ivo://ivoa.net/std/TAPRegExt#features-adql-common-table',
  sets: 'ivo://ivoa.net/std/TAPRegExt#features-adql-sets',
  type: 'ivo://ivoa.net/std/TAPRegExt#features-adql-type',
  conditional: 'ivo://ivoa.net/std/TAPRegExt#features-adql-conditional',
  unit: 'ivo://ivoa.net/std/TAPRegExt#features-adql-unit',
  offset: 'ivo://ivoa.net/std/TAPRegExt#features-adql-offset',
} as const;

export type FeatureType = (typeof FEATURE_TYPE)[keyof typeof FEATURE_TYPE];

export type FeatureForm =
  | 'AREA' | 'BOX' | 'CENTROID' | 'CIRCLE' | 'CONTAINS' | 'COORD1' | 'COORD2' | 'COORDSYS' | 'DISTANCE'
  | 'INTERSECTS' | 'POINT' | 'POLYGON' | 'REGION'
  | 'LOWER' | 'UPPER' | 'ILIKE' | 'WITH' | 'UNION' | 'EXCEPT' | 'INTERSECT' | 'CAST'
  | 'COALESCE' | 'NULLIF' | 'CASE' | 'IN_UNIT' | 'OFFSET';

/** One <languageFeatures type=...><feature><form/><description/></feature> entry. */
export interface LanguageFeature {
  readonly type: FeatureType;
  readonly form: FeatureForm;
  readonly description: string;
}

const geometry = (form: FeatureForm, description: string): LanguageFeature => ({ type: FEATURE_TYPE.geometry, form, description });

export const LANGUAGE_FEATURES: readonly LanguageFeature[] = [
  geometry('POINT', 'POINT([coosys,] lon, lat), degrees'),
  geometry('CIRCLE', 'CIRCLE([coosys,] lon, lat, radius) or CIRCLE([coosys,] point, radius), degrees'),
  geometry('BOX', 'BOX([coosys,] lon, lat, width, height): a spherical polygon with great-circle sides (deprecated)'),
  geometry('POLYGON', 'POLYGON([coosys,] lon1, lat1, lon2, lat2, lon3, lat3, ...) or POLYGON(point, point, point, ...)'),
  geometry('REGION', "REGION('STC-S'): Position, Circle, Box and Polygon only"),
  geometry('CONTAINS', 'CONTAINS(a, b) = 1 when a lies inside b; uses the spatial index for positions'),
  geometry('INTERSECTS', 'INTERSECTS(a, b) = 1 when a and b overlap'),
  geometry('DISTANCE', 'DISTANCE(p1, p2) or DISTANCE(lon1, lat1, lon2, lat2) in degrees; DISTANCE(...) < r uses the spatial index'),
  geometry('AREA', 'AREA(shape) in square degrees'),
  geometry('CENTROID', 'CENTROID(circle or point)'),
  geometry('COORD1', 'COORD1(point): longitude in degrees'),
  geometry('COORD2', 'COORD2(point): latitude in degrees'),
  geometry('COORDSYS', "COORDSYS(shape): always 'ICRS' (deprecated)"),
  { type: FEATURE_TYPE.string, form: 'LOWER', description: 'LOWER(string)' },
  { type: FEATURE_TYPE.string, form: 'UPPER', description: 'UPPER(string)' },
  { type: FEATURE_TYPE.string, form: 'ILIKE', description: 'case-insensitive LIKE' },
  { type: FEATURE_TYPE.commonTable, form: 'WITH', description: 'common table expressions at the top level of a query' },
  { type: FEATURE_TYPE.sets, form: 'UNION', description: 'UNION [ALL]' },
  { type: FEATURE_TYPE.sets, form: 'EXCEPT', description: 'EXCEPT [ALL]' },
  { type: FEATURE_TYPE.sets, form: 'INTERSECT', description: 'INTERSECT [ALL]' },
  { type: FEATURE_TYPE.type, form: 'CAST', description: 'CAST to SMALLINT, INTEGER, BIGINT, REAL, DOUBLE PRECISION, CHAR(n), VARCHAR(n), TIMESTAMP, POINT, CIRCLE, POLYGON' },
  { type: FEATURE_TYPE.conditional, form: 'COALESCE', description: 'COALESCE(a, b, ...)' },
  { type: FEATURE_TYPE.conditional, form: 'NULLIF', description: 'NULLIF(a, b)' },
  { type: FEATURE_TYPE.conditional, form: 'CASE', description: 'CASE [value] WHEN ... THEN ... [ELSE ...] END' },
  { type: FEATURE_TYPE.unit, form: 'IN_UNIT', description: "IN_UNIT(value, 'unit'): converts between VO units of the same dimension" },
  { type: FEATURE_TYPE.offset, form: 'OFFSET', description: 'OFFSET n, applied before TOP' },
];
