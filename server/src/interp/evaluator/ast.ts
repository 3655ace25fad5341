/**
 * A plain-object copy of the tree-sitter tree (one cursor walk), so the
 * compiler reads fields and text without crossing into wasm per access.
 */
import type { Language, Tree } from 'web-tree-sitter';

export interface Ast {
  type: string;
  start: number;
  end: number;
  /** The field this node fills in its parent, if any. */
  field: string | null;
  named: boolean;
  missing: boolean;
  children: Ast[];
}

interface LanguageTables {
  types: string[];
  named: boolean[];
  fields: (string | null)[];
}

const tables = new WeakMap<Language, LanguageTables>();

function tablesOf(lang: Language): LanguageTables {
  let t = tables.get(lang);
  if (!t) {
    const types = lang.types;
    t = { types, named: types.map((_, i) => lang.nodeTypeIsNamed(i)), fields: lang.fields };
    tables.set(lang, t);
  }
  return t;
}

export function toAst(tree: Tree): Ast {
  const { types, named, fields } = tablesOf(tree.language);
  // only a tree with errors can have MISSING nodes; skip asking otherwise
  const checkMissing = tree.rootNode.hasError;
  const cursor = tree.walk();
  const root: Ast = { type: cursor.nodeType, start: cursor.startIndex, end: cursor.endIndex, field: null, named: true, missing: false, children: [] };
  const stack: Ast[] = [root];
  if (cursor.gotoFirstChild()) {
    for (;;) {
      const parent = stack[stack.length - 1];
      const id = cursor.nodeTypeId;
      const node: Ast = {
        type: types[id] ?? cursor.nodeType,
        start: cursor.startIndex,
        end: cursor.endIndex,
        field: fields[cursor.currentFieldId] ?? null,
        named: named[id] ?? cursor.nodeIsNamed,
        missing: checkMissing ? cursor.nodeIsMissing : false,
        children: [],
      };
      parent.children.push(node);
      if (cursor.gotoFirstChild()) {
        stack.push(node);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) break;
        stack.pop();
        if (stack.length === 0) break;
      }
      if (stack.length === 0) break;
    }
  }
  cursor.delete();
  return root;
}

/** The first child filling `field`. */
export function fieldOf(n: Ast, field: string): Ast | undefined {
  for (const c of n.children) if (c.field === field) return c;
  return undefined;
}

export function fieldsOf(n: Ast, field: string): Ast[] {
  return n.children.filter((c) => c.field === field);
}

export function namedChildren(n: Ast): Ast[] {
  return n.children.filter((c) => c.named && c.type !== 'comment');
}

/** Finds ERROR / MISSING nodes. */
export function syntaxErrors(n: Ast, out: Ast[] = []): Ast[] {
  if (n.type === 'ERROR' || n.missing) {
    out.push(n);
    return out;
  }
  for (const c of n.children) syntaxErrors(c, out);
  return out;
}
