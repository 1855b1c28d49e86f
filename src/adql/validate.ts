// Semantic check of a parsed ADQL query against table metadata (ADQL 2.1 §2.2 names and scopes,
// §3 types, §4.2 geometry argument types): resolves every name, types every expression and
// describes the output columns; reports all problems at once.
import {
  isCondition, type AdqlQuery, type CommonTable, type Condition, type FromItem, type Identifier, type QueryExpression,
  type SelectQuery, type ValueExpression,
} from './ast.ts';
import { AdqlError, type AdqlResult, type SourcePosition } from './errors.ts';
import { BUILTIN_FUNCTIONS, USER_DEFINED_FUNCTIONS, type ArgumentKind, type UserDefinedFunction } from './functions.ts';
import type { MetadataProvider, TableMetadata } from './metadata.ts';
import { suggestNames } from './suggest.ts';
import { categoryOf, isInteger, votableTypeOf, widerNumeric, type AdqlType, type AdqlTypeName } from './types.ts';
import { conversionFactor } from './units.ts';
import { parseStcs } from './stcs.ts';
import { daliShape } from './geometry.ts';

/** A column as seen through a FROM entry: its ADQL name, its SQL name and what it means. */
export interface BoundColumn {
  readonly name: string;
  readonly sqlName: string;
  readonly type: AdqlType;
  readonly unit?: string;
  readonly ucd?: string;
  readonly utype?: string;
  readonly xtype?: string;
  readonly description?: string;
  /** A stored REGION column's pg_sphere twin (ColumnMetadata.geometry); only on table columns. */
  readonly geometry?: string;
}

/** One FROM entry (table, derived table or common table) that columns can be qualified with. */
export interface RangeVariable {
  /** The name the query uses for it: its alias, else the table's name. */
  readonly name: string;
  readonly delimited: boolean;
  /** The SQL alias the translation gives it. */
  readonly sqlAlias: string;
  readonly schema: string | null;
  readonly table: TableMetadata | null;
  /** For a common table: its SQL name. */
  readonly commonTable: string | null;
  readonly columns: readonly BoundColumn[];
}

export type ColumnBinding =
  | { readonly kind: 'range'; readonly range: RangeVariable; readonly column: BoundColumn }
  /** A column merged by USING or NATURAL: referred to without qualifier in SQL. */
  | { readonly kind: 'merged'; readonly column: BoundColumn }
  /** An ORDER BY / GROUP BY name that is a select-list alias. */
  | { readonly kind: 'output'; readonly column: BoundColumn };

/** One select-list entry after `*` expansion, with its unique SQL output name. */
export interface OutputItem {
  readonly value: ValueExpression;
  readonly column: BoundColumn;
}

/** Everything the validator learnt, keyed by AST node, for the translator. */
export interface Resolution {
  readonly columns: Map<ValueExpression, ColumnBinding>;
  readonly types: Map<ValueExpression, AdqlType>;
  readonly ranges: Map<FromItem, RangeVariable>;
  readonly outputs: Map<QueryExpression, readonly OutputItem[]>;
  readonly udfs: Map<ValueExpression, UserDefinedFunction>;
  readonly commonTables: Map<CommonTable, RangeVariable>;
  /** ORDER BY items given as a select-list position (1-based). */
  readonly positions: Map<ValueExpression, number>;
  /** IN_UNIT nodes and their multiplication factor. */
  readonly unitFactors: Map<ValueExpression, number>;
  /** Literals (0/1, 'true'/'false', 'T'/'F') read as truth values where they meet a BOOLEAN. */
  readonly truthLiterals: Map<ValueExpression, boolean>;
}

/** What a result column is, for VOTable FIELDs (TAP 1.1 §2.7.2). */
export interface OutputColumn {
  readonly name: string;
  /** The key of this column in the rows of the translated SQL. */
  readonly sqlName: string;
  readonly adqlType: AdqlType;
  readonly datatype: string;
  readonly arraysize?: string;
  readonly xtype?: string;
  readonly unit?: string;
  readonly ucd?: string;
  readonly utype?: string;
  readonly description?: string;
}

export interface ValidatedQuery {
  readonly ast: AdqlQuery;
  readonly columns: readonly OutputColumn[];
  readonly resolution: Resolution;
}

export interface ValidateOptions {
  readonly functions?: readonly UserDefinedFunction[];
}

const NULL_TYPE: AdqlType = { name: 'NULL' };
const t = (name: AdqlTypeName): AdqlType => ({ name });

/** Checks the query against the caller's tables; every problem found is reported. */
export function validate(ast: AdqlQuery, meta: MetadataProvider, options: ValidateOptions = {}): AdqlResult<ValidatedQuery> {
  const validator = new Validator(meta, options.functions ?? USER_DEFINED_FUNCTIONS);
  const columns = validator.statement(ast);
  if (validator.errors.length > 0) return { ok: false, errors: validator.errors };
  return { ok: true, value: { ast, columns, resolution: validator.resolution } };
}

