/**
 * The translation unit: top-level declarations in order (types, globals,
 * maps, helper declarations, functions), then every function body. Produces
 * what run.ts needs: programs (functions with a SEC), map definitions, global
 * variables with their initial bytes, and callable functions.
 */
import { helperIndex } from '../../helpers/database.ts';
import type { MapDef } from '../maps/map-base.ts';
import { Ptr, Region } from '../memory/region.ts';
import { findField, isRecord, sizeOf, T, type CType, type FnType } from '../types/ctypes.ts';
import { fieldOf, namedChildren, type Ast } from './ast.ts';
import type { Compiler, FunctionEntry, GlobalDef } from './compiler.ts';
import { layoutSections } from './sections.ts';
import { compileExpr } from './expr.ts';
import { compileInitializer, inferredLength } from './init.ts';
import { Frame, Machine, NORMAL, GOTO, type FnImpl } from './machine.ts';
import { coerce, conversion } from './ops.ts';
import { Scope } from './scope.ts';
import { declareLocal } from './locals.ts';
import { compileStmt, newStackRegion } from './stmt.ts';
import { CompileError, declarator, declSpec, fail, type DeclResult } from './types-ast.ts';
import { Fault } from './fault.ts';
import { load, store, copyMem, type Value } from '../memory/region.ts';

const MAP_TYPE_BY_VALUE = new Map<number, string>(helperIndex().constants.filter((c) => c.group === 'map-type').map((c) => [Number(c.value), c.name]));

function sectionOf(c: Compiler, from: number, to: number): string | undefined {
  for (const a of c.attrs(from, to)) {
    if (a.name === 'section' && a.args?.[0]) {
      const m = /^"(.*)"$/.exec(a.args[0].replace(/"\s+"/g, ''));
      if (m) return m[1];
    }
  }
  return undefined;
}

/** Names of locals whose address is taken with `&name`. */
function addrTaken(c: Compiler, n: Ast, out: Set<string>): Set<string> {
  if (n.type === 'pointer_expression' && n.children.some((x) => x.field === 'operator' && c.text(x) === '&')) {
    let arg = fieldOf(n, 'argument');
    while (arg && arg.type === 'parenthesized_expression') arg = namedChildren(arg)[0];
    if (arg?.type === 'identifier') out.add(c.text(arg));
  }
  for (const ch of n.children) addrTaken(c, ch, out);
  return out;
}

function dummyFrame(): Frame {
  const m = new Machine({}, []);
  const fn: FnImpl = { name: '<init>', frameBytes: 0, nslots: 0, bind: () => undefined, body: () => NORMAL, ret: T.void, retConv: (v) => v, range: [0, 0], active: 0 };
  return new Frame(m, fn);
}

/** Evaluates a global initializer at compile time into bytes (and pointers). */
function initialBytes(c: Compiler, t: CType, value: Ast | undefined, sc: Scope): { bytes: Uint8Array; ptrs?: Map<number, Ptr> } {
  const size = Math.max(0, sizeOf(t));
  if (!value) return { bytes: new Uint8Array(size) };
  const fill = compileInitializer(c, t, value, sc, null);
  const r = new Region('temp', 'initializer', size);
  fill(dummyFrame(), new Ptr(r, 0, 0));
  return { bytes: r.bytes, ptrs: r.ptrs ?? undefined };
}

/** The asm label of a function declarator (`asm("llvm.bpf.load.byte")`). */
function findAsmLabel(c: Compiler, d: Ast): string | undefined {
  for (const ch of d.children) {
    if (ch.type === 'gnu_asm_expression') {
      const code = fieldOf(ch, 'assembly_code');
      return code ? String.fromCharCode(...c.stringBytes(code)) : undefined;
    }
    const inner = findAsmLabel(c, ch);
    if (inner) return inner;
  }
  return undefined;
}

export class UnitCompiler {
  constructor(private readonly c: Compiler) {
    c.compileFunction = (e) => this.compileFunction(e);
    c.declareGlobal = (n, sc, local) => this.declaration(n, sc, local);
  }

  compile(root: Ast): void {
    const c = this.c;
    for (const n of namedChildren(root)) {
      try {
        this.topLevel(n);
      } catch (e) {
        if (e instanceof CompileError) c.error(e.message, e);
        else if (e instanceof Fault) c.error(e.message, n);
        else throw e;
      }
    }
    for (const e of c.functions.values()) {
      if (e.impl) continue;
      try {
        this.compileFunction(e);
      } catch (err) {
        if (err instanceof CompileError) c.error(err.message, err);
        else if (err instanceof Fault) c.error(err.message, e.node);
        else throw err;
      }
    }
    layoutSections(this.c);
  }

