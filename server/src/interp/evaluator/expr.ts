/**
 * Expressions: literals, names, operators, casts, sizeof/offsetof,
 * conditionals, assignments, compound literals and GNU statement
 * expressions. Constant operands are folded at compile time.
 */
import { Ptr, type Value } from '../memory/region.ts';
import { parseIntLiteral } from '../types/arith.ts';
import { alignOf, findField, isRecord, promote, ptrTo, sizeOf, T, typeName, usualArith, type CType, type IntType } from '../types/ctypes.ts';
import { fieldOf, namedChildren, type Ast } from './ast.ts';
import { compileCall } from './calls.ts';
import type { CE, FnCx } from './ce.ts';
import type { Compiler } from './compiler.ts';
import { Fault } from './fault.ts';
import { assignment, compoundLiteral, conditional, update } from './assign.ts';
import { addressOf, convertTo, deref, fieldAccess, globalAddr, memObject, slotAddr, subscript, uninitSlot } from './lvalue.ts';
import type { Ev, Frame } from './machine.ts';
import { compare, intArith, ptrAdd, ptrDiff, shift, truthy } from './ops.ts';
import type { Scope } from './scope.ts';
import { compileBlockValue } from './stmt.ts';
import { descriptorType, fail } from './types-ast.ts';
import { decodeStringBody } from '../preprocessor/lexer.ts';

export const NOFRAME = null as unknown as Frame;

export function konst(t: CType, v: Value, at: readonly [number, number]): CE {
  return { t, ev: () => v, k: v, at };
}

/** Folds an operation whose operands are all constant. */
export function fold(t: CType, ev: Ev, at: readonly [number, number], ...parts: CE[]): CE {
  if (parts.every((p) => p.k !== undefined && !(p.k instanceof Ptr))) {
    try {
      const v = ev(NOFRAME);
      return konst(t, v, at);
    } catch {
      // leave it to run time (e.g. a fault the program may never reach)
    }
  }
  return { t, ev, at };
}

/** The type a value of type t has after array/function decay. */
export function decayed(t: CType): CType {
  return t.k === 'arr' ? ptrTo(t.of) : t.k === 'fn' ? ptrTo(t) : t;
}

export function condOf(ce: CE): (f: Frame) => boolean {
  const ev = ce.ev;
  if (ce.k !== undefined) {
    const b = truthy(ce.k);
    return () => b;
  }
  return (f) => {
    const v = ev(f);
    return v !== 0 && v !== 0n;
  };
}

