// Checks that translated SQL is made only of quoted names, escaped literals, numbers, operators
// and the fixed vocabulary the translator writes: no text from the query can reach SQL raw.

const VOCABULARY = new Set(`select distinct as from where group by having order asc desc limit offset union except intersect all with
and or not between like ilike in is null exists case when then else end cast double precision numeric bigint integer smallint real
char varchar timestamp text inner left right full outer join on using natural spoint scircle spoly sbox radians degrees long lat
center radius area count avg sum min max abs acos asin atan atan2 cos cot sin tan ceil floor exp ln log sqrt power pi random mod
round trunc lower upper coalesce nullif array unnest string_to_array translate array_agg ordinality values healpix_nest
center_of_healpix_nest to_tsvector plainto_tsquery extract epoch true false bool_and bool_or g v c x n i p e`.split(/\s+/));

/** The bare words of `sql` (outside quotes) that are not in the translator's vocabulary. */
export function foreignWords(sql: string): string[] {
  const bare = sql
    .replace(/E?'(?:[^']|'')*'/g, ' ')
    .replace(/"(?:[^"]|"")*"/g, ' ');
  if (/--|\/\*|;/.test(bare)) return ['<comment or statement separator>'];
  return (bare.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).filter((w) => !VOCABULARY.has(w.toLowerCase()));
}
