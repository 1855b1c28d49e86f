// Writes a work unit's tables as CSV files into its own directory, atomically: the unit is
// produced into <dir>.partial and renamed when complete, so an interrupted run leaves no
// half-written unit and a re-run simply produces the missing ones.
import fs from 'node:fs';
import path from 'node:path';
import { csvHeader, csvRowView } from './csv.ts';
import { qualifiedName, type WorkUnit } from './table.ts';

export function unitDir(catalogDir: string, unitKey: string): string {
  return path.join(catalogDir, ...unitKey.split('/'));
}

export function isUnitWritten(catalogDir: string, unitKey: string): boolean {
  return fs.existsSync(path.join(unitDir(catalogDir, unitKey), 'DONE'));
}

/** Produces the unit into CSV files (one per table); returns the number of rows written. */
export function writeUnit(catalogDir: string, unit: WorkUnit): number {
  const finalDir = unitDir(catalogDir, unit.key);
  const tmpDir = `${finalDir}.partial`;
  fs.rmSync(tmpDir, { recursive: true, force: true });
  fs.mkdirSync(tmpDir, { recursive: true });
  const fds = new Map<string, number>();
  let rows = 0;
  try {
    for (const chunk of unit.produce()) {
      const name = qualifiedName(chunk.table);
      let fd = fds.get(name);
      if (fd === undefined) {
        fd = fs.openSync(path.join(tmpDir, `${name}.csv`), 'w');
        fs.writeSync(fd, csvHeader(chunk.table));
        fds.set(name, fd);
      }
      if (chunk.rows.length) fs.writeSync(fd, csvRowView(chunk.rows));
      rows += chunk.rows.length;
    }
  } finally {
    for (const fd of fds.values()) fs.closeSync(fd);
  }
  fs.writeFileSync(path.join(tmpDir, 'DONE'), JSON.stringify({ rows }) + '\n');
  fs.rmSync(finalDir, { recursive: true, force: true });
  fs.renameSync(tmpDir, finalDir);
  return rows;
}

export interface WrittenUnit {
  key: string;
  dir: string;
  rows: number;
  /** CSV files, one per table, named <schema>.<table>.csv. */
  files: string[];
}

/** Lists the complete units under a catalog directory (those with a DONE marker). */
export function listWrittenUnits(catalogDir: string): WrittenUnit[] {
  const out: WrittenUnit[] = [];
  const walk = (dir: string, key: string[]): void => {
    if (!fs.existsSync(dir)) return;
    if (fs.existsSync(path.join(dir, 'DONE'))) {
      const { rows } = JSON.parse(fs.readFileSync(path.join(dir, 'DONE'), 'utf8')) as { rows: number };
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.csv')).sort().map((f) => path.join(dir, f));
      out.push({ key: key.join('/'), dir, rows, files });
      return;
    }
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory() && !e.name.endsWith('.partial')) walk(path.join(dir, e.name), [...key, e.name]);
    }
  };
  walk(catalogDir, []);
  return out.sort((a, b) => a.key.localeCompare(b.key));
}
