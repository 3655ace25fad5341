/**
 * The statement-level nodes of a tree (returns, declarations, parameters,
 * assignments, ifs), found once per text version with the `statements.scm`
 * query and looked up by range. Walking the tree node by node from JavaScript
 * crosses into wasm at every step; one query does the walk natively.
 */
import type { Node } from 'web-tree-sitter';
import type { SyntaxDocument } from '../syntax/syntax-document.ts';

export type StatementKind = 'return' | 'declaration' | 'parameter' | 'assignment' | 'if';

export class StatementIndex {
  private readonly byKind = new Map<StatementKind, Node[]>();

  constructor(doc: SyntaxDocument) {
    const query = doc.runtime.query('statements');
    for (const c of query.captures(doc.tree.rootNode)) {
      const kind = c.name as StatementKind;
      let list = this.byKind.get(kind);
      if (!list) this.byKind.set(kind, (list = []));
      list.push(c.node);
    }
    for (const list of this.byKind.values()) list.sort((a, b) => a.startIndex - b.startIndex);
  }

  /** Nodes of a kind that start inside [start, end), in text order. */
  within(kind: StatementKind, start: number, end: number): Node[] {
    const list = this.byKind.get(kind) ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].startIndex < start) lo = mid + 1;
      else hi = mid;
    }
    const out: Node[] = [];
    for (let i = lo; i < list.length && list[i].startIndex < end; i++) out.push(list[i]);
    return out;
  }
}
