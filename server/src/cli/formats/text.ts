/** Compiler-style text: `file:line:col: severity: message [code]` (1-based line and column). */
import { countBySeverity, type CheckReport } from './check-report.ts';

export function formatText(report: CheckReport, locale: 'en' | 'zh-CN'): string {
  const lines: string[] = [];
  for (const f of report.files) {
    for (const d of f.diagnostics) {
      lines.push(`${f.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message} [${d.code}]`);
      for (const r of d.related ?? []) {
        lines.push(`${r.path}:${r.range.start.line + 1}:${r.range.start.character + 1}: note: ${r.message}`);
      }
    }
  }
  const c = countBySeverity(report);
  const n = report.files.length;
  lines.push(
    locale === 'zh-CN'
      ? `检查了 ${n} 个文件：${c.error} 个错误，${c.warning} 个警告，${c.information + c.hint} 个提示`
      : `${n} file${n === 1 ? '' : 's'} checked: ${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}, ${c.information + c.hint} note${c.information + c.hint === 1 ? '' : 's'}`,
  );
  return lines.join('\n') + '\n';
}
