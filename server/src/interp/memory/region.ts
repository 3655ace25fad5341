/**
 * Typed memory regions with bounds, and pointers into them. A pointer is a
 * (region, offset) pair; every access checks the bounds, the region's rules
 * (read-only, uninitialised stack) and, for packet memory, that the pointer
 * was not derived before a helper that changes packet data.
 */
import { Fault } from '../evaluator/fault.ts';

export type RegionKind = 'stack' | 'packet' | 'meta' | 'ctx' | 'map-value' | 'global' | 'rodata' | 'map' | 'func' | 'ringbuf' | 'temp' | 'kernel';

/** Loads/stores of a region whose bytes are computed (the context struct). */
export interface SpecialMemory {
  load(off: number, size: number, signed: boolean): Value;
  store(off: number, size: number, v: Value): void;
}

let nextRegionId = 1;

export class Region {
  readonly id = nextRegionId++;
  /** Regions with the same space view one buffer: pointers into them compare by offset. */
  space = this.id;
  bytes: Uint8Array;
  private dv: DataView | null = null;
  /** Accessible range [lo, hi). */
  lo = 0;
  hi: number;
  /** Per-byte "was written" flags (stack memory). */
  init: Uint8Array | null = null;
  /** Pointers stored in memory, by offset (8-byte slots). */
  ptrs: Map<number, Ptr> | null = null;
  readOnly = false;
  /** Packet generation: bumped by helpers that change packet data. */
  gen = 0;
  special: SpecialMemory | null = null;
  /** What the region belongs to (a map, a function...), for helpers. */
  owner: unknown = null;

  constructor(
    readonly kind: RegionKind,
    public name: string,
    size: number,
    bytes?: Uint8Array,
  ) {
    this.bytes = bytes ?? new Uint8Array(size);
    this.hi = size;
  }

  /** A DataView of the bytes, made on first use. */
  get view(): DataView {
    return (this.dv ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength));
  }

  /** Replaces the backing bytes (packet growth). */
  setBytes(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.dv = null;
  }
}

export class Ptr {
  constructor(
    readonly r: Region,
    readonly off: number,
    /** The region's generation when the pointer was made. */
    readonly g: number,
  ) {}

  add(n: number): Ptr {
    return new Ptr(this.r, this.off + n, this.g);
  }
}

/** A run-time value: integers (number up to 32 bits, bigint for 64), pointers, or NULL as 0. */
export type Value = number | bigint | Ptr;

export function regionLabel(r: Region): string {
  switch (r.kind) {
    case 'packet':
      return 'packet';
    case 'meta':
      return 'packet metadata';
    case 'stack':
      return 'stack';
    case 'ctx':
      return `context (${r.name})`;
    case 'map-value':
      return `value of map "${r.name}"`;
    default:
      return r.name;
  }
}

/** Describes a pointer for messages and line values, e.g. "pkt+14", "stack+8". */
export function describePtr(p: Ptr): string {
  const r = p.r;
  if (r.kind === 'packet') return `pkt+${p.off - r.lo}`;
  if (r.kind === 'meta') return `meta+${p.off - r.lo}`;
  if (r.kind === 'stack') return `stack+${p.off}`;
  if (r.kind === 'ctx') return `ctx+${p.off}`;
  if (r.kind === 'map') return `&${r.name}`;
  if (r.kind === 'func') return `&${r.name}`;
  return `${r.name}+${p.off}`;
}

function boundsFault(p: Ptr, size: number, write: boolean): Fault {
  const r = p.r;
  const verb = write ? 'write' : 'read';
  if (r.kind === 'packet' || r.kind === 'meta') {
    const rel = p.off - r.lo;
    const len = r.hi - r.lo;
    return new Fault(
      `packet access out of bounds: ${verb} of ${size} byte(s) at offset ${rel} of a ${len}-byte ${r.kind === 'meta' ? 'metadata area' : 'packet'} (check the pointer against data_end first)`,
      'packet-bounds',
    );
  }
  return new Fault(`out-of-bounds ${verb} of ${size} byte(s) at offset ${p.off - r.lo} of ${regionLabel(r)} (${r.hi - r.lo} bytes)`, 'bounds');
}

export function notAPointer(v: Value, what = 'dereference'): Fault {
  if (v === 0 || v === 0n) return new Fault(`NULL pointer ${what} (check the pointer for NULL first)`, 'null-dereference');
  return new Fault(`invalid pointer ${what}: ${String(v)} is a number, not a pointer`, 'invalid-pointer');
}

export function checkAccess(p: Ptr, size: number, write: boolean): void {
  const r = p.r;
  if (p.g !== r.gen) {
    throw new Fault(
      'stale packet pointer: it was derived before a call that changes packet data (bpf_xdp_adjust_head, bpf_skb_store_bytes, ...); reload ctx->data/data_end and check again',
      'stale-packet-pointer',
    );
  }
  if (p.off < r.lo || p.off + size > r.hi) throw boundsFault(p, size, write);
  if (write && r.readOnly) throw new Fault(`write to read-only ${regionLabel(r)}`, 'read-only');
}

function checkInit(r: Region, off: number, size: number): void {
  const init = r.init!;
  for (let i = 0; i < size; i++) {
    if (init[off + i] === 0) {
      throw new Fault(`read of uninitialised stack memory (${size} byte(s) at stack+${off}${i ? `, byte ${i} not written` : ''})`, 'uninitialised-read');
    }
  }
}