export function compileExpr(c: Compiler, n: Ast, sc: Scope, fx: FnCx | null): CE {
  const at = [n.start, n.end] as const;
  switch (n.type) {
    case 'number_literal':
      return numberLiteral(c, n);
    case 'char_literal': {
      const raw = c.text(n);
      const body = raw.slice(raw.indexOf("'") + 1, -1);
      const bytes = decodeStringBody(body);
      let v = 0;
      for (const b of bytes) v = (v << 8) | b;
      if (bytes.length === 1) v = (bytes[0] << 24) >> 24; // char is signed
      return konst(T.int, v, at);
    }
    case 'string_literal':
    case 'concatenated_string': {
      const bytes = c.stringBytes(n);
      const r = c.stringRegion(bytes);
      const p = new Ptr(r, 0, 0);
      return { t: c.stringType(bytes.length), ev: () => p, at };
    }
    case 'true':
      return konst(T.int, 1, at);
    case 'false':
      return konst(T.int, 0, at);
    case 'null':
    case 'nullptr':
      return konst(ptrTo(T.void), 0, at);
    case 'identifier':
      return identifier(c, n, sc, fx);
    case 'parenthesized_expression': {
      const inner = namedChildren(n)[0];
      if (!inner) fail('empty parentheses', n);
      if (inner.type === 'compound_statement') return compileBlockValue(c, inner, sc, fx, at);
      const ce = compileExpr(c, inner, sc, fx);
      return { ...ce, at };
    }
    case 'binary_expression': {
      const cast = typedefCastBinary(c, n, sc, fx);
      return cast ?? binary(c, n, sc, fx);
    }
    case 'unary_expression':
      return unary(c, n, sc, fx);
    case 'update_expression':
      return update(c, n, sc, fx);
    case 'pointer_expression': {
      const op = c.text(n.children.find((x) => x.field === 'operator')!);
      const arg = compileExpr(c, fieldOf(n, 'argument')!, sc, fx);
      return op === '*' ? deref(c, n, arg) : addressOf(n, arg);
    }
    case 'assignment_expression':
      return assignment(c, n, sc, fx);
    case 'conditional_expression':
      return conditional(c, n, sc, fx);
    case 'comma_expression': {
      const l = compileExpr(c, fieldOf(n, 'left')!, sc, fx);
      const r = compileExpr(c, fieldOf(n, 'right')!, sc, fx);
      const le = l.ev;
      const re = r.ev;
      return { t: r.t, ev: (f) => (le(f), re(f)), at };
    }
    case 'cast_expression': {
      const t = descriptorType(c, fieldOf(n, 'type')!, sc);
      const v = compileExpr(c, fieldOf(n, 'value')!, sc, fx);
      return castTo(t, v, at);
    }
    case 'sizeof_expression': {
      const tn = fieldOf(n, 'type');
      const vn = fieldOf(n, 'value');
      let t: CType;
      if (tn) t = descriptorType(c, tn, sc);
      else if (vn) t = sizeofOperandType(c, vn, sc, fx);
      else fail('sizeof without an operand', n);
      return konst(T.ulong, BigInt(sizeOf(t)), at);
    }
    case 'alignof_expression': {
      const tn = fieldOf(n, 'type');
      const t = tn ? descriptorType(c, tn, sc) : T.int;
      return konst(T.ulong, BigInt(alignOf(t)), at);
    }
    case 'offsetof_expression': {
      const t = descriptorType(c, fieldOf(n, 'type')!, sc);
      const member = fieldOf(n, 'member')!;
      if (!isRecord(t)) fail('offsetof on a non-struct type', n);
      let off = 0;
      let cur: CType = t;
      for (const part of c.text(member).split('.')) {
        if (!isRecord(cur)) fail('offsetof path through a non-struct', n);
        const f = findField(cur, part.trim());
        if (!f) fail(`${typeName(cur)} has no member "${part.trim()}"`, n);
        off += f.offset;
        cur = f.field.type;
      }
      return konst(T.ulong, BigInt(off), at);
    }
    case 'field_expression': {
      const base = compileExpr(c, fieldOf(n, 'argument')!, sc, fx);
      return fieldAccess(c, n, base, sc, fx);
    }
    case 'subscript_expression': {
      const a = compileExpr(c, fieldOf(n, 'argument')!, sc, fx);
      const idxNode = fieldOf(n, 'index') ?? namedChildren(n)[1];
      const i = compileExpr(c, idxNode, sc, fx);
      return subscript(c, n, a, i);
    }
    case 'call_expression': {
      // `(T)(x)` with T a typedef name reads as a call of `(T)`
      const fnNode = fieldOf(n, 'function');
      const t = fnNode ? typedefInParens(c, fnNode, sc) : undefined;
      if (t) {
        const args = namedChildren(fieldOf(n, 'arguments')!);
        const v = compileExpr(c, args[args.length - 1], sc, fx);
        return castTo(t, v, at);
      }
      return compileCall(c, n, sc, fx);
    }
    case 'compound_literal_expression': {
      const t = descriptorType(c, fieldOf(n, 'type')!, sc);
      const init = fieldOf(n, 'value')!;
      return compoundLiteral(c, n, t, init, sc, fx);
    }
    case 'gnu_asm_expression': {
      const code = fieldOf(n, 'assembly_code');
      const s = code ? c.stringBytes(code) : [];
      if (s.length === 0) return konst(T.int, 0, at);
      return { t: T.int, ev: () => {
        throw new Fault('inline assembly is not supported by the interpreter', 'unsupported', at[0], at[1]);
      }, at };
    }
    case 'initializer_list':
      fail('initializer list outside an initializer', n);
      break;
    case 'generic_expression':
      fail('_Generic is not supported', n);
      break;
  }
  fail(`unsupported expression (${n.type})`, n);
}

