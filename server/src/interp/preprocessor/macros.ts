/**
 * Macro expansion with hide sets (Prosser's algorithm, as in the C standard's
 * rescanning rules): object-like and function-like macros, `#` and `##`,
 * `__VA_ARGS__`, GNU `, ## __VA_ARGS__` and `__VA_OPT__`.
 */
import { lexOne, type PPToken, type SrcRange } from './lexer.ts';

export interface Macro {
  name: string;
  /** undefined for object-like macros. */
  params?: string[];
  variadic: boolean;
  body: PPToken[];
  /** Where it was defined. */
  file: number;
  start: number;
  /** Handled by code (`__LINE__`, `__FILE__`, `__COUNTER__`). */
  dynamic?: (tok: PPToken) => PPToken;
}

export class MacroError extends Error {
  constructor(
    message: string,
    readonly tok: PPToken,
  ) {
    super(message);
  }
}

const EMPTY: ReadonlySet<string> = new Set();

/** A copy of a token with some fields replaced (a fixed object shape keeps this fast). */
function retok(t: PPToken, hide: ReadonlySet<string> | undefined, site: SrcRange | undefined, space: boolean, kind = t.kind, text = t.text): PPToken {
  return { kind, text, file: t.file, start: t.start, end: t.end, bol: false, space, hide, site };
}

function withHide(hide: ReadonlySet<string> | undefined, name: string): Set<string> {
  const s = new Set(hide ?? EMPTY);
  s.add(name);
  return s;
}

function union(a: ReadonlySet<string> | undefined, b: ReadonlySet<string>): ReadonlySet<string> {
  if (!a || a.size === 0) return b;
  const s = new Set(a);
  for (const x of b) s.add(x);
  return s;
}

function intersect(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): Set<string> {
  const out = new Set<string>();
  if (!a || !b) return out;
  for (const x of a) if (b.has(x)) out.add(x);
  return out;
}

/** A source of tokens: returns undefined at the end. `peek` must not consume. */
export interface TokenSource {
  next(): PPToken | undefined;
  peek(): PPToken | undefined;
}

class ArraySource implements TokenSource {
  private i = 0;
  constructor(private readonly toks: PPToken[]) {}
  next(): PPToken | undefined {
    return this.toks[this.i++];
  }
  peek(): PPToken | undefined {
    return this.toks[this.i];
  }
}

/** Expansion output beyond this many tokens is a runaway macro. */
const MAX_EXPANDED = 4_000_000;

export class Expander {
  /** Pushed-back tokens, last element first. */
  private pending: PPToken[] = [];
  private produced = 0;
  constructor(
    private readonly macros: Map<string, Macro>,
    private readonly source: TokenSource,
    /** Whether a file is one of our built-in headers (macro sites point at user text, not there). */
    private readonly isBuiltinFile: (file: number) => boolean,
  ) {}

  private nextRaw(): PPToken | undefined {
    return this.pending.length ? this.pending.pop() : this.source.next();
  }

  private peekRaw(): PPToken | undefined {
    return this.pending.length ? this.pending[this.pending.length - 1] : this.source.peek();
  }

  private pushBack(toks: PPToken[]): void {
    this.produced += toks.length;
    if (this.produced > MAX_EXPANDED) {
      const at = toks[0];
      this.pending = [];
      if (at) throw new MacroError(`macro expansion produced more than ${MAX_EXPANDED} tokens`, at);
      return;
    }
    for (let i = toks.length - 1; i >= 0; i--) this.pending.push(toks[i]);
  }

  /** The next fully expanded token, or undefined at the end. */
  next(): PPToken | undefined {
    for (;;) {
      const t = this.nextRaw();
      if (!t) return undefined;
      if (t.kind !== 'id') return t;
      const m = this.macros.get(t.text);
      if (!m || (t.hide && t.hide.has(t.text))) return t;
      if (m.dynamic) return m.dynamic(t);
      if (!m.params) {
        const site = this.siteOf(t, t);
        this.pushBack(this.subst(m, [], withHide(t.hide, m.name), site));
        continue;
      }
      const p = this.peekRaw();
      if (!p || p.text !== '(') return t;
      this.nextRaw();
      const { args, close } = this.collectArgs(t, m);
      const site = this.siteOf(t, close);
      this.pushBack(this.subst(m, args, withHide(intersect(t.hide, close.hide), m.name), site));
    }
  }

  /** Expands a complete list of tokens (macro arguments, `#if` lines). */
  expandAll(toks: PPToken[]): PPToken[] {
    const inner = new Expander(this.macros, new ArraySource(toks), this.isBuiltinFile);
    const out: PPToken[] = [];
    for (let t = inner.next(); t; t = inner.next()) out.push(t);
    return out;
  }

  private siteOf(first: PPToken, last: PPToken): SrcRange | undefined {
    if (first.site) return first.site;
    if (this.isBuiltinFile(first.file)) return undefined;
    if (last.file === first.file && !last.site) return { file: first.file, start: first.start, end: last.end };
    return { file: first.file, start: first.start, end: first.end };
  }

