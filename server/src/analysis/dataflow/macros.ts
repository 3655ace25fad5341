/**
 * Function-like macros of the file, followed like the preprocessor does: the
 * body with the arguments put in, parsed, and interpreted in place; what it
 * finds is shown at the macro's use. A macro that cannot be expanded this way
 * (token pasting, a body that does not parse) makes the analysis forget what
 * it could have changed, and the path uncertain.
 */
import type { Node } from 'web-tree-sitter';
import { helperIndex } from '../../helpers/database.ts';
import { syntaxRuntimeIfLoaded } from '../../syntax/parser.ts';
import { type Analyzer, GiveUp } from './analyzer.ts';
import type { State } from './state.ts';
import { field, named } from './syn.ts';

type Cx = { a: Analyzer; scope: { lookup(name: string): unknown } };

const MAX_MACRO_DEPTH = 8;
const active = new Set<string>();

/** The file's function-like macro called by `call`, unless a variable, function or helper has the name. */
export function macroOf(cx: Cx, call: Node): { name: string; params: string[]; body: string } | undefined {
  const fn = field(call, 'function');
  if (!fn || fn.type !== 'identifier') return undefined;
  const name = fn.text;
  if (cx.scope.lookup(name) || cx.a.functions.has(name) || helperIndex().helper(name)) return undefined;
  const m = cx.a.activeMacro(name, call.startIndex);
  if (!m) return undefined;
  // An object-like macro used as a function: its body is the callee.
  if (m.kind === 'object') return { name, params: ['...'], body: `${m.value ?? ''}(__VA_ARGS__)` };
  return { name, params: m.params ?? [], body: m.value ?? '' };
}

/** An object-like macro of the file whose body is a statement (`#define DROP return XDP_DROP`). */
export function statementMacroOf(cx: Cx, n: Node): { name: string; params: string[]; body: string } | undefined {
  if (n.type !== 'identifier' || cx.scope.lookup(n.text)) return undefined;
  const m = cx.a.activeMacro(n.text, n.startIndex);
  if (!m || m.kind !== 'object' || !m.value || !/\b(return|goto|break|continue|if)\b|;/.test(m.value)) return undefined;
  return { name: n.text, params: [], body: m.value };
}

/** The macro's body with the arguments of `call` put in, or undefined when that is not plain substitution. */
export function expansionText(macro: { params: string[]; body: string }, call: Node | undefined): string | undefined {
  let body = macro.body.replace(/\\\r?\n/g, ' ');
  if (body.includes('##')) return undefined;
  const argList = call ? field(call, 'arguments') : null;
  const args = argList ? named(argList).map((a) => a.text) : [];
  if (argList?.hasError) return undefined;
  const variadic = macro.params[macro.params.length - 1] === '...';
  const fixed = variadic ? macro.params.slice(0, -1) : macro.params;
  if (variadic ? args.length < fixed.length : args.length !== fixed.length && !(fixed.length === 0 && args.length === 0)) return undefined;
  const values = new Map<string, string>();
  fixed.forEach((p, i) => values.set(p, args[i]));
  if (variadic) values.set('__VA_ARGS__', args.slice(fixed.length).join(', '));
  // Stringification: #param.
  body = body.replace(/#\s*([A-Za-z_]\w*)/g, (all, p: string) => (values.has(p) ? JSON.stringify(values.get(p)) : all));
  return body.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[A-Za-z_]\w*/g, (tok) => (values.has(tok) ? `(${values.get(tok)})` : tok));
}

/** Parses an expansion as an expression. */
export function parseMacroExpression(a: Analyzer, text: string): Node | undefined {
  const runtime = syntaxRuntimeIfLoaded();
  if (!runtime) return undefined;
  const tree = runtime.parse(`long __bpfls_x = (${text});`);
  a.keepTree(tree);
  if (tree.rootNode.hasError) return undefined;
  const decl = tree.rootNode.namedChildren.find((c) => c?.type === 'declaration');
  const init = decl ? field(decl, 'declarator') : null;
  const value = init?.type === 'init_declarator' ? field(init, 'value') : null;
  return value ?? undefined;
}

/** Parses an expansion as statements (the body of a function). */
export function parseMacroStatements(a: Analyzer, text: string): Node[] | undefined {
  const runtime = syntaxRuntimeIfLoaded();
  if (!runtime) return undefined;
  const tree = runtime.parse(`void __bpfls_f(void) {\n${text};\n}`);
  a.keepTree(tree);
  if (tree.rootNode.hasError) return undefined;
  const fn = tree.rootNode.namedChildren.find((c) => c?.type === 'function_definition');
  const body = fn ? field(fn, 'body') : null;
  return body ? named(body) : undefined;
}

/**
 * Runs `f` with findings shown at `use` (unless an outer macro use already is
 * the place); undefined when the expansion cannot be followed.
 */
export function atMacroUse<T>(a: Analyzer, name: string, use: Node, f: () => T): T | undefined {
  if (active.has(name) || active.size >= MAX_MACRO_DEPTH) return undefined;
  const outer = a.remapTo;
  if (!outer) a.remapTo = use;
  active.add(name);
  try {
    return f();
  } catch (e) {
    if (e instanceof GiveUp && e.why !== 'budget') return undefined;
    throw e;
  } finally {
    active.delete(name);
    a.remapTo = outer;
  }
}

/** What an unexpandable macro may have done: anything. */
export function forgetForMacro(cx: Cx, use: Node, st: State): void {
  for (const id of use.descendantsOfType('identifier')) {
    const v = id ? (cx.scope.lookup(id.text) as { key: string } | undefined) : undefined;
    if (v) st.havoc(v.key);
  }
  st.poisonRanges();
  st.mapValues((v) => (v.k === 'nullable' ? { k: 'obj', target: v.target } : undefined));
  st.uncertain = true;
}
