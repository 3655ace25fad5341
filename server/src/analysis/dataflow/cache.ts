/**
 * Dataflow results per analysis root (a program, or a global function), reused
 * across edits. A root's findings depend only on the text of the functions it
 * reaches and on the file's declarations outside function bodies, so that text
 * (plus the locale) is the cache key. Offsets are stored relative to the start of
 * the function they fall in and rebased on reuse; a result with an offset outside
 * every function is not cached. Typing inside one function re-analyses only the
 * roots that reach it.
 */
import type { Locale } from '../../helpers/schema.ts';
import type { AnalysisDiagnostic } from '../diagnostic.ts';
import type { DocumentAnalysis } from '../document-analysis.ts';
import { reachableFrom } from '../call-graph.ts';
import { anchorOffsets, declarationsKey, definitionsByName, hashText, resolveOffsets } from '../function-results.ts';
import { compareText } from '../../syntax/strings.ts';

interface CachedRoot {
  /** Diagnostics with every offset replaced by a function-relative anchor (JSON-safe clone). */
  diagnostics: unknown[];
}

/** Per document, the cached results of each root (by key); dropped with the document. */
const caches = new WeakMap<DocumentAnalysis, Map<string, CachedRoot>>();

function docCache(analysis: DocumentAnalysis): Map<string, CachedRoot> {
  let c = caches.get(analysis);
  if (!c) caches.set(analysis, (c = new Map()));
  return c;
}

/** Per document, the hash of each function's text (recomputed only when the text changed). */
const functionHashes = new WeakMap<DocumentAnalysis, Map<string, { text: string; hash: string }>>();

function functionHash(analysis: DocumentAnalysis, name: string, text: string): string {
  let m = functionHashes.get(analysis);
  if (!m) functionHashes.set(analysis, (m = new Map()));
  const known = m.get(name);
  if (known && known.text === text) {
    known.text = text; // this version's slice: the old version's text can be freed
    return known.hash;
  }
  const hash = hashText(text);
  m.set(name, { text, hash });
  return hash;
}

export function cachedDataflow(
  analysis: DocumentAnalysis,
  locale: Locale,
  run: (opts: { only: ReadonlySet<string>; perRoot: (root: string, ds: AnalysisDiagnostic[]) => void }) => AnalysisDiagnostic[],
): AnalysisDiagnostic[] {
  const model = analysis.model();
  const text = analysis.text;
  const spans = definitionsByName(model);
  const shared = `${locale}\u0001${declarationsKey(text, model)}`;
  const called = new Set(model.calls.map((c) => c.callee));
  const roots = [
    ...model.programs.map((p) => p.name),
    ...model.functions.filter((f) => f.isDefinition && !f.isStatic && !f.isInline && called.has(f.name)).map((f) => f.name),
  ];
  const cache = docCache(analysis);
  const keys = new Map<string, string>();
  const out: AnalysisDiagnostic[] = [];
  const missing = new Set<string>();
  for (const root of new Set(roots)) {
    const reach = reachableFrom(model, root);
    const key = `${shared}\u0002${root}\u0002${reach.map((f) => `${f}:${functionHash(analysis, f, spans.get(f) ? text.slice(spans.get(f)!.span.start, spans.get(f)!.span.end) : '')}`).join('\u0003')}`;
    keys.set(root, key);
    const hit = cache.get(key);
    if (hit) out.push(...(resolveOffsets(hit.diagnostics, spans) as AnalysisDiagnostic[]));
    else missing.add(root);
  }
  if (missing.size) {
    const fns = [...spans.values()];
    out.push(
      ...run({
        only: missing,
        perRoot: (root, ds) => {
          const key = keys.get(root);
          const anchored = key ? anchorOffsets(ds, fns) : undefined;
          if (key && anchored) cache.set(key, { diagnostics: anchored as unknown[] });
        },
      }),
    );
  }
  const hashes = functionHashes.get(analysis);
  if (hashes) for (const name of [...hashes.keys()]) if (!spans.has(name)) hashes.delete(name);
  // Entries of roots that no longer exist (or whose text changed) are dropped.
  const live = new Set(keys.values());
  for (const k of [...cache.keys()]) if (!live.has(k)) cache.delete(k);
  const seen = new Set<string>();
  return out
    .filter((d) => {
      const k = `${d.code}:${d.start}:${d.end}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.start - b.start || compareText(a.code, b.code));
}
