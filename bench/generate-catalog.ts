// Benchmark: catalog generation speed per core (hsc-data.md §4.10 target ≥ 200k forced rows/s/core).
// Run: node --import tsx bench/generate-catalog.ts [patches=4] [seed=1] [--csv] [--chunk=N]
//   --csv      also encode every chunk as CSV bytes (what `hsc-vo generate` writes), file I/O excluded
//   --chunk=N  rows per TableChunk (default: the generator's)
import { catalogPatches, catalogUnit } from '../src/generate/catalog-plan.ts';
import { csvRowView } from '../src/generate/csv.ts';

const args = process.argv.slice(2);
const positional = args.filter((a) => !a.startsWith('--'));
const nPatches = Number(positional[0] ?? 4);
const seed = Number(positional[1] ?? 1);
const encode = args.includes('--csv');
const chunkArg = args.find((a) => a.startsWith('--chunk='));
const chunkRows = chunkArg === undefined ? undefined : Number(chunkArg.slice('--chunk='.length));
const patches = catalogPatches('demo').filter((l) => l.dataset === 'pdr3_wide').slice(30, 30 + nPatches);

// Warm-up on four other patches so the JIT has compiled the hot paths and the heap has grown.
for (const loc of catalogPatches('demo').filter((l) => l.dataset === 'pdr3_wide').slice(0, 4)) {
  for (const ch of catalogUnit(seed, loc, chunkRows).produce()) if (encode) csvRowView(ch.rows);
}

let forced = 0;
let all = 0;
let csvBytes = 0;
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
for (const loc of patches) {
  for (const ch of catalogUnit(seed, loc, chunkRows).produce()) {
    all += ch.rows.length;
    if (ch.table.name === 'forced') forced += ch.rows.length;
    if (encode) csvBytes += csvRowView(ch.rows).length;
  }
}
const s = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const cpuS = (cpu.user + cpu.system) / 1e6;
console.log(JSON.stringify({
  patches: patches.length,
  csv: encode,
  seconds: +s.toFixed(2),
  cpuSeconds: +cpuS.toFixed(2),
  forcedRows: forced,
  allRows: all,
  ...(encode ? { csvMB: +(csvBytes / 1e6).toFixed(1) } : {}),
  forcedRowsPerSecond: Math.round(forced / s),
  allRowsPerSecond: Math.round(all / s),
}));
