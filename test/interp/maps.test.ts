/** Map models directly: kernel error numbers per flag, JSON form in and out. */
import { describe, expect, it } from 'vitest';
import { createMap, MapSet, type MapDef } from '../../server/src/interp/maps/index.ts';

const rc = { cpu: 0, cpus: 2 };
const u32 = (v: number) => new Uint8Array([v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24]);

function def(typeName: string, over: Partial<MapDef> = {}): MapDef {
  return { name: 'm', type: 0, typeName, keySize: 4, valueSize: 4, maxEntries: 2, flags: 0, ...over };
}

describe('maps', () => {
  it('array: NOEXIST -EEXIST, bad flags -EINVAL, past the end -E2BIG, delete -EINVAL', () => {
    const m = createMap(def('BPF_MAP_TYPE_ARRAY'), 2);
    expect(m.update(u32(0), u32(5), 0, rc)).toBe(0);
    expect(m.update(u32(0), u32(5), 1, rc)).toBe(-17);
    expect(m.update(u32(0), u32(5), 2, rc)).toBe(0);
    expect(m.update(u32(0), u32(5), 3, rc)).toBe(-22);
    expect(m.update(u32(2), u32(5), 0, rc)).toBe(-7);
    expect(m.delete(u32(0), rc)).toBe(-22);
    expect(m.lookup(u32(2), rc)).toBeNull();
    expect(m.toJson(rc).entries).toEqual([
      { key: '00000000', value: '05000000' },
      { key: '01000000', value: '00000000' },
    ]);
  });

  it('hash: -EEXIST, -ENOENT, -E2BIG, sorted JSON', () => {
    const m = createMap(def('BPF_MAP_TYPE_HASH'), 2);
    expect(m.update(u32(9), u32(1), 2, rc)).toBe(-2);
    expect(m.update(u32(9), u32(1), 1, rc)).toBe(0);
    expect(m.update(u32(9), u32(1), 1, rc)).toBe(-17);
    expect(m.update(u32(1), u32(2), 0, rc)).toBe(0);
    expect(m.update(u32(3), u32(3), 0, rc)).toBe(-7);
    expect(m.update(u32(9), u32(4), 0, rc)).toBe(0); // replacing works when full
    expect(m.delete(u32(3), rc)).toBe(-2);
    expect(m.toJson(rc).entries.map((e) => e.key)).toEqual(['01000000', '09000000']);
  });

  it('LRU hash evicts the least recently used entry', () => {
    const m = createMap(def('BPF_MAP_TYPE_LRU_HASH'), 2);
    m.update(u32(1), u32(1), 0, rc);
    m.update(u32(2), u32(2), 0, rc);
    m.lookup(u32(1), rc);
    expect(m.update(u32(3), u32(3), 0, rc)).toBe(0);
    expect(m.toJson(rc).entries.map((e) => e.key)).toEqual(['01000000', '03000000']);
  });

  it('per-CPU maps keep one value per CPU', () => {
    const m = createMap(def('BPF_MAP_TYPE_PERCPU_HASH'), 2);
    m.update(u32(1), u32(7), 0, { cpu: 1, cpus: 2 });
    expect(m.toJson(rc).entries).toEqual([{ key: '01000000', values: ['00000000', '07000000'] }]);
    expect(m.lookup(u32(1), rc)!.bytes).toEqual(u32(0));
  });

  it('loads JSON and rejects what does not fit', () => {
    const s = new MapSet([def('BPF_MAP_TYPE_ARRAY', { name: 'a' }), def('BPF_MAP_TYPE_PROG_ARRAY', { name: 'p' })], 2);
    s.load({ a: { type: 'BPF_MAP_TYPE_ARRAY', entries: [{ key: '01000000', value: '2a' }] }, p: [{ key: '00000000', valueProg: 'next' }] });
    expect(s.toJson().a.entries[1]).toEqual({ key: '01000000', value: '2a000000' });
    expect(s.toJson().p.entries).toEqual([{ key: '00000000', prog: 'next' }]);
    expect(() => s.load({ nope: { type: 'BPF_MAP_TYPE_ARRAY', entries: [] } })).toThrow(/not defined/);
    expect(() => s.load({ a: { type: 'BPF_MAP_TYPE_HASH', entries: [] } })).toThrow(/BPF_MAP_TYPE_ARRAY/);
    expect(() => s.load({ a: { type: 'BPF_MAP_TYPE_ARRAY', entries: [{ key: '05000000', value: '00' }] } })).toThrow(/max_entries/);
    expect(() => s.load({ a: { type: 'BPF_MAP_TYPE_ARRAY', entries: [{ key: '00', value: '0011223344' }] } })).toThrow(/5 bytes/);
  });

  it('LPM trie: longest prefix, -EINVAL for a too long prefix, -ENOSPC when full', () => {
    const m = createMap(def('BPF_MAP_TYPE_LPM_TRIE', { keySize: 8, maxEntries: 2 }), 2);
    const key = (len: number, a: number[]) => new Uint8Array([...u32(len), ...a]);
    expect(m.update(key(16, [10, 1, 0, 0]), u32(16), 0, rc)).toBe(0);
    expect(m.update(key(8, [10, 0, 0, 0]), u32(8), 0, rc)).toBe(0);
    expect(m.update(key(33, [10, 0, 0, 0]), u32(1), 0, rc)).toBe(-22);
    expect(m.update(key(24, [10, 1, 2, 0]), u32(24), 0, rc)).toBe(-28);
    expect(m.lookup(key(32, [10, 1, 9, 9]), rc)!.bytes).toEqual(u32(16));
    expect(m.lookup(key(32, [10, 2, 9, 9]), rc)!.bytes).toEqual(u32(8));
    expect(m.lookup(key(32, [11, 1, 9, 9]), rc)).toBeNull();
  });
});
