/**
 * Splits a file into segments: consecutive runs of the syntax tree's top-level
 * children that the document model is built from one at a time. Together the
 * segments cover the whole text. A segment ends after each top-level child
 * other than a comment (comments and the `SEC(...)` text before a declaration
 * belong to the declaration after them) and other than a struct/union/enum
 * specifier (its `;` follows as a separate child). A `#if` block is one segment.
 *
 * Invariant: a segment's model depends only on its own text, on the macro values
 * and struct bodies it reads (recorded by the builder), and on where it starts.
 */
import type { Node } from 'web-tree-sitter';

export class Segment {
  private built: Node[] | undefined;

  constructor(
    readonly start: number,
    readonly end: number,
    private readonly root: Node,
    private readonly first: number,
    private readonly count: number,
  ) {}

  /** The root's children inside the segment, in order (made when first asked for). */
  get nodes(): Node[] {
    if (!this.built) {
      this.built = [];
      for (let k = this.first; k < this.first + this.count; k++) {
        const c = this.root.child(k);
        if (c) this.built.push(c);
      }
    }
    return this.built;
  }
}

const SPECIFIERS = new Set(['struct_specifier', 'union_specifier', 'enum_specifier']);

/**
 * The segments of the tree under `root`. The children are read with a cursor:
 * most segments are reused from the previous build and never need their nodes,
 * so node objects are made only for the segments that ask for them.
 */
export function segmentsOf(root: Node, textLength: number): Segment[] {
  const out: Segment[] = [];
  let start = 0;
  let first = 0;
  let index = 0;
  const cursor = root.walk();
  try {
    if (cursor.gotoFirstChild()) {
      do {
        const type = cursor.nodeType;
        index++;
        if (type === 'comment' || SPECIFIERS.has(type)) continue;
        const end = cursor.endIndex;
        out.push(new Segment(start, end, root, first, index - first));
        start = end;
        first = index;
      } while (cursor.gotoNextSibling());
    }
  } finally {
    cursor.delete();
  }
  if (index > first || start < textLength) out.push(new Segment(start, Math.max(start, textLength), root, first, index - first));
  return out;
}
