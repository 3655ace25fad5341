/**
 * What one run of the flow analysis over a document shares: the document's
 * types, functions, maps, globals and constants; the variable scopes of the
 * function being interpreted; the step budget; and the findings.
 */
import type { Node } from 'web-tree-sitter';
import { helperIndex } from '../../helpers/database.ts';
import type { Helper, Locale } from '../../helpers/schema.ts';
import { syntaxRuntimeIfLoaded } from '../../syntax/parser.ts';
import type { DocumentAnalysis } from '../document-analysis.ts';
import type { DocumentModel, GlobalVariable, MacroDefinition, MapInfo } from '../document-model-types.ts';
import { type CType, UNKNOWN } from './ctypes.ts';
import { HEADER_CONSTANTS } from './headers.ts';
import { isActive, type PreprocEnv } from './preproc.ts';
import type { State } from './state.ts';
import type { TypeEnv } from './type-env.ts';
import { FunctionNodes } from './function-nodes.ts';
import { RunTypes } from './run-types.ts';
import { konst, type Scalar, unknownScalar, type Val } from './values.ts';

/** Thrown on a construct the analysis does not model: the function is then left alone. */
export class GiveUp extends Error {
  constructor(readonly why: string) {
    super(why);
  }
}

export interface VarInfo {
  key: string;
  type: CType;
  name: string;
}

export class Scope {
  private readonly vars = new Map<string, VarInfo>();
  constructor(readonly parent?: Scope) {}

  declare(v: VarInfo): void {
    this.vars.set(v.name, v);
  }

  lookup(name: string): VarInfo | undefined {
    return this.vars.get(name) ?? this.parent?.lookup(name);
  }
}

/** One function being interpreted (the program, or a static function it calls). */
export interface Frame {
  fn: Node;
  name: string;
  id: number;
  depth: number;
  returnType: CType;
  /** Call sites from the program down to this frame. */
  chain: { start: number; end: number }[];
}

export type FindingCode = 'bpf/stale-packet-pointer' | 'bpf/packet-bounds' | 'bpf/map-value-null';

export interface Finding {
  code: FindingCode;
  start: number;
  end: number;
  /** The function (definition node) whose body holds the finding. */
  fnStart: number;
  detail: FindingDetail;
}

export type FindingDetail =
  | { kind: 'stale'; helper: string; callStart: number; callEnd: number; chain: { start: number; end: number }[]; viaEnd: boolean; needBytes?: number; ptrOff?: number; base: string }
  | { kind: 'bounds'; off: number; size: number; range: number; variable: boolean; ptrText: string }
  | { kind: 'null'; helper: string; originStart: number; originEnd: number; use: 'deref' | 'arith' | 'arg' };

/** The struct fields of program contexts that hold packet pointers or sockets. */
const CTX_FIELDS: Readonly<Record<string, Readonly<Record<string, 'data' | 'end' | 'meta' | 'sock-or-null'>>>> = {
  'struct xdp_md': { data: 'data', data_end: 'end', data_meta: 'meta' },
  'struct __sk_buff': { data: 'data', data_end: 'end', data_meta: 'meta', sk: 'sock-or-null' },
  'struct sk_msg_md': { data: 'data', data_end: 'end' },
  'struct sk_reuseport_md': { data: 'data', data_end: 'end' },
  'struct bpf_sock_ops': { skb_data: 'data', skb_data_end: 'end', sk: 'sock-or-null' },
  'struct bpf_sockopt': { optval: 'data', optval_end: 'end' },
  'struct bpf_sk_lookup': { sk: 'sock-or-null' },
};

export function ctxFieldKind(struct: string, field: string): 'data' | 'end' | 'meta' | 'sock-or-null' | undefined {
  return CTX_FIELDS[struct]?.[field];
}

export function isCtxStruct(name: string): boolean {
  return name in CTX_FIELDS;
}

export const MAX_STATES = 24;

/**
 * Whether the verifier drops packet pointers after a call to this helper: the
 * helpers that change packet data, and (since Linux 6.13) bpf_tail_call, whose
 * target may have changed the packet.
 */
