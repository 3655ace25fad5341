/**
 * Definitions and references of the names a file declares (maps, functions,
 * macros, types, globals) and of included headers, as plain data with offsets.
 */
import type { Node } from 'web-tree-sitter';
import { wordAt } from './cursor-context.ts';
import type { DocumentAnalysis } from './document-analysis.ts';
import type { Span } from './document-model-types.ts';

export interface Target {
  /** Absolute path of another file, or undefined for this document. */
  path?: string;
  start: number;
  end: number;
}

/** The span where the name at `offset` is declared in this file, if any. */
export function declarationSpan(analysis: DocumentAnalysis, name: string): Span | undefined {
  const m = analysis.model();
  const fn = m.functions.find((f) => f.name === name && f.isDefinition) ?? m.functions.find((f) => f.name === name);
  return (
    m.maps.find((x) => x.name === name)?.nameSpan ??
    fn?.nameSpan ??
    m.macros.find((x) => x.name === name)?.nameSpan ??
    m.types.find((x) => x.name === name)?.nameSpan ??
    m.globals.find((x) => x.name === name)?.nameSpan ??
    m.types.flatMap((t) => t.enumerators ?? []).find((e) => e.name === name)?.nameSpan
  );
}

/** The include directive whose path the offset is on. */
export function includeAt(analysis: DocumentAnalysis, offset: number) {
  return analysis.model().includes.find((i) => i.span.start <= offset && offset <= i.span.end);
}

const IDENTIFIER_TYPES = new Set(['identifier', 'type_identifier', 'field_identifier']);

/** Every identifier token in the file whose text is `name`, in order. */
export function occurrences(analysis: DocumentAnalysis, name: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const text = analysis.text;
  const visit = (n: Node) => {
    if (n.childCount === 0) {
      if (IDENTIFIER_TYPES.has(n.type) && n.endIndex - n.startIndex === name.length && text.startsWith(name, n.startIndex)) {
        out.push({ start: n.startIndex, end: n.endIndex });
      }
      return;
    }
    for (let i = 0; i < n.childCount; i++) {
      const c = n.child(i);
      if (c) visit(c);
    }
  };
  visit(analysis.syntax.tree.rootNode);
  // Macro bodies are not parsed as code: find the name there as a whole word too.
  for (const m of analysis.model().macros) {
    if (!m.valueSpan) continue;
    const body = text.slice(m.valueSpan.start, m.valueSpan.end);
    for (const hit of body.matchAll(new RegExp(`\\b${name}\\b`, 'g'))) {
      const start = m.valueSpan.start + hit.index;
      if (!out.some((o) => o.start === start)) out.push({ start, end: start + name.length });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

export function nameAt(analysis: DocumentAnalysis, offset: number): string | undefined {
  return wordAt(analysis.text, offset)?.word;
}
