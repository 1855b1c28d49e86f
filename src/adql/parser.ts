// ADQL 2.1 recursive-descent parser (ADQL 2.1 §2 and the BNF of its Appendix A) into the typed
// AST; optional features are checked against the declared feature table while parsing.
import type {
  AdqlQuery, AggregateName, CastTarget, CommonTable, ComparisonOperator, Condition, FromItem, Identifier,
  JoinKind, OrderItem, PointArgument, QueryExpression, SelectItem, SelectQuery, SetQuantifier, ShapeConstructor,
  ValueExpression,
} from './ast.ts';
import { AdqlError, type AdqlResult, type SourcePosition } from './errors.ts';
import { LANGUAGE_FEATURES, type FeatureForm, type LanguageFeature } from './features.ts';
import { builtinFunction, USER_DEFINED_FUNCTIONS, type BuiltinFunctionName, type FunctionSignature } from './functions.ts';
import { tokenize, type Operator, type Token } from './lexer.ts';
import { suggestNames } from './suggest.ts';

export interface ParseOptions {
  /** Optional features offered; anything else is refused as unsupported. Default: LANGUAGE_FEATURES. */
  readonly features?: readonly LanguageFeature[];
  /** User-defined functions callable; default: USER_DEFINED_FUNCTIONS. */
  readonly functions?: readonly FunctionSignature[];
  /** Longest accepted query text, in characters (default 100 000). */
  readonly maxLength?: number;
  /** Deepest accepted nesting of expressions and sub-queries (default 64). */
  readonly maxDepth?: number;
}

export const DEFAULT_MAX_LENGTH = 100_000;
export const DEFAULT_MAX_DEPTH = 64;

/** Parses one ADQL query into its AST, or reports the first syntax error. */
export function parse(text: string, options: ParseOptions = {}): AdqlResult<AdqlQuery> {
  try {
    const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
    if (text.length > maxLength) {
      throw new AdqlError('unsupported', `query longer than ${maxLength} characters`, { line: 1, column: 1, offset: 0 });
    }
    return { ok: true, value: new Parser(tokenize(text), options).statement() };
  } catch (error) {
    if (error instanceof AdqlError) return { ok: false, errors: [error] };
    if (error instanceof RangeError) {
      return { ok: false, errors: [new AdqlError('unsupported', 'query nested too deeply', { line: 1, column: 1, offset: 0 })] };
    }
    throw error;
  }
}

const COMPARISON_OPERATORS: ReadonlySet<string> = new Set(['=', '!=', '<>', '<', '>', '<=', '>=']);
const AGGREGATES: ReadonlySet<string> = new Set(['AVG', 'MAX', 'MIN', 'SUM', 'COUNT']);
const SHAPES: ReadonlySet<string> = new Set(['POINT', 'CIRCLE', 'BOX', 'POLYGON', 'REGION']);
/** Tokens after a parenthesised condition that show it was in fact a value: `(a + b) > 3`. */
const VALUE_CONTINUATIONS: ReadonlySet<string> = new Set([...COMPARISON_OPERATORS, '+', '-', '*', '/', '||']);
const VALUE_CONTINUATION_WORDS: ReadonlySet<string> = new Set(['BETWEEN', 'IN', 'LIKE', 'ILIKE', 'IS', 'NOT']);
/** Words that can come right after a search condition (WHERE, ON, HAVING, CASE WHEN). */
const CONDITION_FOLLOWERS: ReadonlySet<string> = new Set([
  'AND', 'OR', 'THEN', 'GROUP', 'HAVING', 'ORDER', 'OFFSET', 'UNION', 'EXCEPT', 'INTERSECT',
  'WHERE', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'NATURAL', 'CROSS',
]);

class Parser {
  private index = 0;
  private depth = 0;
  private readonly features: ReadonlySet<FeatureForm>;
  private readonly functions: ReadonlyMap<string, readonly FunctionSignature[]>;
  private readonly maxDepth: number;
  /** Token indexes where `( condition )` was tried and failed, so backtracking stays linear. */
  private readonly notACondition = new Set<number>();

