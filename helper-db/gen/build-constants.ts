/** Builds the constants table and the program-type table. */
import type { ConstantDatabase, ConstantEntry, ContextStruct, Helper, ProgramTypeInfo, Text } from '../../server/src/helpers/schema.ts';
import type { ProgramTypeFacts } from './knowledge.ts';
import { readUapiEnums } from './uapi-constants.ts';

function groupOf(name: string, tag: string | null): ConstantEntry['group'] {
  if (/^BPF_(ANY|NOEXIST|EXIST|F_LOCK)$/.test(name)) return 'map-update-flag';
  if (tag === 'xdp_action') return 'xdp-action';
  if (name.startsWith('TC_ACT_')) return 'tc-action';
  if (tag === 'sk_action') return 'sk-action';
  if (tag === 'bpf_map_type') return 'map-type';
  if (tag === 'bpf_prog_type') return 'prog-type';
  if (tag === 'bpf_attach_type') return 'attach-type';
  if (/^BPF_/.test(name)) return 'helper-flag';
  return 'other';
}

export function buildConstants(
  flagsJson: { name: string; value: number | string; enum?: string | null; header?: string }[],
  helpers: Helper[],
  programTypes: Record<string, ProgramTypeFacts>,
  newer: { name: string; value: number; enum: string; since: string }[],
  fieldDocs: Record<string, Record<string, Text>>,
): { constants: ConstantDatabase; fromHeaders: string[] } {
  const byName = new Map<string, ConstantEntry>();
  const add = (name: string, value: number | string, tag: string | null, header: string) => {
    if (byName.has(name)) return;
    const n = typeof value === 'string' && /^-?\d+$/.test(value) && Math.abs(Number(value)) <= Number.MAX_SAFE_INTEGER ? Number(value) : value;
    byName.set(name, { name, value: n, group: groupOf(name, tag), enum: tag, helpers: [], header });
  };
  const { constants: uapi, structs, fromHeaders } = readUapiEnums();
  for (const c of uapi) add(c.name, c.value, c.enum, c.header);
  for (const f of flagsJson) add(f.name, f.value, f.enum ?? null, f.header ?? 'uapi-6.1');
  for (const n of newer) add(n.name, n.value, n.enum, `newer-uapi (since ${n.since})`);
  for (const h of helpers) {
    for (const p of h.params) {
      for (const c of p.flags?.constants ?? []) {
        const entry = byName.get(c.name);
        if (!entry) continue;
        if (!entry.helpers.includes(h.name)) entry.helpers.push(h.name);
        if (!entry.doc && c.doc) entry.doc = c.doc;
      }
    }
  }
  const progTypes: ProgramTypeInfo[] = Object.entries(programTypes).map(([name, f]) => ({
    name,
    constant: `BPF_PROG_TYPE_${name.toUpperCase()}`,
    value: f.value,
    context: f.context,
    ...(f.returnCodes ? { returnCodes: f.returnCodes } : {}),
    ...(f.returnRange ? { returnRange: f.returnRange } : {}),
    ...(f.verifierChecked ? { verifierChecked: true } : {}),
  }));
  const constants = [...byName.values()].sort((a, b) => a.group.localeCompare(b.group) || a.name.localeCompare(b.name));
  const contextStructs: ContextStruct[] = structs.map((s) => ({
    ...s,
    fields: s.fields.map((f) => {
      const doc = fieldDocs[s.name]?.[f.name];
      return doc ? { ...f, doc } : f;
    }),
  }));
  return { constants: { constants, programTypes: progTypes, contextStructs }, fromHeaders };
}
