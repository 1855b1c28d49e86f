// The ADQL 2.1 abstract syntax tree: discriminated unions keyed by `type`, every node with the
// source position where it starts (ADQL 2.1 §2 query structure, §2.3-§2.4 expressions, §4 optional features).
import type { SourcePosition } from './errors.ts';
import type { BuiltinFunctionName } from './functions.ts';

interface Node {
  readonly pos: SourcePosition;
}

/** A name as written: regular identifiers compare case-insensitively, delimited ones exactly (ADQL 2.1 §2.1.7). */
export interface Identifier extends Node {
  readonly type: 'identifier';
  readonly name: string;
  readonly delimited: boolean;
}

/** The whole statement: optional WITH (only at top level, ADQL 2.1 §4.5) and a query expression. */
export interface AdqlQuery extends Node {
  readonly type: 'query';
  readonly with: readonly CommonTable[];
  readonly body: QueryExpression;
}

export interface CommonTable extends Node {
  readonly type: 'commonTable';
  readonly name: Identifier;
  readonly columns: readonly Identifier[];
  readonly query: QueryExpression;
}

export type QueryExpression = SelectQuery | SetQuery;

export type SetQuantifier = 'all' | 'distinct';

export interface SelectQuery extends Node {
  readonly type: 'select';
  readonly quantifier: SetQuantifier | null;
  readonly top: number | null;
  readonly items: readonly SelectItem[];
  readonly from: readonly FromItem[];
  readonly where: Condition | null;
  readonly groupBy: readonly ValueExpression[];
  readonly having: Condition | null;
  readonly orderBy: readonly OrderItem[];
  readonly offset: number | null;
}

/** UNION / EXCEPT / INTERSECT (ADQL 2.1 §4.6); ORDER BY and OFFSET here apply to the combined rows. */
export interface SetQuery extends Node {
  readonly type: 'set';
  readonly operator: 'union' | 'except' | 'intersect';
  readonly all: boolean;
  readonly left: QueryExpression;
  readonly right: QueryExpression;
  readonly orderBy: readonly OrderItem[];
  readonly offset: number | null;
}

export type SelectItem =
  | (Node & { readonly type: 'allColumns'; readonly qualifier: readonly Identifier[] })
  | (Node & { readonly type: 'derivedColumn'; readonly value: ValueExpression; readonly alias: Identifier | null });

export interface OrderItem extends Node {
  readonly type: 'orderItem';
  readonly value: ValueExpression;
  readonly descending: boolean;
}

export type JoinKind = 'inner' | 'left' | 'right' | 'full';

export type FromItem =
  | (Node & { readonly type: 'table'; readonly name: readonly Identifier[]; readonly alias: Identifier | null })
  | (Node & { readonly type: 'derivedTable'; readonly query: QueryExpression; readonly alias: Identifier })
  | (Node & {
      readonly type: 'join';
      readonly kind: JoinKind;
      readonly natural: boolean;
      readonly left: FromItem;
      readonly right: FromItem;
      readonly on: Condition | null;
      readonly using: readonly Identifier[];
    });

export type ComparisonOperator = '=' | '!=' | '<>' | '<' | '>' | '<=' | '>=';

/** Search conditions (WHERE, HAVING, ON, CASE WHEN): predicates joined by AND / OR / NOT. */
export type Condition =
  | (Node & { readonly type: 'and' | 'or'; readonly left: Condition; readonly right: Condition })
  | (Node & { readonly type: 'not'; readonly operand: Condition })
  | (Node & { readonly type: 'comparison'; readonly operator: ComparisonOperator; readonly left: ValueExpression; readonly right: ValueExpression })
  | (Node & { readonly type: 'between'; readonly negated: boolean; readonly value: ValueExpression; readonly low: ValueExpression; readonly high: ValueExpression })
  | (Node & { readonly type: 'like'; readonly negated: boolean; readonly caseInsensitive: boolean; readonly value: ValueExpression; readonly pattern: ValueExpression })
  | (Node & { readonly type: 'inList'; readonly negated: boolean; readonly value: ValueExpression; readonly list: readonly ValueExpression[] })
  | (Node & { readonly type: 'inQuery'; readonly negated: boolean; readonly value: ValueExpression; readonly query: QueryExpression })
  | (Node & { readonly type: 'isNull'; readonly negated: boolean; readonly value: ValueExpression })
  | (Node & { readonly type: 'exists'; readonly query: QueryExpression })
  /**
   * A truth value standing alone as a predicate (ADQL 2.1 BNF boolean_primary: boolean_value_expression):
   * TRUE/FALSE, a user-defined function declared to return BOOLEAN, or (as DaCHS and the HSC
   * archive allow) a BOOLEAN column, as in `WHERE isprimary AND NOT i_pixelflags_edge`.
   */
  | (Node & { readonly type: 'truthValue'; readonly value: ValueExpression });