  constructor(private readonly tokens: readonly Token[], options: ParseOptions) {
    this.features = new Set((options.features ?? LANGUAGE_FEATURES).map((f) => f.form));
    const byName = new Map<string, FunctionSignature[]>();
    for (const fn of options.functions ?? USER_DEFINED_FUNCTIONS) {
      const key = fn.name.toLowerCase();
      byName.set(key, [...(byName.get(key) ?? []), fn]);
    }
    this.functions = byName;
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  }

  // ---- token helpers -------------------------------------------------------------------

  private peek(ahead = 0): Token {
    const token = this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
    if (!token) throw new Error('token list is never empty');
    return token;
  }

  private next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index += 1;
    return token;
  }

  private isWord(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.type === 'word' && token.upper === word;
  }

  private isOp(op: Operator, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.type === 'op' && token.text === op;
  }

  private acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.next();
    return true;
  }

  private acceptOp(op: Operator): boolean {
    if (!this.isOp(op)) return false;
    this.next();
    return true;
  }

  private expectWord(word: string): Token {
    if (!this.isWord(word)) this.unexpected([word]);
    return this.next();
  }

  private expectOp(op: Operator): Token {
    if (!this.isOp(op)) this.unexpected([op]);
    return this.next();
  }

  private unexpected(expected: readonly string[], token: Token = this.peek()): never {
    const found = describeToken(token);
    throw new AdqlError('syntax', `expected ${expected.join(' or ')} but found ${found}`, token.pos, { expected });
  }

  private require(form: FeatureForm, pos: SourcePosition): void {
    if (!this.features.has(form)) {
      throw new AdqlError('unsupported', `${form} is an optional ADQL feature this service does not offer`, pos);
    }
  }

  private nested<T>(pos: SourcePosition, parse: () => T): T {
    this.depth += 1;
    if (this.depth > this.maxDepth) {
      throw new AdqlError('unsupported', `query nested more than ${this.maxDepth} levels deep`, pos);
    }
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  // ---- statements and query expressions --------------------------------------------------

  statement(): AdqlQuery {
    const pos = this.peek().pos;
    const ctes: CommonTable[] = [];
    if (this.isWord('WITH')) {
      this.require('WITH', pos);
      this.next();
      do ctes.push(this.commonTable());
      while (this.acceptOp(','));
    }
    const body = this.queryExpression();
    this.acceptOp(';');
    if (this.peek().type !== 'end') this.unexpected(['end of query']);
    return { type: 'query', pos, with: ctes, body };
  }

  private commonTable(): CommonTable {
    const pos = this.peek().pos;
    const name = this.identifier();
    const columns: Identifier[] = [];
    if (this.acceptOp('(')) {
      do columns.push(this.identifier());
      while (this.acceptOp(','));
      this.expectOp(')');
    }
    this.expectWord('AS');
    this.expectOp('(');
    const query = this.queryExpression();
    this.expectOp(')');
    return { type: 'commonTable', pos, name, columns, query };
  }

  /** query_term {UNION|EXCEPT [ALL] query_term} [ORDER BY] [OFFSET]; WITH is refused here. */
  private queryExpression(): QueryExpression {
    const pos = this.peek().pos;
    if (this.isWord('WITH')) {
      throw new AdqlError('syntax', 'WITH is only allowed at the start of the whole query', pos);
    }
    return this.nested(pos, () => {
      let left = this.queryTerm();
      while (this.isWord('UNION') || this.isWord('EXCEPT')) {
        const opToken = this.next();
        const operator = opToken.type === 'word' && opToken.upper === 'UNION' ? 'union' : 'except';
        this.require(operator === 'union' ? 'UNION' : 'EXCEPT', opToken.pos);
        const all = this.acceptWord('ALL');
        if (!all) this.acceptWord('DISTINCT');
        const right = this.queryTerm();
        left = { type: 'set', pos: opToken.pos, operator, all, left, right, orderBy: [], offset: null };
      }
      const orderBy = this.orderBy();
      const offset = this.offset();
      if (orderBy.length === 0 && offset === null) return left;
      if (left.orderBy.length > 0 || left.offset !== null) {
        throw new AdqlError('syntax', 'ORDER BY or OFFSET given twice for the same query', pos);
      }
      return { ...left, orderBy, offset };
    });
  }

  private queryTerm(): QueryExpression {
    let left = this.queryPrimary();
    while (this.isWord('INTERSECT')) {
      const opToken = this.next();
      this.require('INTERSECT', opToken.pos);
      const all = this.acceptWord('ALL');
      if (!all) this.acceptWord('DISTINCT');
      const right = this.queryPrimary();
      left = { type: 'set', pos: opToken.pos, operator: 'intersect', all, left, right, orderBy: [], offset: null };
    }
    return left;
  }

  private queryPrimary(): QueryExpression {
    if (this.acceptOp('(')) {
      const inner = this.queryExpression();
      this.expectOp(')');
      return inner;
    }
    return this.select();
  }

  private select(): SelectQuery {
    const pos = this.expectWord('SELECT').pos;
    let quantifier: SetQuantifier | null = null;
    if (this.acceptWord('DISTINCT')) quantifier = 'distinct';
    else if (this.acceptWord('ALL')) quantifier = 'all';
    const top = this.acceptWord('TOP') ? this.unsignedInteger('TOP') : null;
    const items: SelectItem[] = [];
    do items.push(this.selectItem());
    while (this.acceptOp(','));
    this.expectWord('FROM');
    const from: FromItem[] = [];
    do from.push(this.fromItem());
    while (this.acceptOp(','));
    const where = this.acceptWord('WHERE') ? this.condition() : null;
    const groupBy: ValueExpression[] = [];
    if (this.acceptWord('GROUP')) {
      this.expectWord('BY');
      do groupBy.push(this.value());
      while (this.acceptOp(','));
    }
    const having = this.acceptWord('HAVING') ? this.condition() : null;
    return { type: 'select', pos, quantifier, top, items, from, where, groupBy, having, orderBy: [], offset: null };
  }

  private unsignedInteger(clause: string): number {
    const token = this.peek();
    if (token.type !== 'number' || token.form !== 'integer') this.unexpected([`an unsigned integer after ${clause}`]);
    this.next();
    const value = Number(token.text);
    if (!Number.isSafeInteger(value)) throw new AdqlError('unsupported', `${clause} value too large`, token.pos);
    return value;
  }

  private orderBy(): OrderItem[] {
    const items: OrderItem[] = [];
    if (!this.acceptWord('ORDER')) return items;
    this.expectWord('BY');
    do {
      const pos = this.peek().pos;
      const value = this.value();
      const descending = this.acceptWord('DESC') ? true : (this.acceptWord('ASC'), false);
      items.push({ type: 'orderItem', pos, value, descending });
    } while (this.acceptOp(','));
    return items;
  }

  private offset(): number | null {
    const token = this.peek();
    if (!this.acceptWord('OFFSET')) return null;
    this.require('OFFSET', token.pos);
    return this.unsignedInteger('OFFSET');
  }

  // ---- select list and FROM ---------------------------------------------------------------

  private selectItem(): SelectItem {
    const pos = this.peek().pos;
    if (this.acceptOp('*')) return { type: 'allColumns', pos, qualifier: [] };
    const qualifier = this.qualifiedStar();
    if (qualifier) return { type: 'allColumns', pos, qualifier };
    const value = this.value();
    return { type: 'derivedColumn', pos, value, alias: this.alias() };
  }

  /** `a.b.*`: returns the qualifier and consumes it, or undefined (consuming nothing). */
  private qualifiedStar(): Identifier[] | undefined {
    let ahead = 0;
    while (this.isIdentifierToken(ahead) && this.isOp('.', ahead + 1)) {
      if (this.isOp('*', ahead + 2)) {
        const parts: Identifier[] = [];
        while (!this.isOp('*')) {
          parts.push(this.identifier());
          this.expectOp('.');
        }
        this.expectOp('*');
        return parts;
      }
      ahead += 2;
    }
    return undefined;
  }

  private isIdentifierToken(ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.type === 'quoted' || (token.type === 'word' && !token.reserved);
  }

  private alias(): Identifier | null {
    if (this.acceptWord('AS')) return this.identifier();
    return this.isIdentifierToken() ? this.identifier() : null;
  }

  private identifier(): Identifier {
    const token = this.peek();
    if (token.type === 'quoted') {
      this.next();
      return { type: 'identifier', pos: token.pos, name: token.text, delimited: true };
    }
    if (token.type === 'word') {
      if (token.reserved) {
        throw new AdqlError('syntax', `${token.text} is a reserved word; write "${token.text}" to use it as a name`, token.pos, {
          expected: ['identifier'],
        });
      }
      this.next();
      return { type: 'identifier', pos: token.pos, name: token.text, delimited: false };
    }
    return this.unexpected(['identifier']);
  }

  private fromItem(): FromItem {
    let left = this.tablePrimary();
    for (;;) {
      const pos = this.peek().pos;
      const natural = this.acceptWord('NATURAL');
      let kind: JoinKind = 'inner';
      let explicit = natural;
      if (this.acceptWord('INNER')) explicit = true;
      else if (this.acceptWord('LEFT')) kind = 'left';
      else if (this.acceptWord('RIGHT')) kind = 'right';
      else if (this.acceptWord('FULL')) kind = 'full';
      if (kind !== 'inner') {
        explicit = true;
        this.acceptWord('OUTER');
      }
      if (!this.isWord('JOIN')) {
        if (explicit) this.unexpected(['JOIN']);
        return left;
      }
      this.next();
      const right = this.tablePrimary();
      let on: Condition | null = null;
      const using: Identifier[] = [];
      if (!natural) {
        if (this.acceptWord('ON')) on = this.condition();
        else if (this.acceptWord('USING')) {
          this.expectOp('(');
          do using.push(this.identifier());
          while (this.acceptOp(','));
          this.expectOp(')');
        } else this.unexpected(['ON', 'USING']);
      }
      left = { type: 'join', pos, kind, natural, left, right, on, using };
    }
  }

  private tablePrimary(): FromItem {
    const pos = this.peek().pos;
    if (!this.isOp('(')) {
      const name: Identifier[] = [this.identifier()];
      while (this.acceptOp('.')) name.push(this.identifier());
      if (name.length > 3) throw new AdqlError('syntax', 'a table name has at most three parts: catalog.schema.table', pos);
      return { type: 'table', pos, name, alias: this.alias() };
    }
    return this.nested(pos, () => {
      if (this.isWord('SELECT', 1)) return this.derivedTable(pos);
      if (this.isOp('(', 1)) {
        // "((SELECT ...) UNION ...) AS q" or "((a JOIN b ON ...))": try the derived table first.
        const start = this.index;
        try {
          return this.derivedTable(pos);
        } catch (error) {
          if (!(error instanceof AdqlError) || error.kind !== 'syntax') throw error;
          this.index = start;
        }
      }
      this.expectOp('(');
      const joined = this.fromItem();
      this.expectOp(')');
      return joined;
    });
  }

  private derivedTable(pos: SourcePosition): FromItem {
    const query = this.subquery();
    this.acceptWord('AS');
    const alias = this.identifier();
    return { type: 'derivedTable', pos, query, alias };
  }

  // ---- search conditions ---------------------------------------------------------------------

  condition(): Condition {
    return this.nested(this.peek().pos, () => {
      let left = this.conjunction();
      while (this.isWord('OR')) {
        const pos = this.next().pos;
        left = { type: 'or', pos, left, right: this.conjunction() };
      }
      return left;
    });
  }

  private conjunction(): Condition {
    let left = this.negation();
    while (this.isWord('AND')) {
      const pos = this.next().pos;
      left = { type: 'and', pos, left, right: this.negation() };
    }
    return left;
  }

  private negation(): Condition {
    if (this.isWord('NOT')) {
      const pos = this.next().pos;
      return this.nested(pos, () => ({ type: 'not', pos, operand: this.negation() }));
    }
    return this.conditionPrimary();
  }

  private conditionPrimary(): Condition {
    const pos = this.peek().pos;
    if (this.isWord('EXISTS')) {
      this.next();
      return { type: 'exists', pos, query: this.subquery() };
    }
    if (this.isOp('(') && !this.isWord('SELECT', 1) && !this.notACondition.has(this.index)) {
      const start = this.index;
      try {
        this.next();
        const inner = this.condition();
        this.expectOp(')');
        if (!this.continuesValue()) return inner;
      } catch (error) {
        if (!(error instanceof AdqlError) || error.kind !== 'syntax') throw error;
      }
      this.notACondition.add(start);
      this.index = start;
    }
    return this.predicate();
  }

  private continuesValue(): boolean {
    const token = this.peek();
    return (token.type === 'op' && VALUE_CONTINUATIONS.has(token.text)) || (token.type === 'word' && VALUE_CONTINUATION_WORDS.has(token.upper));
  }

  private predicate(): Condition {
    const pos = this.peek().pos;
    const value = this.value();
    const token = this.peek();
    if (token.type === 'op' && COMPARISON_OPERATORS.has(token.text)) {
      this.next();
      return { type: 'comparison', pos, operator: token.text as ComparisonOperator, left: value, right: this.value() };
    }
    if (this.acceptWord('IS')) {
      const negated = this.acceptWord('NOT');
      this.expectWord('NULL');
      return { type: 'isNull', pos, negated, value };
    }
    const negated = this.acceptWord('NOT');
    if (this.acceptWord('BETWEEN')) {
      const low = this.value();
      this.expectWord('AND');
      return { type: 'between', pos, negated, value, low, high: this.value() };
    }
    if (this.isWord('LIKE') || this.isWord('ILIKE')) {
      const word = this.next();
      const caseInsensitive = word.type === 'word' && word.upper === 'ILIKE';
      if (caseInsensitive) this.require('ILIKE', word.pos);
      return { type: 'like', pos, negated, caseInsensitive, value, pattern: this.value() };
    }
    if (this.acceptWord('IN')) {
      if (this.isOp('(') && this.isWord('SELECT', 1)) return { type: 'inQuery', pos, negated, value, query: this.subquery() };
      this.expectOp('(');
      const list: ValueExpression[] = [];
      do list.push(this.value());
      while (this.acceptOp(','));
      this.expectOp(')');
      return { type: 'inList', pos, negated, value, list };
    }
    if (negated) this.unexpected(['BETWEEN', 'LIKE', 'ILIKE', 'IN']);
    if (this.mayBeTruthValue(value) && this.endsCondition()) return { type: 'truthValue', pos, value };
    return this.unexpected(['a comparison operator', 'BETWEEN', 'IN', 'LIKE', 'IS']);
  }

  /**
   * Values that can stand alone as a condition: TRUE/FALSE, a UDF declared BOOLEAN, and a column or
   * CASE (the validator then requires it to be BOOLEAN, as DaCHS and the HSC archive allow `WHERE isprimary`).
   */
  private mayBeTruthValue(value: ValueExpression): boolean {
    switch (value.type) {
      case 'boolean': case 'column': case 'case': return true;
      case 'udf': return (this.functions.get(value.name.name.toLowerCase()) ?? []).some((fn) => fn.returns === 'BOOLEAN');
      default: return false;
    }
  }

  /** Whether the next token can follow a search condition, so `WHERE ra 5` stays a syntax error at `5`. */
  private endsCondition(): boolean {
    const token = this.peek();
    if (token.type === 'end') return true;
    if (token.type === 'op') return token.text === ')' || token.text === ',';
    return token.type === 'word' && CONDITION_FOLLOWERS.has(token.upper);
  }

  private subquery(): QueryExpression {
    this.expectOp('(');
    const query = this.queryExpression();
    this.expectOp(')');
    return query;
  }

  // ---- value expressions -----------------------------------------------------------------------

  value(): ValueExpression {
    return this.nested(this.peek().pos, () => {
      let left = this.additive();
      while (this.isOp('||')) {
        const pos = this.next().pos;
        left = { type: 'arithmetic', pos, operator: '||', left, right: this.additive() };
      }
      return left;
    });
  }

  private additive(): ValueExpression {
    let left = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const token = this.next();
      const operator = token.type === 'op' && token.text === '+' ? '+' : '-';
      left = { type: 'arithmetic', pos: token.pos, operator, left, right: this.multiplicative() };
    }
    return left;
  }

  private multiplicative(): ValueExpression {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/')) {
      const token = this.next();
      const operator = token.type === 'op' && token.text === '*' ? '*' : '/';
      left = { type: 'arithmetic', pos: token.pos, operator, left, right: this.unary() };
    }
    return left;
  }

  private unary(): ValueExpression {
    const pos = this.peek().pos;
    if (this.acceptOp('-')) return this.nested(pos, () => ({ type: 'negate', pos, operand: this.unary() }));
    if (this.acceptOp('+')) return this.nested(pos, () => this.unary());
    return this.primary();
  }

  private primary(): ValueExpression {
    const token = this.peek();
    const pos = token.pos;
    switch (token.type) {
      case 'number':
        this.next();
        return { type: 'number', pos, text: token.text, form: token.form };
      case 'string':
        this.next();
        return { type: 'string', pos, value: token.text };
      case 'quoted':
        return this.columnReference();
      case 'op':
        if (token.text === '(') {
          if (this.isWord('SELECT', 1)) return { type: 'scalarQuery', pos, query: this.subquery() };
          this.next();
          const inner = this.value();
          this.expectOp(')');
          return inner;
        }
        return this.unexpected(['a value']);
      case 'word':
        return this.wordPrimary(token);
      case 'end':
        return this.unexpected(['a value']);
      default: {
        const unreachable: never = token;
        return unreachable;
      }
    }
  }

  private wordPrimary(token: Token & { type: 'word' }): ValueExpression {
    const pos = token.pos;
    const word = token.upper;
    if (word === 'NULL') {
      this.next();
      return { type: 'null', pos };
    }
    if (word === 'TRUE' || word === 'FALSE') {
      this.next();
      return { type: 'boolean', pos, value: word === 'TRUE' };
    }
    if (word === 'CAST') return this.cast();
    if (word === 'CASE') return this.caseExpression();
    if (!this.isOp('(', 1)) return this.columnReference();
    if (AGGREGATES.has(word)) return this.aggregate(word as AggregateName);
    if (SHAPES.has(word)) return this.shape(word);
    const builtin = builtinFunction(word);
    if (builtin) {
      if (builtin.feature) this.require(builtin.feature, pos);
      this.next();
      const args = this.argumentList();
      if (args.length < builtin.minArgs || args.length > builtin.maxArgs) {
        throw new AdqlError('syntax', `${word} takes ${arityText(builtin.minArgs, builtin.maxArgs)} but was given ${args.length}`, pos);
      }
      args.forEach((arg, i) => {
        const kind = builtin.args[Math.min(i, builtin.args.length - 1)];
        if (kind === 'integerLiteral' && !isIntegerLiteral(arg)) throw new AdqlError('syntax', `argument ${i + 1} of ${word} must be an integer literal`, arg.pos);
        if (kind === 'stringLiteral' && arg.type !== 'string') throw new AdqlError('syntax', `argument ${i + 1} of ${word} must be a string literal`, arg.pos);
      });
      const name = word as BuiltinFunctionName;
      if (name === 'DISTANCE' && args.length === 3) throw new AdqlError('syntax', 'DISTANCE takes two points or four coordinates', pos);
      return { type: 'function', pos, name, args };
    }
    if (token.reserved) this.unexpected(['a value'], token);
    return this.userDefinedFunction();
  }

  private argumentList(): ValueExpression[] {
    this.expectOp('(');
    const args: ValueExpression[] = [];
    if (this.acceptOp(')')) return args;
    do args.push(this.value());
    while (this.acceptOp(','));
    this.expectOp(')');
    return args;
  }

  private columnReference(): ValueExpression {
    const pos = this.peek().pos;
    const parts: Identifier[] = [this.identifier()];
    while (this.acceptOp('.')) parts.push(this.identifier());
    if (parts.length > 4) throw new AdqlError('syntax', 'a column name has at most four parts: catalog.schema.table.column', pos);
    const name = parts.pop();
    if (!name) throw new Error('a column reference has at least one part');
    return { type: 'column', pos, qualifier: parts, name };
  }

  private aggregate(name: AggregateName): ValueExpression {
    const pos = this.next().pos;
    this.expectOp('(');
    let quantifier: SetQuantifier | null = null;
    if (this.acceptWord('DISTINCT')) quantifier = 'distinct';
    else if (this.acceptWord('ALL')) quantifier = 'all';
    let arg: ValueExpression | null = null;
    if (name === 'COUNT' && quantifier === null && this.acceptOp('*')) arg = null;
    else arg = this.value();
    this.expectOp(')');
    return { type: 'aggregate', pos, name, quantifier, arg };
  }

  private userDefinedFunction(): ValueExpression {
    const pos = this.peek().pos;
    const name = this.identifier();
    const args = this.argumentList();
    const declared = this.functions.get(name.name.toLowerCase());
    if (!declared) {
      const known = [...this.functions.values()].map((fns) => fns[0]?.name ?? '');
      throw new AdqlError('unknown', `unknown function ${name.name}`, pos, { suggestions: suggestNames(name.name, known) });
    }
    if (!declared.some((fn) => fn.params.length === args.length)) {
      const counts = [...new Set(declared.map((fn) => fn.params.length))].join(' or ');
      throw new AdqlError('syntax', `${name.name} takes ${counts} arguments but was given ${args.length}`, pos);
    }
    return { type: 'udf', pos, name, args };
  }

  private cast(): ValueExpression {
    const pos = this.next().pos;
    this.require('CAST', pos);
    this.expectOp('(');
    const value = this.value();
    this.expectWord('AS');
    const target = this.castTarget();
    this.expectOp(')');
    return { type: 'cast', pos, value, target };
  }

  private castTarget(): CastTarget {
    const token = this.peek();
    const word = token.type === 'word' ? token.upper : '';
    const expected = ['SMALLINT', 'INTEGER', 'BIGINT', 'REAL', 'DOUBLE PRECISION', 'CHAR', 'VARCHAR', 'TIMESTAMP', 'POINT', 'CIRCLE', 'POLYGON'];
    switch (word) {
      case 'SMALLINT': case 'INTEGER': case 'BIGINT': case 'REAL': case 'TIMESTAMP': case 'POINT': case 'CIRCLE': case 'POLYGON':
        this.next();
        return { name: word };
      case 'DOUBLE':
        this.next();
        this.expectWord('PRECISION');
        return { name: 'DOUBLE PRECISION' };
      case 'CHAR': case 'VARCHAR': {
        this.next();
        let length: number | null = null;
        if (this.acceptOp('(')) {
          length = this.unsignedInteger(word);
          this.expectOp(')');
        }
        return { name: word, length };
      }
      default:
        return this.unexpected(expected);
    }
  }

  private caseExpression(): ValueExpression {
    const pos = this.next().pos;
    this.require('CASE', pos);
    return this.nested(pos, () => {
      const operand = this.isWord('WHEN') ? null : this.value();
      const branches: { when: Condition | ValueExpression; then: ValueExpression }[] = [];
      while (this.acceptWord('WHEN')) {
        const when = operand ? this.value() : this.condition();
        this.expectWord('THEN');
        branches.push({ when, then: this.value() });
      }
      if (branches.length === 0) this.unexpected(['WHEN']);
      const otherwise = this.acceptWord('ELSE') ? this.value() : null;
      this.expectWord('END');
      return { type: 'case', pos, operand, branches, otherwise };
    });
  }

  // ---- geometry constructors (ADQL 2.1 §4.2.9-§4.2.20) -------------------------------------------

  private shape(word: string): ValueExpression {
    const pos = this.peek().pos;
    this.require(word as FeatureForm, pos);
    this.next();
    const args = this.argumentList();
    const hasSystem = (count: number): boolean => args.length === count || (args.length === count - 1 && isCoordinateSystem(args[0]));
    const fail = (message: string): never => {
      throw new AdqlError('syntax', message, pos);
    };
    const at = (i: number): ValueExpression => args[i] ?? fail(`${word} is missing argument ${i + 1}`);
    let geometry: ShapeConstructor;
    let coordsys: ValueExpression | null = null;
    switch (word) {
      case 'POINT': {
        if (args.length !== 2 && args.length !== 3) fail('POINT takes ([coordsys,] longitude, latitude)');
        const o = args.length - 2;
        if (o === 1) coordsys = at(0);
        geometry = { shape: 'point', at: { kind: 'coordinates', lon: at(o), lat: at(o + 1) } };
        break;
      }
      case 'CIRCLE': {
        const withSystem = args.length === 4 || (args.length === 3 && isCoordinateSystem(args[0]));
        if (withSystem) coordsys = at(0);
        const rest = args.slice(withSystem ? 1 : 0);
        if (rest.length === 3) geometry = { shape: 'circle', center: coordinatePair(at(args.length - 3), at(args.length - 2)), radius: at(args.length - 1) };
        else if (rest.length === 2) geometry = { shape: 'circle', center: pointArgument(at(args.length - 2), word), radius: at(args.length - 1) };
        else return fail('CIRCLE takes ([coordsys,] longitude, latitude, radius) or ([coordsys,] point, radius)');
        break;
      }
      case 'BOX': {
        const withSystem = hasSystem(5);
        if (withSystem) coordsys = at(0);
        const rest = args.slice(withSystem ? 1 : 0);
        const n = args.length;
        if (rest.length === 4) geometry = { shape: 'box', center: coordinatePair(at(n - 4), at(n - 3)), width: at(n - 2), height: at(n - 1) };
        else if (rest.length === 3) geometry = { shape: 'box', center: pointArgument(at(n - 3), word), width: at(n - 2), height: at(n - 1) };
        else return fail('BOX takes ([coordsys,] longitude, latitude, width, height) or ([coordsys,] point, width, height)');
        break;
      }
      case 'POLYGON': {
        const withSystem = isCoordinateSystem(args[0]);
        if (withSystem) coordsys = at(0);
        const rest = args.slice(withSystem ? 1 : 0);
        const coordinates = rest.some(isNumericLiteral) || (rest.length % 2 === 0 && rest.length >= 6 && !rest.some(isPointLike));
        if (coordinates) {
          if (rest.length % 2 !== 0 || rest.length < 6) fail('POLYGON needs at least three vertices given as longitude, latitude pairs');
          const vertices: PointArgument[] = [];
          for (let i = 0; i < rest.length; i += 2) vertices.push(coordinatePair(rest[i] ?? fail('missing'), rest[i + 1] ?? fail('missing')));
          geometry = { shape: 'polygon', vertices };
        } else {
          if (rest.length < 3) fail('POLYGON needs at least three vertices');
          geometry = { shape: 'polygon', vertices: rest.map((arg) => pointArgument(arg, word)) };
        }
        break;
      }
      default: {
        const text = args[0];
        if (args.length !== 1 || text?.type !== 'string') return fail("REGION takes one string literal: REGION('CIRCLE ICRS 10 20 1')");
        geometry = { shape: 'region', stcs: text.value };
      }
    }
    return { type: 'shape', pos, coordsys, geometry };
  }
}

