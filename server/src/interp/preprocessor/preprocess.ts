/**
 * The C preprocessor for BPF programs: directives, conditional inclusion,
 * `#include "local.h"` through an injected reader, `#include <...>` from our
 * built-in headers, macro expansion, `#pragma once`/`pack`, `#error`.
 * Output: the preprocessed text, a position map back to the user's files,
 * and the GNU attributes it removed (the C grammar cannot place all of them).
 */
import { lex, lexBuiltin, type PPToken } from './lexer.ts';
import { Expander, MacroError, type Macro, type TokenSource } from './macros.ts';
import { evalPPExpr, PPExprError, replaceDefined } from './pp-expr.ts';
import { parseDefine } from './define.ts';
import { PositionMap, type SourceFile } from './position-map.ts';
import { dirname, joinPath, normalizePath } from './paths.ts';
import { PREDEFINED, RESPELL } from './predefined.ts';
import { readAttribute, readBalanced } from './attributes.ts';

/** Reads the user's files (headers next to the program); undefined when missing. */
export interface FileReader {
  read(path: string): string | undefined;
}

export interface PreprocessOptions {
  /** Path of the main file (relative includes are resolved from its directory). */
  path: string;
  /** The user's other files (local headers), as a reader or a path -> text record. */
  files?: FileReader | Record<string, string>;
  /** `-D` style definitions: name -> replacement text ("" or "1" for flags). */
  defines?: Record<string, string>;
  /** Extra directories searched for `#include "..."` and `<...>` after the built-in headers. */
  includeDirs?: string[];
  /** Our built-in headers by include name. */
  builtinHeader: (name: string) => string | undefined;
  /**
   * 'user' keeps only the directives of built-in headers (their macros), not
   * their declarations: the compiler takes those from a prelude compiled once.
   */
  declarations?: 'all' | 'user';
}

export interface PPDiagnostic {
  severity: 'error' | 'warning';
  message: string;
  file: number;
  start: number;
  end: number;
}

export interface AttributeItem {
  name: string;
  /** The arguments' tokens as text, e.g. `"xdp"` or `8`. */
  args?: string[];
}

export interface RemovedAttribute {
  /** Offset in the output text where the attribute stood (it is replaced by nothing). */
  offset: number;
  items: AttributeItem[];
}

export interface PreprocessResult {
  text: string;
  map: PositionMap;
  files: SourceFile[];
  diagnostics: PPDiagnostic[];
  attributes: RemovedAttribute[];
  /** `#pragma pack` state changes: from this output offset on, structs pack to `value` (0 = default). */
  packs: { offset: number; value: number }[];
  macros: ReadonlyMap<string, Macro>;
  /** Built-in headers included, in order, by include name. */
  builtinIncludes: string[];
}

interface Cond {
  /** This branch's lines are kept. */
  active: boolean;
  /** Some branch of this #if was taken. */
  taken: boolean;
  /** The enclosing block is active. */
  outer: boolean;
  sawElse: boolean;
  tok: PPToken;
}

interface Cursor {
  file: number;
  tokens: PPToken[];
  i: number;
  conds: Cond[];
  /** Only the directives of this file count (a built-in header whose declarations come from the prelude). */
  skip: boolean;
}

const MAX_INCLUDE_DEPTH = 64;

export function preprocess(source: string, opts: PreprocessOptions): PreprocessResult {
  return new Preprocessor(opts).run(source);
}

class Preprocessor implements TokenSource {
  private readonly files: SourceFile[] = [];
  private readonly macros = new Map<string, Macro>();
  private readonly diags: PPDiagnostic[] = [];
  private readonly once = new Set<string>();
  private readonly stack: Cursor[] = [];
  private readonly packs: { offset: number; value: number }[] = [];
  private readonly packStack: number[] = [];
  private pack = 0;
  private outLen = 0;
  private counter = 0;
  private readonly expander: Expander;
  private readonly reader: FileReader;
  private readonly builtinIncludes: string[] = [];
  private readonly skipBuiltinDecls: boolean;

  constructor(private readonly opts: PreprocessOptions) {
    const f = opts.files;
    this.reader = !f ? { read: () => undefined } : typeof (f as FileReader).read === 'function' ? (f as FileReader) : recordReader(f as Record<string, string>);
    this.expander = new Expander(this.macros, this, (file) => this.files[file]?.builtin ?? true);
    this.skipBuiltinDecls = opts.declarations === 'user';
  }

