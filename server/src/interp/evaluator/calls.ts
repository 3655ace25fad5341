/**
 * Calls: program functions (a new frame each), BPF helpers (by the helper
 * database's name and id, dispatched to ../helpers with packet pointers
 * invalidated after helpers that change packet data), calls through function
 * pointers, and the compiler builtins BPF programs use (__builtin_memcpy,
 * __builtin_bswap*, __sync_* and __atomic_* ...).
 */
import { helperIndex } from '../../helpers/database.ts';
import { helperImpl, ProgramExit, type RunEnv } from '../helpers/index.ts';
import { Ptr, type Value } from '../memory/region.ts';
import { isRecord, promote, T, typeName, type FnType } from '../types/ctypes.ts';
import { fieldOf, namedChildren, type Ast } from './ast.ts';
import { builtin } from './builtins.ts';
import type { CE, FnCx } from './ce.ts';
import type { Compiler } from './compiler.ts';
import { compileExpr, decayed } from './expr.ts';
import { Fault, withRange } from './fault.ts';
import { convertTo } from './lvalue.ts';
import type { Ev } from './machine.ts';
import { conversion } from './ops.ts';
import type { Scope } from './scope.ts';
import { fail } from './types-ast.ts';


/** Default argument promotions for variadic arguments. */
export function promoted(a: CE): Ev {
  const t = decayed(a.t);
  if (t.k === 'int') return convertTo(a, promote(t));
  return a.ev;
}

export function compileCall(c: Compiler, n: Ast, sc: Scope, fx: FnCx | null): CE {
  const at = [n.start, n.end] as const;
  const fnNode = fieldOf(n, 'function')!;
  const argList = fieldOf(n, 'arguments');
  const argNodes = argList ? namedChildren(argList) : [];
  if (fnNode.type === 'identifier') {
    const name = c.text(fnNode);
    const b = sc.lookup(name);
    if (!b || b.k === 'typedef' || b.k === 'enum') {
      const bi = builtin(c, name, n, argNodes, sc, fx);
      if (bi) return bi;
    }
    const args = argNodes.map((a) => compileExpr(c, a, sc, fx));
    if (b?.k === 'func') {
      c.noteCall(name);
      const entry = c.functions.get(name);
      if (!entry) fail(`function "${name}" has no body`, n);
      return userCall(c, entry.name, b.type, args, at, n);
    }
    if (b?.k === 'helper') return helperCall(name, b.id, b.type, args, at);
    if (b?.k === 'intrinsic') return intrinsicCall(b.intrinsic, name, args, at, n);
    if (!b) {
      const h = c.helperByName(name);
      if (h) return helperCall(name, h.id, h.type, args, at);
      fail(`call to undeclared function "${name}"`, fnNode);
    }
    return indirectCall(c, compileExpr(c, fnNode, sc, fx), args, at, n);
  }
  const callee = compileExpr(c, fnNode, sc, fx);
  const args = argNodes.map((a) => compileExpr(c, a, sc, fx));
  return indirectCall(c, callee, args, at, n);
}

function bindArgs(t: FnType, args: CE[], n: Ast): Ev[] {
  if (!t.unprototyped && !t.variadic && args.length !== t.params.length) fail(`expected ${t.params.length} argument(s), got ${args.length}`, n);
  if (!t.unprototyped && args.length < t.params.length) fail(`too few arguments (expected ${t.params.length})`, n);
  return args.map((a, i) => (i < t.params.length ? (isRecord(t.params[i]) ? a.ev : convertTo(a, t.params[i])) : promoted(a)));
}

function userCall(c: Compiler, name: string, t: FnType, args: CE[], at: readonly [number, number], n: Ast): CE {
  const evs = bindArgs(t, args, n);
  const count = evs.length;
  const entry = c.functions.get(name)!;
  return {
    t: t.ret,
    ev: (f) => {
      const argv: Value[] = new Array(count);
      for (let i = 0; i < count; i++) argv[i] = evs[i](f);
      return f.m.call(entry.impl ?? c.compileFunction(entry), argv, at);
    },
    at,
  };
}

