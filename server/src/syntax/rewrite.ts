/**
 * Offset-preserving rewrite of BPF/libbpf macros into C that tree-sitter-c
 * parses as the construct the macro expands to. The output has exactly the
 * same length and the same line breaks as the input, and every non-ASCII
 * character stays where it was, so offsets, rows and columns (UTF-16 or
 * UTF-8) in the rewritten text equal those in the user's text.
 *
 * Every rewrite is recorded (see macro-records.ts) so later layers can see
 * what was written.
 */
import {
  ATTRIBUTE_CALLS,
  ATTRIBUTE_WORDS,
  BUILTIN_RENAMES,
  LOOP_MACROS,
  MAP_FIELD_MACROS,
  PRAGMA_MACROS,
  PROGRAM_HEAD_MACROS,
  SECTION_MACROS,
  TYPE_ARGUMENT_MACROS,
  TYPE_KEYWORDS,
  TYPEOF_MACROS,
} from './bpf-macros.ts';
import type { AttributeItem, MacroArg, MacroParam, MapFieldMacro } from './macro-records.ts';
import { TokenCursor, type Group, type PartialRewrite, type RewriteReads, type RewriteResult, type StopRule } from './rewrite-cursor.ts';
import { parseAttributeList } from './rewrite-text.ts';
import { stringLiteralValue, tokenizeFrom } from './scanner.ts';
import type { Tokens } from './tokens.ts';

type Handler = 'section' | 'attr-word' | 'attr-call' | 'map-field' | 'head' | 'loop' | 'type-arg' | 'pragma' | 'builtin' | 'typeof';

const HANDLERS = new Map<string, Handler>();
for (const n of SECTION_MACROS) HANDLERS.set(n, 'section');
for (const n of ATTRIBUTE_WORDS.keys()) HANDLERS.set(n, 'attr-word');
for (const n of ATTRIBUTE_CALLS) HANDLERS.set(n, 'attr-call');
for (const n of MAP_FIELD_MACROS.keys()) HANDLERS.set(n, 'map-field');
for (const n of PROGRAM_HEAD_MACROS.keys()) HANDLERS.set(n, 'head');
for (const n of LOOP_MACROS) HANDLERS.set(n, 'loop');
for (const n of TYPE_ARGUMENT_MACROS.keys()) HANDLERS.set(n, 'type-arg');
for (const n of PRAGMA_MACROS) HANDLERS.set(n, 'pragma');
for (const n of BUILTIN_RENAMES.keys()) HANDLERS.set(n, 'builtin');
for (const n of TYPEOF_MACROS) HANDLERS.set(n, 'typeof');

/** First characters and lengths of the handled names: most identifiers are rejected without a slice. */
const FIRST_CHARS = new Set([...HANDLERS.keys()].map((n) => n.charCodeAt(0)));
const MIN_LEN = Math.min(...[...HANDLERS.keys()].map((n) => n.length));
const MAX_LEN = Math.max(...[...HANDLERS.keys()].map((n) => n.length));

class Rewriter extends TokenCursor {
  private readonly skip: Uint8Array;

  constructor(src: string, toks: Tokens) {
    super(src, toks);
    this.skip = new Uint8Array(toks.length);
  }

  /**
   * Walks the tokens from `from` (where no earlier macro's reading reaches)
   * and returns the index it stopped at: `toks.length`, or the first index
   * `i >= stop.minIndex` that no macro handled in this run read up to and
   * that `stop.at(i)` accepts.
   */
  run(from = 0, stop?: StopRule): number {
    const { toks } = this;
    let maxReach = -1;
    for (let i = from; i < toks.length; i++) {
      if (stop && i >= stop.minIndex && maxReach < i && stop.at(i)) return i;
      if (this.skip[i] || toks.kind(i) !== 'ident') continue;
      const start = toks.start(i);
      const len = toks.end(i) - start;
      if (len < MIN_LEN || len > MAX_LEN || !FIRST_CHARS.has(this.src.charCodeAt(start))) continue;
      const handler = HANDLERS.get(this.src.slice(start, start + len));
      if (!handler || this.isMemberName(i)) continue;
      this.reach = i;
      const next = this.handle(handler, i);
      this.noteRead(i);
      if (this.reach > maxReach) maxReach = this.reach;
      if (next > i) i = next - 1;
    }
    return toks.length;
  }

