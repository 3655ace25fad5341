/**
 * The three checks at the point where a pointer is used: a load or store
 * through it, pointer arithmetic on it, or passing it to a helper.
 */
import type { Node } from 'web-tree-sitter';
import type { Analyzer, Frame } from './analyzer.ts';
import type { State } from './state.ts';
import type { Invalidation, Nullable, NullOrigin, Val } from './values.ts';

export interface CheckCx {
  a: Analyzer;
  frame: Frame;
}

export type UseKind = 'read' | 'write' | 'helper';

/** The verifier's limit on packet offsets. */
export const MAX_PACKET_OFF = 0xffff;

/**
 * A load or store of `size` bytes at `off` from the pointer `ptr`, written at `node`.
 * Reports what the verifier would reject; then assumes the use was fine so the
 * same path does not report the same cause twice.
 */
export function checkDeref(cx: CheckCx, st: State, ptr: Val, off: number | undefined, size: number | undefined, node: Node, use: UseKind, ptrText?: string): void {
  switch (ptr.k) {
    case 'pkt': {
      if (off === undefined || size === undefined || size <= 0) return;
      const start = ptr.off + off;
      const end = start + size;
      if (start < 0 || end <= ptr.range) return;
      const viaStale = st.view().staleChecks.get(`${ptr.base}:${ptr.id}`);
      if (viaStale) reportStale(cx, st, viaStale, node, { viaEnd: true, needBytes: end, base: ptr.base });
      else {
        cx.a.report(
          st,
          {
            code: 'bpf/packet-bounds',
            start: node.startIndex,
            end: node.endIndex,
            detail: { kind: 'bounds', off: start, size, range: ptr.range, variable: ptr.varMax > 0 || ptr.id >= 10, ptrText: ptrText ?? node.text },
          },
          cx.frame.fn,
        );
      }
      st.extendRange(ptr.base, ptr.id, Infinity);
      return;
    }
    case 'stale':
      reportStale(cx, st, ptr.inv, node, { viaEnd: false, needBytes: off === undefined || size === undefined ? undefined : ptr.off + off + size, base: ptr.was, ptrOff: ptr.off });
      return;
    case 'nullable':
      reportNull(cx, st, ptr, node, use === 'helper' ? 'arg' : 'deref');
      return;
    case 'scalar':
      if (ptr.nullOf) reportKnownNull(cx, st, ptr.nullOf, node, use === 'helper' ? 'arg' : 'deref');
      return;
    default:
      return;
  }
}

/** A use of the NULL a maybe-NULL helper returned (on a path where it was found NULL). */
export function reportKnownNull(cx: CheckCx, st: State, origin: NullOrigin, node: Node, use: 'deref' | 'arith' | 'arg'): void {
  const key = `null:${origin.start}`;
  if (st.reported.has(key)) return;
  st.reported.add(key);
  cx.a.report(
    st,
    {
      code: 'bpf/map-value-null',
      start: node.startIndex,
      end: node.endIndex,
      detail: { kind: 'null', helper: origin.helper, originStart: origin.start, originEnd: origin.end, use },
    },
    cx.frame.fn,
  );
}

export function reportStale(cx: CheckCx, st: State, inv: Invalidation, node: Node, extra: { viaEnd: boolean; needBytes?: number; base: string; ptrOff?: number }): void {
  const key = `stale:${inv.id}`;
  if (st.reported.has(key)) return;
  st.reported.add(key);
  cx.a.report(
    st,
    {
      code: 'bpf/stale-packet-pointer',
      start: node.startIndex,
      end: node.endIndex,
      detail: {
        kind: 'stale',
        helper: inv.helper,
        callStart: inv.start,
        callEnd: inv.end,
        chain: [...inv.chain],
        viaEnd: extra.viaEnd,
        ...(extra.needBytes !== undefined ? { needBytes: extra.needBytes } : {}),
        ...(extra.ptrOff !== undefined ? { ptrOff: extra.ptrOff } : {}),
        base: extra.base,
      },
    },
    cx.frame.fn,
  );
}

/** A maybe-NULL pointer used before a NULL test; afterwards it counts as tested on this path. */
export function reportNull(cx: CheckCx, st: State, p: Nullable, node: Node, use: 'deref' | 'arith' | 'arg'): void {
  cx.a.report(
    st,
    {
      code: 'bpf/map-value-null',
      start: node.startIndex,
      end: node.endIndex,
      detail: { kind: 'null', helper: p.origin.helper, originStart: p.origin.start, originEnd: p.origin.end, use },
    },
    cx.frame.fn,
  );
  markNonNull(st, p);
}

export function markNonNull(st: State, p: Nullable): void {
  st.mapValues((v) => (v.k === 'nullable' && v.id === p.id ? { k: 'obj', target: p.target, ...(p.mapName ? { mapName: p.mapName } : {}) } : undefined));
}

export function markNull(st: State, p: Nullable): void {
  st.mapValues((v) => (v.k === 'nullable' && v.id === p.id ? { k: 'scalar', lo: 0, hi: 0, prov: 'rt', nullOf: p.origin } : undefined));
}