/** A name matches as ADQL says: exactly when delimited, ignoring case otherwise. */
function sameName(ref: { name: string; delimited: boolean }, name: string): boolean {
  return ref.delimited ? ref.name === name : ref.name.toLowerCase() === name.toLowerCase();
}

export function sqlIdentifierFor(id: { name: string; delimited: boolean }): string {
  return id.delimited ? id.name : id.name.toLowerCase();
}

class Scope {
  readonly ranges: RangeVariable[] = [];
  readonly merged = new Map<string, BoundColumn>();
  outputs: readonly OutputItem[] = [];
  constructor(readonly parent: Scope | null, readonly ctes: ReadonlyMap<string, RangeVariable>) {}
}

class Validator {
  readonly errors: AdqlError[] = [];
  readonly resolution: Resolution = {
    columns: new Map(), types: new Map(), ranges: new Map(), outputs: new Map(), udfs: new Map(),
    commonTables: new Map(), positions: new Map(), unitFactors: new Map(), truthLiterals: new Map(),
  };
  private readonly udfsByName = new Map<string, UserDefinedFunction[]>();

  constructor(private readonly meta: MetadataProvider, functions: readonly UserDefinedFunction[]) {
    for (const fn of functions) {
      const key = fn.name.toLowerCase();
      this.udfsByName.set(key, [...(this.udfsByName.get(key) ?? []), fn]);
    }
  }

  private error(kind: AdqlError['kind'], message: string, at: SourcePosition, suggestions: readonly string[] = []): void {
    this.errors.push(new AdqlError(kind, message, at, { suggestions }));
  }

  statement(ast: AdqlQuery): OutputColumn[] {
    const ctes = new Map<string, RangeVariable>();
    for (const cte of ast.with) {
      const items = this.query(cte.query, new Scope(null, ctes));
      const sqlName = sqlIdentifierFor(cte.name);
      const columns = items.map((item, i) => {
        const rename = cte.columns[i];
        return rename ? { ...item.column, name: rename.name, sqlName: sqlIdentifierFor(rename) } : item.column;
      });
      if (cte.columns.length > 0 && cte.columns.length !== items.length) {
        this.error('type', `${cte.name.name} names ${cte.columns.length} columns but its query has ${items.length}`, cte.pos);
      }
      const range: RangeVariable = { name: cte.name.name, delimited: cte.name.delimited, sqlAlias: sqlName, schema: null, table: null, commonTable: sqlName, columns };
      ctes.set(sqlName.toLowerCase(), range);
      this.resolution.commonTables.set(cte, range);
    }
    const items = this.query(ast.body, new Scope(null, ctes));
    return items.map((item) => outputColumn(item.column));
  }

  private query(query: QueryExpression, scope: Scope): readonly OutputItem[] {
    if (query.type === 'select') return this.select(query, scope);
    const left = this.query(query.left, new Scope(scope.parent, scope.ctes));
    const right = this.query(query.right, new Scope(scope.parent, scope.ctes));
    if (left.length !== right.length) {
      this.error('type', `${query.operator.toUpperCase()} of queries with ${left.length} and ${right.length} columns`, query.pos);
    }
    left.forEach((item, i) => {
      const other = right[i];
      if (other && !compatible(item.column.type, other.column.type)) {
        this.error('type', `column ${i + 1} is ${item.column.type.name} on the left of ${query.operator.toUpperCase()} but ${other.column.type.name} on the right`, query.pos);
      }
    });
    this.resolution.outputs.set(query, left);
    const outputScope = new Scope(scope.parent, scope.ctes);
    outputScope.outputs = left;
    for (const order of query.orderBy) this.orderValue(order.value, outputScope, true);
    return left;
  }

  private select(query: SelectQuery, scope: Scope): readonly OutputItem[] {
    for (const item of query.from) this.fromItem(item, scope);
    const items: OutputItem[] = [];
    const used = new Set<string>();
    const add = (value: ValueExpression, name: string, described: Omit<BoundColumn, 'name' | 'sqlName'>): void => {
      let sqlName = name;
      for (let n = 2; used.has(sqlName.toLowerCase()); n += 1) sqlName = `${name}_${n}`;
      used.add(sqlName.toLowerCase());
      items.push({ value, column: { ...described, name, sqlName } });
    };
    query.items.forEach((item, index) => {
      if (item.type === 'allColumns') {
        for (const { range, column } of this.expandStar(item.qualifier, scope, item.pos)) {
          const value: ValueExpression = { type: 'column', pos: item.pos, qualifier: [], name: { type: 'identifier', pos: item.pos, name: column.name, delimited: true } };
          this.resolution.columns.set(value, range ? { kind: 'range', range, column } : { kind: 'merged', column });
          this.resolution.types.set(value, column.type);
          add(value, column.name, column);
        }
        return;
      }
      const type = this.value(item.value, scope);
      const name = item.alias ? item.alias.name : defaultName(item.value, index);
      add(item.value, name, { ...this.describe(item.value), type });
    });
    scope.outputs = items;
    if (query.where) this.condition(query.where, scope);
    for (const group of query.groupBy) this.orderValue(group, scope, false);
    if (query.having) this.condition(query.having, scope);
    for (const order of query.orderBy) this.orderValue(order.value, scope, false);
    this.resolution.outputs.set(query, items);
    return items;
  }

