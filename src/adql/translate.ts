// Translation of a validated ADQL query to PostgreSQL + pg_sphere (standards notes §2.8): built
// only from the AST and the resolved metadata, names quoted, literals escaped; positions on
// indexed spoint columns and DISTANCE(...) < r become `<@ scircle` so the GiST index is used;
// a REGION column stored as STC-S text is its pg_sphere twin in every expression, text on output.
import { isCondition, type CastTarget, type Condition, type FromItem, type PointArgument, type QueryExpression, type SelectQuery, type ValueExpression } from './ast.ts';
import { AdqlError, type AdqlResult, type SourcePosition } from './errors.ts';
import {
  boxCorners, daliOutputSql, daliShape, scircleSql, spointSql, spolyFromPoints, spolyLiteral, stcsOutputSql, stcsSql,
} from './geometry.ts';
import type { BuiltinFunctionName } from './functions.ts';
import { UPLOAD_SCHEMA } from './metadata.ts';
import { numberLiteral, quoteIdentifier, quoteString, computedNumber } from './sql.ts';
import { parseStcs } from './stcs.ts';
import { isInteger, type AdqlType } from './types.ts';
import type { BoundColumn, OutputColumn, Resolution, ValidatedQuery } from './validate.ts';

export interface TranslateOptions {
  /** The SQL schema holding this request's upload tables (ADQL schema TAP_UPLOAD). */
  readonly uploadSchema?: string;
  /** An overall row limit (e.g. MAXREC + 1), combined with TOP. */
  readonly limit?: number;
}

export interface PostgresQuery {
  readonly sql: string;
  readonly columns: readonly OutputColumn[];
}

/** The PostgreSQL text of a validated query and its output columns. */
export function toPostgres(validated: ValidatedQuery, options: TranslateOptions = {}): AdqlResult<PostgresQuery> {
  try {
    const sql = new Translator(validated.resolution, options).statement(validated);
    return { ok: true, value: { sql, columns: validated.columns } };
  } catch (error) {
    if (error instanceof AdqlError) return { ok: false, errors: [error] };
    throw error;
  }
}

const COMPARISON_SQL = { '=': '=', '!=': '<>', '<>': '<>', '<': '<', '>': '>', '<=': '<=', '>=': '>=' } as const;
const MIRRORED = { '=': '=', '!=': '!=', '<>': '<>', '<': '>', '>': '<', '<=': '>=', '>=': '<=' } as const;

const MATH_SQL: Partial<Record<BuiltinFunctionName, string>> = {
  ACOS: 'acos', ASIN: 'asin', ATAN: 'atan', ATAN2: 'atan2', COS: 'cos', COT: 'cot', SIN: 'sin', TAN: 'tan', CEILING: 'ceil',
  FLOOR: 'floor', DEGREES: 'degrees', RADIANS: 'radians', EXP: 'exp', LOG: 'ln', LOG10: 'log', SQRT: 'sqrt', POWER: 'power',
};

class Translator {
  constructor(private readonly resolution: Resolution, private readonly options: TranslateOptions) {}

  statement(validated: ValidatedQuery): string {
    const ast = validated.ast;
    const ctes = ast.with.map((cte) => {
      const range = this.resolution.commonTables.get(cte);
      const columns = cte.columns.length > 0 && range ? ` (${range.columns.map((c) => quoteIdentifier(c.sqlName, cte.pos)).join(', ')})` : '';
      return `${quoteIdentifier(range?.sqlAlias ?? cte.name.name, cte.pos)}${columns} AS (${this.query(cte.query, false, undefined)})`;
    });
    const body = this.query(ast.body, true, this.options.limit);
    return ctes.length > 0 ? `WITH ${ctes.join(', ')} ${body}` : body;
  }

