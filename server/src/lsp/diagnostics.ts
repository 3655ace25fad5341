/** Publishes the analysis diagnostics of a document, converted to LSP. */
import type { Diagnostic } from 'vscode-languageserver/node';
import { checkDocument } from '../analysis/check.ts';
import { toLspDiagnostic } from './convert.ts';
import type { FeatureContext } from './server.ts';
import { pathToUri } from './uri.ts';

export function computeDiagnostics(ctx: FeatureContext): Diagnostic[] {
  const { doc, settings, locale } = ctx;
  return checkDocument(doc.analysis, { locale, targetKernel: settings.targetKernel || undefined }).map((d) =>
    toLspDiagnostic(doc.text, d, (path) => (path ? pathToUri(path) : doc.text.uri)),
  );
}
