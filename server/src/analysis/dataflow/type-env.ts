/**
 * The types a document knows: its typedefs and struct/union bodies (file
 * scope and nested), then the standard protocol headers. Turns tree-sitter
 * type specifiers and declarators into CTypes and lays structs out.
 */
import { Query, type Language, type Node } from 'web-tree-sitter';
import { syntaxRuntimeIfLoaded } from '../../syntax/parser.ts';
import {
  builtinTypedef,
  type CType,
  type FieldLayout,
  primitiveType,
  ptrTo,
  type StructLayout,
  UNKNOWN,
} from './ctypes.ts';
import { STANDARD_HEADERS } from './headers.ts';
import { detached } from '../../syntax/strings.ts';

/** Attribute names written in [start, end) (the rewrite blanks them, the records keep them). */
export type AttributeLookup = (start: number, end: number) => string[];

/** Constant integer expressions (array sizes, bitfield widths): supplied by the evaluator. */
export type ConstEval = (n: Node) => number | undefined;

interface StructDef {
  /** Undefined once resolveAll() has laid the struct out and let go of the tree. */
  body: Node | undefined;
  union: boolean;
  packed: boolean;
  aligned: boolean;
}

const DEFINITIONS = '(struct_specifier body: (_)) @d (union_specifier body: (_)) @d (type_definition) @d';
let definitions: { language: Language; query: Query } | undefined;

/** The compiled query that finds struct/union definitions and typedefs (one per grammar). */
function definitionsQuery(root: Node): Query {
  const language = root.tree.language;
  if (definitions?.language !== language) definitions = { language, query: new Query(language, DEFINITIONS) };
  return definitions.query;
}

export class TypeEnv {
  private readonly structs = new Map<string, StructDef>();
  private readonly typedefs = new Map<string, { type: Node; declarator: Node }>();
  private readonly layouts = new Map<string, StructLayout | null>();
  private readonly resolving = new Set<string>();
  private readonly resolvedTypedefs = new Map<string, CType>();
  /** Typedef names whose nodes resolveAll() dropped (their types are in resolvedTypedefs). */
  private readonly typedefNames = new Set<string>();
  constEval: ConstEval = () => undefined;

  /** Definitions inside `roots` (and their descendants); the others come from `fallback`. */
  constructor(
    roots: readonly Node[],
    private readonly attrsIn: AttributeLookup,
    private readonly fallback?: TypeEnv,
  ) {
    for (const root of [...roots].reverse()) this.collect(root); // later definitions win
  }

  /**
   * Registers every struct/union definition and typedef of the tree. They are found
   * with one native query (walking the tree node by node from JavaScript costs a
   * wasm call per node); later definitions win, as in a stack walk of the tree.
   */
  private collect(root: Node): void {
    const found = definitionsQuery(root)
      .captures(root)
      .map((c) => c.node)
      .sort((a, b) => b.startIndex - a.startIndex);
    for (const n of found) {
      if (n.type === 'struct_specifier' || n.type === 'union_specifier') {
        const body = n.childForFieldName('body');
        if (body) this.registerStruct(n, body);
      } else if (n.type === 'type_definition') {
        const type = n.childForFieldName('type');
        if (type) {
          for (const d of n.childrenForFieldName('declarator')) {
            const name = innermostName(d);
            if (name && !this.typedefs.has(name)) this.typedefs.set(detached(name), { type, declarator: d });
          }
        }
      }
    }
  }

  private structKey(spec: Node): string {
    const name = spec.childForFieldName('name');
    // an anonymous struct is known by its text: the key must not change when the file around it moves
    return detached(name ? name.text : `#anon{${spec.text}}`); // detached: a reused env must not keep its tree's text alive
  }

