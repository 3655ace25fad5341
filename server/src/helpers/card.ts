/**
 * A helper card: the facts of one helper arranged for a person, in one language,
 * independent of how it is drawn (terminal text in the CLI, Markdown in hover).
 */
import type { Helper, Locale, Param } from './schema.ts';
import { tr } from './locale.ts';

export interface CardSection {
  /** What the section holds; parameter and flag lines start with a C name. */
  kind: 'params' | 'flags' | 'returns' | 'pitfalls' | 'facts' | 'seed-note';
  title: string;
  lines: string[];
}

export interface HelperCard {
  signature: string;
  summary: string;
  description: string;
  /** A warning shown prominently (packet pointers invalidated, deprecated, ...). */
  warnings: string[];
  sections: CardSection[];
}

const L = {
  params: { en: 'Parameters', zh: '参数' },
  flags: { en: 'Flags', zh: '标志' },
  returns: { en: 'Returns', zh: '返回值' },
  pitfalls: { en: 'Pitfalls', zh: '注意事项' },
  facts: { en: 'Facts', zh: '基本信息' },
  since: { en: 'Since kernel', zh: '引入内核版本' },
  gpl: { en: 'GPL-only', zh: '仅限 GPL' },
  yes: { en: 'yes', zh: '是' },
  no: { en: 'no', zh: '否' },
  types: { en: 'Program types', zh: '可调用的程序类型' },
  id: { en: 'Helper id', zh: '辅助函数编号' },
  seedNote: { en: 'Note on the seed notes', zh: '对原始笔记的更正' },
  pkt: {
    en: 'Changes packet data: after this call the verifier invalidates every packet pointer (data, data_end, and pointers derived from them). Reload them from ctx and re-check bounds before the next packet access.',
    zh: '会改变数据包：调用之后，校验器会让所有数据包指针（data、data_end 及由它们派生的指针）失效。再次访问数据包之前，必须从 ctx 重新加载并重新做边界检查。',
  },
  deprecated: { en: 'Deprecated; use instead:', zh: '已不推荐使用，请改用：' },
  combinable: { en: 'may be combined with |', zh: '可用 | 组合' },
  exclusive: { en: 'one value only', zh: '只能取其中一个值' },
  docsSource: { en: 'docs.ebpf.io list', zh: 'docs.ebpf.io 列表' },
} as const;

const pick = (k: keyof typeof L, locale: Locale) => (locale === 'zh-CN' ? L[k].zh : L[k].en);

export function helperSignature(h: Helper): string {
  const params = h.params.map((p) => formatParam(p));
  if (h.variadic) params.push('...');
  const ret = h.returnType.endsWith('*') ? h.returnType : `${h.returnType} `;
  return `${ret}${h.name}(${params.join(', ') || 'void'})`;
}

function formatParam(p: Param): string {
  const t = p.type;
  return t.endsWith('*') ? `${t}${p.name}` : `${t} ${p.name}`;
}

function hex(v: number | string): string {
  if (typeof v === 'number') return v >= 10 ? `${v} (0x${v.toString(16)})` : String(v);
  return /^\d+$/.test(v) ? `${v} (0x${BigInt(v).toString(16)})` : v;
}

export function helperCard(h: Helper, locale: Locale): HelperCard {
  const warnings: string[] = [];
  if (h.changesPktData) warnings.push(pick('pkt', locale));
  if (h.deprecated) warnings.push(`${pick('deprecated', locale)} ${h.deprecated.replacement.join(', ')}. ${tr(h.deprecated.reason, locale)}`);
  const sections: CardSection[] = [];
  if (h.params.length) {
    sections.push({
      kind: 'params',
      title: pick('params', locale),
      lines: h.params.map((p) => `${p.name} (${p.type}; ${p.kind}${p.nullable ? ', may be NULL' : ''}): ${tr(p.doc, locale)}`),
    });
  }
  for (const p of h.params) {
    if (!p.flags || p.flags.constants.length === 0) continue;
    const mode = p.flags.combinable ? pick('combinable', locale) : pick('exclusive', locale);
    sections.push({
      kind: 'flags',
      title: `${pick('flags', locale)}: ${p.name} (${mode})`,
      lines: p.flags.constants.map((c) => `${c.name} = ${hex(c.value)}${c.doc ? `: ${tr(c.doc, locale)}` : ''}`),
    });
  }
  const ret = [tr(h.returns.doc, locale)];
  for (const a of h.returns.actions ?? []) ret.push(`${a.programTypes.join(', ')}: ${a.codes.join(' / ')}`);
  sections.push({ kind: 'returns', title: pick('returns', locale), lines: ret.filter(Boolean) });
  if (h.docs.pitfalls.length) sections.push({ kind: 'pitfalls', title: pick('pitfalls', locale), lines: h.docs.pitfalls.map((p) => tr(p, locale)) });
  const types = h.programTypes.map((t) => (h.programTypeSources[t] === 'docs' ? `${t}*` : t));
  const facts = [
    `${pick('id', locale)}: ${h.id}`,
    `${pick('since', locale)}: ${h.sinceKernel}`,
    `${pick('gpl', locale)}: ${h.gplOnly ? pick('yes', locale) : pick('no', locale)}`,
    `${pick('types', locale)}: ${types.join(', ') || '-'}${types.some((t) => t.endsWith('*')) ? ` (* ${pick('docsSource', locale)})` : ''}`,
  ];
  sections.push({ kind: 'facts', title: pick('facts', locale), lines: facts });
  if (h.docs.seedNote) sections.push({ kind: 'seed-note', title: pick('seedNote', locale), lines: [tr(h.docs.seedNote, locale)] });
  return {
    signature: helperSignature(h),
    summary: tr(h.docs.summary, locale),
    description: tr(h.docs.description, locale).trim(),
    warnings,
    sections,
  };
}
