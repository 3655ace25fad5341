/**
 * Helpers without packet semantics: the virtual clock, the seeded PRNG, the
 * CPU id, bpf_trace_printk formatting, kernel memory reads, spin locks.
 */
import { EFAULT, EINVAL } from '../maps/index.ts';
import { Ptr, readBytes, writeBytes, type Value } from '../memory/region.ts';
import { Fault } from '../evaluator/fault.ts';
import type { RunEnv } from './env.ts';
import { err, ptrArg, register, u32, u64 } from './registry.ts';

function tick(env: RunEnv): bigint {
  const t = env.clock;
  env.clock += env.clockStep;
  return t;
}

register('bpf_ktime_get_ns', (env) => tick(env));
register('bpf_ktime_get_boot_ns', (env) => tick(env));
register('bpf_ktime_get_coarse_ns', (env) => tick(env));
register('bpf_ktime_get_tai_ns', (env) => tick(env));
register('bpf_jiffies64', (env) => tick(env) / 4_000_000n); // HZ=250
register('bpf_get_prandom_u32', (env) => BigInt(env.random() >>> 0));
register('bpf_get_smp_processor_id', (env) => BigInt(env.cpu));
register('bpf_get_numa_node_id', () => 0n);
register('bpf_spin_lock', () => 0n);
register('bpf_spin_unlock', () => 0n);

/** A C string at p (up to max bytes). */
function cString(p: Value, max: number): string {
  if (!(p instanceof Ptr)) return '(null)';
  const r = p.r;
  const out: number[] = [];
  for (let i = p.off; i < Math.min(r.hi, p.off + max); i++) {
    const b = r.special ? Number(r.special.load(i, 1, false)) : r.bytes[i];
    if (b === 0) break;
    out.push(b);
  }
  return new TextDecoder().decode(new Uint8Array(out));
}

function ip4(v: Value): string {
  if (!(v instanceof Ptr)) return '(null)';
  const b = readBytes(v, 4);
  return [...b].join('.');
}

function ip6(v: Value, compact: boolean): string {
  if (!(v instanceof Ptr)) return '(null)';
  const b = readBytes(v, 16);
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((b[i] << 8) | b[i + 1]).toString(16).padStart(compact ? 1 : 4, '0'));
  if (!compact) return words.join(':');
  // longest run of zero words becomes "::"
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return words.join(':');
  return `${words.slice(0, best).join(':')}::${words.slice(best + bestLen).join(':')}`;
}

/**
 * The kernel's bpf_trace_printk format (bpf_bprintf_prepare): %d %i %u %x %X
 * %o %c %s %p (%pK %px %pI4 %pi4 %pI6 %pi6 %pS) with l/ll/h/hh, flags 0+-
 * space and a width; at most 3 arguments. Returns the text, or undefined when
 * the kernel would reject the format (-EINVAL).
 */
export function formatPrintk(fmt: string, args: Value[]): string | undefined {
  let out = '';
  let ai = 0;
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i];
    if (ch !== '%') {
      out += ch;
      continue;
    }
    i++;
    if (fmt[i] === '%') {
      out += '%';
      continue;
    }
    let flags = '';
    while ('0+- '.includes(fmt[i] ?? 'x') && i < fmt.length) flags += fmt[i++];
    let width = '';
    while (/[0-9]/.test(fmt[i] ?? '')) width += fmt[i++];
    if (ai >= args.length && fmt[i] !== undefined) return undefined;
    const arg = args[ai++];
    if (fmt[i] === 'p') {
      i++;
      const mod = fmt[i];
      let s: string;
      if (mod === 'I' || mod === 'i') {
        const kind = fmt[i + 1];
        i++;
        if (kind === '4') s = ip4(arg);
        else if (kind === '6') s = ip6(arg, mod === 'I');
        else return undefined;
      } else {
        if (mod === 'K' || mod === 'x' || mod === 'S' || mod === 's' || mod === 'B') {
          /* modifier consumed */
        } else i--;
        s = arg instanceof Ptr ? `0x${(0xffff000000000000 + arg.r.id * 0x1000 + arg.off).toString(16)}` : `0x${BigInt.asUintN(64, BigInt(arg ?? 0)).toString(16)}`;
      }
      out += pad(s, flags, width);
      continue;
    }
    if (fmt[i] === 's') {
      out += pad(cString(arg, 1024), flags, width);
      continue;
    }
    if (fmt[i] === 'c') {
      out += pad(String.fromCharCode(Number(u64(arg ?? 0) & 0xffn)), flags, width);
      continue;
    }
    let size = 4;
    if (fmt[i] === 'l') {
      size = 8;
      i++;
      if (fmt[i] === 'l') i++;
    } else if (fmt[i] === 'h') {
      size = 2;
      i++;
      if (fmt[i] === 'h') {
        size = 1;
        i++;
      }
    } else if (fmt[i] === 'z') {
      size = 8;
      i++;
    }
    const conv = fmt[i];
    if (!conv || !'diuxXo'.includes(conv)) return undefined;
    if (arg instanceof Ptr) return undefined;
    const raw = BigInt.asUintN(size * 8, BigInt(arg ?? 0));
    let s: string;
    if (conv === 'd' || conv === 'i') s = BigInt.asIntN(size * 8, raw).toString();
    else if (conv === 'u') s = raw.toString();
    else if (conv === 'o') s = raw.toString(8);
    else s = conv === 'X' ? raw.toString(16).toUpperCase() : raw.toString(16);
    if (flags.includes('+') && (conv === 'd' || conv === 'i') && !s.startsWith('-')) s = '+' + s;
    else if (flags.includes(' ') && (conv === 'd' || conv === 'i') && !s.startsWith('-')) s = ' ' + s;
    out += pad(s, flags, width);
  }
  return out;
}

