/** Quick fixes carried by diagnostics (`fixes` in the analysis data). */
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver/node';
import { checkDocument } from '../analysis/check.ts';
import { rangeOf, toLspDiagnostic } from './convert.ts';
import type { FeatureContext } from './server.ts';

export function provideCodeActions(ctx: FeatureContext, params: CodeActionParams): CodeAction[] {
  const { doc } = ctx;
  const start = doc.text.offsetAt(params.range.start);
  const end = doc.text.offsetAt(params.range.end);
  const actions: CodeAction[] = [];
  for (const d of checkDocument(doc.analysis, { locale: ctx.locale, targetKernel: ctx.settings.targetKernel || undefined })) {
    if (!d.fixes?.length || d.end < start || d.start > end) continue;
    const diagnostic = toLspDiagnostic(doc.text, d, () => doc.text.uri);
    for (const fix of d.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [doc.text.uri]: fix.edits.map((e) => ({ range: rangeOf(doc.text, e.start, e.end), newText: e.newText })) } },
      });
    }
  }
  return actions;
}
