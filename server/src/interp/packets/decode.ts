/**
 * Decodes an Ethernet frame into named fields with offsets, for showing what a
 * program did to a packet. Never throws: anything odd becomes a problem.
 */
import { formatIpv4, formatIpv6, formatMac } from './bytes.ts';
import { checksumValid, ipv4PseudoSum, ipv6PseudoSum } from './checksum.ts';
import { decodeL4 } from './decode-l4.ts';
import { DecodeContext, ETHERTYPE_NAMES, IPPROTO_NAMES } from './decode-types.ts';
import type { DecodedPacket } from './decode-types.ts';

function ethertype(ctx: DecodeContext, name: string, off: number): number {
  const v = ctx.u16(off);
  const label = ETHERTYPE_NAMES[v];
  ctx.add({ name, offset: off, length: 2, value: v, text: `0x${v.toString(16).padStart(4, '0')}${label ? ` ${label}` : ''}` });
  return v;
}

function arp(ctx: DecodeContext, off: number): void {
  const p = ctx.layer('arp', off, 28);
  if (!ctx.has(off, 8)) {
    ctx.problem(`truncated: arp header needs 8 bytes, ${ctx.b.length - off} present`);
    return;
  }
  ctx.num(`${p}.ar_hrd`, off, 2);
  ctx.num(`${p}.ar_pro`, off + 2, 2, 'hex');
  const hln = ctx.num(`${p}.ar_hln`, off + 4, 1);
  const pln = ctx.num(`${p}.ar_pln`, off + 5, 1);
  const op = ctx.num(`${p}.ar_op`, off + 6, 2);
  if (hln !== 6 || pln !== 4) {
    ctx.summary.push(`arp op ${op}`);
    return;
  }
  if (!ctx.has(off, 28)) {
    ctx.problem(`truncated: arp needs 28 bytes, ${ctx.b.length - off} present`);
    return;
  }
  ctx.str(`${p}.ar_sha`, off + 8, 6, formatMac(ctx.b, off + 8));
  ctx.str(`${p}.ar_sip`, off + 14, 4, formatIpv4(ctx.b, off + 14));
  ctx.str(`${p}.ar_tha`, off + 18, 6, formatMac(ctx.b, off + 18));
  ctx.str(`${p}.ar_tip`, off + 24, 4, formatIpv4(ctx.b, off + 24));
  ctx.summary.push(
    op === 1 ? `arp who-has ${formatIpv4(ctx.b, off + 24)} tell ${formatIpv4(ctx.b, off + 14)}` : `arp ${formatIpv4(ctx.b, off + 14)} is-at ${formatMac(ctx.b, off + 8)}`,
  );
  ctx.payload('eth.padding', off + 28, ctx.b.length);
}

function ipv4Options(ctx: DecodeContext, p: string, off: number, end: number): void {
  const names: string[] = [];
  let i = off;
  for (let guard = 0; i < end && guard < 40; guard++) {
    const t = ctx.u8(i);
    if (t === 0) {
      names.push('EOL');
      break;
    }
    if (t === 1) {
      names.push('NOP');
      i++;
      continue;
    }
    const len = i + 1 < end ? ctx.u8(i + 1) : 0;
    if (len < 2 || i + len > end) {
      ctx.problem(`${p}.options: bad option ${t} length ${len}`);
      break;
    }
    names.push(({ 7: 'RR', 68: 'TS', 130: 'SEC', 131: 'LSRR', 137: 'SSRR', 148: 'RA' } as Record<number, string>)[t] ?? `opt${t}`);
    i += len;
  }
  ctx.str(`${p}.options`, off, end - off, names.join(','));
}

