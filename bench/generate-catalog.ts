// Benchmark: catalog generation speed per core (hsc-data.md §4.10 target ≥ 200k forced rows/s/core).
// Run: node --import tsx bench/generate-catalog.ts [patches=4] [seed=1]
import { catalogUnit } from '../src/generate/catalog-plan.ts';
import { catalogPatches } from '../src/generate/catalog-plan.ts';

const nPatches = Number(process.argv[2] ?? 4);
const seed = Number(process.argv[3] ?? 1);
const patches = catalogPatches('demo').filter((l) => l.dataset === 'pdr3_wide').slice(30, 30 + nPatches);

// Warm-up on another patch so the JIT has compiled the hot paths.
for (const _ of catalogUnit(seed, { dataset: 'pdr3_wide', tract: 9560, px: 0, py: 0 }).produce()) void _;

let forced = 0;
let all = 0;
const t0 = process.hrtime.bigint();
for (const loc of patches) {
  for (const ch of catalogUnit(seed, loc).produce()) {
    all += ch.rows.length;
    if (ch.table.name === 'forced') forced += ch.rows.length;
  }
}
const s = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(JSON.stringify({
  patches: patches.length,
  seconds: +s.toFixed(2),
  forcedRows: forced,
  allRows: all,
  forcedRowsPerSecond: Math.round(forced / s),
  allRowsPerSecond: Math.round(all / s),
}));
