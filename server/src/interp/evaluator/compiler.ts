/**
 * Compiles one translation unit (the preprocessed program) into closures:
 * type declarations into the global scope, global variables into regions
 * with initial bytes, `.maps` definitions into map definitions, functions
 * into callable implementations, SEC() functions into programs.
 */
import type { MapDef } from '../maps/map-base.ts';
import { Region } from '../memory/region.ts';
import type { AttributeItem, RemovedAttribute } from '../preprocessor/preprocess.ts';
import type { PositionMap } from '../preprocessor/position-map.ts';
import { decodeStringBody } from '../preprocessor/lexer.ts';
import { helperIndex } from '../../helpers/database.ts';
import { arrOf, ptrTo, T, type CType, type FnType } from '../types/ctypes.ts';
import type { Ast } from './ast.ts';
import type { CE, FnCx } from './ce.ts';
import { compileExpr } from './expr.ts';
import type { FnImpl } from './machine.ts';
import { Scope } from './scope.ts';
import { CompileError, type TypeCtx } from './types-ast.ts';

export interface Diagnostic {
  severity: 'error' | 'warning';
  message: string;
  /** Range in the preprocessed text. */
  start: number;
  end: number;
}

export interface GlobalDef {
  name: string;
  type: CType;
  section: string;
  constant: boolean;
  /** Initial bytes. */
  init: Uint8Array;
  /** Pointers in the initial value (offset -> region), e.g. a global `char *p = "x"`. */
  initPtrs?: Map<number, Region>;
  index: number;
  /** `static` (internal linkage): clang emits it when first used. */
  isStatic: boolean;
  /** Defined with an initializer (emitted where it is declared unless static). */
  hasInit: boolean;
  /** Where the variable sits: its section's index among the data sections, and its offset there. */
  sectionIndex: number;
  offset: number;
}

/** A global data section (.bss, .data, .rodata, ...): one array map with one value holding its variables. */
export interface DataSection {
  name: string;
  size: number;
  readOnly: boolean;
  vars: GlobalDef[];
  /** Constants the compiler places there (local aggregate initializers), offset -> bytes. */
  consts: { offset: number; bytes: Uint8Array }[];
}

export interface ProgramInfo {
  function: string;
  section: string;
  range: readonly [number, number];
}

export interface FunctionEntry {
  name: string;
  node: Ast;
  type: FnType;
  section?: string;
  impl?: FnImpl;
  compiling?: boolean;
  isStatic: boolean;
  /** Globals and functions the body refers to, in order of first use (for clang's emission order). */
  globalsUsed: GlobalDef[];
  callees: string[];
}

export class Compiler implements TypeCtx {
  readonly global: Scope;
  readonly diagnostics: Diagnostic[] = [];
  readonly globals: GlobalDef[] = [];
  readonly maps: MapDef[] = [];
  readonly mapRegions = new Map<string, Region>();
  readonly functions = new Map<string, FunctionEntry>();
  readonly programs: ProgramInfo[] = [];
  /** Top-level items in source order (globals and functions), for laying out data sections. */
  readonly items: ({ k: 'global'; g: GlobalDef } | { k: 'func'; e: FunctionEntry })[] = [];
  sections: DataSection[] = [];
  /** Constant local initializers clang materialises in .rodata.cst<N> (bytes, section). */
  readonly constPool: { section: string; bytes: Uint8Array }[] = [];
  /** The function being compiled (to record what it uses). */
  currentFn: FunctionEntry | undefined;
  private readonly strings = new Map<string, Region>();
  private readonly attrOffsets: number[];
  private readonly funcRegions = new Map<string, Region>();
  private readonly dbHelpers = new Map<string, { id: number; type: FnType } | null>();
  /** Set by the unit compiler: compiles a function body on first use. */
  compileFunction: (e: FunctionEntry) => FnImpl = () => {
    throw new Error('not ready');
  };
  /** Set by the unit compiler: declares a global (or a static local) from a declaration node. */
  declareGlobal: (n: Ast, scope: Scope, local: boolean) => void = () => {
    throw new Error('not ready');
  };

  constructor(
    readonly src: string,
    private readonly attributes: RemovedAttribute[],
    private readonly packs: { offset: number; value: number }[],
    readonly map: PositionMap,
    /** File id of the user's main file, and which files are built-in. */
    private readonly mainFile: number,
    private readonly builtinFiles: ReadonlySet<number>,
    /** Line of an offset in the main file (-1 elsewhere). */
    private readonly lineOfMain: (fileOffset: number) => number,
    /** Declarations of the built-in headers the program included. */
    prelude?: Scope,
  ) {
    this.attrOffsets = attributes.map((a) => a.offset);
    this.global = new Scope(prelude);
  }

  // --- TypeCtx