/** Decodes IPv4 at off; frameEnd is the end of the available bytes. */
function ipv4(ctx: DecodeContext, off: number, frameEnd: number): void {
  const avail = frameEnd - off;
  const p = ctx.layer('ip', off, 20);
  if (avail < 20) {
    ctx.problem(`truncated: ip header needs 20 bytes, ${avail} present`);
    if (avail >= 1) {
      ctx.num(`${p}.version`, off, 1, 'dec', 0xf0, 4);
      ctx.num(`${p}.ihl`, off, 1, 'dec', 0x0f);
    }
    ctx.payload(`${p}.partial`, off, frameEnd);
    return;
  }
  const version = ctx.num(`${p}.version`, off, 1, 'dec', 0xf0, 4);
  const ihl = ctx.num(`${p}.ihl`, off, 1, 'dec', 0x0f);
  ctx.num(`${p}.tos`, off + 1, 1, 'hex');
  const totLen = ctx.num(`${p}.tot_len`, off + 2, 2);
  ctx.num(`${p}.id`, off + 4, 2, 'hex');
  const fragRaw = ctx.num(`${p}.frag_off`, off + 6, 2, 'hex', undefined, 0, true);
  ctx.num(`${p}.df`, off + 6, 2, 'dec', 0x4000, 14);
  const mf = ctx.num(`${p}.mf`, off + 6, 2, 'dec', 0x2000, 13);
  const fragOffset = (fragRaw & 0x1fff) * 8;
  ctx.add({ name: `${p}.frag_offset`, offset: off + 6, length: 2, mask: 0x1fff, value: fragOffset, text: String(fragOffset) });
  ctx.num(`${p}.ttl`, off + 8, 1);
  const proto = ctx.u8(off + 9);
  ctx.add({ name: `${p}.protocol`, offset: off + 9, length: 1, value: proto, text: `${proto}${IPPROTO_NAMES[proto] ? ` ${IPPROTO_NAMES[proto]}` : ''}` });
  const hdrOk = ihl >= 5 && ihl * 4 <= avail;
  const check = ctx.u16(off + 10);
  ctx.add({
    name: `${p}.check`, offset: off + 10, length: 2, value: check, text: `0x${check.toString(16).padStart(4, '0')}`,
    checksum: hdrOk ? (checksumValid(ctx.b, off, off + ihl * 4) ? 'valid' : 'invalid') : 'unverifiable',
  });
  ctx.str(`${p}.saddr`, off + 12, 4, formatIpv4(ctx.b, off + 12));
  ctx.str(`${p}.daddr`, off + 16, 4, formatIpv4(ctx.b, off + 16));
  ctx.summary.push(`${p} ${formatIpv4(ctx.b, off + 12)} > ${formatIpv4(ctx.b, off + 16)}`);
  if (version !== 4) ctx.problem(`${p}.version ${version} != 4`);
  if (ihl < 5) {
    ctx.problem(`${p}.ihl ${ihl} < 5`);
    ctx.payload(`${p}.rest`, off + 20, frameEnd);
    return;
  }
  const hl = ihl * 4;
  if (hl > avail) {
    ctx.problem(`truncated: ip header with options needs ${hl} bytes, ${avail} present`);
    return;
  }
  if (hl > 20) ipv4Options(ctx, p, off + 20, off + hl);
  let end = off + totLen;
  let complete = true;
  if (totLen < hl) {
    ctx.problem(`${p}.tot_len ${totLen} < header length ${hl}`);
    end = frameEnd;
    complete = false;
  } else if (totLen > avail) {
    ctx.problem(`${p}.tot_len ${totLen} > ${avail} bytes present`);
    end = frameEnd;
    complete = false;
  }
  const isFragment = mf === 1 || fragOffset !== 0;
  if (isFragment) ctx.summary.push(`frag offset ${fragOffset}${mf ? ' MF' : ''}`);
  if (fragOffset !== 0) ctx.payload(`${p}.fragment`, off + hl, end);
  else {
    const pseudo = complete && !isFragment ? ipv4PseudoSum(ctx.b.subarray(off + 12, off + 16), ctx.b.subarray(off + 16, off + 20), proto, end - off - hl) : null;
    l4OrTunnel(ctx, proto, off + hl, end, pseudo, false);
  }
  if (end < frameEnd && ctx.prefix === '') ctx.payload('eth.padding', end, frameEnd);
}

