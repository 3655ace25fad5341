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

export interface Segment {
  start: number;
  end: number;
  /** The root's children inside the segment, in order. */
  nodes: Node[];
}

const SPECIFIERS = new Set(['struct_specifier', 'union_specifier', 'enum_specifier']);

export function segmentsOf(root: Node, textLength: number): Segment[] {
  const out: Segment[] = [];
  let start = 0;
  let nodes: Node[] = [];
  for (const c of root.children) {
    if (!c) continue;
    nodes.push(c);
    if (c.type === 'comment' || SPECIFIERS.has(c.type)) continue;
    out.push({ start, end: c.endIndex, nodes });
    start = c.endIndex;
    nodes = [];
  }
  if (nodes.length > 0 || start < textLength) out.push({ start, end: Math.max(start, textLength), nodes });
  return out;
}
