/**
 * Reusing analysis results per function across edits: a key for what every
 * function's results share (the file's declarations outside function bodies,
 * whitespace-insensitive), and results stored with offsets relative to the
 * function they fall in, moved back to absolute offsets on reuse.
 */
import type { DocumentModel, FunctionInfo } from './document-model-types.ts';
import { detached } from '../syntax/strings.ts';

/** An offset stored relative to the start of a function, by name. */
interface Anchored {
  fn: string;
  rel: number;
}

/** A 53-bit string hash (cyrb53): keys stay small however large the file is. */
export function hashText(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36) + ':' + text.length.toString(36);
}

/**
 * Strings and character literals kept; comments dropped; blank runs and line
 * breaks (not after `\`) collapsed.
 */
const LAYOUT = /("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|\/\*[\s\S]*?\*\/|\/\/[^\n]*|(?<!\\)[ \t\r]*\n\s*|[ \t\r]+/g;

/**
 * The file's text with every function body replaced by `{}` and its layout
 * normalised: what the results of all functions depend on besides their own
 * text. Re-indenting declarations, blank lines and comments keep the key.
 * The model builder computes it per segment (reusing unchanged segments' pieces)
 * and records it here; other models get it computed from the whole text.
 */
export function declarationsKey(text: string, model: DocumentModel): string {
  const cached = keys.get(model);
  if (cached?.text === text) return cached.key;
  const key = hashText(declarationsText(text, 0, text.length, model.functions));
  keys.set(model, { text, key });
  return key;
}

/** Records the declarations key of a model built from `text` (see DocumentModelBuilder). */
export function rememberDeclarationsKey(model: DocumentModel, text: string, key: string): void {
  keys.set(model, { text, key });
}

const keys = new WeakMap<DocumentModel, { text: string; key: string }>();

/** [start, end) of `text` with the bodies of `functions` inside it replaced by `{}`, layout normalised. */
export function declarationsText(text: string, start: number, end: number, functions: readonly FunctionInfo[]): string {
  const bodies = functions
    .filter((f) => f.isDefinition && f.bodySpan && f.bodySpan.start >= start && f.bodySpan.end <= end)
    .map((f) => f.bodySpan!)
    .sort((a, b) => a.start - b.start);
  let out = '';
  let at = start;
  for (const b of bodies) {
    if (b.start < at) continue;
    out += text.slice(at, b.start) + '{}';
    at = b.end;
  }
  out += text.slice(at, end);
  const normal = out.replace(LAYOUT, (m: string, literal: string | undefined) => literal ?? (m.startsWith('/') ? ' ' : m.includes('\n') ? '\n' : ' '));
  return normal.replace(/(?<!\\)[ \n]{2,}/g, (m) => (m.includes('\n') ? '\n' : ' ')).trim();
}

/** Function definitions by name (the first definition of a name). */
export function definitionsByName(model: DocumentModel): Map<string, FunctionInfo> {
  const m = new Map<string, FunctionInfo>();
  for (const f of model.functions) if (f.isDefinition && !m.has(f.name)) m.set(f.name, f);
  return m;
}

/**
 * A copy of `value` with every `start`/`end` number replaced by an anchor in the
 * function that contains it; undefined when one falls outside all of `fns`.
 */
export function anchorOffsets(value: unknown, fns: readonly FunctionInfo[]): unknown {
  let ok = true;
  const at = (offset: number): Anchored | undefined => {
    const f = fns.find((x) => x.span.start <= offset && offset <= x.span.end);
    if (!f) ok = false;
    return f ? { fn: f.name, rel: offset - f.span.start } : undefined;
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'string') return detached(v); // kept results must not keep their version's text alive
    if (!v || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = (k === 'start' || k === 'end') && typeof x === 'number' ? at(x) : walk(x);
    return out;
  };
  const r = walk(value);
  return ok ? r : undefined;
}

/** The inverse of anchorOffsets, with the functions where they are now. */
export function resolveOffsets(value: unknown, fns: ReadonlyMap<string, FunctionInfo>): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveOffsets(v, fns));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(value as Record<string, unknown>)) {
    if ((k === 'start' || k === 'end') && x && typeof x === 'object' && 'fn' in x) {
      const a = x as Anchored;
      out[k] = fns.get(a.fn)!.span.start + a.rel;
    } else out[k] = resolveOffsets(x, fns);
  }
  return out;
}