  /** `final`: this query's select lists are the result, so geometry goes out in DALI form. */
  private query(query: QueryExpression, final: boolean, limit: number | undefined): string {
    if (query.type === 'select') return this.select(query, final, limit);
    const operator = `${query.operator.toUpperCase()}${query.all ? ' ALL' : ''}`;
    let sql = `(${this.query(query.left, final, undefined)}) ${operator} (${this.query(query.right, final, undefined)})`;
    sql += this.orderBy(query, final);
    return sql + this.limitOffset(null, query.offset, limit);
  }

  private select(query: SelectQuery, final: boolean, limit: number | undefined): string {
    const outputs = this.resolution.outputs.get(query) ?? [];
    const items = outputs.map((item) => {
      const type = this.typeOf(item.value);
      let sql = final ? this.outputValue(item.value) : this.value(item.value);
      if (final && (type.name === 'POINT' || type.name === 'CIRCLE' || type.name === 'POLYGON')) sql = daliOutputSql(type.name, sql);
      return `${sql} AS ${quoteIdentifier(item.column.sqlName, item.value.pos)}`;
    });
    let sql = `SELECT ${query.quantifier === 'distinct' ? 'DISTINCT ' : ''}${items.join(', ')}`;
    sql += ` FROM ${query.from.map((item) => this.fromItem(item)).join(', ')}`;
    if (query.where) sql += ` WHERE ${this.condition(query.where)}`;
    // Grouped (and ordered) the way they are output, so a final STC-S column groups by its text.
    const grouped = (g: ValueExpression): string => (final ? this.outputValue(g) : this.value(g));
    if (query.groupBy.length > 0) sql += ` GROUP BY ${query.groupBy.map(grouped).join(', ')}`;
    if (query.having) sql += ` HAVING ${this.condition(query.having)}`;
    sql += this.orderBy(query, final);
    return sql + this.limitOffset(query.top, query.offset, limit);
  }

  private orderBy(query: QueryExpression, final: boolean): string {
    if (query.orderBy.length === 0) return '';
    const sortKey = (v: ValueExpression): string => (final ? this.outputValue(v) : this.value(v));
    return ` ORDER BY ${query.orderBy.map((o) => `${sortKey(o.value)}${o.descending ? ' DESC' : ' ASC'}`).join(', ')}`;
  }

  /**
   * A value as the result shows it: REGION values as STC-S text (ObsCore 1.1 §4.12), read straight
   * from a stored STC-S column, else written from the pg_sphere polygon; anything else as value().
   */
  private outputValue(value: ValueExpression): string {
    if (this.typeOf(value).name !== 'REGION') return this.value(value);
    const stored = this.storedRegion(value);
    if (stored) return `${quoteIdentifier(stored.alias, value.pos)}.${quoteIdentifier(stored.column.sqlName, value.pos)}`;
    // A select-list name (ORDER BY / GROUP BY) or a USING column already is what the output shows.
    const binding = value.type === 'column' ? this.resolution.columns.get(value) : undefined;
    if (binding !== undefined && binding.kind !== 'range') return this.value(value);
    return stcsOutputSql(this.value(value));
  }

  /** The table column a REGION column reference reads, when it is stored as STC-S text (with or without twin). */
  private storedRegion(value: ValueExpression): { alias: string; column: BoundColumn } | undefined {
    if (value.type !== 'column') return undefined;
    const binding = this.resolution.columns.get(value);
    // Only a table's own columns are stored text; a derived or common table passes the polygon on.
    if (binding?.kind !== 'range' || binding.range.table === null || binding.column.type.name !== 'REGION') return undefined;
    return { alias: binding.range.sqlAlias, column: binding.column };
  }

  private limitOffset(top: number | null, offset: number | null, limit: number | undefined): string {
    const rows = top === null ? limit : limit === undefined ? top : Math.min(top, limit);
    return `${rows === undefined || rows === null ? '' : ` LIMIT ${Math.trunc(rows)}`}${offset === null ? '' : ` OFFSET ${Math.trunc(offset)}`}`;
  }

