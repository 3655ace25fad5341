/**
 * The statement-level nodes of a tree (returns, declarations, parameters,
 * assignments, ifs), looked up by range. The `statements.scm` query runs once
 * per top-level node the first time a range inside it is asked for: checks
 * that look at one function only pay for that function. Walking the tree node
 * by node from JavaScript crosses into wasm at every step; one query does the
 * walk natively.
 */
import type { Node } from 'web-tree-sitter';
import type { SyntaxDocument } from '../syntax/syntax-document.ts';

export type StatementKind = 'return' | 'declaration' | 'parameter' | 'assignment' | 'if';

type ByKind = Map<StatementKind, Node[]>;

export class StatementIndex {
  /** Per top-level node (by start offset): its statements by kind, in text order. */
  private readonly perTop = new Map<number, ByKind>();

  constructor(private readonly doc: SyntaxDocument) {}

  private statementsOf(top: Node): ByKind {
    let byKind = this.perTop.get(top.startIndex);
    if (byKind) return byKind;
    byKind = new Map();
    for (const c of this.doc.runtime.query('statements').captures(top)) {
      const kind = c.name as StatementKind;
      let list = byKind.get(kind);
      if (!list) byKind.set(kind, (list = []));
      list.push(c.node);
    }
    for (const list of byKind.values()) list.sort((a, b) => a.startIndex - b.startIndex);
    this.perTop.set(top.startIndex, byKind);
    return byKind;
  }

  /** Nodes of a kind that start inside [start, end), in text order. */
  within(kind: StatementKind, start: number, end: number): Node[] {
    const out: Node[] = [];
    const root = this.doc.tree.rootNode;
    for (let top = root.firstChildForIndex(start); top && top.startIndex < end; top = top.nextSibling) {
      const list = this.statementsOf(top).get(kind) ?? [];
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid].startIndex < start) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < list.length && list[i].startIndex < end; i++) out.push(list[i]);
    }
    return out;
  }
}