function describeToken(token: Token): string {
  switch (token.type) {
    case 'end': return 'the end of the query';
    case 'string': return `'${token.text}'`;
    case 'quoted': return `"${token.text}"`;
    default: return `"${token.text}"`;
  }
}

function arityText(min: number, max: number): string {
  if (min === max) return `${min} argument${min === 1 ? '' : 's'}`;
  return max === Infinity ? `at least ${min} arguments` : `${min} to ${max} arguments`;
}

const isCoordinateSystem = (arg: ValueExpression | undefined): boolean => arg?.type === 'string' || arg?.type === 'null';

function isNumericLiteral(arg: ValueExpression): boolean {
  return arg.type === 'number' || (arg.type === 'negate' && isNumericLiteral(arg.operand));
}

function isIntegerLiteral(arg: ValueExpression): boolean {
  return (arg.type === 'number' && arg.form === 'integer') || (arg.type === 'negate' && isIntegerLiteral(arg.operand));
}

function isPointLike(arg: ValueExpression): boolean {
  return (arg.type === 'shape' && arg.geometry.shape === 'point') || (arg.type === 'function' && arg.name === 'CENTROID') || arg.type === 'udf';
}

function coordinatePair(lon: ValueExpression, lat: ValueExpression): PointArgument {
  return { kind: 'coordinates', lon, lat };
}

function pointArgument(value: ValueExpression, shape: string): PointArgument {
  if (isNumericLiteral(value) || value.type === 'string') {
    throw new AdqlError('syntax', `${shape} expects a point here, not a literal`, value.pos);
  }
  return { kind: 'point', value };
}
