/**
 * Shared state for building one document model: the syntax document, span
 * helpers, file-scope items and the macro records that belong to each item.
 */
import type { Node, QueryMatch } from 'web-tree-sitter';
import type { Span } from '../syntax/line-index.ts';
import type { AttributeItem, MacroRecord, TextRange } from '../syntax/macro-records.ts';
import { declaratorName, spanOf } from '../syntax/nodes.ts';
import type { QueryName, SyntaxRuntime } from '../syntax/parser.ts';
import type { SyntaxDocument } from '../syntax/syntax-document.ts';

/** A file-scope item with the region before it that belongs to it (where `SEC(...)` goes). */
export interface FileItem {
  node: Node;
  /** Start of the region owned by this item: the end of the previous item. */
  headStart: number;
  /** End of the item including a trailing `;` (for top-level struct definitions). */
  end: number;
}

const PREPROC_BLOCKS = new Set(['preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'preproc_elifdef']);

/** Nodes whose insides do not belong to the head of a declaration. */
const BODY_TYPES = new Set(['compound_statement', 'field_declaration_list', 'enumerator_list', 'initializer_list', 'parameter_list']);

export interface ItemRecords {
  section?: { name: string; span: Span };
  attributes: AttributeItem[];
  records: MacroRecord[];
}

/** The queries the model runs, in one pass. */
const MODEL_QUERIES: readonly QueryName[] = ['macros', 'includes', 'structs', 'calls', 'field-accesses'];

/**
 * What a model part may read from outside its own text: object-like macro values
 * (its own file's and included ones) and struct bodies defined elsewhere in the
 * file. The incremental builder records these reads to know when a cached part
 * is still valid.
 */
export interface ModelEnvironment {
  macro(name: string): string | undefined;
  defineMacro(name: string, value: string): void;
  /** The body of the named struct defined at file scope, if any. */
  structBody(name: string): Node | undefined;
}

/** A run of top-level syntax the model is built from separately (see document-model-segments.ts). */
export interface SegmentScope {
  start: number;
  end: number;
  /** The root's children that make up the segment. */
  nodes: Node[];
  /** The file-scope items inside the segment. */
  items: FileItem[];
}

export class ModelContext {
  /** The file-scope items this context builds the model of (one segment's, or the whole file's). */
  readonly items: FileItem[];
  private queryMatches: Map<QueryName, QueryMatch[]> | undefined;
  private functionRanges: { start: number; end: number; node: Node; name: string | undefined; named: boolean }[] | undefined;

  constructor(
    readonly doc: SyntaxDocument,
    readonly runtime: SyntaxRuntime,
    private readonly env: ModelEnvironment,
    private readonly scope?: SegmentScope,
  ) {
    this.items = scope ? scope.items : collectFileItems(doc.tree.rootNode, doc.rewrittenText);
  }

  get root(): Node {
    return this.doc.tree.rootNode;
  }

  /** Matches of one of the model's queries inside the scope (all of them are run together on first use). */
  matches(name: QueryName): QueryMatch[] {
    if (!this.queryMatches) {
      if (!this.scope) this.queryMatches = this.runtime.matchMany(MODEL_QUERIES, this.root);
      else {
        const all = new Map<QueryName, QueryMatch[]>(MODEL_QUERIES.map((q) => [q, []]));
        for (const n of this.scope.nodes) for (const [q, ms] of this.runtime.matchMany(MODEL_QUERIES, n)) all.get(q)?.push(...ms);
        this.queryMatches = all;
      }
    }
    return this.queryMatches.get(name) ?? [];
  }

  /** Body of a struct defined at file scope (for `struct my_map m SEC(".maps")`). */
  structBody(name: string): Node | undefined {
    return this.env.structBody(name);
  }

  span(n: Node): Span {
    return spanOf(n);
  }

  rangeSpan(r: TextRange): Span {
    return { start: r.start, end: r.end };
  }

  text(r: TextRange): string {
    return this.doc.slice(r.start, r.end);
  }

  defineMacro(name: string, value: string): void {
    this.env.defineMacro(name, value);
  }

  /** Object-like macro value (this file first, then the included files). */
  readonly macroLookup = (name: string): string | undefined => this.env.macro(name);

  /** Records within [start, end) outside the body-like descendants of `node`. */
  headRecords(node: Node, start: number, end: number): MacroRecord[] {
    const excluded = bodyRanges(node);
    return this.doc
      .recordsIn(start, end)
      .filter((r) => r.range.start >= start && r.range.start < end && !excluded.some((x) => r.range.start >= x.start && r.range.start < x.end));
  }

  /** Section and attributes among records. */
  summarize(records: MacroRecord[]): ItemRecords {
    const out: ItemRecords = { attributes: [], records };
    for (const r of records) {
      if (r.kind === 'section' && r.section !== undefined && !out.section) out.section = { name: r.section, span: this.rangeSpan(r.range) };
      if (r.kind === 'attribute') {
        out.attributes.push(...r.attributes);
        if (r.section !== undefined && !out.section) out.section = { name: r.section, span: this.rangeSpan(r.range) };
      }
    }
    return out;
  }

  /**
   * Records for each declarator of a declaration: the ones written before the
   * first declarator apply to all, the others to the declarator they follow.
   */
  declaratorRecords(item: FileItem, declarators: Node[]): MacroRecord[][] {
    const all = this.headRecords(item.node, item.headStart, item.end);
    if (declarators.length === 0) return [];
    const firstStart = declarators[0].startIndex;
    const shared = all.filter((r) => r.range.start < firstStart);
    return declarators.map((d, i) => {
      const next = i + 1 < declarators.length ? declarators[i + 1].startIndex : item.end;
      return [...shared, ...all.filter((r) => r.range.start >= d.startIndex && r.range.start < next)];
    });
  }

  /** The function definition (file item) containing `offset`, with its name. */
  functionAt(offset: number): { node: Node; name: string | undefined } | undefined {
    if (!this.functionRanges) {
      this.functionRanges = this.items
        .filter((i) => i.node.type === 'function_definition')
        .map((i) => ({ start: i.node.startIndex, end: i.node.endIndex, node: i.node, name: undefined as string | undefined, named: false }));
    }
    const fns = this.functionRanges;
    let lo = 0;
    let hi = fns.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (fns[mid].end <= offset) lo = mid + 1;
      else hi = mid;
    }
    const f = fns[lo];
    if (!f || f.start > offset) return undefined;
    if (!f.named) {
      f.name = this.functionNameOf(f.node);
      f.named = true;
    }
    return { node: f.node, name: f.name };
  }

  /** Name of the function a node sits in (handles BPF_KPROBE-style heads). */
  functionNameOf(fn: Node): string | undefined {
    const decl = fn.childForFieldName('declarator');
    const head = this.doc.recordsIn(fn.startIndex, decl ? decl.endIndex : fn.endIndex).find((r) => r.kind === 'program-head');
    if (head && head.kind === 'program-head') return head.functionName;
    return declaratorName(decl)?.text;
  }
}

function bodyRanges(node: Node): TextRange[] {
  const out: TextRange[] = [];
  const visit = (n: Node): void => {
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (BODY_TYPES.has(c.type)) out.push({ start: c.startIndex, end: c.endIndex });
      else visit(c);
    }
  };
  visit(node);
  return out;
}

