/**
 * The file's function definitions by name, as tree nodes, looked up on first use
 * from the document model's name spans (the first definition of a name wins). A
 * walk over the whole tree for them would build a node object for every
 * top-level item on every run, and a run usually needs a handful of functions.
 */
import type { Node } from 'web-tree-sitter';
import type { DocumentModel, Span } from '../document-model-types.ts';

export class FunctionNodes {
  private readonly names = new Map<string, Span>();
  private readonly nodes = new Map<string, Node | null>();

  constructor(
    model: DocumentModel,
    private readonly root: Node,
  ) {
    for (const f of model.functions) if (f.isDefinition && !this.names.has(f.name)) this.names.set(f.name, f.nameSpan);
  }

  /** Whether the file defines a function of this name. */
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** The `function_definition` node of `name`. */
  get(name: string): Node | undefined {
    let node = this.nodes.get(name);
    if (node === undefined) {
      node = null;
      const span = this.names.get(name);
      if (span) {
        let cur: Node | null = this.root.descendantForIndex(span.start, span.end);
        while (cur && cur.type !== 'function_definition') cur = cur.parent;
        node = cur;
      }
      this.nodes.set(name, node);
    }
    return node ?? undefined;
  }
}
