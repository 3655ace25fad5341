/**
 * Type definitions: named struct/union/enum bodies and typedefs. A struct
 * written with BTF map macros (`__uint(type, ...)`) lists its fields as
 * libbpf's expansions (`int (*type)[...]`, `typeof(val) *key`).
 */
import type { Node } from 'web-tree-sitter';
import type { MapFieldRecord } from '../syntax/macro-records.ts';
import { childrenOfType, declaratorName, declaredTypeText, typeOfDeclarator } from '../syntax/nodes.ts';
import { evaluateConstant } from './const-eval.ts';
import type { ModelContext } from './document-model-context.ts';
import type { EnumeratorInfo, FieldInfo, TypeDefinition } from './document-model-types.ts';

const SPEC_KIND: Readonly<Record<string, 'struct' | 'union' | 'enum'>> = {
  struct_specifier: 'struct',
  union_specifier: 'union',
  enum_specifier: 'enum',
};

function mapFieldType(r: MapFieldRecord): string {
  if (r.macro === '__type') return `${r.value.text} *`;
  if (r.macro === '__array') return `${r.value.text} *[]`;
  return `${r.macro === '__ulong' ? 'long' : 'int'} (*)[${r.value.text}]`;
}

function fieldsOf(ctx: ModelContext, body: Node): FieldInfo[] {
  const out: FieldInfo[] = [];
  const mapRecords = ctx.doc.recordsIn(body.startIndex, body.endIndex).filter((r): r is MapFieldRecord => r.kind === 'map-field');
  for (const fd of childrenOfType(body, 'field_declaration')) {
    const rec = mapRecords.find((r) => r.range.start >= fd.startIndex && r.range.end <= fd.endIndex);
    if (rec) {
      out.push({ name: rec.field, type: mapFieldType(rec), span: ctx.span(fd), nameSpan: ctx.rangeSpan(rec.fieldRange) });
      continue;
    }
    const base = declaredTypeText(fd);
    const bits = childrenOfType(fd, 'bitfield_clause')[0];
    const declarators = fd.childrenForFieldName('declarator').filter((d): d is Node => d !== null);
    for (const d of declarators) {
      const name = declaratorName(d);
      if (!name) continue;
      out.push({
        name: name.text,
        type: typeOfDeclarator(base, d),
        span: ctx.span(fd),
        nameSpan: ctx.span(name),
        ...(bits ? { bitWidth: bits.text.replace(/^:\s*/, '') } : {}),
      });
    }
  }
  return out;
}

function enumeratorsOf(ctx: ModelContext, body: Node): EnumeratorInfo[] {
  const out: EnumeratorInfo[] = [];
  let next: number | undefined = 0;
  const known = new Map<string, number>();
  const lookup = (name: string): string | undefined => (known.has(name) ? String(known.get(name)) : ctx.macroLookup(name));
  for (const e of childrenOfType(body, 'enumerator')) {
    const name = e.childForFieldName('name');
    if (!name) continue;
    const v = e.childForFieldName('value');
    const value: number | undefined = v ? evaluateConstant(v.text, lookup) : next;
    if (value !== undefined) {
      known.set(name.text, value);
      ctx.defineMacro(name.text, String(value)); // enum constants size maps too: __uint(max_entries, PROG_MAX)
    }
    next = value !== undefined ? value + 1 : undefined;
    out.push({ name: name.text, nameSpan: ctx.span(name), ...(v ? { valueText: v.text } : {}), ...(value !== undefined ? { value } : {}) });
  }
  return out;
}

/** Attribute records on a type specifier, outside its body, up to `limit`. */
function attributesOf(ctx: ModelContext, spec: Node, body: Node | null, limit: number): TypeDefinition['attributes'] {
  return ctx.doc
    .recordsIn(spec.startIndex, limit)
    .filter((r) => r.kind === 'attribute' && r.range.start >= spec.startIndex && r.range.start < limit && !(body && r.range.start >= body.startIndex && r.range.start < body.endIndex))
    .flatMap((r) => (r.kind === 'attribute' ? r.attributes : []));
}

/** Where attributes written after a specifier's body stop: the declarators, or the item end. */
function attributeLimit(ctx: ModelContext, spec: Node): number {
  const p = spec.parent;
  if (p && (p.type === 'declaration' || p.type === 'type_definition')) {
    const d = p.childForFieldName('declarator');
    return d ? d.startIndex : p.endIndex;
  }
  const item = ctx.items.find((i) => i.node.id === spec.id);
  return item ? item.end : spec.endIndex;
}

export function collectTypes(ctx: ModelContext): TypeDefinition[] {
  const out: TypeDefinition[] = [];
  for (const m of ctx.matches('structs')) {
    for (const c of m.captures) {
      const n = c.node;
      if (ctx.functionAt(n.startIndex)) continue;
      if (c.name === 'typedef') {
        const declarators = n.childrenForFieldName('declarator').filter((d): d is Node => d !== null);
        const type = n.childForFieldName('type');
        const body = type?.childForFieldName('body') ?? null;
        for (const d of declarators) {
          const name = declaratorName(d);
          if (!name) continue;
          const kind = type ? SPEC_KIND[type.type] : undefined;
          out.push({
            kind: 'typedef',
            name: name.text,
            nameSpan: ctx.span(name),
            span: ctx.span(n),
            aliasOf: typeOfDeclarator(declaredTypeText(n), d),
            ...(body && kind && kind !== 'enum' ? { fields: fieldsOf(ctx, body) } : {}),
            ...(body && kind === 'enum' ? { enumerators: enumeratorsOf(ctx, body) } : {}),
            attributes: type ? attributesOf(ctx, type, body, d.startIndex) : [],
          });
        }
        continue;
      }
      const kind = SPEC_KIND[n.type];
      if (!kind || (c.name !== 'struct' && c.name !== 'union' && c.name !== 'enum')) continue;
      const name = n.childForFieldName('name');
      const body = n.childForFieldName('body');
      // anonymous structs/unions belong to their declaration; anonymous enums still define constants
      if (!body || (!name && kind !== 'enum')) continue;
      if (!name && n.parent?.type === 'type_definition') continue;
      out.push({
        kind,
        ...(name ? { name: name.text, nameSpan: ctx.span(name) } : {}),
        span: ctx.span(n),
        ...(kind === 'enum' ? { enumerators: enumeratorsOf(ctx, body) } : { fields: fieldsOf(ctx, body) }),
        attributes: attributesOf(ctx, n, body, attributeLimit(ctx, n)),
      });
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}