  attrs(from: number, to: number): AttributeItem[] {
    const out: AttributeItem[] = [];
    const a = this.attrOffsets;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid] < from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < a.length && a[i] <= to; i++) out.push(...this.attributes[i].items);
    return out;
  }

  packAt(off: number): number {
    let v = 0;
    for (const p of this.packs) {
      if (p.offset > off) break;
      v = p.value;
    }
    return v;
  }

  fromBuiltin(n: Ast): boolean {
    const p = this.map.pos(n.start);
    return !!p && this.builtinFiles.has(p.file);
  }

  constBig(n: Ast, scope: Scope): bigint {
    const ce = compileExpr(this, n, scope, null);
    if (ce.k === undefined || typeof ce.k === 'object') throw new CompileError(`expression "${this.text(n)}" is not an integer constant`, n.start, n.end);
    return BigInt(ce.k);
  }

  constInt(n: Ast, scope: Scope): number {
    return Number(this.constBig(n, scope));
  }

  exprType(n: Ast, scope: Scope): CType {
    return compileExpr(this, n, scope, null).t;
  }

  // --- helpers for the compilers

  text(n: Ast): string {
    return this.src.slice(n.start, n.end);
  }

  /** 0-based line in the user's main file of an output offset, or -1. */
  userLine(off: number): number {
    const p = this.map.pos(off);
    if (!p || p.file !== this.mainFile) return -1;
    return this.lineOfMain(p.offset);
  }

  error(message: string, n: { start: number; end: number }): void {
    this.diagnostics.push({ severity: 'error', message, start: n.start, end: n.end });
  }

  warn(message: string, n: { start: number; end: number }): void {
    this.diagnostics.push({ severity: 'warning', message, start: n.start, end: n.end });
  }

  /** A read-only region holding a string literal's bytes (with the NUL), shared by identical literals. */
  stringRegion(bytes: number[]): Region {
    const key = bytes.join(',');
    let r = this.strings.get(key);
    if (!r) {
      r = new Region('rodata', `string "${String.fromCharCode(...bytes.filter((b) => b >= 32 && b < 127)).slice(0, 24)}"`, bytes.length + 1);
      r.bytes.set(bytes);
      r.readOnly = true;
      this.strings.set(key, r);
    }
    return r;
  }

  /** The bytes of a string_literal / concatenated_string node (without the NUL). */
  stringBytes(n: Ast): number[] {
    const parts = n.type === 'concatenated_string' ? n.children.filter((c) => c.type === 'string_literal') : [n];
    const out: number[] = [];
    for (const p of parts) {
      const raw = this.text(p);
      const q = raw.indexOf('"');
      out.push(...decodeStringBody(raw.slice(q + 1, -1)));
    }
    return out;
  }

  stringType(len: number): CType {
    return arrOf(T.char, len + 1);
  }

  mapRegion(def: MapDef): Region {
    let r = this.mapRegions.get(def.name);
    if (!r) {
      r = new Region('map', def.name, 0);
      r.owner = def;
      this.mapRegions.set(def.name, r);
    }
    return r;
  }

  /** A region standing for a function, so `&fn` / `fn` can be stored and called through. */
  functionRegion(name: string): Region {
    let r = this.funcRegions.get(name);
    if (!r) {
      r = new Region('func', name, 0);
      r.owner = name;
      this.funcRegions.set(name, r);
    }
    return r;
  }

  /** A helper from the database, for calls without a declaration in scope. */
  helperByName(name: string): { id: number; type: FnType } | undefined {
    if (!this.dbHelpers.has(name)) {
      const h = helperIndex().helper(name);
      this.dbHelpers.set(name, h ? { id: h.id, type: { k: 'fn', ret: dbType(h.returnType), params: h.params.map((p) => dbType(p.type)), variadic: !!h.variadic } } : null);
    }
    return this.dbHelpers.get(name) ?? undefined;
  }

  noteGlobal(g: GlobalDef): void {
    const fn = this.currentFn;
    if (fn && !fn.globalsUsed.includes(g)) fn.globalsUsed.push(g);
  }

  noteCall(name: string): void {
    const fn = this.currentFn;
    if (fn && !fn.callees.includes(name)) fn.callees.push(name);
  }

  newFnCx(name: string, ret: CType, scope: Scope): FnCx {
    return { name, nslots: 0, frameBytes: 0, addrTaken: new Set(), ret, labels: new Set(), scope };
  }

  expr(n: Ast, scope: Scope, fx: FnCx | null): CE {
    return compileExpr(this, n, scope, fx);
  }
}

const DB_BASE: Record<string, CType> = {
  void: T.void,
  char: T.char,
  int: T.int,
  long: T.long,
  'unsigned long': T.ulong,
  'unsigned int': T.uint,
  __u8: T.uchar,
  __u16: T.ushort,
  __u32: T.uint,
  __u64: T.ullong,
  __s8: T.schar,
  __s16: T.short,
  __s32: T.int,
  __s64: T.llong,
  __be16: T.ushort,
  __be32: T.uint,
  __be64: T.ullong,
  __wsum: T.uint,
  u64: T.ullong,
  u32: T.uint,
};

/** A helper-database C type string ("const void *", "__u64", "struct bpf_sock *") as a type. */
export function dbType(s: string): CType {
  const stars = (s.match(/\*/g) ?? []).length;
  const base = s.replace(/\*/g, '').replace(/\bconst\b|\bvolatile\b/g, '').replace(/\s+/g, ' ').trim();
  let t: CType = DB_BASE[base] ?? (base.startsWith('struct ') ? { k: 'struct', tag: base.slice(7), fields: [], size: 0, align: 1, complete: false, packed: false } : T.long);
  for (let i = 0; i < stars; i++) t = ptrTo(t);
  return t;
}
