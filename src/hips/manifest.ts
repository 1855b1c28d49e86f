// Build state kept beside a HiPS (not served): the manifest of the last complete build, for
// incremental rebuilds, and the journal of finished blocks of a running build, for resuming.
import fs from 'node:fs/promises';
import { existsSync, appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BlockResult } from './block-worker.ts';
import type { TileFormat } from './encode.ts';
import type { OverlapRule } from './reproject.ts';
import type { SourceImage } from './sources.ts';
import type { StretchParams } from './stretch.ts';
import { writeFileAtomic } from './tile-store.ts';

/** What must be equal for tiles of two builds to be interchangeable. */
export interface TilingParams {
  order: number;
  blockOrder: number;
  width: number;
  formats: TileFormat[];
  overlap: OverlapRule;
}

export interface BuildManifest {
  version: 1;
  params: TilingParams;
  stretch: StretchParams;
  sources: SourceImage[];
  blocks: BlockResult[];
}

const MANIFEST = '.hips-build.json';
const JOURNAL = '.hips-build-journal.jsonl';

export function sameParams(a: TilingParams, b: TilingParams): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Identity of a source file's content as far as the build can tell (path, size, mtime). */
export function sourceKey(s: SourceImage): string {
  return `${s.path}\u0000${s.size}\u0000${s.mtimeMs}`;
}

export async function readManifest(dir: string): Promise<BuildManifest | null> {
  try {
    return JSON.parse(await fs.readFile(path.join(dir, MANIFEST), 'utf8')) as BuildManifest;
  } catch {
    return null;
  }
}

export async function writeManifest(dir: string, m: BuildManifest): Promise<void> {
  await writeFileAtomic(path.join(dir, MANIFEST), JSON.stringify(m));
}

interface JournalHead {
  params: TilingParams;
  stretch: StretchParams;
  sources: string[];
}

/** Journal of one build run: a head line, then one line per finished block. */
export class BuildJournal {
  private constructor(private readonly file: string, readonly done: Map<number, BlockResult>) {}

  /** Opens the journal, keeping the finished blocks of an interrupted run of the same build. */
  static async open(dir: string, head: JournalHead): Promise<BuildJournal> {
    const file = path.join(dir, JOURNAL);
    const done = new Map<number, BlockResult>();
    const headLine = JSON.stringify(head);
    if (existsSync(file)) {
      const [first, ...rest] = readFileSync(file, 'utf8').split('\n');
      if (first === headLine) {
        for (const line of rest) {
          if (line === '') continue;
          try {
            const r = JSON.parse(line) as BlockResult;
            done.set(r.block, r);
          } catch {
            // a line cut by the interruption: that block is rebuilt
          }
        }
      }
    }
    if (done.size === 0) {
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(file, headLine + '\n');
    }
    return new BuildJournal(file, done);
  }

  record(result: BlockResult): void {
    appendFileSync(this.file, JSON.stringify(result) + '\n');
  }

  async remove(): Promise<void> {
    await fs.rm(this.file, { force: true });
  }
}
