// Narrowing of the parsed vo-resources JSON into typed values, once, at the edge: each reader
// records a problem (with the place it was found) instead of throwing, so one run lists them all.

export type JsonObject = { readonly [key: string]: unknown };

export class Problems {
  readonly list: string[] = [];
  add(where: string, what: string): void {
    this.list.push(`${where}: ${what}`);
  }
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads fields of one JSON object, reporting wrong types and unknown keys. */
export class Fields {
  private readonly seen = new Set<string>(['comment']);
  constructor(private readonly obj: JsonObject, readonly where: string, private readonly problems: Problems) {}

  /** Records a problem found by the caller in this object. */
  problem(what: string): void {
    this.problems.add(this.where, what);
  }

  private raw(key: string): unknown {
    this.seen.add(key);
    return this.obj[key];
  }

  optionalString(key: string): string | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string' && v.trim() !== '') return v;
    this.problems.add(this.where, `"${key}" must be a non-empty string`);
    return undefined;
  }

  string(key: string): string {
    const v = this.optionalString(key);
    if (v === undefined && this.obj[key] === undefined) this.problems.add(this.where, `"${key}" is missing`);
    return v ?? '';
  }

  flag(key: string): boolean {
    const v = this.raw(key);
    if (v === undefined) return false;
    if (typeof v === 'boolean') return v;
    this.problems.add(this.where, `"${key}" must be true or false`);
    return false;
  }

  array(key: string, required = false): readonly unknown[] {
    const v = this.raw(key);
    if (v === undefined && !required) return [];
    if (Array.isArray(v)) return v;
    this.problems.add(this.where, `"${key}" must be an array`);
    return [];
  }

  objects(key: string, required = false): readonly JsonObject[] {
    return this.array(key, required).filter((item, i): item is JsonObject => {
      if (isObject(item)) return true;
      this.problems.add(`${this.where}.${key}[${i}]`, 'must be an object');
      return false;
    });
  }

  object(key: string): JsonObject | undefined {
    const v = this.raw(key);
    if (v === undefined || isObject(v)) return v;
    this.problems.add(this.where, `"${key}" must be an object`);
    return undefined;
  }

  stringMap(key: string): Readonly<Record<string, string>> {
    const v = this.raw(key);
    if (v === undefined) return {};
    if (isObject(v) && Object.values(v).every((x) => typeof x === 'string')) return v as Record<string, string>;
    this.problems.add(this.where, `"${key}" must map names to strings`);
    return {};
  }

  /** Reports keys nobody read: a misspelt "descripton" must not pass silently. */
  done(): void {
    for (const key of Object.keys(this.obj)) if (!this.seen.has(key)) this.problems.add(this.where, `unknown key "${key}"`);
  }
}