  /** Handles the macro at token `i`; returns the index to continue from. */
  private handle(h: Handler, i: number): number {
    const open = i + 1;
    if (h === 'attr-word') return this.attributeWord(i);
    if (!this.isPunct(open, '(')) return i + 1;
    const g = this.group(open);
    if (!g) return i + 1;
    switch (h) {
      case 'section':
        return this.section(i, g);
      case 'attr-call':
        return this.attributeCall(i, g);
      case 'map-field':
        return this.mapField(i, g);
      case 'head':
        return this.programHead(i, g);
      case 'loop':
        return this.loop(i, g);
      case 'type-arg':
        return this.typeArguments(i, g);
      case 'pragma':
        return this.pragma(i, g);
      case 'builtin':
        return this.builtin(i);
      case 'typeof':
        return this.typeofExpr(i, g);
    }
    return i + 1;
  }

  private section(i: number, g: Group): number {
    if (g.topSemicolon || g.braces) return i + 1;
    const arg = this.argOf({ from: i + 2, to: g.close }, i + 1);
    let section: string | undefined = '';
    for (let j = i + 2; j < g.close; j++) {
      const t = this.tok(j);
      if (t.kind === 'string') section += stringLiteralValue(this.tokenText(t));
      else {
        section = undefined;
        break;
      }
    }
    if (g.close === i + 2) section = undefined;
    const base = this.base(i, g.close);
    this.blank(base.range.start, base.range.end);
    this.records.push({ kind: 'section', ...base, section, arg });
    return g.close + 1;
  }

  private attributeWord(i: number): number {
    const t = this.tok(i);
    const name = this.tokenText(t);
    const def = ATTRIBUTE_WORDS.get(name);
    if (!def) return i + 1;
    this.blank(t.start, t.end);
    const range = { start: t.start, end: t.end };
    this.records.push({
      kind: 'attribute',
      macro: name,
      range,
      nameRange: range,
      attributes: def.attributes.map((a) => ({ ...a })),
      ...(def.section !== undefined ? { section: def.section } : {}),
    });
    return i + 1;
  }