/** The type `sizeof x` measures; `sizeof (name)` where name is a typedef measures the type. */
function sizeofOperandType(c: Compiler, vn: Ast, sc: Scope, fx: FnCx | null): CType {
  let inner = vn;
  while (inner.type === 'parenthesized_expression' && namedChildren(inner).length === 1) inner = namedChildren(inner)[0];
  if (inner.type === 'type_descriptor') return descriptorType(c, inner, sc);
  if (inner.type === 'identifier') {
    const b = sc.lookup(c.text(inner));
    if (b?.k === 'typedef') return b.type;
  }
  return compileExpr(c, vn, sc, fx).t;
}

function castTo(t: CType, v: CE, at: readonly [number, number]): CE {
  if (t.k === 'void') {
    const ev = v.ev;
    return { t, ev: (f) => (ev(f), 0), at };
  }
  if (isRecord(t)) return { ...v, t, at };
  const ev = convertTo(v, t);
  if (v.k !== undefined && !(v.k instanceof Ptr)) return fold(t, ev, at, v);
  return { t, ev, at };
}

/** The type named by `(name)` when name is a typedef. */
function typedefInParens(c: Compiler, n: Ast, sc: Scope): CType | undefined {
  if (n.type !== 'parenthesized_expression') return undefined;
  const kids = namedChildren(n);
  if (kids.length !== 1 || kids[0].type !== 'identifier') return undefined;
  const b = sc.lookup(c.text(kids[0]));
  return b?.k === 'typedef' ? b.type : undefined;
}

/** `(T)-x`, `(T)*p`, `(T)&x`, `(T)+x` with T a typedef: the grammar reads a binary operator. */
function typedefCastBinary(c: Compiler, n: Ast, sc: Scope, fx: FnCx | null): CE | undefined {
  const left = fieldOf(n, 'left');
  const t = left ? typedefInParens(c, left, sc) : undefined;
  if (!t) return undefined;
  const op = c.text(n.children.find((x) => x.field === 'operator')!);
  const right = fieldOf(n, 'right')!;
  const at = [n.start, n.end] as const;
  const r = compileExpr(c, right, sc, fx);
  let operand: CE;
  if (op === '*') operand = deref(c, n, r);
  else if (op === '&') operand = addressOf(n, r);
  else if (op === '-' || op === '+') {
    const it = arithTypeOf(decayed(r.t));
    if (!it) fail(`invalid operand to unary "${op}"`, n);
    const pt = promote(it);
    const v = convertTo(r, pt);
    operand = op === '+' ? { t: pt, ev: v, at, k: r.k } : binaryOp(c, n, '-', konst(pt, pt.size === 8 ? 0n : 0, at), { t: pt, ev: v, at, k: r.k });
  } else return undefined;
  return castTo(t, operand, at);
}