  /** ORDER BY / GROUP BY: a position, a select-list name, or an expression over the FROM tables. */
  private orderValue(value: ValueExpression, scope: Scope, outputsOnly: boolean): void {
    if (value.type === 'number' && value.form === 'integer') {
      const position = Number(value.text);
      if (position < 1 || position > scope.outputs.length) this.error('unknown', `there is no select-list column ${value.text}`, value.pos);
      this.resolution.positions.set(value, position);
      this.resolution.types.set(value, scope.outputs[position - 1]?.column.type ?? NULL_TYPE);
      return;
    }
    if (value.type === 'column' && value.qualifier.length === 0) {
      const output = scope.outputs.find((item) => sameName(value.name, item.column.name));
      const inFrom = outputsOnly ? undefined : this.findColumn(value, scope);
      if (output && !inFrom) {
        this.resolution.columns.set(value, { kind: 'output', column: output.column });
        this.resolution.types.set(value, output.column.type);
        return;
      }
    }
    if (outputsOnly) {
      this.error('unknown', 'ORDER BY after a set operation takes select-list names or positions', value.pos);
      return;
    }
    this.value(value, scope);
  }

  private expandStar(qualifier: readonly Identifier[], scope: Scope, pos: SourcePosition): { range: RangeVariable | null; column: BoundColumn }[] {
    if (qualifier.length === 0) {
      const seenMerged = new Set<string>();
      const out: { range: RangeVariable | null; column: BoundColumn }[] = [];
      for (const range of scope.ranges) {
        for (const column of range.columns) {
          const merged = scope.merged.get(column.name.toLowerCase());
          if (merged) {
            if (!seenMerged.has(column.name.toLowerCase())) out.push({ range: null, column: merged });
            seenMerged.add(column.name.toLowerCase());
          } else out.push({ range, column });
        }
      }
      return out;
    }
    const range = this.findRange(qualifier, scope, pos);
    return range ? range.columns.map((column) => ({ range, column })) : [];
  }

  // ---- FROM ---------------------------------------------------------------------------------

  private fromItem(item: FromItem, scope: Scope): void {
    switch (item.type) {
      case 'table': {
        const range = this.tableRange(item.name, item.alias, scope, item.pos);
        if (range) this.addRange(range, scope, item.pos, item);
        return;
      }
      case 'derivedTable': {
        const items = this.query(item.query, new Scope(scope.parent, scope.ctes));
        const range: RangeVariable = {
          name: item.alias.name, delimited: item.alias.delimited, sqlAlias: sqlIdentifierFor(item.alias), schema: null, table: null,
          commonTable: null, columns: items.map((i) => i.column),
        };
        this.addRange(range, scope, item.pos, item);
        return;
      }
      case 'join': {
        this.fromItem(item.left, scope);
        const leftCounts = new Map<string, number>();
        for (const name of this.rangesOf(item.left).flatMap((r) => r.columns.map((c) => c.name.toLowerCase()))) {
          leftCounts.set(name, (leftCounts.get(name) ?? 0) + (scope.merged.has(name) && leftCounts.has(name) ? 0 : 1));
        }
        const leftNames = new Set(leftCounts.keys());
        this.fromItem(item.right, scope);
        const rightColumns = this.rangesOf(item.right).flatMap((r) => r.columns);
        const shared = item.natural
          ? rightColumns.filter((c) => leftNames.has(c.name.toLowerCase()))
          : item.using.flatMap((id) => {
              const column = rightColumns.find((c) => sameName(id, c.name));
              if (!column || !leftNames.has(column.name.toLowerCase())) {
                this.error('unknown', `USING column ${id.name} is not in both joined tables`, id.pos);
                return [];
              }
              return [column];
            });
        for (const column of shared) {
          if ((leftCounts.get(column.name.toLowerCase()) ?? 0) > 1) {
            this.error('unknown', `join column ${column.name} is in more than one table on the left; join with ON instead`, item.pos);
          }
          scope.merged.set(column.name.toLowerCase(), column);
        }
        if (item.on) this.condition(item.on, scope);
        return;
      }
      default: {
        const unreachable: never = item;
        return unreachable;
      }
    }
  }

  private rangesOf(item: FromItem): RangeVariable[] {
    if (item.type === 'join') return [...this.rangesOf(item.left), ...this.rangesOf(item.right)];
    const range = this.resolution.ranges.get(item);
    return range ? [range] : [];
  }

