// Image-service benchmark: (1) 200x200 SODA cutouts of a 4200x4200 calexp, latency p50/p95 and
// bytes read from the file, against reading the whole file in the same run; (2) SIA query latency
// over HTTP on ivoa.obscore in a private database loaded with the generated data set.
// Run: node --import tsx bench/images.ts [dataDir] [--sia]   (dataDir default var/test/data)
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Koa from 'koa';
import { loadConfig, projectRoot } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { adoptDataset, buildIndexes, ingestUnits } from '../src/db/ingest.ts';
import type { ByteSink } from '../src/fits/sink.ts';
import { listWrittenUnits } from '../src/generate/files.ts';
import { catalogDirOf, readManifest } from '../src/generate/run.ts';
import { cutoutBox, openCutoutSource, writeCutout } from '../src/images/cutout.ts';
import { refreshObsCore, siaRouter } from '../src/images/index.ts';
import { PLANES } from '../src/images/planes.ts';
import { createLogger } from '../src/log.ts';

const args = process.argv.slice(2);
const dataDir = path.resolve(args.find((a) => !a.startsWith('--')) ?? path.join(projectRoot, 'var', 'test', 'data'));
const ITERATIONS = 200;

function nullSink(): ByteSink {
  let n = 0;
  return { write: async (c) => { n += c.length; }, close: async () => undefined, get bytesWritten() { return n; } };
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
const ms = (x: number): string => x.toFixed(2);

function findCalexp(dir: string): string {
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop() as string;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (/^calexp-HSC-I-.*\.fits$/.test(e.name)) return p;
    }
  }
  throw new Error(`no calexp-HSC-I-*.fits under ${dir}: generate the data first`);
}

/** Seeded positions so runs compare. */
function* positions(n: number, w: number, h: number): Generator<[number, number]> {
  let s = 12345;
  const next = (): number => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  for (let i = 0; i < n; i++) yield [150 + next() * (w - 300), 150 + next() * (h - 300)];
}

async function benchCutouts(file: string): Promise<void> {
  const size = fs.statSync(file).size;
  for (const planes of [PLANES.filter((p) => p.name === 'IMAGE'), [...PLANES]]) {
    const times: number[] = [];
    let bytesRead = 0;
    const probe = await openCutoutSource(file);
    const { width, height, wcs } = probe;
    await probe.reader.close();
    for (const [x, y] of positions(ITERATIONS, width, height)) {
      const t0 = performance.now();
      const source = await openCutoutSource(file);
      const [ra, dec] = wcs.pixelToSky(x, y);
      // A circle whose bounding box is 200x200 pixels (0.168"/px).
      const box = cutoutBox(source.wcs, source.width, source.height, { type: 'circle', ra, dec, radius: (99.5 * 0.168) / 3600 });
      if (!box) throw new Error('no overlap');
      const r = await writeCutout(source, box, planes, nullSink(), { did: 'bench', file, request: 'bench' });
      await source.reader.close();
      times.push(performance.now() - t0);
      bytesRead += r.bytesRead;
    }
    times.sort((a, b) => a - b);
    const perCutout = bytesRead / ITERATIONS;
    console.log(`cutout 200x200, planes ${planes.map((p) => p.name).join('+')}: p50 ${ms(percentile(times, 0.5))} ms, p95 ${ms(percentile(times, 0.95))} ms, ` +
      `${(perCutout / 1024).toFixed(0)} KiB read per cutout = ${((100 * perCutout) / size).toFixed(3)}% of the ${(size / 1e6).toFixed(0)} MB file`);
  }
  const whole: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const buf = await fs.promises.readFile(file);
    whole.push(performance.now() - t0);
    if (buf.length !== size) throw new Error('short read');
  }
  whole.sort((a, b) => a - b);
  console.log(`whole file read (fs.readFile, page cache warm): median ${ms(percentile(whole, 0.5))} ms for ${(size / 1e6).toFixed(0)} MB`);
}

async function benchSia(): Promise<void> {
  const log = createLogger('warn');
  const varDir = path.join(projectRoot, 'var', 'bench-images');
  const config = loadConfig({ ...process.env, DATABASE_URL: '', VAR_DIR: varDir, DATA_DIR: dataDir, PGPORT_PRIVATE: '54391', PUBLIC_URL: '' });
  const db = await openDatabase(config, log);
  try {
    const manifest = readManifest(dataDir);
    if (manifest) await adoptDataset(db.owner, manifest, log);
    if ((await ingestUnits(db.owner, listWrittenUnits(catalogDirOf(dataDir)))).length) await buildIndexes(db.owner, log);
    const records = await refreshObsCore(db.owner, 'http://localhost');
    const koa = new Koa();
    const router = siaRouter({ config, db, log });
    koa.use(router.routes());
    const server = koa.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sia/query`;
    const { rows } = await db.reader.query('SELECT s_ra, s_dec FROM ivoa.obscore LIMIT 1');
    const { s_ra: ra, s_dec: dec } = rows[0] as { s_ra: number; s_dec: number };
    for (const [label, query] of [
      ['POS CIRCLE', `POS=${encodeURIComponent(`CIRCLE ${ra} ${dec} 0.05`)}`],
      ['POS CIRCLE + BAND', `POS=${encodeURIComponent(`CIRCLE ${ra} ${dec} 0.05`)}&BAND=7.7e-7`],
      ['no constraint', 'MAXREC=1000'],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < ITERATIONS; i++) {
        const t0 = performance.now();
        const r = await fetch(`${url}?${query}`);
        await r.arrayBuffer();
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      console.log(`SIA ${label} (${records} ObsCore records): p50 ${ms(percentile(times, 0.5))} ms, p95 ${ms(percentile(times, 0.95))} ms over HTTP`);
    }
    server.close();
  } finally {
    await db.close();
  }
}

await benchCutouts(findCalexp(dataDir));
if (args.includes('--sia')) await benchSia();
