// Benchmark: parse + validate + translate time per query over the ADQL corpus, next to
// PostgreSQL's own parse/plan time (EXPLAIN) of the translated SQL when a database is given.
// Run: npx tsx bench/adql.ts [postgres://... with pg_sphere]   (figures in bench/adql.md)
import { compile } from '../src/adql/index.ts';
import { CORPUS } from '../test/adql/corpus-queries.ts';
import { createHscTestSchema } from '../test/adql/database.ts';
import { hscMetadata } from '../test/adql/fixtures.ts';

const ROUNDS = 2000;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

function summary(label: string, micros: number[]): void {
  micros.sort((a, b) => a - b);
  console.log(`${label.padEnd(34)} median ${quantile(micros, 0.5).toFixed(1).padStart(7)} µs   p99 ${quantile(micros, 0.99).toFixed(1).padStart(8)} µs   (n=${micros.length})`);
}

async function main(): Promise<void> {
  const queries = CORPUS.map(([, adql]) => adql);
  for (let i = 0; i < 200; i += 1) for (const q of queries) compile(q, hscMetadata, { uploadSchema: 'u' });
  const engine: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const q of queries) {
      const start = process.hrtime.bigint();
      const result = compile(q, hscMetadata, { uploadSchema: 'u' });
      engine.push(Number(process.hrtime.bigint() - start) / 1000);
      if (!result.ok) throw new Error(result.errors.map((e) => e.describe()).join('; '));
    }
  }
  summary('ADQL parse+validate+translate', engine);

  const url = process.argv[2] ?? process.env.DATABASE_URL;
  if (!url) {
    console.log('no database URL given: PostgreSQL EXPLAIN comparison skipped');
    return;
  }
  const db = await createHscTestSchema(url, 100_000);
  try {
    const sqls = queries.map((q) => {
      const result = compile(q, db.meta, { uploadSchema: db.uploadSchema });
      if (!result.ok) throw new Error('corpus query failed');
      return result.value.sql;
    });
    const planner: number[] = [];
    for (let round = 0; round < 50; round += 1) {
      for (const sql of sqls) {
        const start = process.hrtime.bigint();
        await db.client.query(`EXPLAIN ${sql}`);
        planner.push(Number(process.hrtime.bigint() - start) / 1000);
      }
    }
    summary('PostgreSQL EXPLAIN (round trip)', planner);
  } finally {
    await db.drop();
  }
}

await main();