  private topLevel(n: Ast): void {
    const c = this.c;
    switch (n.type) {
      case 'function_definition':
        return this.functionDefinition(n);
      case 'declaration':
        return this.declaration(n, c.global, false);
      case 'type_definition': {
        const spec = declSpec(c, n, c.global);
        for (const d of n.children.filter((x) => x.field === 'declarator')) {
          const r = declarator(c, d, spec.type, c.global);
          if (r.name) c.global.names.set(r.name, { k: 'typedef', name: r.name, type: r.type });
        }
        return;
      }
      case 'struct_specifier':
      case 'union_specifier':
      case 'enum_specifier':
        declSpec(c, { ...n, children: [{ ...n, field: 'type' }] }, c.global);
        return;
      case 'expression_statement':
      case 'comment':
      case ';':
        return;
      case 'ERROR':
        fail(`syntax error near "${c.text(n).slice(0, 60).replace(/\s+/g, ' ')}"`, n);
        break;
      default:
        c.warn(`top-level ${n.type} ignored`, n);
    }
  }

  private functionDefinition(n: Ast): void {
    const c = this.c;
    const spec = declSpec(c, n, c.global);
    const r = declarator(c, fieldOf(n, 'declarator'), spec.type, c.global);
    if (!r.name || r.type.k !== 'fn') fail('function definition without a name', n);
    const body = fieldOf(n, 'body');
    const section = sectionOf(c, n.start - 1, body ? body.start : n.end);
    const entry: FunctionEntry = { name: r.name, node: n, type: r.type, section, isStatic: spec.storage.has('static'), globalsUsed: [], callees: [] };
    c.functions.set(r.name, entry);
    c.items.push({ k: 'func', e: entry });
    c.global.names.set(r.name, { k: 'func', name: r.name, type: r.type, impl: () => this.compileFunction(entry), section });
    if (section && !section.startsWith('.')) c.programs.push({ function: r.name, section, range: [n.start, n.end] });
  }

  /** A declaration at file scope (or a static local). */
  private declaration(n: Ast, sc: Scope, local: boolean): void {
    const c = this.c;
    const spec = declSpec(c, n, sc);
    const declarators = n.children.filter((x) => x.field === 'declarator');
    for (const d of declarators) {
      const value = d.type === 'init_declarator' ? fieldOf(d, 'value') : undefined;
      const r = declarator(c, d, spec.type, sc);
      if (!r.name) continue;
      const section = sectionOf(c, n.start - 1, n.end - 1);
      if (r.type.k === 'fn') {
        const asmLabel = findAsmLabel(c, d);
        if (asmLabel) {
          sc.names.set(r.name, { k: 'intrinsic', name: r.name, type: r.type, intrinsic: asmLabel });
          continue;
        }
        if (!sc.lookup(r.name) || sc.lookup(r.name)?.k !== 'func') {
          const db = helperIndex().helper(r.name);
          if (db && !c.functions.has(r.name)) sc.names.set(r.name, { k: 'helper', name: r.name, type: r.type, id: db.id });
          else sc.names.set(r.name, { k: 'func', name: r.name, type: r.type, impl: () => this.compileFunction(c.functions.get(r.name!)!) });
        }
        continue;
      }
      if (this.helperPointer(r, value, sc)) continue;
      if (section === '.maps' || section === 'maps' || (section && section.startsWith('maps/'))) {
        this.mapDefinition(r, value, section, sc, d);
        continue;
      }
      if (spec.storage.has('extern')) {
        // __ksym / __kconfig externs: values the kernel would provide
        const g = this.addGlobal(r.name, r.type, section ?? '.kconfig', true, { bytes: new Uint8Array(Math.max(0, sizeOf(r.type))) }, true, true);
        sc.names.set(r.name, { k: 'global', name: r.name, type: r.type, index: g.index, section: g.section, constant: true });
        continue;
      }
      let t = r.type;
      if (t.k === 'arr' && t.len === undefined && value) t = { ...t, len: inferredLength(c, t, value, sc) };
      const init = initialBytes(c, t, value, sc);
      const constant = spec.isConst && !local;
      const nonZero = init.bytes.some((b) => b !== 0) || !!init.ptrs?.size;
      const sect = section ?? (spec.isConst ? '.rodata' : nonZero ? '.data' : '.bss');
      const g = this.addGlobal(r.name, t, sect, spec.isConst, init, spec.storage.has('static') || local, value !== undefined);
      sc.names.set(r.name, { k: 'global', name: r.name, type: t, index: g.index, section: sect, constant });
      if (local) c.noteGlobal(g);
    }
  }