const EXT_NAMES: Record<number, string> = { 0: 'hbh', 43: 'rt', 44: 'frag', 60: 'dstopt', 51: 'ah' };

function ipv6(ctx: DecodeContext, off: number, frameEnd: number): void {
  const avail = frameEnd - off;
  const p = ctx.layer('ip6', off, 40);
  if (avail < 40) {
    ctx.problem(`truncated: ip6 header needs 40 bytes, ${avail} present`);
    ctx.payload(`${p}.partial`, off, frameEnd);
    return;
  }
  const version = ctx.num(`${p}.version`, off, 1, 'dec', 0xf0, 4);
  ctx.num(`${p}.tclass`, off, 2, 'hex', 0x0ff0, 4);
  const w = ctx.u32(off) & 0xfffff;
  ctx.add({ name: `${p}.flow_lbl`, offset: off + 1, length: 3, mask: 0x0fffff, value: w, text: `0x${w.toString(16).padStart(5, '0')}` });
  const plen = ctx.num(`${p}.payload_len`, off + 4, 2);
  let nh = ctx.num(`${p}.nexthdr`, off + 6, 1);
  ctx.num(`${p}.hop_limit`, off + 7, 1);
  ctx.str(`${p}.saddr`, off + 8, 16, formatIpv6(ctx.b, off + 8));
  ctx.str(`${p}.daddr`, off + 24, 16, formatIpv6(ctx.b, off + 24));
  ctx.summary.push(`${p} ${formatIpv6(ctx.b, off + 8)} > ${formatIpv6(ctx.b, off + 24)}`);
  if (version !== 6) ctx.problem(`${p}.version ${version} != 6`);
  let end = off + 40 + plen;
  let complete = true;
  if (40 + plen > avail) {
    ctx.problem(`${p}.payload_len ${plen} > ${avail - 40} bytes present`);
    end = frameEnd;
    complete = false;
  }
  let finalDst = ctx.b.subarray(off + 24, off + 40);
  let i = off + 40;
  for (let guard = 0; guard < 16 && EXT_NAMES[nh] !== undefined; guard++) {
    const isFrag = nh === 44;
    if (i + (isFrag ? 8 : 2) > end) {
      ctx.problem(`truncated: ip6 ${EXT_NAMES[nh]} header`);
      return;
    }
    const len = isFrag ? 8 : nh === 51 ? (ctx.u8(i + 1) + 2) * 4 : (ctx.u8(i + 1) + 1) * 8;
    const e = ctx.layer(`${p}.${EXT_NAMES[nh]}`, i, len);
    if (i + len > end) {
      ctx.problem(`truncated: ${e} needs ${len} bytes, ${end - i} present`);
      return;
    }
    const next = ctx.num(`${e}.nexthdr`, i, 1);
    if (!isFrag) ctx.num(`${e}.hdrlen`, i + 1, 1);
    if (nh === 43) {
      const type = ctx.num(`${e}.type`, i + 2, 1);
      const left = ctx.num(`${e}.segments_left`, i + 3, 1);
      const n = Math.floor((len - 8) / 16);
      if (left > 0 && n > 0) {
        // RFC 8200 8.1: the pseudo-header uses the final destination.
        const at = type === 4 ? i + 8 : i + 8 + 16 * (n - 1);
        finalDst = ctx.b.subarray(at, at + 16);
      }
    } else if (isFrag) {
      const fo = ctx.u16(i + 2);
      ctx.add({ name: `${e}.frag_off`, offset: i + 2, length: 2, mask: 0xfff8, value: fo & 0xfff8, text: String(fo & 0xfff8) });
      const m = ctx.num(`${e}.mf`, i + 2, 2, 'dec', 1);
      ctx.num(`${e}.identification`, i + 4, 4, 'hex');
      if ((fo & 0xfff8) !== 0) {
        ctx.payload(`${e}.fragment`, i + 8, end);
        return;
      }
      if (m) complete = false;
    }
    nh = next;
    i += len;
  }
  const pseudo = complete ? ipv6PseudoSum(ctx.b.subarray(off + 8, off + 24), finalDst, nh, end - i) : null;
  if (nh !== 59) l4OrTunnel(ctx, nh, i, end, pseudo, true);
  if (end < frameEnd && ctx.prefix === '') ctx.payload('eth.padding', end, frameEnd);
}

