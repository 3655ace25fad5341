/** Go to definition and find references (this file, and `#include "..."` targets). */
import type { Location, Position } from 'vscode-languageserver/node';
import { declarationSpan, includeAt, nameAt, occurrences } from '../analysis/navigation.ts';
import { findInIncludes, resolveInclude } from '../analysis/includes.ts';
import { rangeOf } from './convert.ts';
import type { FeatureContext } from './server.ts';

export function provideDefinition(
  ctx: FeatureContext,
  position: Position,
  uriToPath: (uri: string) => string | undefined,
  pathToUri: (path: string) => string,
): Location | Location[] | null {
  const { doc } = ctx;
  const offset = doc.text.offsetAt(position);
  const inc = includeAt(doc.analysis, offset);
  const fromPath = uriToPath(doc.text.uri);
  if (inc && !inc.system && fromPath) {
    const target = resolveInclude(doc.analysis.files, fromPath, inc, ctx.settings.includePaths);
    return target ? { uri: pathToUri(target), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } } : null;
  }
  const name = nameAt(doc.analysis, offset);
  if (!name) return null;
  const span = declarationSpan(doc.analysis, name);
  if (span) return { uri: doc.text.uri, range: rangeOf(doc.text, span.start, span.end) };
  if (!fromPath) return null;
  const found = findInIncludes(doc.analysis, fromPath, name, ctx.settings.includePaths);
  return found ? { uri: pathToUri(found.path), range: { start: found.start, end: found.end } } : null;
}

export function provideReferences(ctx: FeatureContext, position: Position, includeDeclaration: boolean): Location[] {
  const { doc } = ctx;
  const name = nameAt(doc.analysis, doc.text.offsetAt(position));
  if (!name) return [];
  const decl = declarationSpan(doc.analysis, name);
  return occurrences(doc.analysis, name)
    .filter((o) => includeDeclaration || !decl || o.start !== decl.start)
    .map((o) => ({ uri: doc.text.uri, range: rangeOf(doc.text, o.start, o.end) }));
}