  private fromItem(item: FromItem): string {
    switch (item.type) {
      case 'table': {
        const range = this.resolution.ranges.get(item);
        if (!range) throw new AdqlError('unknown', 'unresolved table', item.pos);
        const alias = quoteIdentifier(range.sqlAlias, item.pos);
        if (range.commonTable !== null) return `${quoteIdentifier(range.commonTable, item.pos)} AS ${alias}`;
        const table = range.table;
        if (!table) throw new AdqlError('unknown', 'unresolved table', item.pos);
        let schema = table.sqlSchema ?? table.schema;
        if (table.schema.toUpperCase() === UPLOAD_SCHEMA) {
          if (!this.options.uploadSchema) throw new AdqlError('unknown', 'this query has no upload tables', item.pos);
          schema = this.options.uploadSchema;
        }
        return `${quoteIdentifier(schema, item.pos)}.${quoteIdentifier(table.sqlName ?? table.name, item.pos)} AS ${alias}`;
      }
      case 'derivedTable': {
        const range = this.resolution.ranges.get(item);
        return `(${this.query(item.query, false, undefined)}) AS ${quoteIdentifier(range?.sqlAlias ?? item.alias.name, item.pos)}`;
      }
      case 'join': {
        const kind = { inner: 'INNER', left: 'LEFT OUTER', right: 'RIGHT OUTER', full: 'FULL OUTER' }[item.kind];
        const left = this.fromItem(item.left);
        const right = this.fromItem(item.right);
        if (item.natural) return `(${left} NATURAL ${kind} JOIN ${right})`;
        const spec = item.on
          ? `ON ${this.condition(item.on)}`
          : `USING (${item.using.map((id) => quoteIdentifier(id.delimited ? id.name : id.name.toLowerCase(), id.pos)).join(', ')})`;
        return `(${left} ${kind} JOIN ${right} ${spec})`;
      }
      default: {
        const unreachable: never = item;
        return unreachable;
      }
    }
  }

  // ---- conditions ---------------------------------------------------------------------------

  private condition(condition: Condition): string {
    switch (condition.type) {
      case 'and': return `(${this.condition(condition.left)} AND ${this.condition(condition.right)})`;
      case 'or': return `(${this.condition(condition.left)} OR ${this.condition(condition.right)})`;
      case 'not': return `(NOT ${this.condition(condition.operand)})`;
      case 'comparison': return this.comparison(condition);
      case 'between':
        return `(${this.value(condition.value)} ${condition.negated ? 'NOT ' : ''}BETWEEN ${this.value(condition.low)} AND ${this.value(condition.high)})`;
      case 'like':
        return `(${this.value(condition.value)} ${condition.negated ? 'NOT ' : ''}${condition.caseInsensitive ? 'ILIKE' : 'LIKE'} ${this.value(condition.pattern)})`;
      case 'inList':
        return `(${this.value(condition.value)} ${condition.negated ? 'NOT ' : ''}IN (${condition.list.map((v) => this.value(v)).join(', ')}))`;
      case 'inQuery':
        return `(${this.value(condition.value)} ${condition.negated ? 'NOT ' : ''}IN (${this.query(condition.query, false, undefined)}))`;
      case 'isNull': return `(${this.value(condition.value)} IS ${condition.negated ? 'NOT ' : ''}NULL)`;
      case 'exists': return `(EXISTS (${this.query(condition.query, false, undefined)}))`;
      // Never a cast or a comparison of the column itself, so an index on a flag stays usable.
      case 'truthValue': return this.value(condition.value);
      default: {
        const unreachable: never = condition;
        return unreachable;
      }
    }
  }

