/** Check 5 (file part): a missing license section. */
import type { CheckContext } from './context.ts';

export function checkLicense(ctx: CheckContext): void {
  if (ctx.model.license || ctx.model.programs.length === 0) return;
  const first = ctx.model.programs[0];
  ctx.report({
    code: 'bpf/missing-license',
    severity: 'warning',
    start: first.sectionSpan.start,
    end: first.sectionSpan.end,
    message: ctx.t(
      'This file declares no license: the kernel then treats its programs as non-GPL, and GPL-only helpers are refused. Add char LICENSE[] SEC("license") = "GPL"; (or your license).',
      '本文件没有声明许可证：内核会把其中的程序视为非 GPL，仅限 GPL 的辅助函数会被拒绝。请加上 char LICENSE[] SEC("license") = "GPL";（或你的许可证）。',
    ),
    fixes: [
      {
        title: ctx.t('Add a GPL license section', '添加 GPL 许可证节'),
        edits: [{ start: ctx.analysis.text.length, end: ctx.analysis.text.length, newText: `${ctx.analysis.text.endsWith('\n') ? '' : '\n'}\nchar LICENSE[] SEC("license") = "GPL";\n` }],
      },
    ],
  });
}