/** Reads an integer (or a stored pointer) of `size` bytes. */
export function load(v: Value, size: number, signed: boolean): Value {
  if (!(v instanceof Ptr)) throw notAPointer(v);
  const r = v.r;
  const off = v.off;
  if (v.g !== r.gen || off < r.lo || off + size > r.hi) checkAccess(v, size, false);
  if (r.special) return r.special.load(off, size, signed);
  if (r.init !== null) checkInit(r, off, size);
  if (r.ptrs !== null && r.ptrs.size !== 0) {
    const q = r.ptrs.get(off);
    if (q !== undefined && size === 8) return q;
    if (q !== undefined || overlapsPtr(r, off, size)) {
      throw new Fault(`partial read of a pointer stored in ${regionLabel(r)}`, 'invalid-pointer');
    }
  }
  switch (size) {
    case 1:
      return signed ? (r.bytes[off] << 24) >> 24 : r.bytes[off];
    case 2:
      return signed ? r.view.getInt16(off, true) : r.view.getUint16(off, true);
    case 4:
      return signed ? r.view.getInt32(off, true) : r.view.getUint32(off, true);
    case 8:
      return signed ? r.view.getBigInt64(off, true) : r.view.getBigUint64(off, true);
  }
  throw new Fault(`unsupported access size ${size}`, 'unsupported');
}

function overlapsPtr(r: Region, off: number, size: number): boolean {
  for (const k of r.ptrs!.keys()) if (k < off + size && k + 8 > off) return true;
  return false;
}

/** Writes an integer, or stores a pointer (8 bytes, where the region allows it). */
export function store(v: Value, size: number, val: Value): void {
  if (!(v instanceof Ptr)) throw notAPointer(v, 'write');
  const r = v.r;
  const off = v.off;
  if (v.g !== r.gen || off < r.lo || off + size > r.hi || r.readOnly) checkAccess(v, size, true);
  if (r.special) {
    r.special.store(off, size, val);
    return;
  }
  if (r.ptrs !== null && r.ptrs.size !== 0) for (const k of [...r.ptrs.keys()]) if (k < off + size && k + 8 > off) r.ptrs.delete(k);
  if (val instanceof Ptr) {
    if (size !== 8 || (r.kind !== 'stack' && r.kind !== 'temp')) {
      throw new Fault(`cannot store a pointer into ${regionLabel(r)}${size !== 8 ? ` as a ${size}-byte value` : ''}`, 'invalid-pointer');
    }
    r.ptrs ??= new Map();
    r.ptrs.set(off, val);
    r.bytes.fill(0, off, off + 8);
  } else {
    switch (size) {
      case 1:
        r.bytes[off] = Number(val) & 0xff;
        break;
      case 2:
        r.view.setUint16(off, Number(typeof val === 'bigint' ? BigInt.asUintN(16, val) : val) & 0xffff, true);
        break;
      case 4:
        r.view.setUint32(off, typeof val === 'bigint' ? Number(BigInt.asUintN(32, val)) : val >>> 0, true);
        break;
      case 8:
        r.view.setBigUint64(off, BigInt.asUintN(64, typeof val === 'bigint' ? val : BigInt(val)), true);
        break;
      default:
        throw new Fault(`unsupported access size ${size}`, 'unsupported');
    }
  }
  if (r.init !== null) r.init.fill(1, off, off + size);
}

/** Checks [p, p+len) for a byte-wise read and returns the bytes (a copy). */
export function readBytes(v: Value, len: number, what = 'read'): Uint8Array {
  if (!(v instanceof Ptr)) throw notAPointer(v, what);
  if (len === 0) return new Uint8Array(0);
  checkAccess(v, len, false);
  const r = v.r;
  if (r.special) {
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) out[i] = Number(r.special.load(v.off + i, 1, false));
    return out;
  }
  if (r.init !== null) checkInit(r, v.off, len);
  return r.bytes.slice(v.off, v.off + len);
}

/** Writes bytes at p (checked). */
export function writeBytes(v: Value, data: Uint8Array, what = 'write'): void {
  if (!(v instanceof Ptr)) throw notAPointer(v, what);
  if (data.length === 0) return;
  checkAccess(v, data.length, true);
  const r = v.r;
  if (r.special) {
    for (let i = 0; i < data.length; i++) r.special.store(v.off + i, 1, data[i]);
    return;
  }
  if (r.ptrs !== null && r.ptrs.size !== 0) for (const k of [...r.ptrs.keys()]) if (k < v.off + data.length && k + 8 > v.off) r.ptrs.delete(k);
  r.bytes.set(data, v.off);
  if (r.init !== null) r.init.fill(1, v.off, v.off + data.length);
}

/** Copies len bytes between pointers, carrying stored pointers along (memcpy of structs holding pointers). */
export function copyMem(dst: Value, src: Value, len: number): void {
  if (!(src instanceof Ptr)) throw notAPointer(src, 'read');
  if (!(dst instanceof Ptr)) throw notAPointer(dst, 'write');
  const carried: [number, Ptr][] = [];
  if (src.r.ptrs && src.r.ptrs.size) {
    for (const [k, p] of src.r.ptrs) if (k >= src.off && k + 8 <= src.off + len) carried.push([k - src.off, p]);
  }
  if (carried.length === 0) {
    writeBytes(dst, readBytes(src, len), 'write');
    return;
  }
  checkAccess(src, len, false);
  checkAccess(dst, len, true);
  const bytes = src.r.bytes.slice(src.off, src.off + len);
  writeBytes(dst, bytes);
  for (const [rel, p] of carried) store(dst.add(rel), 8, p);
}