function numberLiteral(c: Compiler, n: Ast): CE {
  const at = [n.start, n.end] as const;
  const raw = c.text(n);
  const lit = parseIntLiteral(raw);
  if (!lit) {
    if (/^[\d.]+([eE][+-]?\d+)?[fFlL]?$/.test(raw) || /^0[xX][\da-fA-F.]+[pP]/.test(raw)) {
      return { t: T.double, ev: () => {
        throw new Fault('floating-point constants are not supported by BPF', 'unsupported', at[0], at[1]);
      }, at };
    }
    fail(`invalid number "${raw}"`, n);
  }
  const v = lit.value;
  const cands: IntType[] = [];
  if (lit.unsignedSuffix) cands.push(...(lit.longSuffix ? [T.ulong] : [T.uint, T.ulong]));
  else if (lit.longSuffix) cands.push(...(lit.decimal ? [T.long] : [T.long, T.ulong]));
  else cands.push(...(lit.decimal ? [T.int, T.long] : [T.int, T.uint, T.long, T.ulong]));
  cands.push(T.ulong);
  const fits = (t: IntType): boolean => (t.signed ? v <= (t.size === 8 ? 0x7fffffffffffffffn : 0x7fffffffn) : v <= (t.size === 8 ? 0xffffffffffffffffn : 0xffffffffn));
  const t = cands.find(fits) ?? T.ulong;
  return konst(t, t.size === 8 ? BigInt.asUintN(64, v) : Number(v), at);
}

function identifier(c: Compiler, n: Ast, sc: Scope, fx: FnCx | null): CE {
  const at = [n.start, n.end] as const;
  const name = c.text(n);
  const b = sc.lookup(name);
  if (!b) {
    if (name === 'NULL') return konst(ptrTo(T.void), 0, at);
    const h = c.helperByName(name);
    if (h) return { t: h.type, ev: () => 0, at, name };
    fail(`use of undeclared identifier "${name}"`, n);
  }
  switch (b.k) {
    case 'enum':
      return konst(b.type, b.type.size === 8 ? b.value : Number(b.value), at);
    case 'local': {
      if (b.mem) return memObject(b.type, slotAddr(b.slot), at, name);
      const slot = b.slot;
      return {
        t: b.type,
        ev: (f) => {
          const v = f.s[slot];
          if (v === undefined) throw uninitSlot(name, at);
          return v as Value;
        },
        lv: { k: 'slot', slot },
        at,
        name,
      };
    }
    case 'global': {
      const g = c.globals[b.index];
      c.noteGlobal(g);
      return memObject(b.type, globalAddr(g), at, name);
    }
    case 'map': {
      const r = c.mapRegion(b.def);
      const p = new Ptr(r, 0, 0);
      return { t: b.type, ev: () => p, lv: { k: 'mem', addr: () => p }, at, name };
    }
    case 'func': {
      c.noteCall(name);
      const fnRegion = c.functionRegion(name);
      const p = new Ptr(fnRegion, 0, 0);
      return { t: b.type, ev: () => p, at, name };
    }
    case 'helper':
      return { t: b.type, ev: () => 0, at, name };
    case 'typedef':
      fail(`"${name}" is a type, not a value`, n);
  }
  void fx;
  fail(`cannot use "${name}" here`, n);
}

export function arithTypeOf(t: CType): IntType | undefined {
  return t.k === 'int' ? t : undefined;
}