  private registerStruct(spec: Node, body: Node): void {
    const key = this.structKey(spec);
    if (this.structs.has(key)) return;
    const next = spec.nextSibling;
    const limit = next && next.type === ';' ? next.endIndex : spec.endIndex + 1;
    const attrs = [...this.attrsIn(spec.startIndex, body.startIndex), ...this.attrsIn(body.endIndex, limit)];
    const inner = this.attrsIn(body.startIndex, body.endIndex);
    for (const a of spec.descendantsOfType('attribute_specifier')) if (a) attrs.push(...attributeNames(a.text));
    this.structs.set(key, {
      body,
      union: spec.type === 'union_specifier',
      packed: attrs.includes('packed'),
      aligned: attrs.includes('aligned') || inner.includes('aligned') || inner.includes('packed'),
    });
  }

  /** Lays out every struct now (before the tree that defines them is freed). */
  layoutAll(): void {
    for (const k of this.structs.keys()) this.layout(k);
  }

  /**
   * Lays out every struct and resolves every typedef now: afterwards the env no
   * longer reads the tree it was built from (so it may outlive it).
   */
  resolveAll(): void {
    this.layoutAll();
    for (const name of this.typedefs.keys()) this.typedef(name);
    // nothing reads the nodes any more: drop them, and with them the tree and its text
    for (const [name, def] of this.structs) this.structs.set(name, { ...def, body: undefined });
    for (const name of this.typedefs.keys()) this.typedefNames.add(name);
    this.typedefs.clear();
  }

  hasTypedef(name: string): boolean {
    return this.typedefs.has(name) || this.typedefNames.has(name) || builtinTypedef(name) !== undefined || (this.fallback?.hasTypedef(name) ?? false);
  }

  /** A typedef name's type. */
  typedef(name: string): CType {
    const cached = this.resolvedTypedefs.get(name);
    if (cached) return cached;
    const def = this.typedefs.get(name);
    let t: CType;
    if (def && !this.resolving.has(name)) {
      this.resolving.add(name);
      t = this.fromDeclarator(this.fromSpecifier(def.type), def.declarator).type;
      this.resolving.delete(name);
    } else t = builtinTypedef(name) ?? this.fallback?.typedef(name) ?? UNKNOWN;
    this.resolvedTypedefs.set(name, t);
    return t;
  }

