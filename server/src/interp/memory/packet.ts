/**
 * The packet buffer of one run: headroom, an optional metadata area in front
 * of the data (XDP), the data itself and tailroom, laid out as
 * BPF_PROG_TEST_RUN lays them out. Two regions view it: `packet` for
 * [data, data_end) and `meta` for [data_meta, data). Every change of the
 * layout bumps the generation, so pointers made before it go stale.
 */
import { Region } from './region.ts';

export interface PacketLayout {
  /** Free bytes in front of the data. */
  headroom: number;
  /** Largest offset data_end may reach from the buffer start (XDP frame end), or undefined for "grow as needed". */
  hardEnd?: number;
  /** Smallest offset data (or data_meta) may move down to (XDP: sizeof(struct xdp_frame)). */
  hardStart?: number;
}

export class Packet {
  buf: Uint8Array;
  /** Offsets into buf. */
  data: number;
  end: number;
  meta: number;
  readonly hardStart: number;
  hardEnd: number | undefined;
  readonly region: Region;
  readonly metaRegion: Region;

  constructor(bytes: Uint8Array, layout: PacketLayout, reuse?: Uint8Array) {
    const cap = Math.max(layout.hardEnd ?? layout.headroom + bytes.length + 256, layout.headroom + bytes.length);
    if (reuse && reuse.length === cap) {
      reuse.fill(0);
      this.buf = reuse;
    } else this.buf = new Uint8Array(cap);
    this.data = layout.headroom;
    this.buf.set(bytes, this.data);
    this.end = this.data + bytes.length;
    this.meta = this.data;
    this.hardStart = layout.hardStart ?? 0;
    this.hardEnd = layout.hardEnd;
    this.region = new Region('packet', 'packet', 0, this.buf);
    this.metaRegion = new Region('meta', 'packet metadata', 0, this.buf);
    this.region.owner = this;
    this.metaRegion.owner = this;
    this.metaRegion.space = this.region.space;
    this.sync();
  }

  get length(): number {
    return this.end - this.data;
  }

  /** Updates the regions' bounds after the offsets moved. */
  sync(): void {
    this.region.lo = this.data;
    this.region.hi = this.end;
    this.metaRegion.lo = this.meta;
    this.metaRegion.hi = this.data;
  }

  /** Invalidates every packet pointer made so far. */
  invalidate(): void {
    this.region.gen++;
    this.metaRegion.gen++;
  }

  /** The data bytes [data, data_end) (a copy). */
  bytes(): Uint8Array {
    return this.buf.slice(this.data, this.end);
  }

  /** Metadata and data [data_meta, data_end) (a copy): what XDP test runs return. */
  bytesWithMeta(): Uint8Array {
    return this.buf.slice(this.meta, this.end);
  }

  /** Makes sure buf has `head` free bytes before data_meta and `tail` after data_end. */
  private ensureRoom(head: number, tail: number): void {
    const needHead = Math.max(0, head - this.meta);
    const needTail = Math.max(0, this.end + tail - this.buf.length);
    if (!needHead && !needTail) return;
    const grownHead = needHead ? needHead + 64 : 0;
    const next = new Uint8Array(this.buf.length + grownHead + (needTail ? needTail + 64 : 0));
    next.set(this.buf, grownHead);
    this.buf = next;
    this.data += grownHead;
    this.end += grownHead;
    this.meta += grownHead;
    this.region.setBytes(next);
    this.metaRegion.setBytes(next);
  }

  /** Inserts n zero bytes at `at` bytes from data (the bytes before `at` move to the front). */
  insertAt(at: number, n: number): void {
    this.ensureRoom(n, 0);
    const hadMeta = this.meta < this.data;
    const b = this.buf;
    b.copyWithin(this.data - n, this.data, this.data + at);
    this.data -= n;
    if (!hadMeta) this.meta = this.data;
    b.fill(0, this.data + at, this.data + at + n);
    this.sync();
  }

  /** Removes n bytes at `at` bytes from data (the bytes before `at` move back). */
  removeAt(at: number, n: number): void {
    const hadMeta = this.meta < this.data;
    const b = this.buf;
    b.copyWithin(this.data + n, this.data, this.data + at);
    this.data += n;
    if (!hadMeta) this.meta = this.data;
    this.sync();
  }

  /** Moves data_end by delta (growing zero-fills). */
  resizeTail(delta: number): void {
    if (delta > 0) {
      this.ensureRoom(0, delta);
      this.buf.fill(0, this.end, this.end + delta);
    }
    this.end += delta;
    this.sync();
  }

  /** Moves data by delta (negative grows the front; new bytes keep what the buffer held). */
  moveData(delta: number): void {
    const hadMeta = this.meta < this.data;
    if (this.meta + delta < 0) this.ensureRoom(-(this.meta + delta), 0);
    this.data += delta;
    if (!hadMeta) this.meta = this.data;
    this.sync();
  }
}