  private collectArgs(nameTok: PPToken, m: Macro): { args: PPToken[][]; close: PPToken } {
    const args: PPToken[][] = [[]];
    let depth = 0;
    for (;;) {
      const t = this.nextRaw();
      if (!t) throw new MacroError(`unterminated call of macro "${m.name}"`, nameTok);
      if (t.text === '(' && t.kind === 'punct') depth++;
      else if (t.text === ')' && t.kind === 'punct') {
        if (depth === 0) {
          const params = m.params!;
          // `F()` for a one-parameter macro gives one empty argument
          if (params.length === 0 && args.length === 1 && args[0].length === 0 && !m.variadic) args.length = 0;
          const want = params.length + (m.variadic ? 1 : 0);
          if (m.variadic && args.length === params.length) args.push([]);
          if (args.length !== want && !(m.variadic && args.length > want)) {
            throw new MacroError(`macro "${m.name}" takes ${want} argument(s), got ${args.length}`, nameTok);
          }
          if (m.variadic && args.length > want) {
            // join the extra arguments (with their commas) into __VA_ARGS__
            const va: PPToken[] = [];
            for (let i = params.length; i < args.length; i++) {
              if (i > params.length) va.push(commaTok(args[i][0] ?? t));
              va.push(...args[i]);
            }
            args.length = params.length;
            args.push(va);
          }
          return { args, close: t };
        }
        depth--;
      } else if (t.text === ',' && t.kind === 'punct' && depth === 0) {
        args.push([]);
        continue;
      }
      args[args.length - 1].push(t);
    }
  }

  private subst(m: Macro, args: PPToken[][], hide: Set<string>, site: SrcRange | undefined): PPToken[] {
    const params = m.params ?? [];
    const paramIndex = (t: PPToken): number => {
      if (t.kind !== 'id') return -1;
      if (m.variadic && t.text === '__VA_ARGS__') return params.length;
      return params.indexOf(t.text);
    };
    const expandedCache = new Map<number, PPToken[]>();
    const expandedArg = (i: number): PPToken[] => {
      let e = expandedCache.get(i);
      if (!e) {
        e = this.expandAll(args[i]);
        expandedCache.set(i, e);
      }
      return e;
    };
    const body = m.body;
    const out: PPToken[] = [];
    // markers for placemarkers in ## sequences
    const fromBody = (t: PPToken, space: boolean): PPToken => retok(t, hide, site, space);
    const unions = new Map<ReadonlySet<string> | undefined, ReadonlySet<string>>();
    const hideOf = (h: ReadonlySet<string> | undefined): ReadonlySet<string> => {
      let u = unions.get(h);
      if (!u) {
        u = union(h, hide);
        unions.set(h, u);
      }
      return u;
    };
    for (let i = 0; i < body.length; i++) {
      const t = body[i];
      const nextIsPaste = body[i + 1]?.text === '##';
      // __VA_OPT__(x)
      if (t.kind === 'id' && t.text === '__VA_OPT__' && m.variadic && body[i + 1]?.text === '(') {
        let depth = 0;
        let j = i + 1;
        const inner: PPToken[] = [];
        for (; j < body.length; j++) {
          if (body[j].text === '(') {
            depth++;
            if (depth === 1) continue;
          } else if (body[j].text === ')') {
            depth--;
            if (depth === 0) break;
          }
          inner.push(body[j]);
        }
        if (args[params.length]?.length) {
          out.push(...this.subst({ ...m, body: inner }, args, hide, site));
        }
        i = j;
        continue;
      }
      if (t.text === '#' && t.kind === 'punct' && m.params) {
        const pi = body[i + 1] ? paramIndex(body[i + 1]) : -1;
        if (pi >= 0) {
          const st = stringify(args[pi], t);
          out.push(retok(st, hide, site, t.space, 'str', st.text));
          i++;
          continue;
        }
      }
      if (t.text === '##' && t.kind === 'punct') {
        // paste the previous output token with the next body token (or argument)
        const rhsTok = body[i + 1];
        i++;
        if (!rhsTok) break;
        let rhs: PPToken[];
        const pi = paramIndex(rhsTok);
        if (pi >= 0) rhs = args[pi].map((x) => retok(x, hideOf(x.hide), x.site ?? site, x.space));
        else rhs = [fromBody(rhsTok, rhsTok.space)];
        // GNU: , ## __VA_ARGS__ drops the comma when the variable arguments are empty
        if (pi === params.length && m.variadic && out.length && out[out.length - 1].text === ',') {
          if (rhs.length === 0) out.pop();
          else out.push(...rhs);
          continue;
        }
        if (rhs.length === 0) continue; // lhs ## placemarker = lhs
        const lhs = out.pop();
        if (!lhs || lhs.text === '') {
          out.push(...rhs);
          continue;
        }
        const joined = lhs.text + rhs[0].text;
        const one = lexOne(joined);
        out.push(retok(lhs, hide, site, lhs.space, one?.kind ?? 'other', joined));
        out.push(...rhs.slice(1));
        continue;
      }
      const pi = paramIndex(t);
      if (pi >= 0) {
        const raw = nextIsPaste ? args[pi] : expandedArg(pi);
        if (raw.length === 0 && nextIsPaste) out.push(retok(t, hide, site, t.space, 'other', '')); // placemarker
        let first = true;
        for (const a of raw) {
          out.push(retok(a, hideOf(a.hide), a.site ?? (this.isBuiltinFile(a.file) ? site : undefined), first ? t.space : a.space));
          first = false;
        }
        continue;
      }
      out.push(fromBody(t, t.space));
    }
    return out.filter((x) => x.text !== '');
  }
}

function commaTok(near: PPToken): PPToken {
  return { ...near, kind: 'punct', text: ',', space: false };
}

function stringify(toks: PPToken[], at: PPToken): PPToken {
  let s = '';
  toks.forEach((t, i) => {
    if (i > 0 && t.space) s += ' ';
    s += t.kind === 'str' || t.kind === 'chr' ? t.text.replace(/\\/g, '\\\\').replace(/"/g, '\\"') : t.text;
  });
  return { ...at, kind: 'str', text: `"${s}"` };
}
