/** Document symbols: programs (with section and type), maps, functions, macros, types, globals. */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import { rangeOf } from './convert.ts';
import type { FeatureContext } from './server.ts';

export function provideDocumentSymbols(ctx: FeatureContext): DocumentSymbol[] {
  const { doc } = ctx;
  const m = doc.analysis.model();
  const r = (s: { start: number; end: number }) => rangeOf(doc.text, s.start, s.end);
  const out: DocumentSymbol[] = [];
  const programs = new Map(m.programs.map((p) => [p.name, p]));
  for (const f of m.functions) {
    if (!f.isDefinition) continue;
    const p = programs.get(f.name);
    out.push({
      name: f.name,
      detail: p ? `SEC("${p.section}") ${p.programType ?? '?'}${p.context ? ` (${p.context})` : ''}` : `${f.returnType}(${f.params.map((x) => x.type).join(', ')})`,
      kind: p ? SymbolKind.Event : SymbolKind.Function,
      range: r(f.span),
      selectionRange: r(f.nameSpan),
    });
  }
  for (const map of m.maps) {
    out.push({ name: map.name, detail: map.type?.text ?? 'map', kind: SymbolKind.Variable, range: r(map.span), selectionRange: r(map.nameSpan) });
  }
  for (const g of m.globals) {
    if (m.license?.name === g.name || m.maps.some((x) => x.name === g.name)) continue;
    out.push({ name: g.name, detail: `${g.type} (${g.placement})`, kind: SymbolKind.Variable, range: r(g.span), selectionRange: r(g.nameSpan) });
  }
  if (m.license) out.push({ name: m.license.name, detail: m.license.value ?? 'license', kind: SymbolKind.String, range: r(m.license.span), selectionRange: r(m.license.span) });
  for (const mac of m.macros) out.push({ name: mac.name, kind: SymbolKind.Constant, range: r(mac.span), selectionRange: r(mac.nameSpan) });
  for (const t of m.types) {
    if (!t.name || !t.nameSpan) continue;
    const kind = t.kind === 'enum' ? SymbolKind.Enum : t.kind === 'typedef' ? SymbolKind.TypeParameter : SymbolKind.Struct;
    out.push({ name: t.name, detail: t.kind, kind, range: r(t.span), selectionRange: r(t.nameSpan) });
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
