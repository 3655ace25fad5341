/**
 * The declarations of our built-in headers, compiled once per process per
 * header: preparing a program then only preprocesses their directives
 * (macros) and starts from these scopes instead of re-parsing ~50 KB of
 * headers every time.
 */
import type { SyntaxRuntime } from '../../syntax/parser.ts';
import { builtinHeader } from '../builtin-headers/index.ts';
import { preprocess } from '../preprocessor/preprocess.ts';
import { toAst } from './ast.ts';
import { Compiler } from './compiler.ts';
import { Scope, type Binding } from './scope.ts';
import { UnitCompiler } from './unit.ts';
import type { CType } from '../types/ctypes.ts';

interface HeaderScope {
  names: Map<string, Binding>;
  tags: Map<string, CType>;
}

const cache = new Map<string, HeaderScope>();

function compileHeader(rt: SyntaxRuntime, name: string): HeaderScope {
  const hit = cache.get(name);
  if (hit) return hit;
  const pp = preprocess(`#include <${name}>\n`, { path: '<prelude>', builtinHeader, declarations: 'all' });
  const tree = rt.parse(pp.text);
  let ast;
  try {
    ast = toAst(tree);
  } finally {
    tree.delete();
  }
  const c = new Compiler(pp.text, pp.attributes, pp.packs, pp.map, -1, new Set(pp.files.map((_, i) => i)), () => -1);
  new UnitCompiler(c).compile(ast);
  const out: HeaderScope = { names: new Map(), tags: new Map() };
  for (const [k, b] of c.global.names) if (b.k !== 'global' && b.k !== 'func' && b.k !== 'map') out.names.set(k, b);
  for (const [k, t] of c.global.tags) out.tags.set(k, t);
  cache.set(name, out);
  return out;
}

/** A fresh scope holding the declarations of the given built-in headers (later ones win). */
export function preludeScope(rt: SyntaxRuntime, headers: readonly string[]): Scope {
  const s = new Scope();
  for (const h of headers) {
    if (builtinHeader(h) === undefined) continue;
    const hs = compileHeader(rt, h);
    for (const [k, b] of hs.names) s.names.set(k, b);
    for (const [k, t] of hs.tags) {
      const prev = s.tags.get(k);
      // a forward declaration never hides a complete definition
      if (prev && (prev.k === 'struct' || prev.k === 'union') && prev.complete && (t.k === 'struct' || t.k === 'union') && !t.complete) continue;
      s.tags.set(k, t);
    }
  }
  return s;
}