  run(source: string): PreprocessResult {
    const predefinedFile = this.addFile('<predefined>', '', true);
    for (const [k, v] of Object.entries(PREDEFINED)) this.defineText(k, v, predefinedFile);
    this.defineDynamic('__LINE__', (t) => ({ ...t, kind: 'num', text: String(this.lineOf(t)) }));
    this.defineDynamic('__FILE__', (t) => ({ ...t, kind: 'str', text: JSON.stringify(this.files[t.file]?.path ?? '') }));
    this.defineDynamic('__COUNTER__', (t) => ({ ...t, kind: 'num', text: String(this.counter++) }));
    const cmdFile = this.addFile('<command line>', '', true);
    for (const [k, v] of Object.entries(this.opts.defines ?? {})) this.defineText(k, v, cmdFile);

    const main = this.addFile(normalizePath(this.opts.path), source, false);
    this.pushFile(main);
    const text: string[] = [];
    const map = new PositionMap();
    const attributes: RemovedAttribute[] = [];
    let first = true;
    for (;;) {
      let t: PPToken | undefined;
      try {
        t = this.expander.next();
      } catch (e) {
        if (e instanceof MacroError) {
          this.error(e.message, e.tok);
          continue;
        }
        throw e;
      }
      if (!t) break;
      if (t.kind === 'id') {
        if (t.text === '__attribute__' || t.text === '__attribute') {
          const items = readAttribute(() => this.expander.next());
          if (items) attributes.push({ offset: this.outLen, items });
          continue;
        }
        if (t.text === '_Pragma' || t.text === '__pragma') {
          readBalanced(() => this.expander.next());
          continue;
        }
        const r = RESPELL[t.text];
        if (r !== undefined) {
          if (r === '') continue;
          t = { ...t, text: r };
        }
      }
      const sep = first ? '' : t.bol && !t.site ? '\n' : ' ';
      first = false;
      text.push(sep, t.text);
      const start = this.outLen + sep.length;
      this.outLen = start + t.text.length;
      const at = t.site ?? t;
      map.add(start, this.outLen, at.file, at.start, at.end);
    }
    return {
      text: text.join(''),
      map,
      files: this.files,
      diagnostics: this.diags,
      attributes,
      packs: this.packs,
      macros: this.macros,
      builtinIncludes: this.builtinIncludes,
    };
  }

  // --- TokenSource over the include stack, running directives as they come

  next(): PPToken | undefined {
    return this.advance(true);
  }

  peek(): PPToken | undefined {
    return this.advance(false);
  }

  private advance(consume: boolean): PPToken | undefined {
    for (;;) {
      const c = this.stack[this.stack.length - 1];
      if (!c) return undefined;
      if (c.i >= c.tokens.length) {
        for (const open of c.conds) this.error('unterminated conditional directive', open.tok);
        this.stack.pop();
        continue;
      }
      const t = c.tokens[c.i];
      if (t.bol && t.text === '#') {
        const line = this.takeLine(c);
        this.directive(c, t, line);
        continue;
      }
      if ((c.conds.length && !c.conds[c.conds.length - 1].active) || c.skip) {
        c.i++;
        continue;
      }
      if (consume) c.i++;
      return t;
    }
  }

  private takeLine(c: Cursor): PPToken[] {
    c.i++; // '#'
    const line: PPToken[] = [];
    while (c.i < c.tokens.length && !c.tokens[c.i].bol) line.push(c.tokens[c.i++]);
    return line;
  }

  // --- directives

