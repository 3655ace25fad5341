/** Markdown for the non-helper hovers: constants, maps, sections, context fields, and the program-type note. */
import type { HelperIndex } from '../helpers/database.ts';
import { helperIndex } from '../helpers/database.ts';
import { tr } from '../helpers/locale.ts';
import type { ConstantEntry, ContextField, ContextStruct, Helper, Locale } from '../helpers/schema.ts';
import type { MapSummary } from '../analysis/document-analysis.ts';
import type { ProgramInfo } from '../analysis/document-model-types.ts';
import { codeBlock } from './markdown.ts';

const zh = (l: Locale) => l === 'zh-CN';

/** Whether the enclosing program may call the helper, and which types can. */
export function programTypeNote(helper: Helper, program: ProgramInfo | undefined, locale: Locale): string | undefined {
  if (!program?.programType) return undefined;
  const ok = helperIndex().allowedIn(helper, program.programType);
  if (ok) return undefined;
  const types = helper.programTypes.join(', ') || '-';
  return zh(locale)
    ? `${program.programType} 程序（${program.name}）不能调用 ${helper.name}；可以调用它的程序类型：${types}`
    : `${helper.name} cannot be called from a ${program.programType} program (${program.name}); program types that can: ${types}`;
}

function hexValue(v: number | string): string {
  if (typeof v === 'number') return v < 0 ? String(v) : `${v} (0x${v.toString(16)})`;
  return /^\d+$/.test(v) ? `${v} (0x${BigInt(v).toString(16)})` : v;
}

export function constantMarkdown(c: ConstantEntry, locale: Locale): string {
  const parts = [codeBlock(`${c.name} = ${hexValue(c.value)}`)];
  if (c.doc) parts.push(tr(c.doc, locale));
  const group = zh(locale) ? `类别：${c.group}` : `Group: ${c.group}`;
  parts.push(c.enum ? `${group} (\`enum ${c.enum}\`)` : group);
  if (c.helpers.length) parts.push((zh(locale) ? '接受它的辅助函数：' : 'Taken by: ') + c.helpers.map((h) => `\`${h}\``).join(', '));
  return parts.join('\n\n');
}

export function mapMarkdown(m: MapSummary, locale: Locale): string {
  const f = m.info;
  const rows: [string, string | undefined][] = [
    [zh(locale) ? '类型' : 'type', m.type ?? f.type?.text],
    ['key', f.key?.text ?? (f.keySize ? `${f.keySize.text} bytes` : undefined)],
    ['value', f.value?.text ?? f.values?.text ?? (f.valueSize ? `${f.valueSize.text} bytes` : undefined)],
    ['max_entries', f.maxEntries?.text],
    ['map_flags', f.mapFlags?.text],
    ['pinning', f.pinning?.text],
  ];
  const lines = rows.filter(([, v]) => v !== undefined).map(([k, v]) => `- **${k}**: \`${v}\``);
  const style = f.style === 'legacy' ? (zh(locale) ? '旧式 struct bpf_map_def 定义' : 'legacy struct bpf_map_def') : zh(locale) ? 'BTF 风格定义' : 'BTF-style definition';
  return [codeBlock(`map ${m.name}`), `${style}, SEC("${f.section}")`, lines.join('\n')].join('\n\n');
}

export function sectionMarkdown(section: string, programType: string | undefined, db: HelperIndex, locale: Locale): string {
  const info = programType ? db.programType(programType) : undefined;
  if (!programType || !info) {
    return zh(locale) ? `\`SEC("${section}")\`：libbpf 不认识这个节名，无法推断程序类型。` : `\`SEC("${section}")\`: libbpf does not know this section name, so the program type cannot be inferred.`;
  }
  const lines = [
    codeBlock(`SEC("${section}") → ${info.constant}`),
    (zh(locale) ? '上下文：' : 'Context: ') + `\`${info.context}\``,
  ];
  if (info.returnCodes) lines.push((zh(locale) ? '返回值：' : 'Return codes: ') + info.returnCodes.map((c) => `\`${c}\``).join(', '));
  if (info.returnRange) lines.push((zh(locale) ? '返回值说明：' : 'Return value: ') + info.returnRange);
  const callable = db.helpers.filter((h) => db.allowedIn(h, programType)).length;
  lines.push(zh(locale) ? `可调用 ${callable} 个辅助函数。` : `${callable} helpers may be called.`);
  return lines.join('\n\n');
}

export function fieldMarkdown(st: ContextStruct, f: ContextField, locale: Locale): string {
  const decl = `${f.type} ${f.name}${f.count ? `[${f.count}]` : ''}; // ${st.name}, offset ${f.offset}, ${f.size} bytes`;
  return [codeBlock(decl), f.doc ? tr(f.doc, locale) : ''].filter(Boolean).join('\n\n');
}