function pad(s: string, flags: string, width: string): string {
  const w = Number(width || 0);
  if (s.length >= w) return s;
  if (flags.includes('-')) return s.padEnd(w, ' ');
  if (flags.includes('0')) {
    const sign = /^[+\- ]/.test(s) ? s[0] : '';
    return sign + s.slice(sign.length).padStart(w - sign.length, '0');
  }
  return s.padStart(w, ' ');
}

register('bpf_trace_printk', (env, args, call) => {
  const fmtPtr = ptrArg(args[0], 'fmt', call);
  const size = u32(args[1]);
  if (size === 0) return err(EINVAL);
  const raw = readBytes(fmtPtr, size);
  if (raw.indexOf(0) < 0) return err(EINVAL); // the format must be NUL-terminated within fmt_size
  const fmt = new TextDecoder().decode(raw.subarray(0, raw.indexOf(0)));
  const rest = args.slice(2);
  if (rest.length > 3) throw new Fault('bpf_trace_printk takes at most 3 arguments after the format', 'program');
  const text = formatPrintk(fmt, rest);
  if (text === undefined) return err(EINVAL);
  env.trace.push(text.endsWith('\n') ? text.slice(0, -1) : text);
  return BigInt(new TextEncoder().encode(text).length);
});

function probeRead(str: boolean) {
  return (_env: RunEnv, args: Value[]): Value => {
    const dst = args[0];
    const size = u32(args[1]);
    const src = args[2];
    if (!(dst instanceof Ptr)) throw new Fault('bpf_probe_read*: dst is not a pointer', 'invalid-pointer');
    if (!(src instanceof Ptr)) {
      writeBytes(dst, new Uint8Array(size));
      return err(EFAULT);
    }
    try {
      if (!str) {
        writeBytes(dst, readBytes(src, size));
        return 0n;
      }
      const out: number[] = [];
      for (let i = 0; i < size - 1; i++) {
        const b = readBytes(src.add(i), 1)[0];
        if (b === 0) break;
        out.push(b);
      }
      out.push(0);
      writeBytes(dst, new Uint8Array(out));
      return BigInt(out.length);
    } catch (e) {
      if (e instanceof Fault && e.kind !== 'stale-packet-pointer') {
        writeBytes(dst, new Uint8Array(size));
        return err(EFAULT);
      }
      throw e;
    }
  };
}

register('bpf_probe_read_kernel', probeRead(false));
register('bpf_probe_read', probeRead(false));
register('bpf_probe_read_kernel_str', probeRead(true));
register('bpf_probe_read_str', probeRead(true));


// The interpreter's world has no sockets: lookups find nothing.
register('bpf_sk_lookup_tcp', () => 0);
register('bpf_sk_lookup_udp', () => 0);
register('bpf_skc_lookup_tcp', () => 0);
register('bpf_sk_release', () => 0n);
// test runs attach a dummy socket owned by root; its cookie is fixed here
register('bpf_get_socket_uid', () => 0n);
register('bpf_get_socket_cookie', () => 1n);