  private addRange(range: RangeVariable, scope: Scope, pos: SourcePosition, item: FromItem): void {
    if (scope.ranges.some((r) => r.sqlAlias === range.sqlAlias)) {
      this.error('syntax', `${range.name} appears twice in FROM; give one of them an alias`, pos);
    }
    scope.ranges.push(range);
    this.resolution.ranges.set(item, range);
  }

  private tableRange(name: readonly Identifier[], alias: Identifier | null, scope: Scope, pos: SourcePosition): RangeVariable | undefined {
    const tableId = name[name.length - 1];
    if (!tableId) return undefined;
    const schemaId = name.length >= 2 ? name[name.length - 2] : undefined;
    const named = alias ?? tableId;
    if (!schemaId) {
      for (let s: Scope | null = scope; s; s = s.parent) {
        const cte = s.ctes.get(sqlIdentifierFor(tableId).toLowerCase());
        if (cte && sameName(tableId, cte.name)) return { ...cte, name: named.name, delimited: named.delimited, sqlAlias: sqlIdentifierFor(named) };
      }
    }
    const candidates = this.meta.findTables(tableId.name).filter((table) => sameName(tableId, table.name) && (!schemaId || sameName(schemaId, table.schema)));
    if (candidates.length !== 1) {
      const wanted = name.map((n) => n.name).join('.');
      if (candidates.length > 1) {
        this.error('unknown', `table ${wanted} exists in several schemas; qualify it`, pos, candidates.map((c) => `${c.schema}.${c.name}`));
      } else {
        const known = [...this.meta.allTables()].flatMap((c) => [`${c.schema}.${c.name}`, c.name]);
        const suggestions = suggestNames(wanted, known).map((s) => (s.includes('.') || !schemaId ? s : s));
        this.error('unknown', `unknown table ${wanted}`, pos, suggestions);
      }
      return undefined;
    }
    const [table] = candidates;
    if (!table) return undefined;
    return {
      name: named.name, delimited: named.delimited, sqlAlias: sqlIdentifierFor(named), schema: table.schema, table, commonTable: null,
      columns: table.columns.map((c) => ({
        name: c.name, sqlName: c.sqlName ?? c.name, type: c.type, unit: c.unit, ucd: c.ucd, utype: c.utype, xtype: c.xtype, description: c.description,
        ...(c.geometry === undefined ? {} : { geometry: c.geometry }),
      })),
    };
  }

  private findRange(qualifier: readonly Identifier[], scope: Scope, pos: SourcePosition, report = true): RangeVariable | undefined {
    const tableId = qualifier[qualifier.length - 1];
    const schemaId = qualifier.length >= 2 ? qualifier[qualifier.length - 2] : undefined;
    if (!tableId) return undefined;
    for (let s: Scope | null = scope; s; s = s.parent) {
      const found = s.ranges.find((r) => sameName(tableId, r.name) && (!schemaId || (r.schema !== null && sameName(schemaId, r.schema))));
      if (found) return found;
    }
    if (report) {
      const known: string[] = [];
      for (let s: Scope | null = scope; s; s = s.parent) known.push(...s.ranges.map((r) => r.name));
      this.error('unknown', `${qualifier.map((q) => q.name).join('.')} is not a table or alias of this query`, pos, suggestNames(tableId.name, known));
    }
    return undefined;
  }

  // ---- columns --------------------------------------------------------------------------------

  private findColumn(ref: ValueExpression & { type: 'column' }, scope: Scope): ColumnBinding | undefined {
    for (let s: Scope | null = scope; s; s = s.parent) {
      if (ref.qualifier.length > 0) {
        const range = this.findRange(ref.qualifier, s, ref.pos, false);
        const column = range?.columns.find((c) => sameName(ref.name, c.name));
        if (range && column) return { kind: 'range', range, column };
        if (range) return undefined;
        continue;
      }
      const merged = [...s.merged.values()].find((c) => sameName(ref.name, c.name));
      if (merged) return { kind: 'merged', column: merged };
      const matches = s.ranges.flatMap((range) => range.columns.filter((c) => sameName(ref.name, c.name)).map((column) => ({ range, column })));
      const [first] = matches;
      if (matches.length > 1) {
        this.error('unknown', `column ${ref.name.name} is ambiguous: qualify it`, ref.pos, matches.map((m) => `${m.range.name}.${m.column.name}`));
      }
      if (first) return { kind: 'range', ...first };
    }
    return undefined;
  }