export function changesPacket(h: Helper): boolean {
  return h.changesPktData || h.name === 'bpf_tail_call';
}
const STEP_BUDGET = 200_000;

export class Analyzer {
  readonly model: DocumentModel;
  /** Types of the file's declarations, then of the bodies the current root reaches (forRoot). */
  types: TypeEnv;
  private readonly runTypes: RunTypes;
  readonly functions: FunctionNodes;
  readonly maps = new Map<string, MapInfo>();
  readonly globals = new Map<string, GlobalVariable>();
  readonly enums = new Map<string, number>();
  readonly findings: Finding[] = [];
  private readonly macroCache = new Map<string, Scalar>();
  private readonly macroBusy = new Set<string>();
  private readonly trees: { delete(): void }[] = [];
  private nextIdValue = 10;
  steps = 0;
  /** Set while evaluating for a type only (sizeof): nothing is reported. */
  quiet = 0;
  /** The program being analysed: its type decides the return codes in fixes. */
  programType: string | undefined;
  /** Names the program gives ctx->data / ctx->data_end / the context (for fixes). */
  names: { data?: string; dataEnd?: string; ctx?: string } = {};
  /** Functions (transitively) calling a helper that changes packet data, by name. */
  private readonly changesPkt = new Map<string, string | null>();
  /** Evaluates a constant expression node (set by the expression module). */
  evalConstNode: (n: Node) => Scalar = () => unknownScalar();

  constructor(
    readonly analysis: DocumentAnalysis,
    readonly locale: Locale,
  ) {
    this.model = analysis.model();
    const doc = analysis.syntax;
    const attrsIn = (start: number, end: number): string[] =>
      doc.recordsIn(start, end).flatMap((r) => (r.kind === 'attribute' && r.range.start >= start && r.range.start < end ? r.attributes.map((a) => a.name) : []));
    const constEval = (n: Node): number | undefined => {
      const v = this.evalConstNode(n);
      return v.lo === v.hi && Number.isFinite(v.lo) ? v.lo : undefined;
    };
    this.runTypes = new RunTypes(analysis, this.model, attrsIn, constEval);
    this.types = this.runTypes.file;
    for (const m of this.model.maps) this.maps.set(m.name, m);
    for (const g of this.model.globals) this.globals.set(g.name, g);
    for (const t of this.model.types) for (const e of t.enumerators ?? []) if (e.value !== undefined) this.enums.set(e.name, e.value);
    this.functions = new FunctionNodes(this.model, doc.tree.rootNode);
  }

  /**
   * Prepares the analysis of one root: the types defined inside the bodies of the
   * functions it reaches join the file's.
   */
  forRoot(reached: readonly string[]): void {
    this.types = this.runTypes.forRoot(reached.map((name) => this.functions.get(name)).filter((n): n is Node => n !== undefined));
  }

  get text(): string {
    return this.analysis.text;
  }

  nextId(): number {
    return this.nextIdValue++;
  }

  private readonly idsByKey = new Map<string, number>();

  /** The same id for the same key (a packet pointer computed the same way). */
  idFor(key: string): number {
    let id = this.idsByKey.get(key);
    if (id === undefined) this.idsByKey.set(key, (id = this.nextId()));
    return id;
  }

  private budgetEnd = STEP_BUDGET;

  /** Starts the step budget of one program. */
  startBudget(): void {
    this.budgetEnd = this.steps + STEP_BUDGET;
  }

  step(): void {
    if (++this.steps > this.budgetEnd) throw new GiveUp('budget');
  }

  /** Results of calls to static functions of numbers only, by function and arguments. */
  readonly callMemo = new Map<string, { v: Val; uncertain: boolean }[]>();
  /** Steps spent in each static function, callees included (for debugging). */
  readonly stepsIn = new Map<string, number>();
  /** Static functions the analysis could not follow, and why (for tests and debugging). */
  readonly gaveUpOn: string[] = [];
  /** Findings dropped because their path was uncertain (for tests and debugging). */
  readonly suppressed: Finding[] = [];

  /** While a macro's expansion is interpreted: the macro's use, where its findings are shown. */
  remapTo: Node | undefined;

