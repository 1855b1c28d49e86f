// Throughput of every result writer: N rows x 20 columns shaped like pdr3_wide.forced, made in
// memory, written to a null sink. Run: node --import tsx bench/formats.ts [rows] (default 1e6).
import { Writable } from 'node:stream';
import { fieldIds } from '../src/formats/fields.ts';
import { OUTPUT_FORMATS } from '../src/formats/registry.ts';
import type { FieldMeta, Row, RowSource } from '../src/formats/types.ts';

const ROWS = Number(process.argv[2] ?? 1_000_000);

const bands = ['g', 'r', 'i', 'z', 'y'];
const columns: Omit<FieldMeta, 'id'>[] = [
  { name: 'object_id', datatype: 'long' },
  { name: 'ra', datatype: 'double', unit: 'deg' },
  { name: 'dec', datatype: 'double', unit: 'deg' },
  { name: 'tract', datatype: 'int' },
  { name: 'patch', datatype: 'short' },
  ...bands.map((b): Omit<FieldMeta, 'id'> => ({ name: `${b}_psfflux_flux`, datatype: 'double', unit: 'nJy' })),
  ...bands.map((b): Omit<FieldMeta, 'id'> => ({ name: `${b}_psfflux_fluxerr`, datatype: 'float', unit: 'nJy' })),
  { name: 'i_extendedness_value', datatype: 'float' },
  { name: 'i_pixelflags_saturated', datatype: 'boolean' },
  { name: 'isprimary', datatype: 'boolean' },
  { name: 'skymap_id', datatype: 'char', arraysize: '*' },
  { name: 'coord', datatype: 'double', arraysize: '2', xtype: 'point', unit: 'deg' },
];
const ids = fieldIds(columns.map((c) => c.name));
const fields: FieldMeta[] = columns.map((c, i) => ({ ...c, id: ids[i] as string }));

/** 1000 distinct rows, cycled with a changing object_id; about 1 value in 50 is null. */
const pool: Row[] = Array.from({ length: 1000 }, (_, k) => {
  const ra = 150 + (k * 0.0137) % 2;
  const dec = 2 + (k * 0.0071) % 2;
  const flux = bands.map((_, b) => (k % 50 === b ? null : 1000 * Math.exp(-((k + b) % 97) / 20)));
  const err = bands.map((_, b) => (k % 50 === b + 5 ? null : Math.fround(10 + ((k * 7 + b) % 13))));
  return [0n, ra, dec, 9813, (k % 81) * 1 + 100 * (k % 9), ...flux, ...err, Math.fround((k % 3) / 2), k % 17 === 0, k % 5 !== 0,
    `9813,${k % 81}`, [ra, dec]];
});

async function* rows(n: number): AsyncGenerator<Row> {
  for (let i = 0; i < n; i++) {
    const row = (pool[i % pool.length] as Row).slice();
    row[0] = 36407037141565445n + BigInt(i);
    yield row;
  }
}

class NullSink extends Writable {
  bytes = 0;
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.bytes += chunk.length;
    done();
  }
}

const mb = (n: number): string => (n / 1024 / 1024).toFixed(1);

async function generatorOnly(): Promise<number> {
  const start = process.hrtime.bigint();
  let count = 0;
  for await (const _ of rows(ROWS) as RowSource) count++;
  return Number(process.hrtime.bigint() - start) / 1e9 / count;
}

const perRowSource = await generatorOnly();
console.log(`rows: ${ROWS} x ${fields.length} columns; row source alone ${(1 / perRowSource / 1e6).toFixed(2)} M rows/s`);
console.log('| format | seconds | rows/s | output MB | MB/s | peak RSS MB |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const format of OUTPUT_FORMATS) {
  const sink = new NullSink();
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 50);
  const start = process.hrtime.bigint();
  const outcome = await format.write(fields, rows(ROWS), sink, { query: 'SELECT TOP 1000000 ... FROM pdr3_wide.forced' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  if (outcome.rowCount !== ROWS) throw new Error(`${format.key}: wrote ${outcome.rowCount} rows`);
  console.log(`| ${format.key} | ${seconds.toFixed(2)} | ${Math.round(ROWS / seconds).toLocaleString('en')} | ${mb(sink.bytes)} | ` +
    `${(sink.bytes / 1024 / 1024 / seconds).toFixed(1)} | ${mb(peak)} |`);
}