  private comparison(condition: Condition & { type: 'comparison' }): string {
    const { left, right } = condition;
    // CONTAINS(...) = 1 and friends: the predicate itself, so the index can serve it.
    const flagged = this.truthTest(left, right, condition.operator) ?? this.truthTest(right, left, MIRRORED[condition.operator]);
    if (flagged !== undefined) return flagged;
    // DISTANCE(p, q) < r: a cone on p (ADQL 2.1 §4.2.7), plus the exact distance test.
    const cone = this.distanceCone(left, right, condition.operator) ?? this.distanceCone(right, left, MIRRORED[condition.operator]);
    if (cone !== undefined) return cone;
    return `(${this.value(left)} ${COMPARISON_SQL[condition.operator]} ${this.value(right)})`;
  }

  /** `p = 1`, `flag = 'F'`, `coneSearch(...) = TRUE`... as the predicate p or NOT p. */
  private truthTest(fn: ValueExpression, other: ValueExpression, operator: keyof typeof COMPARISON_SQL): string | undefined {
    const predicate = this.predicateSql(fn);
    const isTrue = this.literalTruth(other);
    if (predicate === undefined || isTrue === undefined) return undefined;
    if (operator === '=') return isTrue ? predicate : `(NOT ${predicate})`;
    if (operator === '!=' || operator === '<>') return isTrue ? `(NOT ${predicate})` : predicate;
    return undefined;
  }

  /** The truth a literal stands for: TRUE/FALSE, one read as such by the validator, or 0/1 against CONTAINS / INTERSECTS. */
  private literalTruth(value: ValueExpression): boolean | undefined {
    if (value.type === 'boolean') return value.value;
    const read = this.resolution.truthLiterals.get(value);
    if (read !== undefined) return read;
    if (value.type !== 'number' || value.form !== 'integer' || (value.text !== '0' && value.text !== '1')) return undefined;
    return value.text === '1';
  }

  /** SQL truth value of CONTAINS / INTERSECTS / anything BOOLEAN (a flag column, a BOOLEAN UDF), or undefined. */
  private predicateSql(value: ValueExpression): string | undefined {
    if (this.typeOf(value).name === 'BOOLEAN') return this.value(value);
    if (value.type !== 'function') return undefined;
    const [a, b] = value.args;
    if (!a || !b) return undefined;
    if (value.name === 'CONTAINS') return `(${this.value(a)} <@ ${this.value(b)})`;
    if (value.name === 'INTERSECTS') {
      // A point intersects what contains it (ADQL 2.1 §4.2.17).
      if (this.typeOf(a).name === 'POINT') return `(${this.value(a)} <@ ${this.value(b)})`;
      if (this.typeOf(b).name === 'POINT') return `(${this.value(b)} <@ ${this.value(a)})`;
      return `(${this.value(a)} && ${this.value(b)})`;
    }
    return undefined;
  }

  private distanceCone(fn: ValueExpression, radius: ValueExpression, operator: keyof typeof COMPARISON_SQL): string | undefined {
    if (fn.type !== 'function' || fn.name !== 'DISTANCE' || (operator !== '<' && operator !== '<=')) return undefined;
    const [p, q] = this.distancePoints(fn);
    const [inner, centre] = !p.indexed && q.indexed ? [q.sql, p.sql] : [p.sql, q.sql];
    const r = this.value(radius);
    return `(${inner} <@ ${scircleSql(centre, r)} AND degrees(${inner} <-> ${centre}) ${operator} ${r})`;
  }

  private distancePoints(fn: ValueExpression & { type: 'function' }): [{ sql: string; indexed: boolean }, { sql: string; indexed: boolean }] {
    const args = fn.args;
    const point = (arg: PointArgument): { sql: string; indexed: boolean } => {
      if (arg.kind === 'coordinates') {
        const stored = this.storedPosition(arg.lon, arg.lat);
        return stored ? { sql: stored, indexed: true } : { sql: spointSql(this.value(arg.lon), this.value(arg.lat)), indexed: false };
      }
      const inner = arg.value.type === 'shape' && arg.value.geometry.shape === 'point' ? arg.value.geometry.at : undefined;
      if (inner) return point(inner);
      return { sql: this.value(arg.value), indexed: arg.value.type === 'column' };
    };
    const [a, b, c, d] = args;
    if (a && b && c && d) return [point({ kind: 'coordinates', lon: a, lat: b }), point({ kind: 'coordinates', lon: c, lat: d })];
    if (!a || !b) throw new AdqlError('syntax', 'DISTANCE takes two points', fn.pos);
    return [point({ kind: 'point', value: a }), point({ kind: 'point', value: b })];
  }