  private column(ref: ValueExpression & { type: 'column' }, scope: Scope): AdqlType {
    const binding = this.findColumn(ref, scope);
    if (binding) {
      this.resolution.columns.set(ref, binding);
      return binding.column.type;
    }
    if (ref.qualifier.length > 0) {
      const range = this.findRange(ref.qualifier, scope, ref.pos);
      if (range) this.error('unknown', `unknown column ${ref.name.name} in ${range.name}`, ref.name.pos, suggestNames(ref.name.name, range.columns.map((c) => c.name)));
      return NULL_TYPE;
    }
    const known: string[] = [];
    for (let s: Scope | null = scope; s; s = s.parent) known.push(...s.ranges.flatMap((r) => r.columns.map((c) => c.name)));
    this.error('unknown', `unknown column ${ref.name.name}`, ref.pos, suggestNames(ref.name.name, known));
    return NULL_TYPE;
  }

  // ---- conditions -----------------------------------------------------------------------------

  private condition(condition: Condition, scope: Scope): void {
    switch (condition.type) {
      case 'and': case 'or':
        this.condition(condition.left, scope);
        this.condition(condition.right, scope);
        return;
      case 'not':
        this.condition(condition.operand, scope);
        return;
      case 'comparison': {
        const [left = NULL_TYPE, right = NULL_TYPE] = this.values([condition.left, condition.right], scope);
        const equality = ['=', '!=', '<>'].includes(condition.operator);
        const categories = [categoryOf(left.name), categoryOf(right.name)];
        if (!compatible(left, right) || (categories.includes('geometry') && !equality)) {
          const hint = categories.includes('boolean') ? `; ${TRUTH_LITERALS_HINT}` : '';
          this.error('type', `cannot compare ${left.name} with ${right.name} using ${condition.operator}${hint}`, condition.pos);
        } else if (categories.includes('boolean') && !equality) {
          this.error('type', `truth values compare with = and <> only, not ${condition.operator}`, condition.pos);
        }
        return;
      }
      case 'between': {
        const types = [this.value(condition.value, scope), this.value(condition.low, scope), this.value(condition.high, scope)];
        if (!types.every((x) => compatible(x, types[0] ?? NULL_TYPE)) || types.some((x) => ['geometry', 'boolean'].includes(categoryOf(x.name)))) {
          this.error('type', `BETWEEN needs three comparable values, not ${types.map((x) => x.name).join(', ')}`, condition.pos);
        }
        return;
      }
      case 'like':
        this.expect(condition.value, scope, 'string', 'LIKE');
        this.expect(condition.pattern, scope, 'string', 'LIKE');
        return;
      case 'inList': {
        const [type = NULL_TYPE, ...itemTypes] = this.values([condition.value, ...condition.list], scope);
        condition.list.forEach((item, i) => {
          const itemType = itemTypes[i] ?? NULL_TYPE;
          if (!compatible(type, itemType)) this.error('type', `IN list value of type ${itemType.name} does not match ${type.name}`, item.pos);
        });
        return;
      }
      case 'inQuery': {
        this.value(condition.value, scope);
        const items = this.query(condition.query, new Scope(scope, scope.ctes));
        if (items.length !== 1) this.error('type', 'the sub-query of IN must select exactly one column', condition.query.pos);
        return;
      }
      case 'isNull':
        this.value(condition.value, scope);
        return;
      case 'exists':
        this.query(condition.query, new Scope(scope, scope.ctes));
        return;
      case 'truthValue': {
        const type = this.value(condition.value, scope);
        if (type.name !== 'BOOLEAN' && type.name !== 'NULL') {
          const what = condition.value.type === 'column' ? `column ${condition.value.name.name} is ${type.name}, not BOOLEAN` : 'this is not a truth value';
          this.error('type', `${what}: compare it with something to make a condition`, condition.pos);
        }
        return;
      }
      default: {
        const unreachable: never = condition;
        return unreachable;
      }
    }
  }

  // ---- values ---------------------------------------------------------------------------------

  private expect(value: ValueExpression, scope: Scope, kind: ArgumentKind, where: string): AdqlType {
    const type = this.value(value, scope);
    if (!fits(type, kind)) {
      const hint = type.name === 'BOOLEAN' && kind === 'numeric' ? ' (a truth value is no number: CAST(flag AS INTEGER) gives 0 or 1)' : '';
      this.error('type', `${where} expects ${kindText(kind)}, not ${type.name}${hint}`, value.pos);
    }
    return type;
  }

  /**
   * Types values that meet one another (the sides of a comparison, an IN list, CASE results,
   * COALESCE arguments). Where one is BOOLEAN, the literals among the others that read as truth
   * values become BOOLEAN: TAP 1.1 §2.7.2 and DALI exchange booleans as 0/1, and DaCHS accepts 'true'/'T'.
   */
  private values(values: readonly ValueExpression[], scope: Scope): AdqlType[] {
    const types = values.map((value) => this.value(value, scope));
    if (!types.some((type) => type.name === 'BOOLEAN')) return types;
    return values.map((value, i) => {
      const type = types[i] ?? NULL_TYPE;
      const truth = type.name === 'BOOLEAN' ? undefined : literalTruth(value);
      if (truth === undefined) return type;
      this.resolution.truthLiterals.set(value, truth);
      this.resolution.types.set(value, t('BOOLEAN'));
      return t('BOOLEAN');
    });
  }