  /** Where a node is in the user's text (a node of a macro expansion is at the macro's use). */
  span(n: Node): { start: number; end: number } {
    const at = this.remapTo ?? n;
    return { start: at.startIndex, end: at.endIndex };
  }

  /** A key for a node that stays unique across the file's tree and macro expansions. */
  nodeKey(n: Node): string {
    return this.remapTo ? `${this.remapTo.startIndex}:${n.startIndex}` : String(n.startIndex);
  }

  report(st: State, f0: Omit<Finding, 'fnStart'>, fn: Node): void {
    if (this.quiet > 0) return;
    const f = this.remapTo ? { ...f0, start: this.remapTo.startIndex, end: this.remapTo.endIndex } : f0;
    if (st.uncertain) {
      this.suppressed.push({ ...f, fnStart: fn.startIndex });
      return;
    }
    this.findings.push({ ...f, fnStart: fn.startIndex });
  }

  private readonly definitionNodes = new Map<MacroDefinition, Node | null>();
  private readonly activeCache = new Map<MacroDefinition, boolean>();
  private readonly activeBusy = new Set<MacroDefinition>();

  /** The preprocessor's view: names this file defines (before a place), and header constants. */
  readonly preproc: PreprocEnv = {
    defined: (name, at) => this.activeMacro(name, at) !== undefined || HEADER_CONSTANTS[name] !== undefined || helperIndex().constant(name) !== undefined,
    value: (name) => {
      const v = this.constantValue(name);
      return v && v.lo === v.hi && Number.isFinite(v.lo) ? v.lo : undefined;
    },
  };

  /** The definition of a macro the preprocessor uses at `at`: the last one before it that is not in a dropped #if branch. */
  activeMacro(name: string, at = Infinity): MacroDefinition | undefined {
    let found: MacroDefinition | undefined;
    for (const m of this.model.macros) {
      if (m.name !== name || m.span.start >= at) continue;
      if (this.isActiveDefinition(m)) found = m;
    }
    return found;
  }

  private isActiveDefinition(m: MacroDefinition): boolean {
    const cached = this.activeCache.get(m);
    if (cached !== undefined) return cached;
    if (this.activeBusy.has(m)) return true;
    let node = this.definitionNodes.get(m);
    if (node === undefined) {
      let cur: Node | null = this.analysis.syntax.tree.rootNode.descendantForIndex(m.nameSpan.start);
      while (cur && cur.type !== 'preproc_def' && cur.type !== 'preproc_function_def') cur = cur.parent;
      node = cur;
      this.definitionNodes.set(m, node);
    }
    this.activeBusy.add(m);
    const active = node ? isActive(node, this.preproc) : true;
    this.activeBusy.delete(m);
    this.activeCache.set(m, active);
    return active;
  }

  /** The value of a name that is not a local: a macro, enumerator, header constant or global. */
  constantValue(name: string): Scalar | undefined {
    const macro = this.activeMacro(name);
    if (macro?.kind === 'function') return undefined;
    if (macro) return this.macroValue(name, macro.value ?? '');
    const e = this.enums.get(name);
    if (e !== undefined) return konst(e);
    const h = HEADER_CONSTANTS[name];
    if (h !== undefined) return konst(h);
    const c = helperIndex().constant(name);
    if (c) {
      const v = typeof c.value === 'number' ? c.value : Number(c.value);
      return Number.isSafeInteger(v) ? konst(v) : unknownScalar();
    }
    return undefined;
  }

  private macroValue(name: string, text: string): Scalar {
    const cached = this.macroCache.get(name);
    if (cached) return cached;
    if (this.macroBusy.has(name) || !text.trim()) return unknownScalar();
    this.macroBusy.add(name);
    let v = unknownScalar();
    try {
      const parsed = parseExpression(this, text);
      if (parsed) v = this.evalConstNode(parsed);
    } catch {
      v = unknownScalar();
    }
    this.macroBusy.delete(name);
    this.macroCache.set(name, v);
    return v;
  }

  keepTree(t: { delete(): void }): void {
    this.trees.push(t);
  }

  dispose(): void {
    for (const t of this.trees) t.delete();
    this.trees.length = 0;
    this.runTypes.release();
  }