  /** The indexed spoint column standing for POINT(lon, lat) when both are that table's position columns. */
  private storedPosition(lon: ValueExpression, lat: ValueExpression): string | undefined {
    const a = this.resolution.columns.get(lon);
    const b = this.resolution.columns.get(lat);
    if (a?.kind !== 'range' || b?.kind !== 'range' || a.range !== b.range || !a.range.table) return undefined;
    const position = a.range.table.positions?.find((p) => p.lon === a.column.name && p.lat === b.column.name);
    return position ? `${quoteIdentifier(a.range.sqlAlias, lon.pos)}.${quoteIdentifier(position.point, lon.pos)}` : undefined;
  }

  // ---- values ---------------------------------------------------------------------------------

  private typeOf(value: ValueExpression): AdqlType {
    return this.resolution.types.get(value) ?? { name: 'NULL' };
  }

  private value(value: ValueExpression): string {
    switch (value.type) {
      case 'column': return this.column(value);
      case 'number': {
        const truth = this.resolution.truthLiterals.get(value);
        if (truth !== undefined) return truth ? 'TRUE' : 'FALSE';
        const position = this.resolution.positions.get(value);
        return position !== undefined ? String(position) : numberLiteral(value.text, value.form, value.pos);
      }
      case 'string': {
        const truth = this.resolution.truthLiterals.get(value);
        if (truth !== undefined) return truth ? 'TRUE' : 'FALSE';
        return quoteString(value.value, value.pos);
      }
      case 'null': return 'NULL';
      case 'boolean': return value.value ? 'TRUE' : 'FALSE';
      case 'negate': return `(-${this.value(value.operand)})`;
      case 'arithmetic': return `(${this.value(value.left)} ${value.operator} ${this.value(value.right)})`;
      case 'function': return this.builtin(value);
      case 'shape': return this.shape(value);
      case 'aggregate': {
        if (!value.arg) return 'count(*)';
        // PostgreSQL has no min/max of booleans; false < true makes them bool_and / bool_or.
        const flags = this.typeOf(value.arg).name === 'BOOLEAN';
        const name = flags && value.name === 'MIN' ? 'bool_and' : flags && value.name === 'MAX' ? 'bool_or' : value.name.toLowerCase();
        const call = `${name}(${value.quantifier === 'distinct' ? 'DISTINCT ' : ''}${this.value(value.arg)})`;
        const type = this.typeOf(value);
        if (value.name === 'AVG') return `CAST(${call} AS double precision)`;
        if (value.name === 'SUM') return `CAST(${call} AS ${isInteger(type.name) ? 'bigint' : 'double precision'})`;
        return call;
      }
      case 'udf': {
        const fn = this.resolution.udfs.get(value);
        if (!fn) throw new AdqlError('unknown', `unresolved function ${value.name.name}`, value.pos);
        const args = value.args.map((arg) => `(${this.value(arg)})`);
        return `(${fn.sql.replace(/\{(\d+)\}/g, (_, i: string) => args[Number(i)] ?? 'NULL')})`;
      }
      case 'cast': return this.cast(value.value, value.target, value.pos);
      case 'case': {
        const operand = value.operand ? ` ${this.value(value.operand)}` : '';
        const branches = value.branches.map((b) => {
          const when = isCondition(b.when) ? this.condition(b.when) : this.value(b.when);
          return ` WHEN ${when} THEN ${this.value(b.then)}`;
        });
        return `(CASE${operand}${branches.join('')}${value.otherwise ? ` ELSE ${this.value(value.otherwise)}` : ''} END)`;
      }
      case 'scalarQuery': return `(${this.query(value.query, false, undefined)})`;
      default: {
        const unreachable: never = value;
        return unreachable;
      }
    }
  }