  value(value: ValueExpression, scope: Scope): AdqlType {
    const type = this.typeOf(value, scope);
    this.resolution.types.set(value, type);
    return type;
  }

  private typeOf(value: ValueExpression, scope: Scope): AdqlType {
    switch (value.type) {
      case 'column':
        return this.column(value, scope);
      case 'number':
        if (value.form !== 'integer') return t('DOUBLE');
        return t(Math.abs(Number(value.text)) <= 2147483647 ? 'INTEGER' : Number(value.text) <= 9223372036854775807 ? 'BIGINT' : 'DOUBLE');
      case 'string':
        return { name: 'VARCHAR', arraysize: `${value.value.length}*` };
      case 'null':
        return NULL_TYPE;
      case 'boolean':
        return t('BOOLEAN');
      case 'negate':
        return this.expect(value.operand, scope, 'numeric', 'unary minus');
      case 'arithmetic': {
        if (value.operator === '||') {
          const left = this.value(value.left, scope);
          const right = this.value(value.right, scope);
          if ([left, right].some((x) => categoryOf(x.name) === 'geometry')) this.error('type', '|| concatenates strings, not geometries', value.pos);
          return t('VARCHAR');
        }
        const left = this.expect(value.left, scope, 'numeric', `operator ${value.operator}`);
        const right = this.expect(value.right, scope, 'numeric', `operator ${value.operator}`);
        return t(widerNumeric(numericName(left), numericName(right)));
      }
      case 'function':
        return this.builtin(value, scope);
      case 'shape':
        return this.shape(value, scope);
      case 'aggregate': {
        if (!value.arg) return t('BIGINT');
        const arg = value.name === 'SUM' || value.name === 'AVG' ? this.expect(value.arg, scope, 'numeric', value.name) : this.value(value.arg, scope);
        if (value.name === 'COUNT') return t('BIGINT');
        if (value.name === 'AVG') return t('DOUBLE');
        if (value.name === 'SUM') return t(isInteger(arg.name) ? 'BIGINT' : 'DOUBLE');
        return arg;
      }
      case 'udf':
        return this.udf(value, scope);
      case 'cast': {
        const from = this.value(value.value, scope);
        const target = value.target;
        const fromCategory = categoryOf(from.name);
        switch (target.name) {
          case 'POINT': case 'CIRCLE': case 'POLYGON':
            if (value.value.type === 'string' ? !daliShape(target.name, value.value.value) : value.value.type !== 'null') {
              this.error('unsupported', `CAST to ${target.name} takes a DALI ${target.name.toLowerCase()} string literal`, value.pos);
            }
            return t(target.name);
          case 'CHAR': case 'VARCHAR':
            if (fromCategory === 'geometry') this.error('type', `cannot CAST ${from.name} to ${target.name}`, value.pos);
            return target.length === null ? t(target.name) : { name: target.name, arraysize: `${target.length}${target.name === 'VARCHAR' ? '*' : ''}` };
          case 'TIMESTAMP':
            if (fromCategory !== 'string' && fromCategory !== 'timestamp' && fromCategory !== 'null') this.error('type', `cannot CAST ${from.name} to TIMESTAMP`, value.pos);
            return t('TIMESTAMP');
          case 'DOUBLE PRECISION':
            if (fromCategory === 'geometry') this.error('type', `cannot CAST ${from.name} to a number`, value.pos);
            return t('DOUBLE');
          default:
            if (fromCategory === 'geometry') this.error('type', `cannot CAST ${from.name} to a number`, value.pos);
            return t(target.name);
        }
      }
      case 'case': {
        const whens = value.branches.flatMap((branch) => (isCondition(branch.when) ? [] : [branch.when]));
        for (const branch of value.branches) if (isCondition(branch.when)) this.condition(branch.when, scope);
        if (value.operand) {
          const [operand = NULL_TYPE, ...whenTypes] = this.values([value.operand, ...whens], scope);
          whens.forEach((when, i) => {
            const whenType = whenTypes[i] ?? NULL_TYPE;
            if (!compatible(operand, whenType)) this.error('type', `WHEN value of type ${whenType.name} does not match ${operand.name}`, when.pos);
          });
        }
        const results = [...value.branches.map((branch) => branch.then), ...(value.otherwise ? [value.otherwise] : [])];
        const types = this.values(results, scope);
        return types.reduce((acc, type, i) => this.merge(acc, type, results[i]?.pos ?? value.pos), NULL_TYPE);
      }
      case 'scalarQuery': {
        const items = this.query(value.query, new Scope(scope, scope.ctes));
        if (items.length !== 1) this.error('type', 'a sub-query used as a value must select exactly one column', value.pos);
        return items[0]?.column.type ?? NULL_TYPE;
      }
      default: {
        const unreachable: never = value;
        return unreachable;
      }
    }
  }