function indirectCall(c: Compiler, callee: CE, args: CE[], at: readonly [number, number], n: Ast): CE {
  const ft = callee.t.k === 'ptr' ? callee.t.to : callee.t;
  if (ft.k !== 'fn') fail(`called object is not a function (${typeName(callee.t)})`, n);
  const evs = bindArgs(ft, args, n);
  return {
    t: ft.ret,
    ev: (f) => {
      const target = callee.ev(f);
      if (!(target instanceof Ptr) || target.r.kind !== 'func') {
        throw new Fault(target === 0 ? 'call through a NULL function pointer' : 'call through an invalid function pointer', 'invalid-pointer', at[0], at[1]);
      }
      const entry = c.functions.get(target.r.name);
      if (!entry) throw new Fault(`call of "${target.r.name}", which has no body`, 'unsupported', at[0], at[1]);
      return f.m.call(entry.impl ?? c.compileFunction(entry), evs.map((e) => e(f)), at);
    },
    at,
  };
}

const allowedCache = new Map<string, Set<string> | null>();

function allowedTypes(name: string): Set<string> | null {
  if (!allowedCache.has(name)) {
    const h = helperIndex().helper(name);
    allowedCache.set(name, h && h.programTypes.length ? new Set(h.programTypes.map((t) => t.split('/')[0])) : null);
  }
  return allowedCache.get(name)!;
}

export function helperCall(name: string, id: number, t: FnType, args: CE[], at: readonly [number, number]): CE {
  const impl = helperImpl(name);
  const db = helperIndex().helper(name);
  const dbName = db?.name ?? name;
  const changes = db?.changesPktData ?? false;
  const evs = args.map((a, i) => (i < t.params.length ? convertTo(a, t.params[i]) : promoted(a)));
  const retConv = t.ret.k === 'void' ? null : conversion(T.long, t.ret);
  const count = evs.length;
  const call = { name: dbName, id };
  if (!impl) {
    return {
      t: t.ret,
      ev: () => {
        throw new Fault(`helper ${dbName} (id ${id}) has no model in the interpreter`, 'unknown-helper', at[0], at[1]);
      },
      at,
    };
  }
  const allowed = allowedTypes(dbName);
  return {
    t: t.ret,
    ev: (f) => {
      const env = f.m.env as RunEnv;
      if (allowed && !allowed.has(env.progType)) {
        throw new Fault(`${dbName} is not available to ${env.progType} programs (the verifier rejects the call)`, 'program', at[0], at[1]);
      }
      const argv: Value[] = new Array(count);
      for (let i = 0; i < count; i++) argv[i] = evs[i](f);
      let r: Value;
      try {
        r = impl(env, argv, call);
      } catch (e) {
        throw withRange(e, at);
      } finally {
        if (changes) env.packet.invalidate();
      }
      return retConv ? retConv(r) : r;
    },
    at,
  };
}

/** LLVM's BPF intrinsics behind classic packet loads (BPF_LD | BPF_ABS/IND). */
function intrinsicCall(intrinsic: string, name: string, args: CE[], at: readonly [number, number], n: Ast): CE {
  const m = /^llvm\.bpf\.load\.(byte|half|word)$/.exec(intrinsic);
  if (!m) fail(`"${name}" is bound to ${intrinsic}, which the interpreter does not model`, n);
  if (args.length !== 2) fail(`${name} takes (skb, offset)`, n);
  const size = m[1] === 'byte' ? 1 : m[1] === 'half' ? 2 : 4;
  const off = convertTo(args[1], T.ulong);
  return {
    t: T.ullong,
    ev: (f) => {
      const env = f.m.env as RunEnv;
      const o = BigInt.asIntN(64, off(f) as bigint);
      const p = env.packet;
      // out of the packet: the program ends with return value 0
      if (o < 0n || o + BigInt(size) > BigInt(p.length)) throw new ProgramExit(0);
      let v = 0;
      for (let i = 0; i < size; i++) v = v * 256 + p.buf[p.data + Number(o) + i];
      return BigInt(v);
    },
    at,
  };
}