  private column(value: ValueExpression & { type: 'column' }): string {
    const binding = this.resolution.columns.get(value);
    if (!binding) throw new AdqlError('unknown', `unresolved column ${value.name.name}`, value.pos);
    const stored = this.storedRegion(value);
    if (stored) {
      // A geometry use of an STC-S column: its indexed pg_sphere twin.
      if (stored.column.geometry === undefined) {
        throw new AdqlError('unsupported', `${stored.column.name} is STC-S text with no pg_sphere column to compute with; it can only be selected`, value.pos);
      }
      return `${quoteIdentifier(stored.alias, value.pos)}.${quoteIdentifier(stored.column.geometry, value.pos)}`;
    }
    switch (binding.kind) {
      case 'range': return `${quoteIdentifier(binding.range.sqlAlias, value.pos)}.${quoteIdentifier(binding.column.sqlName, value.pos)}`;
      case 'merged': case 'output': return quoteIdentifier(binding.column.sqlName, value.pos);
      default: {
        const unreachable: never = binding;
        return unreachable;
      }
    }
  }

  private builtin(value: ValueExpression & { type: 'function' }): string {
    const args = value.args.map((arg) => this.value(arg));
    const [a = 'NULL', b = 'NULL'] = args;
    const double = (x: string): string => `CAST(${x} AS double precision)`;
    const mathName = MATH_SQL[value.name];
    if (mathName) return `${mathName}(${args.map(double).join(', ')})`;
    switch (value.name) {
      case 'ABS': return `abs(${a})`;
      case 'PI': return 'pi()';
      case 'RAND': return 'random()';
      case 'MOD': {
        const integers = value.args.every((arg) => isInteger(this.typeOf(arg).name));
        return integers ? `mod(${a}, ${b})` : `CAST(mod(CAST(${a} AS numeric), CAST(${b} AS numeric)) AS double precision)`;
      }
      case 'ROUND': case 'TRUNCATE': {
        const fn = value.name === 'ROUND' ? 'round' : 'trunc';
        return args.length === 1 ? `${fn}(${double(a)})` : `CAST(${fn}(CAST(${a} AS numeric), ${b}) AS double precision)`;
      }
      case 'LOWER': return `lower(${a})`;
      case 'UPPER': return `upper(${a})`;
      case 'COALESCE': return `coalesce(${args.join(', ')})`;
      case 'NULLIF': return `nullif(${a}, ${b})`;
      case 'IN_UNIT': {
        const factor = this.resolution.unitFactors.get(value);
        if (factor === undefined) throw new AdqlError('type', 'IN_UNIT without a unit conversion', value.pos);
        return `(${double(a)} * ${computedNumber(factor, value.pos)})`;
      }
      case 'CONTAINS': case 'INTERSECTS':
        return `(CASE WHEN ${this.predicateSql(value) ?? 'NULL'} THEN 1 ELSE 0 END)`;
      case 'DISTANCE': {
        const [p, q] = this.distancePoints(value);
        return `degrees(${p.sql} <-> ${q.sql})`;
      }
      case 'AREA': return this.typeOf(value.args[0] ?? value).name === 'POINT' ? 'CAST(0 AS double precision)' : `degrees(degrees(area(${a})))`;
      case 'CENTROID': return this.typeOf(value.args[0] ?? value).name === 'POINT' ? a : `center(${a})`;
      case 'COORD1': return `degrees(long(${a}))`;
      case 'COORD2': return `degrees(lat(${a}))`;
      case 'COORDSYS': return "'ICRS'";
      default:
        throw new AdqlError('unsupported', `${value.name} has no translation`, value.pos);
    }
  }

