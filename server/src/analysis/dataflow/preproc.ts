/**
 * Which `#if` branches the preprocessor keeps, as far as this file can tell:
 * names it does not define are undefined (and 0), as the compiler sees them
 * without -D options. Used to pick the active definition of a macro and the
 * active lines of a function.
 */
import type { Node } from 'web-tree-sitter';
import { field, named } from './syn.ts';
import { applyBinaryOperator, parseNumber } from '../const-eval.ts';

export interface PreprocEnv {
  /** Whether a name is #defined before `at` (by this file or the headers it is known to use). */
  defined(name: string, at: number): boolean;
  /** The integer value of a defined name, if known. */
  value(name: string, at: number): number | undefined;
}

const CONDITIONALS = new Set(['preproc_if', 'preproc_ifdef', 'preproc_elif', 'preproc_elifdef']);

/** Whether the condition of an `#if`/`#ifdef`/`#elif` holds; undefined when it cannot be evaluated. */
export function conditionHolds(n: Node, env: PreprocEnv): boolean | undefined {
  const at = n.startIndex;
  if (n.type === 'preproc_ifdef' || n.type === 'preproc_elifdef') {
    const name = field(n, 'name')?.text ?? '';
    const d = env.defined(name, at);
    return /^#\s*(ifndef|elifndef)/.test(n.text) ? !d : d;
  }
  const c = field(n, 'condition');
  if (!c) return undefined;
  const v = evaluate(c, env, at);
  return v === undefined ? undefined : v !== 0;
}

function evaluate(n: Node, env: PreprocEnv, at: number): number | undefined {
  switch (n.type) {
    case 'number_literal':
      return parseNumber(n.text);
    case 'char_literal':
      return n.text.length === 3 ? n.text.charCodeAt(1) : undefined;
    case 'preproc_defined': {
      const id = named(n)[0];
      return id ? (env.defined(id.text, at) ? 1 : 0) : undefined;
    }
    case 'identifier':
      return env.defined(n.text, at) ? env.value(n.text, at) : 0;
    case 'parenthesized_expression': {
      const inner = named(n)[0];
      return inner ? evaluate(inner, env, at) : undefined;
    }
    case 'unary_expression': {
      const arg = field(n, 'argument');
      const v = arg ? evaluate(arg, env, at) : undefined;
      if (v === undefined) return undefined;
      switch (field(n, 'operator')?.text) {
        case '!':
          return v ? 0 : 1;
        case '-':
          return -v;
        case '~':
          return ~v;
        default:
          return v;
      }
    }
    case 'binary_expression': {
      const op = field(n, 'operator')?.text;
      const l = field(n, 'left');
      const r = field(n, 'right');
      const a = l ? evaluate(l, env, at) : undefined;
      if (op === '&&' && a === 0) return 0;
      if (op === '||' && a !== undefined && a !== 0) return 1;
      const b = r ? evaluate(r, env, at) : undefined;
      return op === undefined ? undefined : applyBinaryOperator(op, a, b);
    }
    case 'conditional_expression': {
      const c = field(n, 'condition');
      const v = c ? evaluate(c, env, at) : undefined;
      const next = v === undefined ? null : v ? field(n, 'consequence') : field(n, 'alternative');
      return next ? evaluate(next, env, at) : undefined;
    }
    default:
      return undefined;
  }
}

/** Whether the preprocessor keeps `n` (false when some enclosing `#if` branch is dropped). */
export function isActive(n: Node, env: PreprocEnv): boolean {
  let child: Node = n;
  let cur = n.parent;
  while (cur) {
    if (CONDITIONALS.has(cur.type)) {
      const inAlternative = field(cur, 'alternative')?.id === child.id;
      const holds = conditionHolds(cur, env);
      if (holds === undefined) return true;
      if (inAlternative ? holds : !holds) return false;
    }
    child = cur;
    cur = cur.parent;
  }
  return true;
}