/** A point argument of a geometry constructor: two coordinates or a point-valued expression. */
export type PointArgument =
  | { readonly kind: 'coordinates'; readonly lon: ValueExpression; readonly lat: ValueExpression }
  | { readonly kind: 'point'; readonly value: ValueExpression };

/** POINT, CIRCLE, BOX, POLYGON, REGION constructors (ADQL 2.1 §4.2), first COOSYS argument kept apart. */
export type ShapeConstructor =
  | { readonly shape: 'point'; readonly at: PointArgument & { kind: 'coordinates' } }
  | { readonly shape: 'circle'; readonly center: PointArgument; readonly radius: ValueExpression }
  | { readonly shape: 'box'; readonly center: PointArgument; readonly width: ValueExpression; readonly height: ValueExpression }
  | { readonly shape: 'polygon'; readonly vertices: readonly PointArgument[] }
  | { readonly shape: 'region'; readonly stcs: string };

export type AggregateName = 'AVG' | 'MAX' | 'MIN' | 'SUM' | 'COUNT';

export type CastTarget =
  | { readonly name: 'SMALLINT' | 'INTEGER' | 'BIGINT' | 'REAL' | 'DOUBLE PRECISION' | 'TIMESTAMP' | 'POINT' | 'CIRCLE' | 'POLYGON' }
  | { readonly name: 'CHAR' | 'VARCHAR'; readonly length: number | null };

export type ValueExpression =
  | (Node & { readonly type: 'column'; readonly qualifier: readonly Identifier[]; readonly name: Identifier })
  | (Node & { readonly type: 'number'; readonly text: string; readonly form: 'integer' | 'decimal' | 'approximate' })
  | (Node & { readonly type: 'string'; readonly value: string })
  | (Node & { readonly type: 'null' })
  /** TRUE / FALSE (ADQL 2.1 BNF boolean_literal). */
  | (Node & { readonly type: 'boolean'; readonly value: boolean })
  | (Node & { readonly type: 'negate'; readonly operand: ValueExpression })
  | (Node & { readonly type: 'arithmetic'; readonly operator: '+' | '-' | '*' | '/' | '||'; readonly left: ValueExpression; readonly right: ValueExpression })
  /** A standard ADQL function other than the shape constructors and aggregates. */
  | (Node & { readonly type: 'function'; readonly name: BuiltinFunctionName; readonly args: readonly ValueExpression[] })
  | (Node & { readonly type: 'shape'; readonly coordsys: ValueExpression | null; readonly geometry: ShapeConstructor })
  | (Node & { readonly type: 'aggregate'; readonly name: AggregateName; readonly quantifier: SetQuantifier | null; readonly arg: ValueExpression | null })
  | (Node & { readonly type: 'udf'; readonly name: Identifier; readonly args: readonly ValueExpression[] })
  | (Node & { readonly type: 'cast'; readonly value: ValueExpression; readonly target: CastTarget })
  | (Node & {
      readonly type: 'case';
      readonly operand: ValueExpression | null;
      readonly branches: readonly { readonly when: Condition | ValueExpression; readonly then: ValueExpression }[];
      readonly otherwise: ValueExpression | null;
    })
  | (Node & { readonly type: 'scalarQuery'; readonly query: QueryExpression });

const CONDITION_TYPES: ReadonlySet<string> = new Set(['and', 'or', 'not', 'comparison', 'between', 'like', 'inList', 'inQuery', 'isNull', 'exists', 'truthValue']);

/** Tells a CASE WHEN search condition from a simple-CASE value. */
export function isCondition(node: Condition | ValueExpression): node is Condition {
  return CONDITION_TYPES.has(node.type);
}