export function binaryOp(_c: Compiler, n: Ast, op: string, l: CE, r: CE): CE {
  const at = [n.start, n.end] as const;
  const lt = decayed(l.t);
  const rt = decayed(r.t);
  const li = arithTypeOf(lt);
  const ri = arithTypeOf(rt);
  switch (op) {
    case '+':
    case '-':
      if (lt.k === 'ptr' && ri) return fold(lt, ptrAdd(lt.to, l.ev, r.ev, op === '-'), at, l, r);
      if (op === '+' && li && rt.k === 'ptr') return fold(rt, ptrAdd(rt.to, r.ev, l.ev, false), at, l, r);
      if (op === '-' && lt.k === 'ptr' && rt.k === 'ptr') return { t: T.long, ev: ptrDiff(lt.to, l.ev, r.ev), at };
      return arithmetic(n, op, l, r, li, ri, at);
    case '*':
    case '/':
    case '%':
    case '&':
    case '|':
    case '^':
      return arithmetic(n, op, l, r, li, ri, at);
    case '<<':
    case '>>': {
      if (!li || !ri) fail(`invalid operands to "${op}"`, n);
      const t = promote(li);
      return fold(t, shift(op, t, convertTo(l, t), r.ev), at, l, r);
    }
    case '<':
    case '>':
    case '<=':
    case '>=':
    case '==':
    case '!=': {
      if (li && ri) {
        const t = usualArith(li, ri);
        return fold(T.int, compare(op, convertTo(l, t), convertTo(r, t)), at, l, r);
      }
      // pointer comparisons (with NULL or another pointer)
      const toPtr = (ce: CE): Ev => (ce.t.k === 'int' ? convertTo(ce, ptrTo(T.void)) : ce.ev);
      return fold(T.int, compare(op, toPtr(l), toPtr(r)), at, l, r);
    }
    case '&&':
    case '||': {
      const a = condOf(l);
      const b = condOf(r);
      const ev: Ev = op === '&&' ? (f) => (a(f) && b(f) ? 1 : 0) : (f) => (a(f) || b(f) ? 1 : 0);
      if (l.k !== undefined && !(l.k instanceof Ptr)) {
        const lv = truthy(l.k);
        if (op === '&&' && !lv) return konst(T.int, 0, at);
        if (op === '||' && lv) return konst(T.int, 1, at);
      }
      return fold(T.int, ev, at, l, r);
    }
  }
  fail(`unknown operator "${op}"`, n);
}

function arithmetic(n: Ast, op: string, l: CE, r: CE, li: IntType | undefined, ri: IntType | undefined, at: readonly [number, number]): CE {
  if (!li || !ri) fail(`invalid operands to "${op}" (${typeName(decayed(l.t))} and ${typeName(decayed(r.t))})`, n);
  const t = usualArith(li, ri);
  return fold(t, intArith(op, t, convertTo(l, t), convertTo(r, t)), at, l, r);
}

function binary(c: Compiler, n: Ast, sc: Scope, fx: FnCx | null): CE {
  const op = c.text(n.children.find((x) => x.field === 'operator')!);
  const l = compileExpr(c, fieldOf(n, 'left')!, sc, fx);
  const r = compileExpr(c, fieldOf(n, 'right')!, sc, fx);
  return binaryOp(c, n, op, l, r);
}

function unary(c: Compiler, n: Ast, sc: Scope, fx: FnCx | null): CE {
  const at = [n.start, n.end] as const;
  const op = c.text(n.children.find((x) => x.field === 'operator')!);
  const a = compileExpr(c, fieldOf(n, 'argument')!, sc, fx);
  if (op === '!') {
    const cond = condOf(a);
    return fold(T.int, (f) => (cond(f) ? 0 : 1), at, a);
  }
  const it = arithTypeOf(decayed(a.t));
  if (!it) fail(`invalid operand to unary "${op}" (${typeName(a.t)})`, n);
  const t = promote(it);
  const v = convertTo(a, t);
  if (op === '+') return fold(t, v, at, a);
  if (t.size === 8) {
    const w = t.signed ? (x: bigint) => BigInt.asIntN(64, x) : (x: bigint) => BigInt.asUintN(64, x);
    const big = (x: Value): bigint => {
      if (typeof x !== 'bigint') throw new Fault('arithmetic on a pointer value', 'invalid-pointer', at[0], at[1]);
      return x;
    };
    return fold(t, op === '-' ? (f) => w(-big(v(f))) : (f) => w(~big(v(f))), at, a);
  }
  const num = (x: Value): number => {
    if (typeof x !== 'number') throw new Fault('arithmetic on a pointer value', 'invalid-pointer', at[0], at[1]);
    return x;
  };
  if (op === '-') return fold(t, t.signed ? (f) => -num(v(f)) | 0 : (f) => -num(v(f)) >>> 0, at, a);
  if (op === '~') return fold(t, t.signed ? (f) => ~num(v(f)) : (f) => ~num(v(f)) >>> 0, at, a);
  fail(`unknown unary operator "${op}"`, n);
}

