/**
 * Facts derived once per document model and shared by the checks: the direct
 * call graph between the file's defined functions, and the values of its
 * object-like macros. Cached per model object (a model is immutable once built).
 */
import type { DocumentModel } from './document-model-types.ts';

interface Derived {
  callees: Map<string, Set<string>>;
  macros: Map<string, string>;
}

const derived = new WeakMap<DocumentModel, Derived>();

function derive(model: DocumentModel): Derived {
  let d = derived.get(model);
  if (d) return d;
  const defined = new Set(model.functions.filter((f) => f.isDefinition).map((f) => f.name));
  const callees = new Map<string, Set<string>>();
  for (const c of model.calls) {
    if (!c.inFunction || !defined.has(c.callee)) continue;
    let set = callees.get(c.inFunction);
    if (!set) callees.set(c.inFunction, (set = new Set()));
    set.add(c.callee);
  }
  const macros = new Map(model.macros.filter((m) => m.kind === 'object').map((m) => [m.name, m.value ?? '']));
  d = { callees, macros };
  derived.set(model, d);
  return d;
}

/** Functions reachable from `root` through direct calls, `root` first. */
export function reachableFrom(model: DocumentModel, root: string): string[] {
  const { callees } = derive(model);
  const seen: string[] = [];
  const stack = [root];
  while (stack.length) {
    const f = stack.pop()!;
    if (seen.includes(f)) continue;
    seen.push(f);
    for (const n of callees.get(f) ?? []) stack.push(n);
  }
  return seen;
}

/** The file's object-like macro values by name. */
export function objectMacros(model: DocumentModel): ReadonlyMap<string, string> {
  return derive(model).macros;
}
