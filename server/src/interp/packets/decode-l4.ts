/** TCP, UDP, ICMP and ICMPv6 decoding with checksum checks. */
import { checksumValid } from './checksum.ts';
import type { ChecksumStatus } from './decode-types.ts';
import { DecodeContext } from './decode-types.ts';

export interface L4Env {
  /** Pseudo-header sum for TCP/UDP/ICMPv6; null when the datagram cannot be checked (fragment, cut short). */
  pseudoSum: number | null;
  /** True under IPv6 (a zero UDP checksum is then invalid, not absent). */
  v6: boolean;
}

function checksumField(ctx: DecodeContext, name: string, off: number, status: ChecksumStatus): void {
  const v = ctx.u16(off);
  ctx.add({ name, offset: off, length: 2, value: v, text: `0x${v.toString(16).padStart(4, '0')}`, checksum: status });
}

function status(ctx: DecodeContext, start: number, end: number, env: L4Env, pseudo: boolean): ChecksumStatus {
  if (env.pseudoSum === null) return 'unverifiable';
  return checksumValid(ctx.b, start, end, pseudo ? env.pseudoSum : 0) ? 'valid' : 'invalid';
}

const TCP_FLAGS: [string, number][] = [
  ['fin', 0x01], ['syn', 0x02], ['rst', 0x04], ['psh', 0x08], ['ack', 0x10], ['urg', 0x20], ['ece', 0x40], ['cwr', 0x80],
];

function tcpOptions(ctx: DecodeContext, p: string, off: number, end: number): void {
  const names: string[] = [];
  let i = off;
  for (let guard = 0; i < end && guard < 40; guard++) {
    const kind = ctx.u8(i);
    if (kind === 0) {
      names.push('EOL');
      break;
    }
    if (kind === 1) {
      names.push('NOP');
      i++;
      continue;
    }
    if (i + 1 >= end) break;
    const len = ctx.u8(i + 1);
    if (len < 2 || i + len > end) {
      ctx.problem(`${p}: bad option ${kind} length ${len}`);
      break;
    }
    if (kind === 2 && len === 4) ctx.num(`${p}.opt.mss`, i + 2, 2);
    else if (kind === 3 && len === 3) ctx.num(`${p}.opt.wscale`, i + 2, 1);
    else if (kind === 8 && len === 10) {
      ctx.num(`${p}.opt.tsval`, i + 2, 4);
      ctx.num(`${p}.opt.tsecr`, i + 6, 4);
    }
    names.push(({ 2: 'MSS', 3: 'WS', 4: 'SACK_PERM', 5: 'SACK', 8: 'TS' } as Record<number, string>)[kind] ?? `opt${kind}`);
    i += len;
  }
  ctx.str(`${p}.options`, off, end - off, names.join(','));
}

function tcp(ctx: DecodeContext, off: number, end: number, env: L4Env): void {
  const p = ctx.layer('tcp', off, end - off);
  if (end - off < 20) {
    ctx.problem(`truncated: tcp header needs 20 bytes, ${end - off} present`);
    return;
  }
  const sport = ctx.num(`${p}.source`, off, 2);
  const dport = ctx.num(`${p}.dest`, off + 2, 2);
  ctx.num(`${p}.seq`, off + 4, 4);
  ctx.num(`${p}.ack_seq`, off + 8, 4);
  const doff = ctx.num(`${p}.doff`, off + 12, 1, 'dec', 0xf0, 4);
  const flags = ctx.u8(off + 13);
  const set = TCP_FLAGS.filter(([, bit]) => flags & bit).map(([n]) => n.toUpperCase());
  ctx.add({ name: `${p}.flags`, offset: off + 13, length: 1, value: flags, text: set.join('|') || 'none' });
  for (const [n, bit] of TCP_FLAGS) ctx.num(`${p}.${n}`, off + 13, 1, 'dec', bit, Math.log2(bit), true);
  ctx.num(`${p}.window`, off + 14, 2);
  checksumField(ctx, `${p}.check`, off + 16, status(ctx, off, end, env, true));
  ctx.num(`${p}.urg_ptr`, off + 18, 2);
  ctx.summary.push(`tcp ${sport} > ${dport} [${set.join(',')}]`);
  if (doff < 5) {
    ctx.problem(`tcp.doff ${doff} < 5`);
    return;
  }
  if (off + doff * 4 > end) {
    ctx.problem(`truncated: tcp header needs ${doff * 4} bytes, ${end - off} present`);
    return;
  }
  if (doff > 5) tcpOptions(ctx, p, off + 20, off + doff * 4);
  ctx.payload(`${p}.payload`, off + doff * 4, end);
}