  private directive(c: Cursor, hash: PPToken, line: PPToken[]): void {
    const active = c.conds.length === 0 || c.conds[c.conds.length - 1].active;
    const name = line[0]?.text ?? '';
    const rest = line.slice(1);
    switch (name) {
      case 'if':
      case 'ifdef':
      case 'ifndef': {
        let v = false;
        if (active) {
          if (name === 'if') v = this.evalIf(rest, hash);
          else {
            const id = rest[0];
            if (!id || id.kind !== 'id') this.error(`#${name} needs a macro name`, hash);
            v = id ? this.macros.has(id.text) === (name === 'ifdef') : false;
          }
        }
        c.conds.push({ active: active && v, taken: v, outer: active, sawElse: false, tok: hash });
        return;
      }
      case 'elif':
      case 'elifdef':
      case 'elifndef': {
        const top = c.conds[c.conds.length - 1];
        if (!top) return this.error(`#${name} without #if`, hash);
        if (top.sawElse) this.error(`#${name} after #else`, hash);
        if (top.taken || !top.outer) {
          top.active = false;
          return;
        }
        let v: boolean;
        if (name === 'elif') v = this.evalIf(rest, hash);
        else v = this.macros.has(rest[0]?.text ?? '') === (name === 'elifdef');
        top.active = v;
        top.taken = v;
        return;
      }
      case 'else': {
        const top = c.conds[c.conds.length - 1];
        if (!top) return this.error('#else without #if', hash);
        if (top.sawElse) this.error('#else after #else', hash);
        top.sawElse = true;
        top.active = top.outer && !top.taken;
        top.taken = true;
        return;
      }
      case 'endif':
        if (!c.conds.pop()) this.error('#endif without #if', hash);
        return;
    }
    if (!active) return;
    switch (name) {
      case '':
        return; // null directive
      case 'define':
        return this.define(rest, hash);
      case 'undef':
        if (rest[0]) this.macros.delete(rest[0].text);
        return;
      case 'include':
      case 'include_next':
      case 'import':
        return this.include(c, rest, hash);
      case 'pragma':
        return this.pragma(c, rest);
      case 'error':
        return this.error(`#error ${rawLine(rest, this.files[hash.file].text)}`.trim(), hash, line[line.length - 1]);
      case 'warning':
        this.diags.push({ severity: 'warning', message: `#warning ${rawLine(rest, this.files[hash.file].text)}`.trim(), file: hash.file, start: hash.start, end: (line[line.length - 1] ?? hash).end });
        return;
      case 'line':
      case 'ident':
      case 'sccs':
        return;
      default:
        if (/^\d+$/.test(name)) return; // # 1 "file" line markers
        this.error(`unknown directive #${name}`, hash, line[0]);
    }
  }

  private evalIf(toks: PPToken[], at: PPToken): boolean {
    const pre = replaceDefined(toks, (name) => this.macros.has(name), (arg) => this.hasInclude(arg, at.file));
    try {
      const expanded = this.expander.expandAll(pre);
      return evalPPExpr(expanded) !== 0n;
    } catch (e) {
      if (e instanceof PPExprError || e instanceof MacroError) {
        this.error(e.message, at, toks[toks.length - 1]);
        return false;
      }
      throw e;
    }
  }

  private define(rest: PPToken[], hash: PPToken): void {
    const r = parseDefine(rest, hash);
    if ('error' in r) return this.error(r.error, r.at);
    this.macros.set(r.name, r);
  }

  private defineText(name: string, value: string, file: number): void {
    const toks = lex(value, file).tokens.map((t) => ({ ...t, bol: false }));
    const m: Macro = { name, variadic: false, body: toks, file, start: 0 };
    const paren = /^([A-Za-z_]\w*)\((.*?)\)$/.exec(name);
    if (paren) {
      m.name = paren[1];
      m.params = paren[2].split(',').map((s) => s.trim()).filter(Boolean);
    }
    this.macros.set(m.name, m);
  }

  private defineDynamic(name: string, fn: (t: PPToken) => PPToken): void {
    this.macros.set(name, { name, variadic: false, body: [], file: 0, start: 0, dynamic: fn });
  }