  /** The type a specifier node names (primitive, sized, typedef, struct/union/enum). */
  fromSpecifier(n: Node | null): CType {
    if (!n) return UNKNOWN;
    switch (n.type) {
      case 'primitive_type':
        return primitiveType([n.text]) ?? UNKNOWN;
      case 'sized_type_specifier':
        return primitiveType(n.text.split(/\s+/)) ?? UNKNOWN;
      case 'type_identifier':
        return this.typedef(n.text);
      case 'struct_specifier':
      case 'union_specifier': {
        const body = n.childForFieldName('body');
        if (body) this.registerStruct(n, body);
        return { k: 'struct', name: this.structKey(n) };
      }
      case 'enum_specifier':
        return { k: 'int', size: 4, signed: false };
      case 'macro_type_specifier':
        return UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  /** Applies a declarator (pointer, array, function, parenthesised) to a base type. */
  fromDeclarator(base: CType, d: Node | null): { type: CType; name?: Node } {
    let t = base;
    let cur = d;
    for (let guard = 0; cur && guard < 32; guard++) {
      switch (cur.type) {
        case 'identifier':
        case 'field_identifier':
        case 'type_identifier':
          return { type: t, name: cur };
        case 'init_declarator':
        case 'attributed_declarator':
        case 'parenthesized_declarator':
          cur = cur.childForFieldName('declarator') ?? cur.namedChildren.find((c) => c && c.type !== 'attribute_specifier') ?? null;
          break;
        case 'pointer_declarator':
        case 'abstract_pointer_declarator':
          t = ptrTo(t);
          cur = cur.childForFieldName('declarator');
          break;
        case 'array_declarator':
        case 'abstract_array_declarator': {
          const size = cur.childForFieldName('size');
          const len = size ? this.constEval(size) : undefined;
          t = { k: 'array', of: t, len };
          cur = cur.childForFieldName('declarator');
          break;
        }
        case 'function_declarator':
        case 'abstract_function_declarator':
          t = { k: 'fn' };
          cur = cur.childForFieldName('declarator');
          break;
        case 'abstract_parenthesized_declarator':
          cur = cur.namedChildren.find((c) => c !== null) ?? null;
          break;
        default:
          return { type: UNKNOWN };
      }
    }
    return { type: t };
  }

  /** A `type_descriptor` (casts, sizeof, compound literals). */
  fromDescriptor(n: Node | null): CType {
    if (!n) return UNKNOWN;
    if (n.type !== 'type_descriptor') return UNKNOWN;
    return this.fromDeclarator(this.fromSpecifier(n.childForFieldName('type')), n.childForFieldName('declarator')).type;
  }

  sizeOf(t: CType): number | undefined {
    switch (t.k) {
      case 'int':
        return t.size;
      case 'ptr':
        return 8;
      case 'void':
      case 'fn':
        return 1;
      case 'array': {
        const e = this.sizeOf(t.of);
        return e === undefined || t.len === undefined ? undefined : e * t.len;
      }
      case 'struct':
        return this.layout(t.name)?.size;
      default:
        return undefined;
    }
  }

  alignOf(t: CType): number | undefined {
    switch (t.k) {
      case 'int':
        return t.size;
      case 'ptr':
        return 8;
      case 'array':
        return this.alignOf(t.of);
      case 'struct':
        return this.layout(t.name)?.align;
      case 'void':
        return 1;
      default:
        return undefined;
    }
  }

  field(structName: string, field: string): FieldLayout | undefined {
    return this.layout(structName)?.fields.get(field);
  }

  layout(name: string): StructLayout | undefined {
    if (this.layouts.has(name)) return this.layouts.get(name) ?? undefined;
    const def = this.structs.get(name);
    if (!def) return this.fallback?.layout(name);
    this.layouts.set(name, null); // cycle guard
    const l = this.computeLayout(name, def);
    this.layouts.set(name, l ?? null);
    return l;
  }

  private computeLayout(name: string, def: StructDef): StructLayout | undefined {
    const fields = new Map<string, FieldLayout>();
    let bits = 0; // cursor in bits; NaN once unknown
    let maxAlign = 1;
    let maxSize = 0;
    if (!def.body) return undefined;
    const decls = def.body.namedChildren.filter((c): c is Node => c !== null && c.type === 'field_declaration');
    const place = (fname: string, t: CType, isLast: boolean): void => {
      let size = this.sizeOf(t);
      if (size === undefined && isLast && t.k === 'array' && t.len === undefined) size = 0;
      const align = def.packed ? 1 : (this.alignOf(t) ?? 1);
      maxAlign = Math.max(maxAlign, align);
      if (def.union) {
        fields.set(fname, { offset: 0, type: t });
        maxSize = size === undefined ? NaN : Math.max(maxSize, size);
        return;
      }
      if (Number.isFinite(bits)) bits = Math.ceil(bits / (align * 8)) * align * 8;
      fields.set(fname, { offset: Number.isFinite(bits) ? bits / 8 : undefined, type: t });
      bits = size === undefined ? NaN : bits + size * 8;
    };
    decls.forEach((fd, i) => {
      const isLast = i === decls.length - 1;
      const typeNode = fd.childForFieldName('type');
      const base = this.fromSpecifier(typeNode);
      const declarators = fd.childrenForFieldName('declarator');
      if (declarators.length === 0) {
        // An anonymous struct/union member: its fields belong to this struct.
        if (base.k !== 'struct') return;
        const inner = this.layout(base.name);
        const before = bits;
        place(`#member${i}`, base, isLast);
        const at = def.union ? 0 : Number.isFinite(before) && inner ? fields.get(`#member${i}`)?.offset : undefined;
        fields.delete(`#member${i}`);
        if (!inner) return;
        for (const [fname, f] of inner.fields) {
          fields.set(fname, {
            offset: at !== undefined && f.offset !== undefined ? at + f.offset : undefined,
            type: f.type,
            ...(f.bitBytes ? { bitBytes: f.bitBytes } : {}),
          });
        }
        return;
      }
      // Each declarator's own `: width` follows it.
      const clauses = new Map<number, Node>();
      let lastDecl: Node | undefined;
      for (const c of fd.namedChildren) {
        if (!c) continue;
        if (c.type === 'bitfield_clause') {
          if (lastDecl) clauses.set(lastDecl.id, c);
        } else if (declarators.some((d) => d.id === c.id)) lastDecl = c;
      }
      for (const d of declarators) {
        const bitClause = clauses.get(d.id) ?? null;
        const { type, name: nameNode } = this.fromDeclarator(base, d);
        const fname = nameNode?.text;
        if (!fname) continue;
        if (bitClause) {
          const widthNode = bitClause.namedChildren.find((c) => c !== null) ?? null;
          const width = widthNode ? this.constEval(widthNode) : undefined;
          const unit = this.sizeOf(type);
          if (width === undefined || unit === undefined || def.union) {
            fields.set(fname, { offset: undefined, type });
            if (!def.union) bits = NaN;
            continue;
          }
          maxAlign = Math.max(maxAlign, def.packed ? 1 : unit);
          if (!Number.isFinite(bits)) {
            fields.set(fname, { offset: undefined, type });
            continue;
          }
          const unitBits = unit * 8;
          if (width === 0) {
            bits = Math.ceil(bits / unitBits) * unitBits;
            continue;
          }
          if (!def.packed && (bits % unitBits) + width > unitBits) bits = Math.ceil(bits / unitBits) * unitBits;
          const first = Math.floor(bits / 8);
          const last = Math.floor((bits + width - 1) / 8);
          fields.set(fname, { offset: first, type, bitBytes: { first: 0, count: last - first + 1, width } });
          bits += width;
        } else place(fname, type, isLast);
      }
    });
    let size: number | undefined;
    if (def.union) size = Number.isFinite(maxSize) ? Math.ceil(maxSize / maxAlign) * maxAlign : undefined;
    else size = Number.isFinite(bits) ? Math.ceil(bits / 8 / (def.packed ? 1 : maxAlign)) * (def.packed ? 1 : maxAlign) : undefined;
    if (def.aligned) {
      // An explicit alignment changes offsets and sizes in ways this model does not follow.
      for (const f of fields.values()) f.offset = undefined;
      size = undefined;
    }
    return { name, union: def.union, size, align: def.packed ? 1 : maxAlign, fields };
  }
}

function innermostName(d: Node | null): string | undefined {
  let cur = d;
  for (let guard = 0; cur && guard < 32; guard++) {
    if (cur.type === 'type_identifier' || cur.type === 'identifier') return cur.text;
    cur = cur.childForFieldName('declarator') ?? cur.namedChildren.find((c) => c && c.type !== 'attribute_specifier') ?? null;
  }
  return undefined;
}

function attributeNames(text: string): string[] {
  return [...text.matchAll(/\b_*(packed|aligned)_*\b/g)].map((m) => m[1]);
}

let standard: TypeEnv | undefined;

/** The standard headers' types (parsed once per process). */
export function standardTypes(): TypeEnv | undefined {
  if (standard) return standard;
  const runtime = syntaxRuntimeIfLoaded();
  if (!runtime) return undefined;
  const tree = runtime.parse(STANDARD_HEADERS);
  const env = new TypeEnv([tree.rootNode], () => []);
  env.constEval = (n) => (n.type === 'number_literal' ? Number(n.text) : undefined);
  // Resolve everything now: the tree is freed below.
  env.resolveAll();
  tree.delete();
  standard = env;
  return env;
}
