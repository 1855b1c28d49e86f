// Benchmark: our HiPS tiler against Aladin's Hipsgen on the same FITS files, same deepest
// order, FITS + PNG tiles. Wall time, CPU, tiles/s and peak memory (GNU time) of each.
// Run: node --import tsx bench/hips.ts [--order 11] [--images 4] [--size 4200x4100]
// With --demo: the demo's i-band HiPS (3 patches of tract 9560, rendered by the generator) at
// orders 11 and 12, as `hsc-vo hips build --band i --order K` makes it.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { loadConfig, projectRoot } from '../src/config.ts';
import { calexpRelativePath, writeCalexpFile } from '../src/generate/images/calexp.ts';
import { CalexpScene } from '../src/generate/images/scene.ts';
import { buildBandHips } from '../src/hips/build.ts';
import { hipsBuildCommand } from '../src/hips/command.ts';
import { createLogger } from '../src/log.ts';
import { writeSyntheticImage } from '../test/hips/fixtures.ts';

const HIPSGEN_JAR = '/usr/share/java/aladin.jar';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
}

interface Measured {
  seconds: number;
  cpuSeconds: number;
  peakMB: number;
  tiles: number;
  /** Bytes of all PNG tiles (how hard each builder compresses). */
  pngMB: number;
}

/** Runs a command under GNU time; returns wall, user+sys CPU and peak RSS. */
function timed(cmd: string, args: string[]): Omit<Measured, 'tiles' | 'pngMB'> {
  const t0 = Date.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %U %S %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (Date.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} failed:\n${r.stderr.slice(-2000)}`);
  const m = /TIME ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`no GNU time output: ${r.stderr.slice(-500)}`);
  return { seconds, cpuSeconds: Number(m[1]) + Number(m[2]), peakMB: Number(m[3]) / 1024 };
}

function tileFiles(dir: string, ext: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => /Npix\d+\./.test(f) && f.endsWith(ext));
}

/** Tile count (FITS, all orders) and PNG bytes of a HiPS directory. */
function tileStats(dir: string): { tiles: number; pngMB: number } {
  const png = tileFiles(dir, '.png').reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
  return { tiles: tileFiles(dir, '.fits').length, pngMB: png / 1e6 };
}

async function child(): Promise<void> {
  const [dir, order, ...files] = process.argv.slice(3);
  await buildBandHips({
    dir: dir!, files, order: Number(order), formats: ['png'], log: createLogger('warn'),
    description: { id: 'bench', creatorDid: 'ivo://hsc-vo/P/bench', title: 'bench', description: 'bench', band: 'i' },
  });
}

const row = (name: string, m: Measured): string =>
  `| ${name} | ${m.seconds.toFixed(1)} | ${(m.cpuSeconds / m.seconds).toFixed(2)} | ${m.tiles} | ${(m.tiles / m.seconds).toFixed(1)} | ${m.peakMB.toFixed(0)} | ${m.pngMB.toFixed(1)} |`;
const HEADER = ['| builder | wall s | cores used | FITS tiles (all orders) | tiles/s | peak RSS MB | PNG MB |', '|---|---|---|---|---|---|---|'];
const loadNote = (): string => `load average ${os.loadavg()[0]!.toFixed(1)} on ${execFileSync('nproc').toString().trim()} cores`;

/** The demo's i-band patches of tract 9560 (as `hsc-vo generate` renders them), written once. */
async function demoData(dataDir: string): Promise<void> {
  for (const [x, y] of [[4, 4], [4, 5], [5, 4]] as const) {
    const file = path.join(dataDir, calexpRelativePath('pdr3_wide', 9560, { x, y }, 'i'));
    if (fs.existsSync(file)) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await writeCalexpFile(file, new CalexpScene(1, { dataset: 'pdr3_wide', tract: 9560, px: x, py: y, band: 'i' }));
  }
}

async function childDemo(): Promise<void> {
  const [dataDir, out, order] = process.argv.slice(3);
  await hipsBuildCommand(loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' }), createLogger('warn'),
    { band: 'i', order: order!, out: out! });
}

async function demo(): Promise<void> {
  const work = path.join(projectRoot, 'var', 'bench-hips');
  const dataDir = path.join(work, 'demo-data');
  await demoData(dataDir);
  const self = path.join(projectRoot, 'bench', 'hips.ts');
  const lines = [`demo i-band HiPS (3 patches of tract 9560), PNG + FITS tiles, ${loadNote()}`, '', ...HEADER];
  for (const order of [11, 12]) {
    const out = path.join(work, `demo-${order}`);
    fs.rmSync(out, { recursive: true, force: true });
    const m = timed(process.execPath, ['--import', 'tsx', self, '--child-demo', dataDir, out, String(order)]);
    lines.push(row(`order ${order}`, { ...m, ...tileStats(out) }));
  }
  console.log(lines.join('\n'));
}

async function main(): Promise<void> {
  const order = Number(arg('order', '11'));
  const n = Number(arg('images', '4'));
  const [w, h] = arg('size', '4200x4100').split('x').map(Number) as [number, number];
  const work = path.join(projectRoot, 'var', 'bench-hips');
  const srcDir = path.join(work, 'src');
  fs.mkdirSync(srcDir, { recursive: true });
  const files: string[] = [];
  // A 2-wide mosaic of patch-like images overlapping by 200 pixels, as HSC patches do.
  const step = ((w - 200) * 0.168) / 3600;
  for (let i = 0; i < n; i++) {
    const file = path.join(srcDir, `calexp-${i}.fits`);
    files.push(file);
    if (fs.existsSync(file)) continue;
    await writeSyntheticImage(file, {
      ra: 150 + (i % 2) * step, dec: 2 + Math.floor(i / 2) * ((h - 200) * 0.168) / 3600, width: w, height: h, scale: 0.168, seed: i + 1,
    });
  }
  const ours = path.join(work, 'ours');
  const theirs = path.join(work, 'hipsgen');
  fs.rmSync(ours, { recursive: true, force: true });
  fs.rmSync(theirs, { recursive: true, force: true });

  const self = path.join(projectRoot, 'bench', 'hips.ts');
  const a = timed(process.execPath, ['--import', 'tsx', self, '--child', ours, String(order), ...files]);
  const oursResult: Measured = { ...a, ...tileStats(ours) };

  let hipsgen: Measured | null = null;
  if (fs.existsSync(HIPSGEN_JAR)) {
    const b = timed('java', ['-jar', HIPSGEN_JAR, '-hipsgen', `in=${srcDir}`, `out=${theirs}`, 'hdu=1', `hips_order=${order}`,
      'creator_did=hsc-vo/P/bench', 'INDEX', 'TILES', 'PNG']);
    hipsgen = { ...b, ...tileStats(theirs) };
  }
  const lines = [
    `${n} images of ${w}×${h} float32 at 0.168″, deepest order ${order}, FITS + PNG tiles, ${loadNote()} (at the end)`,
    '',
    ...HEADER,
    row('hsc-vo hips build', oursResult),
    ...(hipsgen ? [row('Aladin Hipsgen', hipsgen)] : ['| Aladin Hipsgen | not installed | | | | | |']),
    ...(hipsgen ? ['', `speed-up: ${(hipsgen.seconds / oursResult.seconds).toFixed(2)}×`] : []),
  ];
  console.log(lines.join('\n'));
}

if (process.argv[2] === '--child') await child();
else if (process.argv[2] === '--child-demo') await childDemo();
else if (process.argv.includes('--demo')) await demo();
else await main();