function l4OrTunnel(ctx: DecodeContext, proto: number, off: number, end: number, pseudo: number | null, v6: boolean): void {
  if ((proto === 4 || proto === 41) && ctx.prefix === '') {
    ctx.prefix = 'inner.';
    if (proto === 4) ipv4(ctx, off, end);
    else ipv6(ctx, off, end);
    ctx.prefix = '';
    return;
  }
  decodeL4(ctx, proto, off, end, { pseudoSum: pseudo, v6 });
}

/** Decodes an Ethernet II frame (with any number of 802.1Q/802.1ad tags). */
export function decodePacket(bytes: Uint8Array): DecodedPacket {
  const ctx = new DecodeContext(bytes);
  try {
    decodeFrame(ctx);
  } catch (e) {
    // Defensive: a decoder bug must never take the caller down.
    ctx.problem(`decoder error: ${e instanceof Error ? e.message : String(e)}`);
  }
  const checksums = ctx.fields.filter((f) => f.checksum !== undefined).map((f) => ({ field: f.name, status: f.checksum! }));
  return {
    length: bytes.length,
    layers: ctx.layers,
    fields: ctx.fields,
    problems: ctx.problems,
    malformed: ctx.problems.length > 0,
    checksums,
    summary: ctx.summary.join(' / ') || `${bytes.length} bytes`,
  };
}

function decodeFrame(ctx: DecodeContext): void {
  const b = ctx.b;
  ctx.add({ name: 'frame.len', offset: 0, length: 0, value: b.length, text: String(b.length) });
  if (b.length < 14) {
    ctx.problem(`truncated: ethernet header needs 14 bytes, ${b.length} present`);
    ctx.payload('frame.bytes', 0, b.length);
    return;
  }
  ctx.layer('eth', 0, 14);
  ctx.summary.push('eth');
  ctx.str('eth.h_dest', 0, 6, formatMac(b, 0));
  ctx.str('eth.h_source', 6, 6, formatMac(b, 6));
  let type = ethertype(ctx, 'eth.h_proto', 12);
  let off = 14;
  for (let guard = 0; (type === 0x8100 || type === 0x88a8) && guard < 8; guard++) {
    const p = ctx.layer('vlan', off, 4);
    if (!ctx.has(off, 4)) {
      ctx.problem(`truncated: ${p} tag needs 4 bytes, ${b.length - off} present`);
      return;
    }
    ctx.num(`${p}.tci`, off, 2, 'hex', undefined, 0, true);
    ctx.num(`${p}.pcp`, off, 2, 'dec', 0xe000, 13);
    ctx.num(`${p}.dei`, off, 2, 'dec', 0x1000, 12);
    const vid = ctx.num(`${p}.id`, off, 2, 'dec', 0x0fff);
    ctx.summary.push(`vlan ${vid}`);
    type = ethertype(ctx, `${p}.proto`, off + 2);
    off += 4;
  }
  if (type === 0x0800) ipv4(ctx, off, b.length);
  else if (type === 0x86dd) ipv6(ctx, off, b.length);
  else if (type === 0x0806) arp(ctx, off);
  else ctx.payload('eth.payload', off, b.length);
}