  /** Key, value and max_entries of a map defined in the file. */
  mapInfo(name: string | undefined): MapInfo | undefined {
    return name ? this.maps.get(name) : undefined;
  }

  /** Resolves a map's key/value type text to a size. */
  typeTextSize(text: string | undefined): number | undefined {
    if (!text) return undefined;
    const parsed = parseTypeText(this, text);
    return parsed.k === 'unknown' ? undefined : this.types.sizeOf(parsed);
  }

  /** Whether calling `name` may reach a helper that changes packet data: the helper's name, or null. */
  functionChangesPacket(name: string, depth = 0): string | null {
    if (this.changesPkt.has(name)) return this.changesPkt.get(name) ?? null;
    const fn = this.functions.get(name);
    if (!fn || depth > 8) return null;
    this.changesPkt.set(name, null);
    let found: string | null = null;
    const body = fn.childForFieldName('body');
    for (const call of body ? body.descendantsOfType('call_expression') : []) {
      const callee = call?.childForFieldName('function');
      if (!callee || callee.type !== 'identifier') continue;
      const h = helperIndex().helper(callee.text);
      if (h && changesPacket(h)) found = h.name;
      else if (this.functions.has(callee.text) && callee.text !== name) found = this.functionChangesPacket(callee.text, depth + 1);
      if (found) break;
    }
    this.changesPkt.set(name, found);
    return found;
  }

  /** A function-like macro whose body names a helper that changes packet data. */
  macroChangesPacket(name: string): boolean {
    const m = this.activeMacro(name);
    if (!m?.value) return false;
    return [...m.value.matchAll(/\b(bpf_\w+)\s*\(/g)].some((x) => {
      const h = helperIndex().helper(x[1]);
      return h !== undefined && changesPacket(h);
    });
  }

  private readonly rodata = new Map<string, Scalar>();

  /**
   * A global's value as the verifier sees it: read-only data (`const volatile`)
   * is frozen before loading, so the verifier knows its initial value; other
   * globals are ordinary memory, known only at run time.
   */
  globalValue(name: string): Val | undefined {
    const g = this.globals.get(name);
    if (!g) return undefined;
    if (g.placement !== '.rodata' || g.isExtern) return unknownScalar('rt');
    const cached = this.rodata.get(name);
    if (cached) return cached;
    let v: Scalar = unknownScalar('unk');
    if (/\[|\*|\bstruct\b|\bunion\b/.test(g.type)) v = unknownScalar('unk');
    else if (!g.initializer) v = konst(0);
    else {
      const node = parseExpression(this, g.initializer.text);
      const c = node ? this.evalConstNode(node) : undefined;
      if (c && c.lo === c.hi && Number.isFinite(c.lo) && c.prov === 'const') v = c;
    }
    this.rodata.set(name, v);
    return v;
  }
}

/** Parses `text` as a C expression (a macro body); the tree lives until the analyzer is disposed. */
export function parseExpression(a: Analyzer, text: string): Node | undefined {
  const runtime = syntaxRuntimeIfLoaded();
  if (!runtime) return undefined;
  const tree = runtime.parse(`long __bpfls_x = (${text.replace(/\\\n/g, ' ')});`);
  a.keepTree(tree);
  const decl = tree.rootNode.namedChildren.find((c) => c?.type === 'declaration');
  const init = decl?.childForFieldName('declarator');
  const value = init?.type === 'init_declarator' ? init.childForFieldName('value') : null;
  if (!value || value.hasError) return undefined;
  return value;
}

/** Parses a type written as text (a map's key or value type). */
export function parseTypeText(a: Analyzer, text: string): CType {
  const runtime = syntaxRuntimeIfLoaded();
  if (!runtime) return UNKNOWN;
  if (/[[\](){};]/.test(text)) return UNKNOWN;
  const tree = runtime.parse(`${text} __bpfls_x;`);
  a.keepTree(tree);
  const decl = tree.rootNode.namedChildren.find((c) => c?.type === 'declaration');
  if (!decl || tree.rootNode.hasError) return UNKNOWN;
  return a.types.fromDeclarator(a.types.fromSpecifier(decl.childForFieldName('type')), decl.childForFieldName('declarator')).type;
}