  private addGlobal(name: string, type: CType, section: string, constant: boolean, init: { bytes: Uint8Array; ptrs?: Map<number, Ptr> }, isStatic: boolean, hasInit: boolean): GlobalDef {
    const c = this.c;
    const initPtrs = init.ptrs && init.ptrs.size ? new Map([...init.ptrs].map(([k, p]) => [k, p.r])) : undefined;
    const existing = c.currentFn ? undefined : c.globals.find((g) => g.name === name && g.section === section);
    if (existing) {
      // a tentative definition completed later (`int x; ... int x = 5;`)
      if (hasInit || !existing.hasInit) {
        existing.init = init.bytes;
        existing.initPtrs = initPtrs;
        existing.type = type;
        existing.hasInit = existing.hasInit || hasInit;
      }
      return existing;
    }
    const g: GlobalDef = { name, type, section, constant, init: init.bytes, initPtrs, index: c.globals.length, isStatic, hasInit, sectionIndex: -1, offset: 0 };
    c.globals.push(g);
    c.items.push({ k: 'global', g });
    return g;
  }

  /** `static long (* const bpf_xxx)(...) = (void *) ID;` declares helper ID. */
  private helperPointer(r: DeclResult, value: Ast | undefined, sc: Scope): boolean {
    if (!value || r.type.k !== 'ptr' || r.type.to.k !== 'fn') return false;
    let id: bigint;
    try {
      const k = compileExpr(this.c, value, sc, null).k;
      if (k === undefined || k instanceof Ptr) return false;
      id = BigInt(k);
    } catch {
      return false;
    }
    if (id <= 0n) return false;
    const h = helperIndex().helperById(Number(id));
    sc.names.set(r.name!, { k: 'helper', name: h?.name ?? r.name!, type: r.type.to as FnType, id: Number(id) });
    return true;
  }

  private mapDefinition(r: DeclResult, value: Ast | undefined, section: string, sc: Scope, at: Ast): void {
    const c = this.c;
    const name = r.name!;
    const t = r.type;
    if (!isRecord(t)) fail(`map "${name}" is not a struct`, at);
    const def: MapDef = { name, type: 0, typeName: '', keySize: 0, valueSize: 0, maxEntries: 0, flags: 0 };
    if (section === '.maps') {
      const num = (field: string): number | undefined => {
        const f = findField(t, field);
        if (!f) return undefined;
        const ft = f.field.type;
        if (ft.k === 'ptr' && ft.to.k === 'arr') return ft.to.len ?? 0;
        return undefined;
      };
      const sizeOfPointee = (field: string): number | undefined => {
        const f = findField(t, field);
        if (!f) return undefined;
        const ft = f.field.type;
        return ft.k === 'ptr' ? sizeOf(ft.to) : undefined;
      };
      def.type = num('type') ?? 0;
      def.maxEntries = num('max_entries') ?? 0;
      def.flags = num('map_flags') ?? 0;
      def.keySize = sizeOfPointee('key') ?? num('key_size') ?? 0;
      def.valueSize = sizeOfPointee('value') ?? num('value_size') ?? 0;
      if (value) def.initialSlots = this.initialSlots(t, value, sc, def.maxEntries);
    } else {
      // legacy struct bpf_map_def / iproute2 struct bpf_elf_map: read the initialised fields
      const init = initialBytes(c, t, value, sc);
      const region = new Region('temp', name, init.bytes.length, init.bytes);
      const get = (...names: string[]): number => {
        for (const nm of names) {
          const f = findField(t, nm);
          if (f && f.field.type.k === 'int') return Number(load(new Ptr(region, f.offset, 0), f.field.type.size, false));
        }
        return 0;
      };
      def.type = get('type');
      def.keySize = get('key_size', 'size_key');
      def.valueSize = get('value_size', 'size_value');
      def.maxEntries = get('max_entries', 'max_elem');
      def.flags = get('map_flags', 'flags');
    }
    def.typeName = MAP_TYPE_BY_VALUE.get(def.type) ?? `BPF_MAP_TYPE_${def.type}`;
    if (def.typeName === 'BPF_MAP_TYPE_PROG_ARRAY' || def.typeName.includes('DEVMAP') || def.typeName === 'BPF_MAP_TYPE_CPUMAP' || def.typeName === 'BPF_MAP_TYPE_XSKMAP' || def.typeName === 'BPF_MAP_TYPE_PERF_EVENT_ARRAY') {
      if (!def.keySize) def.keySize = 4;
      if (!def.valueSize) def.valueSize = 4;
    }
    c.maps.push(def);
    sc.names.set(name, { k: 'map', name, type: t, def });
  }

