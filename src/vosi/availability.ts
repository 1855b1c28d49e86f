// VOSI-availability document (VOSI 1.1 §3.2): available, upSince, downAt, backAt, notes, in
// the schema's order and all qualified.
import { NS, serialize, vosiRoot } from './xml.ts';

export interface Availability {
  available: boolean;
  upSince?: Date;
  downAt?: Date;
  backAt?: Date;
  notes: readonly string[];
}

const time = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function availabilityXml(a: Availability): string {
  const root = vosiRoot(NS.availability, 'vosi:availability', []);
  root.ele(NS.availability, 'vosi:available').txt(String(a.available));
  for (const [name, value] of [['upSince', a.upSince], ['downAt', a.downAt], ['backAt', a.backAt]] as const) {
    if (value) root.ele(NS.availability, `vosi:${name}`).txt(time(value));
  }
  for (const note of a.notes) root.ele(NS.availability, 'vosi:note').txt(note);
  return serialize(root);
}

/** Minimal view of a pg pool: availability only needs to run one query. */
export interface Queryable {
  query(sql: string): Promise<unknown>;
}

/** VOSI 1.1 §3.2 asks for a real check: the service is available when its database answers. */
export async function databaseAvailability(db: Queryable, upSince: Date): Promise<Availability> {
  try {
    await db.query('SELECT 1');
    return { available: true, upSince, notes: ['service is accepting queries'] };
  } catch (err) {
    return { available: false, notes: [`the database does not answer: ${(err as Error).message}`] };
  }
}