  private pointArgument(arg: PointArgument): string {
    if (arg.kind === 'point') return this.value(arg.value);
    return this.storedPosition(arg.lon, arg.lat) ?? spointSql(this.value(arg.lon), this.value(arg.lat));
  }

  private shape(value: ValueExpression & { type: 'shape' }): string {
    const geometry = value.geometry;
    switch (geometry.shape) {
      case 'point': return this.pointArgument(geometry.at);
      case 'circle': return scircleSql(this.pointArgument(geometry.center), this.value(geometry.radius));
      case 'box': {
        const c = geometry.center;
        const numbers = c.kind === 'coordinates' ? [c.lon, c.lat, geometry.width, geometry.height].map(constantNumber) : [];
        const [lon, lat, width, height] = numbers;
        if (lon !== undefined && lat !== undefined && width !== undefined && height !== undefined) {
          return spolyLiteral(boxCorners(lon, lat, width, height), value.pos);
        }
        throw new AdqlError('unsupported', 'BOX takes constant numbers here; use POLYGON or CIRCLE for computed shapes', value.pos);
      }
      case 'polygon': {
        const constants = geometry.vertices.map((v) => (v.kind === 'coordinates' ? [constantNumber(v.lon), constantNumber(v.lat)] : []));
        if (constants.every(([lon, lat]) => lon !== undefined && lat !== undefined)) {
          return spolyLiteral(constants.map(([lon = 0, lat = 0]) => [lon, lat] as const), value.pos);
        }
        return spolyFromPoints(geometry.vertices.map((v) => this.pointArgument(v)));
      }
      case 'region': {
        const shape = parseStcs(geometry.stcs);
        if (!shape) throw new AdqlError('unsupported', 'unsupported STC-S region', value.pos);
        return stcsSql(shape, value.pos);
      }
      default: {
        const unreachable: never = geometry;
        return unreachable;
      }
    }
  }

  /** A value about to be CAST to a number: PostgreSQL casts booleans to integer only, so go through it. */
  private numericSource(inner: ValueExpression): string {
    const sql = this.value(inner);
    return this.typeOf(inner).name === 'BOOLEAN' ? `CAST(${sql} AS integer)` : sql;
  }

  private cast(inner: ValueExpression, target: CastTarget, pos: SourcePosition): string {
    switch (target.name) {
      case 'POINT': case 'CIRCLE': case 'POLYGON': {
        if (inner.type === 'null') return 'NULL';
        const numbers = inner.type === 'string' ? daliShape(target.name, inner.value) : undefined;
        if (!numbers) throw new AdqlError('unsupported', `CAST to ${target.name} takes a DALI string literal`, pos);
        const n = (i: number): string => computedNumber(numbers[i] ?? 0, pos);
        if (target.name === 'POINT') return spointSql(n(0), n(1));
        if (target.name === 'CIRCLE') return scircleSql(spointSql(n(0), n(1)), n(2));
        const vertices: [number, number][] = [];
        for (let i = 0; i + 1 < numbers.length; i += 2) vertices.push([numbers[i] ?? 0, numbers[i + 1] ?? 0]);
        return spolyLiteral(vertices, pos);
      }
      case 'CHAR': case 'VARCHAR': {
        const length = target.length === null ? '' : `(${target.length})`;
        return `CAST(${this.value(inner)} AS ${target.name === 'CHAR' ? 'char' : 'varchar'}${length})`;
      }
      case 'DOUBLE PRECISION': return `CAST(${this.numericSource(inner)} AS double precision)`;
      default: return `CAST(${this.numericSource(inner)} AS ${target.name.toLowerCase()})`;
    }
  }
}

/** The value of a numeric literal, possibly negated, or undefined for anything computed. */
function constantNumber(value: ValueExpression): number | undefined {
  if (value.type === 'number') return Number(value.text);
  if (value.type === 'negate') {
    const inner = constantNumber(value.operand);
    return inner === undefined ? undefined : -inner;
  }
  return undefined;
}
