/**
 * Runs the analysis checks in-process on a fixture file and compares the errors
 * with the file's `// expect-error: <code>` comments (one per line that must
 * carry that error). Returns what differs, for a readable assertion.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { checkDocument } from '../../server/src/analysis/check.ts';
import type { AnalysisDiagnostic } from '../../server/src/analysis/diagnostic.ts';
import { DocumentAnalysis } from '../../server/src/analysis/document-analysis.ts';
import { NO_FILES } from '../../server/src/analysis/source-files.ts';
import type { Locale } from '../../server/src/helpers/schema.ts';
import { LineIndex } from '../../server/src/syntax/line-index.ts';
import { loadSyntaxRuntime } from '../../server/src/syntax/parser.ts';
import { readExpectations } from './markers.ts';

export interface FixtureResult {
  missing: string[];
  unexpected: string[];
  diagnostics: AnalysisDiagnostic[];
}

export async function diagnose(path: string, options: { locale?: Locale; targetKernel?: string } = {}): Promise<{ text: string; diagnostics: AnalysisDiagnostic[]; lines: LineIndex }> {
  await loadSyntaxRuntime();
  const text = readFileSync(path, 'utf8');
  const analysis = new DocumentAnalysis(pathToFileURL(path).href, text, NO_FILES);
  try {
    return { text, diagnostics: checkDocument(analysis, { locale: options.locale ?? 'en', targetKernel: options.targetKernel }), lines: new LineIndex(text) };
  } finally {
    analysis.dispose();
  }
}

export async function checkFixture(path: string, options: { locale?: Locale; targetKernel?: string; codes?: string[] } = {}): Promise<FixtureResult> {
  const { text, diagnostics, lines } = await diagnose(path, options);
  const expected = readExpectations(text, 'expect-error').map((e) => `${e.line + 1}: ${e.value}`);
  const errors = diagnostics.filter((d) => d.severity === 'error' && (!options.codes || options.codes.includes(d.code)));
  const actual = errors.map((d) => `${lines.positionAt(d.start).line + 1}: ${d.code}`);
  const relevant = options.codes ? expected.filter((e) => options.codes!.some((c) => e.endsWith(c))) : expected;
  return {
    missing: relevant.filter((e) => !actual.includes(e)),
    unexpected: [...new Set(actual.filter((a) => !relevant.includes(a)))],
    diagnostics,
  };
}
