/**
 * The helper database, loaded once from helper-db/*.json (database-files.ts), with
 * lookups by name, id and constant.
 */
import { readDatabaseFiles } from './database-files.ts';
import { compareText } from '../syntax/strings.ts';
import type { ConstantDatabase, ConstantEntry, ContextStruct, Helper, HelperDatabase, ProgramTypeInfo } from './schema.ts';

export class HelperIndex {
  readonly helpers: readonly Helper[];
  readonly constants: readonly ConstantEntry[];
  readonly programTypes: readonly ProgramTypeInfo[];
  private readonly byName = new Map<string, Helper>();
  private readonly byId = new Map<number, Helper>();
  private readonly constantByName = new Map<string, ConstantEntry>();
  private readonly programTypeByName = new Map<string, ProgramTypeInfo>();
  private readonly structByName = new Map<string, ContextStruct>();

  constructor(db: HelperDatabase, consts: ConstantDatabase) {
    this.helpers = db.helpers;
    this.constants = consts.constants;
    this.programTypes = consts.programTypes;
    for (const h of db.helpers) {
      this.byName.set(h.name, h);
      this.byId.set(h.id, h);
    }
    for (const c of consts.constants) this.constantByName.set(c.name, c);
    for (const p of consts.programTypes) this.programTypeByName.set(p.name, p);
    for (const s of consts.contextStructs) this.structByName.set(s.name, s);
  }

  /** A context struct by its C name, e.g. "struct xdp_md". */
  contextStruct(name: string): ContextStruct | undefined {
    return this.structByName.get(name.replace(/\s+/g, ' ').trim());
  }

  helper(name: string): Helper | undefined {
    return this.byName.get(name);
  }

  helperById(id: number): Helper | undefined {
    return this.byId.get(id);
  }

  constant(name: string): ConstantEntry | undefined {
    return this.constantByName.get(name);
  }

  programType(name: string): ProgramTypeInfo | undefined {
    return this.programTypeByName.get(name.split('/')[0]);
  }

  /** Whether `programType` (libbpf name, e.g. "xdp") may call the helper. */
  allowedIn(helper: Helper, programType: string): boolean {
    return helper.programTypes.some((t) => t === programType || t.split('/')[0] === programType);
  }

  /** Helper names closest to `name` by edit distance (for "did you mean"). */
  closestHelpers(name: string, count = 3): string[] {
    const query = name.startsWith('bpf_') ? name : `bpf_${name}`;
    return this.helpers
      .map((h) => ({ name: h.name, d: editDistance(query, h.name) - (h.name.includes(name) ? 3 : 0) }))
      .sort((a, b) => a.d - b.d || compareText(a.name, b.name))
      .slice(0, count)
      .map((x) => x.name);
  }
}

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

let shared: HelperIndex | undefined;

/** The database (read and parsed once per process, on first use). */
export function helperIndex(): HelperIndex {
  if (!shared) {
    const files = readDatabaseFiles();
    shared = new HelperIndex(files.helpers as HelperDatabase, files.constants as ConstantDatabase);
  }
  return shared;
}
