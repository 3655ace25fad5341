/**
 * What the identifier (or section string) at an offset refers to, as plain data:
 * a helper, a constant, a map, a SEC name, a context field, or a declaration of
 * this file (function, macro, type, global).
 */
import { helperIndex } from '../helpers/database.ts';
import type { ConstantEntry, ContextField, ContextStruct, Helper } from '../helpers/schema.ts';
import { memberAccessAt, wordAt } from './cursor-context.ts';
import type { DocumentAnalysis, MapSummary } from './document-analysis.ts';
import type { ProgramInfo } from './document-model-types.ts';

export type SymbolInfo = { start: number; end: number } & (
  | { kind: 'helper'; helper: Helper; program?: ProgramInfo }
  | { kind: 'constant'; constant: ConstantEntry }
  | { kind: 'map'; map: MapSummary }
  | { kind: 'section'; section: string; programType?: string; program?: ProgramInfo }
  | { kind: 'context-field'; struct: ContextStruct; field: ContextField }
  | { kind: 'declaration'; signature: string; detail?: string }
);

export function describeSymbolAt(analysis: DocumentAnalysis, offset: number): SymbolInfo | null {
  const model = analysis.model();
  for (const p of model.programs) {
    if (p.sectionSpan.start <= offset && offset <= p.sectionSpan.end) {
      return { kind: 'section', section: p.section, programType: p.programType, program: p, start: p.sectionSpan.start, end: p.sectionSpan.end };
    }
  }
  const w = wordAt(analysis.text, offset);
  if (!w) return null;
  const at = { start: w.start, end: w.end };
  const db = helperIndex();
  const member = memberAccessAt(analysis.text, w.end);
  if (member && member.prefixStart === w.start) {
    const structName = analysis.structTypeOf(member.object, offset);
    const st = structName ? db.contextStruct(structName) : undefined;
    const field = st?.fields.find((f) => f.name === w.word);
    if (st && field) return { kind: 'context-field', struct: st, field, ...at };
    return null;
  }
  const helper = db.helper(w.word);
  if (helper) return { kind: 'helper', helper, program: analysis.programAt(offset), ...at };
  const map = analysis.maps().find((m) => m.name === w.word);
  if (map) return { kind: 'map', map, ...at };
  const visible = analysis.visibleModels();
  const fn = visible.flatMap((m) => m.functions).find((f) => f.name === w.word);
  if (fn) {
    const params = fn.params.map((p) => (p.name ? `${p.type} ${p.name}` : p.type)).join(', ');
    const program = model.programs.find((p) => p.name === fn.name);
    const detail = program ? `SEC("${program.section}") → ${program.programType ?? '?'} (${program.context ?? '?'})` : undefined;
    return { kind: 'declaration', signature: `${fn.returnType} ${fn.name}(${params}${fn.variadic ? ', ...' : ''})`, detail, ...at };
  }
  const macro = visible.flatMap((m) => m.macros).find((m) => m.name === w.word);
  if (macro) {
    const head = macro.kind === 'function' ? `${macro.name}(${(macro.params ?? []).join(', ')})` : macro.name;
    return { kind: 'declaration', signature: `#define ${head} ${macro.value ?? ''}`.trimEnd(), ...at };
  }
  const constant = db.constant(w.word);
  if (constant) return { kind: 'constant', constant, ...at };
  const global = visible.flatMap((m) => m.globals).find((g) => g.name === w.word);
  if (global) return { kind: 'declaration', signature: `${global.type} ${global.name}`, detail: `${global.placement}`, ...at };
  const type = visible.flatMap((m) => m.types).find((t) => t.name === w.word);
  if (type) {
    const head = type.kind === 'typedef' ? `typedef ${type.aliasOf ?? ''} ${type.name}` : `${type.kind} ${type.name}`;
    const fields = type.fields?.map((f) => `  ${f.type} ${f.name}${f.bitWidth ? ` : ${f.bitWidth}` : ''};`).join('\n');
    return { kind: 'declaration', signature: fields ? `${head} {\n${fields}\n}` : head, ...at };
  }
  return null;
}
