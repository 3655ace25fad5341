/** `bpfls helpers [NAME ...] [--format text|json] [--locale en|zh-CN]` */
import { helperIndex } from '../helpers/database.ts';
import { helperCard } from '../helpers/card.ts';
import type { Helper } from '../helpers/schema.ts';
import { cliLocale, oneOf, parseArgs, UsageError } from './args.ts';
import { renderCardText } from './render-text.ts';
import type { CommandIO } from './io.ts';

export const HELPERS_USAGE = 'bpfls helpers [NAME ...] [--format text|json] [--locale en|zh-CN]';

export function helpersCommand(argv: string[], io: CommandIO): number {
  const args = parseArgs(argv, ['format', 'locale']);
  const format = oneOf(args, 'format', ['text', 'json'] as const, 'text');
  const locale = cliLocale(args);
  const db = helperIndex();
  const selected: Helper[] = [];
  const unknown: string[] = [];
  for (const raw of args.positional) {
    const h = db.helper(raw) ?? db.helper(`bpf_${raw}`) ?? (/^\d+$/.test(raw) ? db.helperById(Number(raw)) : undefined);
    if (h) selected.push(h);
    else unknown.push(raw);
  }
  if (unknown.length) {
    for (const u of unknown) {
      const near = db.closestHelpers(u);
      const msg =
        locale === 'zh-CN'
          ? `bpfls: 未知的辅助函数 "${u}"。最接近的是：${near.join('、')}`
          : `bpfls: unknown helper "${u}". Closest matches: ${near.join(', ')}`;
      io.stderr(msg + '\n');
    }
    return 2;
  }
  const list = args.positional.length ? selected : [...db.helpers];
  if (format === 'json') {
    io.stdout(JSON.stringify(args.positional.length === 1 ? list[0] : list, null, 2) + '\n');
    return 0;
  }
  const width = Math.max(60, Math.min(io.columns ?? 100, 100));
  io.stdout(list.map((h) => renderCardText(helperCard(h, locale), width)).join('\n' + '-'.repeat(Math.min(width, 60)) + '\n\n'));
  return 0;
}

export { UsageError };
