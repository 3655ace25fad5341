/**
 * BPF maps: BTF-style (`struct { __uint(type, ...); ... } m SEC(".maps");`)
 * from the map-field records, and legacy `struct bpf_map_def SEC("maps") m = { .type = ... }`
 * from the designated initializer.
 */
import type { Node } from 'web-tree-sitter';
import type { MapFieldRecord } from '../syntax/macro-records.ts';
import { declaratorName } from '../syntax/nodes.ts';
import { evaluateConstant } from './const-eval.ts';
import type { ModelContext } from './document-model-context.ts';
import type { MapField, MapInfo } from './document-model-types.ts';

/** Map field name -> MapInfo property. */
const FIELD_PROPS: Readonly<Record<string, keyof MapInfo>> = {
  type: 'type',
  key: 'key',
  value: 'value',
  key_size: 'keySize',
  value_size: 'valueSize',
  max_entries: 'maxEntries',
  map_flags: 'mapFlags',
  pinning: 'pinning',
  numa_node: 'numaNode',
  map_extra: 'mapExtra',
  values: 'values',
};

/** Fields whose value is a type, never evaluated. */
const TYPE_FIELDS = new Set(['key', 'value', 'values']);

function setField(map: MapInfo, f: MapField): void {
  map.fields.push(f);
  const prop = FIELD_PROPS[f.field];
  if (prop && (map as unknown as Record<string, unknown>)[prop] === undefined) (map as unknown as Record<string, unknown>)[prop] = f;
}

/** Top-level map-field records inside [start, end) (not those nested in an __array value). */
function fieldRecordsIn(ctx: ModelContext, start: number, end: number): MapFieldRecord[] {
  const recs = ctx.doc.recordsIn(start, end).filter((r): r is MapFieldRecord => r.kind === 'map-field' && r.range.start >= start && r.range.end <= end);
  return recs.filter((r) => !recs.some((o) => o !== r && o.value.range.start <= r.range.start && r.range.end <= o.value.range.end));
}

function fieldFromRecord(ctx: ModelContext, r: MapFieldRecord): MapField {
  const value = TYPE_FIELDS.has(r.field) ? undefined : evaluateConstant(r.value.text, ctx.macroLookup);
  return {
    field: r.field,
    macro: r.macro,
    text: r.value.text,
    ...(value !== undefined ? { value } : {}),
    span: ctx.rangeSpan(r.range),
    fieldSpan: ctx.rangeSpan(r.fieldRange),
    valueSpan: ctx.rangeSpan(r.value.range),
  };
}

function btfFields(ctx: ModelContext, map: MapInfo, body: Node, depth: number): void {
  for (const r of fieldRecordsIn(ctx, body.startIndex, body.endIndex)) {
    const f = fieldFromRecord(ctx, r);
    setField(map, f);
    if (r.field === 'values' && depth < 2) {
      const inner = innerMapOf(ctx, r, map.name, depth + 1);
      if (inner) map.innerMap = inner;
    }
  }
}

function innerMapOf(ctx: ModelContext, r: MapFieldRecord, outerName: string, depth: number): MapInfo | undefined {
  const valueNode = ctx.root.descendantForIndex(r.value.range.start, Math.max(r.value.range.start, r.value.range.end - 1));
  let cur: Node | null = valueNode;
  while (cur && cur.type !== 'parameter_declaration' && cur.endIndex <= r.range.end) {
    if (cur.type === 'struct_specifier') break;
    cur = cur.parent;
  }
  const spec = cur?.type === 'parameter_declaration' ? cur.childForFieldName('type') : cur;
  if (!spec || spec.type !== 'struct_specifier') return undefined;
  const tag = spec.childForFieldName('name')?.text;
  const body = spec.childForFieldName('body') ?? (tag ? ctx.structBody(tag) : undefined);
  if (!body) return undefined;
  const inner: MapInfo = {
    name: tag ?? `${outerName}.values`,
    nameSpan: ctx.span(spec),
    span: ctx.span(spec),
    style: 'btf',
    section: '.maps',
    ...(tag ? { structName: tag } : {}),
    fields: [],
  };
  btfFields(ctx, inner, body, depth);
  return inner;
}

/** A BTF map declared by one declarator of `decl`. */
export function btfMap(ctx: ModelContext, decl: Node, declarator: Node, section: { name: string; span: MapInfo['span'] } | undefined): MapInfo | undefined {
  const nameNode = declaratorName(declarator);
  if (!nameNode) return undefined;
  const type = decl.childForFieldName('type');
  const tag = type?.type === 'struct_specifier' ? type.childForFieldName('name')?.text : undefined;
  const body = type?.childForFieldName('body') ?? (tag ? ctx.structBody(tag) : undefined);
  const map: MapInfo = {
    name: nameNode.text,
    nameSpan: ctx.span(nameNode),
    span: ctx.span(decl),
    style: 'btf',
    section: section?.name ?? '.maps',
    ...(section ? { sectionSpan: section.span } : {}),
    ...(tag ? { structName: tag } : {}),
    fields: [],
  };
  if (body) btfFields(ctx, map, body, 0);
  const value = declarator.type === 'init_declarator' ? declarator.childForFieldName('value') : null;
  if (value) map.initializer = { text: value.text, span: ctx.span(value) };
  return map;
}

/** A legacy `struct bpf_map_def` map with a designated initializer. */
export function legacyMap(ctx: ModelContext, decl: Node, declarator: Node, section: { name: string; span: MapInfo['span'] } | undefined): MapInfo | undefined {
  const nameNode = declaratorName(declarator);
  if (!nameNode) return undefined;
  const type = decl.childForFieldName('type');
  const tag = type?.type === 'struct_specifier' ? type.childForFieldName('name')?.text : undefined;
  const map: MapInfo = {
    name: nameNode.text,
    nameSpan: ctx.span(nameNode),
    span: ctx.span(decl),
    style: 'legacy',
    section: section?.name ?? 'maps',
    ...(section ? { sectionSpan: section.span } : {}),
    ...(tag ? { structName: tag } : {}),
    fields: [],
  };
  const value = declarator.type === 'init_declarator' ? declarator.childForFieldName('value') : null;
  if (value) map.initializer = { text: value.text, span: ctx.span(value) };
  if (value?.type !== 'initializer_list') return map;
  for (const pair of value.namedChildren) {
    if (!pair || pair.type !== 'initializer_pair') continue;
    const designator = pair.childForFieldName('designator');
    const fieldNode = designator?.type === 'field_designator' ? designator.namedChildren[0] : null;
    const v = pair.childForFieldName('value');
    if (!fieldNode || !v) continue;
    const field = fieldNode.text;
    const evaluated = field === 'type' ? undefined : evaluateConstant(v.text, ctx.macroLookup);
    setField(map, {
      field,
      macro: '.',
      text: v.text,
      ...(evaluated !== undefined ? { value: evaluated } : {}),
      span: ctx.span(pair),
      fieldSpan: ctx.span(fieldNode),
      valueSpan: ctx.span(v),
    });
  }
  return map;
}

/** Whether a declaration is a map: section ".maps"/"maps", or a bpf_map_def/bpf_elf_map typed variable. */
export function mapStyle(decl: Node, section: string | undefined): 'btf' | 'legacy' | undefined {
  if (section === '.maps') return 'btf';
  if (section === 'maps') return 'legacy';
  const typeText = decl.childForFieldName('type')?.text ?? '';
  if (section === undefined && /^struct\s+(bpf_map_def|bpf_elf_map)$/.test(typeText)) return 'legacy';
  return undefined;
}
