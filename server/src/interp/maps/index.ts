/** Creating maps by type, and the set of maps one program's runs share. */
import { ArrayMap, PercpuArrayMap } from './array.ts';
import { HashMap } from './hash.ts';
import { BpfMap, MapError, type MapDef, type MapEntryJson, type MapJson, type MapsJson } from './map-base.ts';
import { LpmTrieMap, ProgArrayMap, QueueMap, RecordMap, TargetMap } from './special.ts';

export * from './map-base.ts';
export { ArrayMap, PercpuArrayMap, HashMap, LpmTrieMap, ProgArrayMap, QueueMap, RecordMap, TargetMap };

/** Map types the interpreter models. */
export const SUPPORTED_MAP_TYPES = [
  'BPF_MAP_TYPE_ARRAY',
  'BPF_MAP_TYPE_PERCPU_ARRAY',
  'BPF_MAP_TYPE_HASH',
  'BPF_MAP_TYPE_PERCPU_HASH',
  'BPF_MAP_TYPE_LRU_HASH',
  'BPF_MAP_TYPE_LRU_PERCPU_HASH',
  'BPF_MAP_TYPE_PROG_ARRAY',
  'BPF_MAP_TYPE_DEVMAP',
  'BPF_MAP_TYPE_DEVMAP_HASH',
  'BPF_MAP_TYPE_CPUMAP',
  'BPF_MAP_TYPE_XSKMAP',
  'BPF_MAP_TYPE_RINGBUF',
  'BPF_MAP_TYPE_PERF_EVENT_ARRAY',
  'BPF_MAP_TYPE_QUEUE',
  'BPF_MAP_TYPE_STACK',
  'BPF_MAP_TYPE_LPM_TRIE',
];

export function createMap(def: MapDef, cpus: number): BpfMap {
  switch (def.typeName) {
    case 'BPF_MAP_TYPE_ARRAY':
      return new ArrayMap(def);
    case 'BPF_MAP_TYPE_PERCPU_ARRAY':
      return new PercpuArrayMap(def, cpus);
    case 'BPF_MAP_TYPE_HASH':
      return new HashMap(def, false, false, cpus);
    case 'BPF_MAP_TYPE_PERCPU_HASH':
      return new HashMap(def, true, false, cpus);
    case 'BPF_MAP_TYPE_LRU_HASH':
      return new HashMap(def, false, true, cpus);
    case 'BPF_MAP_TYPE_LRU_PERCPU_HASH':
      return new HashMap(def, true, true, cpus);
    case 'BPF_MAP_TYPE_PROG_ARRAY':
      return new ProgArrayMap(def);
    case 'BPF_MAP_TYPE_DEVMAP':
    case 'BPF_MAP_TYPE_DEVMAP_HASH':
    case 'BPF_MAP_TYPE_CPUMAP':
    case 'BPF_MAP_TYPE_XSKMAP':
      return new TargetMap(def);
    case 'BPF_MAP_TYPE_RINGBUF':
      return new RecordMap(def);
    case 'BPF_MAP_TYPE_PERF_EVENT_ARRAY':
      // libbpf sizes a perf event array without max_entries to the number of CPUs
      return new RecordMap(def.maxEntries ? def : { ...def, maxEntries: cpus });
    case 'BPF_MAP_TYPE_QUEUE':
      return new QueueMap(def, false);
    case 'BPF_MAP_TYPE_STACK':
      return new QueueMap(def, true);
    case 'BPF_MAP_TYPE_LPM_TRIE':
      return new LpmTrieMap(def);
    default:
      throw new MapError(`map "${def.name}": ${def.typeName} is not modelled by the interpreter`);
  }
}

/** The maps of one program, shared by a sequence of runs. */
export class MapSet {
  readonly byName = new Map<string, BpfMap>();

  constructor(
    defs: readonly MapDef[],
    readonly cpus: number,
  ) {
    for (const d of defs) {
      try {
        this.byName.set(d.name, createMap(d, cpus));
      } catch {
        // unmodelled map types fault when a helper touches them
      }
    }
  }

  get(name: string): BpfMap | undefined {
    return this.byName.get(name);
  }

  /** Loads map contents: the JSON form, or per map just an array of entries. */
  load(json: MapsJson | Record<string, MapJson | MapEntryJson[]>): void {
    for (const [name, raw] of Object.entries(json)) {
      const m: MapJson = Array.isArray(raw) ? { type: '', entries: raw } : raw;
      const map = this.byName.get(name);
      if (!map) throw new MapError(`map "${name}" is not defined by the program (maps: ${[...this.byName.keys()].join(', ') || 'none'})`);
      if (m.type && m.type !== map.def.typeName) throw new MapError(`map "${name}" is a ${map.def.typeName}, the JSON says ${m.type}`);
      if (!Array.isArray(m.entries)) throw new MapError(`map "${name}": "entries" must be an array`);
      map.loadJson(m, { cpu: 0, cpus: this.cpus });
    }
  }

  toJson(): MapsJson {
    const out: MapsJson = {};
    for (const [name, m] of this.byName) out[name] = m.toJson({ cpu: 0, cpus: this.cpus });
    return out;
  }

  clone(): MapSet {
    const s = new MapSet([], this.cpus);
    for (const [name, m] of this.byName) s.byName.set(name, m.clone());
    return s;
  }
}