  private merge(a: AdqlType, b: AdqlType, pos: SourcePosition): AdqlType {
    if (a.name === 'NULL') return b;
    if (b.name === 'NULL') return a;
    if (!compatible(a, b)) {
      this.error('type', `values of types ${a.name} and ${b.name} cannot be mixed`, pos);
      return a;
    }
    return categoryOf(a.name) === 'numeric' ? t(widerNumeric(a.name, b.name)) : a;
  }

  private builtin(value: ValueExpression & { type: 'function' }, scope: Scope): AdqlType {
    const spec = BUILTIN_FUNCTIONS[value.name];
    if (value.name === 'COALESCE' || value.name === 'NULLIF') {
      const types = this.values(value.args, scope);
      return types.reduce((acc, type, i) => this.merge(acc, type, value.args[i]?.pos ?? value.pos), NULL_TYPE);
    }
    const types = value.args.map((arg, i) => {
      const kind: ArgumentKind = value.name === 'DISTANCE' && value.args.length === 4 ? 'numeric' : spec.args[Math.min(i, spec.args.length - 1)] ?? 'any';
      return this.expect(arg, scope, kind, value.name);
    });
    if (value.name === 'IN_UNIT') {
      const [arg, target] = value.args;
      const from = arg ? this.describe(arg).unit : undefined;
      const to = target?.type === 'string' ? target.value : '';
      const factor = from === undefined ? undefined : conversionFactor(from, to);
      if (from === undefined) this.error('type', 'IN_UNIT needs a value with a known unit', value.pos);
      else if (factor === undefined) this.error('type', `cannot convert ${from === '' ? 'a unitless value' : `'${from}'`} to '${to}'`, value.pos);
      else this.resolution.unitFactors.set(value, factor);
      return t('DOUBLE');
    }
    if (spec.returns === 'firstArgument') return types[0] ?? NULL_TYPE;
    if (value.name === 'CENTROID' && types[0]?.name === 'POLYGON') {
      this.error('unsupported', 'CENTROID of a polygon is not supported here (only circles and points)', value.pos);
    }
    return t(spec.returns);
  }

  private shape(value: ValueExpression & { type: 'shape' }, scope: Scope): AdqlType {
    if (value.coordsys) this.expect(value.coordsys, scope, 'string', 'the coordinate system');
    const geometry = value.geometry;
    const name = geometry.shape.toUpperCase();
    const numeric = (v: ValueExpression): void => {
      this.expect(v, scope, 'numeric', name);
    };
    const point = (arg: (typeof geometry & { shape: 'circle' })['center']): void => {
      if (arg.kind === 'coordinates') {
        numeric(arg.lon);
        numeric(arg.lat);
      } else this.expect(arg.value, scope, 'point', name);
    };
    switch (geometry.shape) {
      case 'point':
        point(geometry.at);
        return t('POINT');
      case 'circle':
        point(geometry.center);
        numeric(geometry.radius);
        return t('CIRCLE');
      case 'box':
        point(geometry.center);
        numeric(geometry.width);
        numeric(geometry.height);
        return t('POLYGON');
      case 'polygon':
        geometry.vertices.forEach(point);
        return t('POLYGON');
      case 'region': {
        const region = parseStcs(geometry.stcs);
        if (!region) {
          this.error('unsupported', 'REGION takes a single STC-S Position, Circle, Box or Polygon here', value.pos);
          return NULL_TYPE;
        }
        return t(region.shape === 'point' ? 'POINT' : region.shape === 'circle' ? 'CIRCLE' : 'POLYGON');
      }
      default: {
        const unreachable: never = geometry;
        return unreachable;
      }
    }
  }

  private udf(value: ValueExpression & { type: 'udf' }, scope: Scope): AdqlType {
    const types = value.args.map((arg) => this.value(arg, scope));
    const candidates = (this.udfsByName.get(value.name.name.toLowerCase()) ?? []).filter((fn) => fn.params.length === value.args.length);
    const chosen = candidates.find((fn) => fn.params.every((p, i) => compatible({ name: p.type }, types[i] ?? NULL_TYPE)));
    if (!chosen) {
      if (candidates.length === 0) this.error('unknown', `unknown function ${value.name.name} with ${value.args.length} arguments`, value.pos);
      else this.error('type', `${value.name.name} cannot take (${types.map((x) => x.name).join(', ')})`, value.pos);
      return NULL_TYPE;
    }
    this.resolution.udfs.set(value, chosen);
    return t(chosen.returns);
  }