  private attributeCall(i: number, g: Group): number {
    if (g.topSemicolon || g.braces) return i + 1;
    const base = this.base(i, g.close);
    const macro = base.macro;
    const args = this.args(i + 1, g.close).map((a) => this.argOf(a, i + 1));
    let attributes: AttributeItem[];
    if (macro === '__attribute__' || macro === '__attribute') {
      const inner = args.length === 1 ? args[0].text : '';
      attributes = inner.startsWith('(') && inner.endsWith(')') ? parseAttributeList(inner.slice(1, -1)) : [];
    } else if (macro === '__aligned') attributes = [{ name: 'aligned', args: args[0]?.text ?? '' }];
    else if (macro === '__contains')
      attributes = [{ name: 'btf_decl_tag', args: `"contains:${args.map((a) => a.text).join(':')}"` }];
    else if (macro === '__printf') attributes = [{ name: 'format', args: `printf, ${args.map((a) => a.text).join(', ')}` }];
    else attributes = parseAttributeList(args.map((a) => a.text).join(','));
    let section: string | undefined;
    for (const a of attributes) {
      if (a.name === 'section' && a.args && /^\s*"/.test(a.args)) section = stringLiteralValue(a.args.trim());
    }
    this.blank(base.range.start, base.range.end);
    this.records.push({ kind: 'attribute', ...base, attributes, ...(section !== undefined ? { section } : {}) });
    return g.close + 1;
  }

  private mapField(i: number, g: Group): number {
    if (g.topSemicolon) return i + 1;
    const parts = this.args(i + 1, g.close);
    if (parts.length !== 2) return i + 1;
    const [nameArg, valueArg] = parts;
    if (nameArg.to - nameArg.from !== 1 || this.toks.kind(nameArg.from) !== 'ident') return i + 1;
    const macro = this.text(i) as MapFieldMacro;
    const shape = MAP_FIELD_MACROS.get(macro);
    const base = this.base(i, g.close);
    const open = this.tok(i + 1);
    const comma = this.tok(nameArg.comma);
    const close = this.tok(g.close);
    this.put(base.range.start, open.end, 'int');
    this.put(comma.start, comma.end, shape === 'array' ? '[' : '(');
    this.put(close.start, close.end, shape === 'array' ? ']' : ')');
    const nameTok = this.tok(nameArg.from);
    this.records.push({
      kind: 'map-field',
      ...base,
      macro,
      field: this.tokenText(nameTok),
      fieldRange: { start: nameTok.start, end: nameTok.end },
      value: this.argOf(valueArg, i + 1),
    });
    // Keep scanning inside the value: `__array(values, struct { __uint(...); })`.
    return nameArg.comma + 1;
  }

  private programHead(i: number, g: Group): number {
    if (g.topSemicolon || g.braces) return i + 1;
    const parts = this.args(i + 1, g.close);
    const first = parts[0];
    if (first.to - first.from !== 1 || this.toks.kind(first.from) !== 'ident') return i + 1;
    const base = this.base(i, g.close);
    const nameTok = this.tok(first.from);
    const style = PROGRAM_HEAD_MACROS.get(base.macro) ?? 'plain';
    const rest = parts.slice(1).map((a) => ({ arg: this.argOf(a, i + 1), a }));
    const params: MacroParam[] = [];
    if (style === 'pairs') {
      for (let k = 0; k + 1 < rest.length; k += 2) {
        const type = rest[k].arg;
        const name = rest[k + 1].arg;
        params.push({
          text: this.src.slice(type.range.start, name.range.end),
          range: { start: type.range.start, end: name.range.end },
          type: type.text,
          name: name.text,
          nameRange: name.range,
        });
      }
    } else {
      for (const { arg, a } of rest) params.push(this.splitParam(arg, a.from, a.to));
    }
    const rewritten = parts.length > 1;
    if (rewritten) {
      this.blank(base.range.start, this.toks.end(i + 1));
      const comma = this.tok(first.comma);
      this.put(comma.start, comma.end, '(');
    }
    this.records.push({
      kind: 'program-head',
      ...base,
      functionName: this.tokenText(nameTok),
      functionNameRange: { start: nameTok.start, end: nameTok.end },
      params,
      rewritten,
    });
    return g.close + 1;
  }

  /** `struct filename *name` -> type "struct filename *", name "name". */
  private splitParam(arg: MacroArg, from: number, to: number): MacroParam {
    const last = this.tok(to - 1);
    if (to - from >= 2 && last.kind === 'ident' && !TYPE_KEYWORDS.has(this.tokenText(last))) {
      return {
        ...arg,
        type: this.src.slice(arg.range.start, last.start).trimEnd(),
        name: this.tokenText(last),
        nameRange: { start: last.start, end: last.end },
      };
    }
    return { ...arg, type: arg.text };
  }

  private loop(i: number, g: Group): number {
    if (g.topSemicolon || g.braces || this.isPunct(g.close + 1, ';')) return i + 1;
    const t = this.tok(i);
    const base = this.base(i, g.close);
    this.put(t.start, t.end, 'while');
    const args = this.args(i + 1, g.close).map((a) => this.argOf(a, i + 1));
    this.records.push({ kind: 'loop', ...base, args });
    return i + 2;
  }

  private typeArguments(i: number, g: Group): number {
    if (g.topSemicolon) return i + 1;
    const parts = this.args(i + 1, g.close);
    const base = this.base(i, g.close);
    const indices = (TYPE_ARGUMENT_MACROS.get(base.macro)?.(parts.length) ?? []).filter((k) => k < parts.length);
    const typeArgs: number[] = [];
    for (const k of indices) {
      const a = parts[k];
      if (a.from >= a.to || !this.looksLikeType(a.from, a.to)) continue;
      typeArgs.push(k);
      this.typeToExpression(a.from, a.to);
      for (let j = a.from; j < a.to; j++) this.skip[j] = 1;
    }
    if (typeArgs.length === 0) return i + 1;
    const args = parts.map((a) => this.argOf(a, i + 1));
    this.records.push({ kind: 'type-argument', ...base, args, typeArgs });
    return i + 2;
  }

  private looksLikeType(from: number, to: number): boolean {
    for (let j = from; j < to; j++) {
      const t = this.tok(j);
      if (t.kind === 'ident' && TYPE_KEYWORDS.has(this.tokenText(t))) return true;
      if (t.kind === 'punct' && '*[('.includes(this.src[t.start])) return j > from;
    }
    return false;
  }

  /** Keeps the last non-keyword identifier of a type, blanks the rest (or writes `0`). */
  private typeToExpression(from: number, to: number): void {
    const start = this.toks.start(from);
    const end = this.toks.end(to - 1);
    let keep = -1;
    for (let j = to - 1; j >= from; j--) {
      const t = this.tok(j);
      if (t.kind === 'ident' && !TYPE_KEYWORDS.has(this.tokenText(t))) {
        keep = j;
        break;
      }
    }
    if (keep < 0) {
      this.put(start, end, '0');
      return;
    }
    this.blank(start, this.toks.start(keep));
    this.blank(this.toks.end(keep), end);
  }

  private pragma(i: number, g: Group): number {
    if (g.topSemicolon || g.braces) return i + 1;
    const base = this.base(i, g.close);
    this.blank(base.range.start, base.range.end);
    this.records.push({ kind: 'pragma', ...base, arg: this.argOf({ from: i + 2, to: g.close }, i + 1) });
    return g.close + 1;
  }

  private builtin(i: number): number {
    const t = this.tok(i);
    const name = this.tokenText(t);
    const replacement = BUILTIN_RENAMES.get(name) ?? name;
    this.put(t.start, t.end, replacement);
    const range = { start: t.start, end: t.end };
    this.records.push({ kind: 'builtin', macro: name, range, nameRange: range, replacement });
    return i + 1;
  }

  /** Leaves `typeof(T)` / `typeof(x)` (the grammar reads those); blanks `typeof(expr)`. */
  private typeofExpr(i: number, g: Group): number {
    if (this.isPlainTypeName(i + 2, g.close)) return i + 1;
    const base = this.base(i, g.close);
    const open = this.tok(i + 1);
    this.blank(open.start, base.range.end);
    this.records.push({ kind: 'typeof', ...base, arg: this.argOf({ from: i + 2, to: g.close }, i + 1) });
    return g.close + 1;
  }

  /** Identifiers/keywords followed only by `*` (and qualifiers): `struct foo *`, `x`. */
  private isPlainTypeName(from: number, to: number): boolean {
    if (from >= to || this.toks.kind(from) !== 'ident') return false;
    let stars = false;
    for (let j = from; j < to; j++) {
      const t = this.tok(j);
      if (t.kind === 'punct' && this.src[t.start] === '*') stars = true;
      else if (t.kind !== 'ident') return false;
      else if (stars && !TYPE_KEYWORDS.has(this.tokenText(t))) return false;
    }
    return true;
  }
}

/**
 * Runs the rewrite over `toks` (the tokens of the whole `src`) from token
 * `from` until `stop` allows. May throw on a bug; callers fall back.
 */
export function rewriteTokens(src: string, toks: Tokens, from: number, stop?: StopRule): PartialRewrite {
  const r = new Rewriter(src, toks);
  const stoppedAt = r.run(from, stop);
  return { stoppedAt, textOf: (a, b) => r.textOf(a, b), records: r.sortedRecords(), reads: r.reads };
}

/** The full rewrite of `source` together with its tokens and where each macro read. Never throws. */
export function rewriteWithReads(source: string): RewriteResult & { tokens: Tokens; reads: RewriteReads | undefined } {
  const tokens = tokenizeFrom(source, 0, true).tokens;
  try {
    const r = new Rewriter(source, tokens);
    r.run();
    return { ...r.result(), tokens, reads: r.reads };
  } catch {
    return { text: source, records: [], tokens, reads: undefined };
  }
}

export type { PartialRewrite, RewriteResult, RewriteReads, StopRule } from './rewrite-cursor.ts';
export { blankText, parseAttributeList } from './rewrite-text.ts';

/** Rewrites the BPF macros in `source`. Never throws. */
export function rewriteBpfMacros(source: string): RewriteResult {
  const { text, records } = rewriteWithReads(source);
  return { text, records };
}