/** End of a top-level struct/union/enum definition, including attributes and the `;` after it. */
function extendToSemicolon(n: Node, rewritten: string): number {
  if (n.type !== 'struct_specifier' && n.type !== 'union_specifier' && n.type !== 'enum_specifier') return n.endIndex;
  let i = n.endIndex;
  while (i < rewritten.length) {
    const c = rewritten[i];
    if (c === ';') return i + 1;
    if (c === '/' && rewritten[i + 1] === '*') {
      const close = rewritten.indexOf('*/', i + 2);
      if (close < 0) break;
      i = close + 2;
      continue;
    }
    if (!/\s/.test(c)) break;
    i++;
  }
  return n.endIndex;
}

/** File-scope items in document order, looking inside #if/#ifdef blocks. */
export function collectFileItems(root: Node, rewritten: string): FileItem[] {
  return collectFileItemsOf(root.namedChildren.filter((c): c is Node => c !== null), 0, rewritten);
}

/**
 * File-scope items among some of the root's children (in order), the first
 * item's head starting at `headStart`.
 */
export function collectFileItemsOf(nodes: readonly Node[], headStart: number, rewritten: string): FileItem[] {
  const items: FileItem[] = [];
  let prevEnd = headStart;
  const visit = (children: readonly (Node | null)[]): void => {
    for (const c of children) {
      if (!c || c.type === 'comment' || !c.isNamed) continue;
      if (PREPROC_BLOCKS.has(c.type)) {
        prevEnd = Math.max(prevEnd, c.startIndex);
        visit(c.namedChildren);
        continue;
      }
      if (c.type.startsWith('preproc_') || c.type === 'identifier' || c.type === 'preproc_arg') {
        prevEnd = Math.max(prevEnd, c.endIndex);
        continue;
      }
      if (c.type === 'linkage_specification') {
        const body = c.childForFieldName('body');
        if (body) visit(body.namedChildren);
        continue;
      }
      const end = extendToSemicolon(c, rewritten);
      items.push({ node: c, headStart: prevEnd, end });
      prevEnd = end;
    }
  };
  visit(nodes);
  return items;
}