  /** `.values = { [0] = &prog, ... }` of a prog array (function names by slot). */
  private initialSlots(t: CType, value: Ast, sc: Scope, maxEntries: number): Map<number, string> | undefined {
    if (!isRecord(t)) return undefined;
    const f = findField(t, 'values');
    if (!f) return undefined;
    // `values` is a flexible array: give it max_entries slots to initialise
    const ft = f.field.type;
    const sized: CType = ft.k === 'arr' && ft.len === undefined ? { ...t, fields: t.fields.map((x) => (x === f.field ? { ...x, type: { ...ft, len: maxEntries } } : x)), size: t.size + 8 * maxEntries } : t;
    const init = initialBytes(this.c, sized, value, sc);
    if (!init.ptrs) return undefined;
    const out = new Map<number, string>();
    for (const [off, p] of init.ptrs) {
      const slot = (off - f.offset) / 8;
      if (p.r.kind === 'func') out.set(slot, p.r.name);
      else if (p.r.kind === 'map') out.set(slot, p.r.name);
    }
    return out;
  }

  compileFunction(e: FunctionEntry): FnImpl {
    if (e.impl) return e.impl;
    if (e.compiling) {
      // recursion at compile time: hand out a late-bound implementation
      return {
        name: e.name,
        frameBytes: 0,
        nslots: 0,
        bind: () => undefined,
        body: () => NORMAL,
        ret: e.type.ret,
        retConv: (v) => v,
        range: [e.node.start, e.node.end],
        active: 0,
      };
    }
    e.compiling = true;
    const c = this.c;
    const outerFn = c.currentFn;
    c.currentFn = e;
    try {
      return this.compileBody(e);
    } finally {
      c.currentFn = outerFn;
      e.compiling = false;
    }
  }

  private compileBody(e: FunctionEntry): FnImpl {
    const c = this.c;
    const n = e.node;
    const scope = new Scope(c.global);
    const fx = c.newFnCx(e.name, e.type.ret, scope);
    const body = fieldOf(n, 'body')!;
    addrTaken(c, body, fx.addrTaken);
    const d = declarator(c, fieldOf(n, 'declarator'), declSpec(c, n, c.global).type, scope);
    const params = (d.params ?? []).map((p) => {
      const name = p.name ?? `<param ${p.node.start}>`;
      const { slot, mem } = declareLocal(c, fx, scope, name, p.type);
      return { name, slot, mem, type: p.type };
    });
    const exec = compileStmt(c, body, scope, fx);
    const at = [n.start, n.end] as const;
    const bindOne = params.map((p) => {
      const co = coerce(p.type);
      if (!p.mem) return co ? (f: Frame, v: unknown) => void (f.s[p.slot] = co(v as Value)) : (f: Frame, v: unknown) => void (f.s[p.slot] = v as Value);
      const size = Math.max(1, sizeOf(p.type));
      return (f: Frame, v: unknown) => {
        const r = newStackRegion(p.name, size);
        f.s[p.slot] = r;
        const dst = new Ptr(r, 0, 0);
        if (isRecord(p.type)) copyMem(dst, v as Ptr, size);
        else if (p.type.k === 'int' || p.type.k === 'ptr') store(dst, p.type.k === 'ptr' ? 8 : p.type.size, co ? co(v as Value) : (v as Value));
      };
    });
    const retType = e.type.ret;
    const retConv = retType.k === 'void' || isRecord(retType) ? null : conversion(retType, retType);
    const impl: FnImpl = {
      name: e.name,
      frameBytes: fx.frameBytes,
      nslots: fx.nslots,
      bind: (f, args) => {
        for (let i = 0; i < bindOne.length; i++) bindOne[i](f, args[i]);
      },
      body: (f) => {
        const r = exec(f);
        if (r === GOTO) throw new Fault(`goto ${f.label}: jumping into a nested block is not supported`, 'unsupported', at[0], at[1]);
        return r;
      },
      ret: retType,
      retConv: retConv ?? ((v) => v),
      range: at,
      active: 0,
    };
    e.impl = impl;
    return impl;
  }
}