  private lineOf(t: PPToken): number {
    const text = this.files[t.file]?.text ?? '';
    let line = 1;
    for (let i = 0; i < t.start && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
    return line;
  }

  private include(c: Cursor, rest: PPToken[], hash: PPToken): void {
    let toks = rest;
    if (toks.length && toks[0].kind !== 'str' && toks[0].text !== '<') toks = this.expander.expandAll(toks);
    let name: string;
    let angled: boolean;
    if (toks[0]?.kind === 'str') {
      name = toks[0].text.slice(1, -1);
      angled = false;
    } else if (toks[0]?.text === '<') {
      const close = toks.findIndex((t) => t.text === '>');
      if (close < 0) return this.error('missing ">" in #include', hash);
      // the spelling between < and > as written
      const file = this.files[toks[0].file];
      name = file && toks[0].file === toks[close].file && !toks[0].site ? file.text.slice(toks[0].end, toks[close].start) : toks.slice(1, close).map((t) => t.text).join('');
      angled = true;
    } else return this.error('#include expects "FILE" or <FILE>', hash);
    if (this.stack.length >= MAX_INCLUDE_DEPTH) return this.error(`#include nested too deeply (${MAX_INCLUDE_DEPTH})`, hash);
    const fromDir = dirname(this.files[c.file].path);
    const found = this.resolveInclude(name, angled, fromDir, this.files[c.file].builtin);
    const last = rest[rest.length - 1] ?? hash;
    if (!found) {
      if (angled) {
        this.diags.push({ severity: 'warning', message: `header <${name}> is not one of bpfls's built-in headers; ignored`, file: hash.file, start: hash.start, end: last.end });
        return;
      }
      return this.error(`cannot find include file "${name}"`, hash, last);
    }
    if (this.once.has(found.path)) return;
    const id = this.addFile(found.path, found.text, found.builtin);
    if (found.builtin) this.builtinIncludes.push(name);
    this.pushFile(id);
  }

  private hasInclude(arg: string, file: number): boolean {
    const m = /^[<"](.*)[>"]$/.exec(arg.trim());
    if (!m) return false;
    return !!this.resolveInclude(m[1], arg.trim().startsWith('<'), dirname(this.files[file]?.path ?? ''), false);
  }

  private resolveInclude(name: string, angled: boolean, fromDir: string, fromBuiltin: boolean): { path: string; text: string; builtin: boolean } | undefined {
    if (!angled && !fromBuiltin) {
      const p = normalizePath(joinPath(fromDir, name));
      const text = this.reader.read(p);
      if (text !== undefined) return { path: p, text, builtin: false };
    }
    const b = this.opts.builtinHeader(name);
    if (b !== undefined) return { path: `<bpfls>/${name}`, text: b, builtin: true };
    for (const dir of this.opts.includeDirs ?? []) {
      const p = normalizePath(joinPath(dir, name));
      const text = this.reader.read(p);
      if (text !== undefined) return { path: p, text, builtin: false };
    }
    return undefined;
  }

  private pragma(c: Cursor, rest: PPToken[]): void {
    const what = rest[0]?.text;
    if (what === 'once') {
      this.once.add(this.files[c.file].path);
      return;
    }
    if (what === 'pack') {
      const args = rest.slice(2, -1).map((t) => t.text).filter((t) => t !== ',');
      if (args[0] === 'push') {
        this.packStack.push(this.pack);
        if (args[1] !== undefined && /^\d+$/.test(args[1])) this.pack = Number(args[1]);
      } else if (args[0] === 'pop') this.pack = this.packStack.pop() ?? 0;
      else if (args[0] !== undefined && /^\d+$/.test(args[0])) this.pack = Number(args[0]);
      else this.pack = 0;
      this.packs.push({ offset: this.outLen, value: this.pack });
    }
    // unroll, clang loop, GCC diagnostic ...: no effect on what the program computes
  }

  // --- files and diagnostics

  private addFile(path: string, text: string, builtin: boolean): number {
    this.files.push({ path, text, builtin });
    return this.files.length - 1;
  }

  private pushFile(id: number): void {
    const f = this.files[id];
    if (f.builtin) {
      const cached = lexBuiltin(f.text);
      const src = this.skipBuiltinDecls ? cached.directivesOnly : cached.tokens;
      this.stack.push({ file: id, tokens: src.map((t) => ({ ...t, file: id })), i: 0, conds: [], skip: this.skipBuiltinDecls });
      return;
    }
    const r = lex(f.text, id);
    for (const e of r.errors) this.diags.push({ severity: 'error', message: e.message, file: id, start: e.start, end: e.end });
    if (r.tokens.length) r.tokens[0] = { ...r.tokens[0], bol: true };
    this.stack.push({ file: id, tokens: r.tokens, i: 0, conds: [], skip: false });
  }

  private error(message: string, from: PPToken, to?: PPToken): void {
    const end = to && to.file === from.file ? to.end : from.end;
    this.diags.push({ severity: 'error', message, file: from.file, start: from.start, end });
  }
}

function recordReader(files: Record<string, string>): FileReader {
  const norm = new Map<string, string>();
  for (const [k, v] of Object.entries(files)) norm.set(normalizePath(k), v);
  return { read: (p) => norm.get(normalizePath(p)) };
}

function rawLine(toks: PPToken[], text: string): string {
  if (!toks.length) return '';
  return text.slice(toks[0].start, toks[toks.length - 1].end);
}
