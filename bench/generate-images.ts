// Benchmark: seconds per 4200×4200 calexp (IMAGE + MASK + VARIANCE, 212 MB) rendered from the
// generator truth, split into scene build / pixels / file writes, plus an on-demand 200×200 cutout
// render and a 200×200 FitsReader read of the written file (bytes read vs file size).
// Run: npx tsx bench/generate-images.ts [bands=i] [seed=1] [wide|ud]   (figures in bench/generate-images.md)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FitsReader } from '../src/fits/reader.ts';
import { calexpRelativePath, writeCalexpFile } from '../src/generate/images/calexp.ts';
import { CalexpScene } from '../src/generate/images/scene.ts';
import type { Band } from '../src/generate/fields.ts';

const bands = (process.argv[2] ?? 'i').split(',') as Band[];
const seed = Number(process.argv[3] ?? 1);
/** 'wide' renders pdr3_wide 9560 4,4 (tiny profile); 'ud' renders pdr3_dud 9813 4,4 (UD-COSMOS). */
const field = process.argv[4] === 'ud' ? 'ud' : 'wide';
const dataset = field === 'ud' ? 'pdr3_dud' : 'pdr3_wide';
const tract = field === 'ud' ? 9813 : 9560;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-images-'));

const cpuSeconds = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1e6;

async function main(): Promise<void> {
  console.log(`seed ${seed}, ${dataset} ${tract} 4,4, bands ${bands.join(',')}, load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
  for (const band of bands) {
    const file = path.join(dir, path.basename(calexpRelativePath(dataset, tract, { x: 4, y: 4 }, band)));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const scene = new CalexpScene(seed, { dataset, tract, px: 4, py: 4, band });
    const t1 = performance.now();
    const bytes = await writeCalexpFile(file, scene);
    const t2 = performance.now();
    const cpu = cpuSeconds(process.cpuUsage(cpu0));
    const wall = (t2 - t0) / 1000;
    console.log(
      `${band}: ${wall.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU per image ` +
        `(scene ${((t1 - t0) / 1000).toFixed(2)} s with ${scene.objectCount} objects; render+write ${((t2 - t1) / 1000).toFixed(2)} s; ` +
        `${(bytes / 1e6).toFixed(0)} MB, ${(bytes / 1e6 / wall).toFixed(0)} MB/s)`,
    );

    const cut: number[] = [];
    for (let k = 0; k < 20; k++) {
      const s = performance.now();
      scene.render({ x0: 100 + k * 190, y0: 2000, width: 200, height: 200 });
      cut.push(performance.now() - s);
    }
    cut.sort((a, b) => a - b);
    console.log(`   on-demand 200x200 cutout from the built scene: median ${cut[10]!.toFixed(1)} ms, max ${cut[19]!.toFixed(1)} ms`);

    const reader = await FitsReader.open(file);
    const reads: number[] = [];
    let bytesRead = 0;
    for (let k = 0; k < 20; k++) {
      const s = performance.now();
      const r = await reader.readImage('IMAGE', { x0: 100 + k * 190, y0: 3000, width: 200, height: 200 });
      reads.push(performance.now() - s);
      bytesRead = r.bytesRead;
    }
    await reader.close();
    reads.sort((a, b) => a - b);
    console.log(
      `   FitsReader 200x200 IMAGE read: median ${reads[10]!.toFixed(2)} ms, ${bytesRead} bytes = ${((100 * bytesRead) / bytes).toFixed(3)}% of the file`,
    );
    fs.rmSync(file);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();