function udp(ctx: DecodeContext, off: number, end: number, env: L4Env): void {
  const p = ctx.layer('udp', off, end - off);
  if (end - off < 8) {
    ctx.problem(`truncated: udp header needs 8 bytes, ${end - off} present`);
    return;
  }
  const sport = ctx.num(`${p}.source`, off, 2);
  const dport = ctx.num(`${p}.dest`, off + 2, 2);
  const len = ctx.num(`${p}.len`, off + 4, 2);
  let udpEnd = end;
  let envHere = env;
  if (len < 8) ctx.problem(`udp.len ${len} < 8`);
  else if (off + len > end) {
    if (env.pseudoSum !== null) ctx.problem(`udp.len ${len} > ${end - off} bytes present`);
    envHere = { ...env, pseudoSum: null };
  } else udpEnd = off + len;
  const zero = ctx.u16(off + 6) === 0;
  const st: ChecksumStatus = zero && !env.v6 ? 'absent' : status(ctx, off, udpEnd, envHere, true);
  checksumField(ctx, `${p}.check`, off + 6, st);
  ctx.summary.push(`udp ${sport} > ${dport}`);
  ctx.payload(`${p}.payload`, off + 8, udpEnd);
  if (udpEnd < end) ctx.payload(`${p}.trailer`, udpEnd, end);
}

function icmp(ctx: DecodeContext, off: number, end: number, env: L4Env, v6: boolean): void {
  const base = v6 ? 'icmp6' : 'icmp';
  const p = ctx.layer(base, off, end - off);
  if (end - off < 8) {
    ctx.problem(`truncated: ${base} header needs 8 bytes, ${end - off} present`);
    return;
  }
  const type = ctx.num(`${p}.type`, off, 1);
  ctx.num(`${p}.code`, off + 1, 1);
  checksumField(ctx, v6 ? `${p}.cksum` : `${p}.checksum`, off + 2, status(ctx, off, end, env, v6));
  const echo = v6 ? type === 128 || type === 129 : type === 0 || type === 8;
  if (echo) {
    ctx.num(`${p}.id`, off + 4, 2);
    ctx.num(`${p}.sequence`, off + 6, 2);
  } else ctx.num(`${p}.un`, off + 4, 4, 'hex');
  const names: Record<number, string> = v6
    ? { 1: 'unreachable', 2: 'too-big', 3: 'time-exceeded', 128: 'echo-request', 129: 'echo-reply', 133: 'rs', 134: 'ra', 135: 'ns', 136: 'na' }
    : { 0: 'echo-reply', 3: 'unreachable', 8: 'echo-request', 11: 'time-exceeded' };
  ctx.summary.push(`${base} ${names[type] ?? `type ${type}`}`);
  ctx.payload(`${p}.payload`, off + 8, end);
}

/** Decodes the layer-4 header at off (datagram ends at end). Unknown protocols become a payload field. */
export function decodeL4(ctx: DecodeContext, proto: number, off: number, end: number, env: L4Env): void {
  if (proto === 6) tcp(ctx, off, end, env);
  else if (proto === 17) udp(ctx, off, end, env);
  else if (proto === 1) icmp(ctx, off, end, env, false);
  else if (proto === 58) icmp(ctx, off, end, env, true);
  else ctx.payload(`${ctx.prefix}payload`, off, end);
}