  /** Unit, UCD and other metadata an output column inherits from its expression. */
  private describe(value: ValueExpression): Omit<BoundColumn, 'name' | 'sqlName' | 'type'> {
    switch (value.type) {
      case 'column': {
        const column = this.resolution.columns.get(value)?.column;
        return column ? { unit: column.unit, ucd: column.ucd, utype: column.utype, xtype: column.xtype, description: column.description } : {};
      }
      case 'negate':
        return { unit: this.describe(value.operand).unit };
      case 'aggregate':
        if (!value.arg || value.name === 'COUNT') return { ucd: 'meta.number' };
        return value.name === 'MIN' || value.name === 'MAX' ? this.describe(value.arg) : { unit: this.describe(value.arg).unit };
      case 'cast':
        return { unit: this.describe(value.value).unit };
      case 'function':
        switch (value.name) {
          case 'ABS': case 'COALESCE': case 'NULLIF': case 'CEILING': case 'FLOOR': case 'ROUND': case 'TRUNCATE':
            return { unit: value.args[0] ? this.describe(value.args[0]).unit : undefined };
          case 'COORD1': case 'COORD2': case 'DISTANCE': case 'DEGREES':
            return { unit: 'deg' };
          case 'RADIANS':
            return { unit: 'rad' };
          case 'AREA':
            return { unit: 'deg**2' };
          case 'IN_UNIT': {
            const target = value.args[1];
            return { unit: target?.type === 'string' ? target.value : undefined };
          }
          default:
            return {};
        }
      case 'arithmetic': {
        if (value.operator !== '+' && value.operator !== '-') return {};
        const left = this.describe(value.left).unit;
        return left !== undefined && left === this.describe(value.right).unit ? { unit: left } : {};
      }
      case 'udf': {
        const fn = this.resolution.udfs.get(value);
        return { unit: fn?.unit, ucd: fn?.ucd };
      }
      case 'shape':
        return { unit: 'deg' };
      default:
        return {};
    }
  }
}

const TRUTH_LITERALS_HINT = "a BOOLEAN compares with TRUE/FALSE, 1/0, 'true'/'false' or 'T'/'F'";

/** The truth value a literal stands for where it meets a BOOLEAN, or undefined. */
function literalTruth(value: ValueExpression): boolean | undefined {
  switch (value.type) {
    case 'boolean': return value.value;
    case 'number': return value.form === 'integer' && (value.text === '0' || value.text === '1') ? value.text === '1' : undefined;
    case 'string': {
      const word = value.value.trim().toLowerCase();
      return word === 'true' || word === 't' ? true : word === 'false' || word === 'f' ? false : undefined;
    }
    default: return undefined;
  }
}

function numericName(type: AdqlType): AdqlTypeName {
  return categoryOf(type.name) === 'numeric' ? type.name : 'DOUBLE';
}

/** Whether two values can meet in a comparison, a set operation or a CASE. */
function compatible(a: AdqlType, b: AdqlType): boolean {
  const ca = categoryOf(a.name);
  const cb = categoryOf(b.name);
  if (ca === 'null' || cb === 'null' || ca === cb) return true;
  const loose = new Set([ca, cb]);
  // Timestamps are written as strings in ADQL (ADQL 2.1 §3.2.1).
  return loose.has('timestamp') && loose.has('string');
}

function fits(type: AdqlType, kind: ArgumentKind): boolean {
  const category = categoryOf(type.name);
  if (category === 'null') return true;
  switch (kind) {
    case 'numeric': case 'integerLiteral': return category === 'numeric';
    case 'string': case 'stringLiteral': return category === 'string';
    case 'geometry': return category === 'geometry';
    case 'point': return type.name === 'POINT';
    case 'any': return true;
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

function kindText(kind: ArgumentKind): string {
  switch (kind) {
    case 'numeric': case 'integerLiteral': return 'a number';
    case 'string': case 'stringLiteral': return 'a string';
    case 'geometry': return 'a geometry';
    case 'point': return 'a point';
    case 'any': return 'a value';
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

function defaultName(value: ValueExpression, index: number): string {
  switch (value.type) {
    case 'column': return value.name.name;
    case 'function': return value.name.toLowerCase();
    case 'aggregate': return value.name.toLowerCase();
    case 'udf': return value.name.name.toLowerCase();
    case 'shape': return value.geometry.shape;
    default: return `col${index + 1}`;
  }
}

function outputColumn(column: BoundColumn): OutputColumn {
  const votable = votableTypeOf(column.type);
  return {
    name: column.name, sqlName: column.sqlName, adqlType: column.type, datatype: votable.datatype,
    ...(votable.arraysize !== undefined ? { arraysize: votable.arraysize } : {}),
    ...(votable.xtype ?? column.xtype ? { xtype: votable.xtype ?? column.xtype } : {}),
    ...(column.unit ? { unit: column.unit } : {}),
    ...(column.ucd ? { ucd: column.ucd } : {}),
    ...(column.utype ? { utype: column.utype } : {}),
    ...(column.description ? { description: column.description } : {}),
  };
}
