/**
 * Cached access to tree-sitter nodes. Every child or field access through the
 * web-tree-sitter API crosses into wasm and builds a new Node object; the
 * interpreter visits the same nodes many times (loops, inlined functions,
 * paths), so one run remembers them. Node ids are unique within a tree, and a
 * cache lives only for one analysis run.
 */
import type { Node } from 'web-tree-sitter';

let fields = new Map<number, Map<string, Node | null>>();
let children = new Map<number, Node[]>();

/** Forgets everything (at the start and end of a run: trees change between runs). */
export function resetSyntaxCache(): void {
  fields = new Map();
  children = new Map();
}

/** `n.childForFieldName(name)`, remembered. */
export function field(n: Node, name: string): Node | null {
  let m = fields.get(n.id);
  if (!m) fields.set(n.id, (m = new Map()));
  let c = m.get(name);
  if (c === undefined) {
    c = n.childForFieldName(name);
    m.set(name, c);
  }
  return c;
}

/** The named children of `n` without comments, remembered. */
export function named(n: Node): Node[] {
  let c = children.get(n.id);
  if (!c) {
    c = n.namedChildren.filter((x): x is Node => x !== null && x.type !== 'comment');
    children.set(n.id, c);
  }
  return c;
}
