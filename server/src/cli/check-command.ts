/**
 * `bpfls check PATH... [--format text|json|sarif] [--target-kernel X.Y] [--locale en|zh-CN] [-I DIR]`
 * Exit 1 when any error is reported, 0 otherwise, 2 on usage errors or unreadable files.
 */
import { readFileSync, statSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkDocument } from '../analysis/check.ts';
import { DocumentAnalysis } from '../analysis/document-analysis.ts';
import { LineIndex } from '../syntax/line-index.ts';
import { loadSyntaxRuntime } from '../syntax/parser.ts';
import { nodeFiles } from '../lsp/start-node.ts';
import { cliLocale, oneOf, parseArgs, UsageError } from './args.ts';
import type { CommandIO } from './io.ts';
import type { CheckReport, FileReport } from './formats/check-report.ts';
import { formatText } from './formats/text.ts';
import { formatSarif } from './formats/sarif.ts';

export const CHECK_USAGE = 'bpfls check PATH... [--format text|json|sarif] [--target-kernel X.Y] [--locale en|zh-CN]';

/** Files to check: each path, or the .c/.h files under a directory. */
function collect(paths: string[]): { files: string[]; unreadable: string[] } {
  const files: string[] = [];
  const unreadable: string[] = [];
  const walk = (p: string) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      unreadable.push(p);
      return;
    }
    if (st.isDirectory()) {
      for (const e of readdirSync(p).sort()) if (/\.(c|h)$/.test(e) || statSync(join(p, e)).isDirectory()) walk(join(p, e));
    } else files.push(p);
  };
  for (const p of paths) walk(p);
  return { files, unreadable };
}

export async function checkCommand(argv: string[], io: CommandIO): Promise<number> {
  const args = parseArgs(argv, ['format', 'target-kernel', 'locale']);
  const format = oneOf(args, 'format', ['text', 'json', 'sarif'] as const, 'text');
  const locale = cliLocale(args);
  const targetKernel = args.options.get('target-kernel')?.at(-1);
  if (targetKernel !== undefined && !/^\d+\.\d+$/.test(targetKernel)) throw new UsageError(`--target-kernel must look like 5.15 (got "${targetKernel}")`);
  if (args.positional.length === 0) throw new UsageError('check needs at least one file or directory');
  const { files, unreadable } = collect(args.positional);
  for (const u of unreadable) io.stderr(`bpfls: cannot read ${u}\n`);
  const texts = new Map<string, string>();
  for (const f of files) {
    try {
      texts.set(f, readFileSync(f, 'utf8'));
    } catch {
      io.stderr(`bpfls: cannot read ${f}\n`);
      unreadable.push(f);
    }
  }
  if (unreadable.length) return 2;
  await loadSyntaxRuntime();
  const report: CheckReport = { files: [] };
  for (const [path, text] of texts) {
    const analysis = new DocumentAnalysis(pathToFileURL(resolve(path)).href, text, nodeFiles);
    try {
      const lines = new LineIndex(text);
      const fr: FileReport = { path, diagnostics: [] };
      for (const d of checkDocument(analysis, { locale, targetKernel })) {
        fr.diagnostics.push({
          range: { start: lines.positionAt(d.start), end: lines.positionAt(d.end) },
          severity: d.severity,
          code: d.code,
          message: d.message,
          ...(d.related?.length
            ? { related: d.related.map((r) => ({ path: r.path ?? path, range: { start: lines.positionAt(r.start), end: lines.positionAt(r.end) }, message: r.message })) }
            : {}),
        });
      }
      report.files.push(fr);
    } finally {
      analysis.dispose();
    }
  }
  if (format === 'json') io.stdout(JSON.stringify(report, null, 2) + '\n');
  else if (format === 'sarif') io.stdout(formatSarif(report, '0.1.0', (p) => pathToFileURL(resolve(p)).href));
  else io.stdout(formatText(report, locale));
  return report.files.some((f) => f.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}
