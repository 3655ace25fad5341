/**
 * Finding a declaration in the local headers a document includes, through the
 * include resolver (which resolves paths and caches the included files' models).
 */
import { LineIndex, type Position } from '../syntax/line-index.ts';
import { syntaxRuntimeIfLoaded } from '../syntax/parser.ts';
import type { DocumentAnalysis } from './document-analysis.ts';
import type { DocumentModel, IncludeDirective, Span } from './document-model-types.ts';
import { IncludeResolver } from './include-resolver.ts';
import type { SourceFiles } from './source-files.ts';

const resolvers = new WeakMap<SourceFiles, Map<string, IncludeResolver>>();

/** One resolver (and model cache) per file system and include-path setting. */
export function includeResolver(files: SourceFiles, includePaths: readonly string[]): IncludeResolver | undefined {
  const runtime = syntaxRuntimeIfLoaded();
  if (!runtime) return undefined;
  let byPaths = resolvers.get(files);
  if (!byPaths) resolvers.set(files, (byPaths = new Map()));
  const key = includePaths.join('\0');
  let r = byPaths.get(key);
  if (!r) byPaths.set(key, (r = new IncludeResolver(files, runtime, { includePaths })));
  return r;
}

export function resolveInclude(files: SourceFiles, fromPath: string, include: IncludeDirective, includePaths: readonly string[]): string | undefined {
  return includeResolver(files, includePaths)?.resolve(fromPath, include);
}

function declared(model: DocumentModel, name: string): Span | undefined {
  return (
    model.maps.find((x) => x.name === name)?.nameSpan ??
    model.functions.find((x) => x.name === name)?.nameSpan ??
    model.macros.find((x) => x.name === name)?.nameSpan ??
    model.types.find((x) => x.name === name)?.nameSpan ??
    model.globals.find((x) => x.name === name)?.nameSpan
  );
}

/** Where `name` is declared in the local headers `analysis` includes (depth-first, in include order). */
export function findInIncludes(
  analysis: DocumentAnalysis,
  fromPath: string,
  name: string,
  includePaths: readonly string[],
): { path: string; span: Span; start: Position; end: Position } | undefined {
  const resolver = includeResolver(analysis.files, includePaths);
  for (const f of resolver?.includedFiles(fromPath, analysis.model()) ?? []) {
    const span = declared(f.model, name);
    if (!span) continue;
    const lines = new LineIndex(f.text);
    return { path: f.path, span, start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
  }
  return undefined;
}
