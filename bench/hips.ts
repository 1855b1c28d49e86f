// Benchmark: our HiPS tiler against Aladin's Hipsgen on the same FITS files, same deepest
// order, FITS + PNG tiles. Wall time, CPU, tiles/s and peak memory (GNU time) of each.
// Run: node --import tsx bench/hips.ts [--order 11] [--images 4] [--size 4200x4100]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/config.ts';
import { buildBandHips } from '../src/hips/build.ts';
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
}

/** Runs a command under GNU time; returns wall, user+sys CPU and peak RSS. */
function timed(cmd: string, args: string[]): Omit<Measured, 'tiles'> {
  const t0 = Date.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %U %S %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (Date.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} failed:\n${r.stderr.slice(-2000)}`);
  const m = /TIME ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`no GNU time output: ${r.stderr.slice(-500)}`);
  return { seconds, cpuSeconds: Number(m[1]) + Number(m[2]), peakMB: Number(m[3]) / 1024 };
}

function countTiles(dir: string, ext: string): number {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => /Npix\d+\./.test(f) && f.endsWith(ext)).length;
}

async function child(): Promise<void> {
  const [dir, order, ...files] = process.argv.slice(3);
  await buildBandHips({
    dir: dir!, files, order: Number(order), formats: ['png'], log: createLogger('warn'),
    description: { id: 'bench', creatorDid: 'ivo://hsc-vo/P/bench', title: 'bench', description: 'bench', band: 'i' },
  });
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
  const oursResult: Measured = { ...a, tiles: countTiles(ours, '.fits') };

  let hipsgen: Measured | null = null;
  if (fs.existsSync(HIPSGEN_JAR)) {
    const b = timed('java', ['-jar', HIPSGEN_JAR, '-hipsgen', `in=${srcDir}`, `out=${theirs}`, 'hdu=1', `hips_order=${order}`,
      'creator_did=hsc-vo/P/bench', 'INDEX', 'TILES', 'PNG']);
    hipsgen = { ...b, tiles: countTiles(theirs, '.fits') };
  }
  const row = (name: string, m: Measured): string =>
    `| ${name} | ${m.seconds.toFixed(1)} | ${(m.cpuSeconds / m.seconds).toFixed(2)} | ${m.tiles} | ${(m.tiles / m.seconds).toFixed(1)} | ${m.peakMB.toFixed(0)} |`;
  const lines = [
    `${n} images of ${w}×${h} float32 at 0.168″, deepest order ${order}, FITS + PNG tiles, ${execFileSync('nproc').toString().trim()} cores`,
    '',
    '| builder | wall s | cores used | FITS tiles (all orders) | tiles/s | peak RSS MB |',
    '|---|---|---|---|---|---|',
    row('hsc-vo hips build', oursResult),
    ...(hipsgen ? [row('Aladin Hipsgen', hipsgen)] : ['| Aladin Hipsgen | not installed | | | | |']),
    ...(hipsgen ? ['', `speed-up: ${(hipsgen.seconds / oursResult.seconds).toFixed(2)}×`] : []),
  ];
  console.log(lines.join('\n'));
}

if (process.argv[2] === '--child') await child();
else await main();
