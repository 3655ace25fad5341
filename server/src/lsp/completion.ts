/**
 * Completion: section names inside SEC("..."), map types in __uint(type, ...),
 * context fields after ctx->, a helper's own constants in its flags argument,
 * fitting maps in a map argument, and otherwise helpers (those the enclosing
 * program type may call first), the file's maps, functions and macros.
 */
import {
  CompletionItemKind,
  CompletionItemTag,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type MarkupContent,
  type Position,
} from 'vscode-languageserver/node';
import { helperCard } from '../helpers/card.ts';
import { helperIndex } from '../helpers/database.ts';
import { tr } from '../helpers/locale.ts';
import type { Helper, Locale } from '../helpers/schema.ts';
import { enclosingCall, memberAccessAt, prefixAt, stringAt } from '../analysis/cursor-context.ts';
import { SECTION_DEFS } from '../analysis/sections.ts';
import { cardMarkdown } from './markdown.ts';
import type { FeatureContext } from './server.ts';

export const COMPLETION_TRIGGERS = ['>', '.', '"', '(', ',', ' ', '/'];

export function provideCompletion(ctx: FeatureContext, position: Position): CompletionItem[] {
  const { doc, locale } = ctx;
  const text = doc.analysis.text;
  const offset = doc.text.offsetAt(position);
  const call = enclosingCall(text, offset);
  const str = stringAt(text, offset);
  if (str) return call && (call.callee === 'SEC' || call.callee === '__section') ? sectionItems(locale) : [];
  const member = memberAccessAt(text, offset);
  if (member) return fieldItems(ctx, member.object, offset);
  const trigger = text[offset - 1];
  if (call) {
    const firstArg = text.slice(call.open + 1, call.commas[0] ?? offset).trim();
    const inCall = callArgumentItems(ctx, call.callee, call.argIndex, text.slice(call.argStart, offset), firstArg);
    if (inCall) return inCall;
  }
  if (trigger === '>' || trigger === '.' || trigger === '"' || trigger === '/' || trigger === ' ' || trigger === ',' || trigger === '(') {
    // Trigger characters only open a list in the places handled above.
    if (!/[A-Za-z_]/.test(prefixAt(text, offset).prefix)) return [];
  }
  return identifierItems(ctx, offset, locale);
}

function sectionItems(locale: Locale): CompletionItem[] {
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  for (const d of SECTION_DEFS) {
    const label = d.pattern.replace(/\+$/, '');
    if (seen.has(label)) continue;
    seen.add(label);
    const info = helperIndex().programType(d.programType);
    items.push({
      label,
      kind: CompletionItemKind.Value,
      detail: `${d.programType}${info ? ` (${info.context})` : ''}`,
      documentation:
        locale === 'zh-CN'
          ? `程序类型 ${d.programTypeConstant}${d.attachType ? `，挂载类型 ${d.attachType}` : ''}${d.pattern.endsWith('+') || d.pattern.endsWith('/') ? '，可带 /<目标>' : ''}`
          : `Program type ${d.programTypeConstant}${d.attachType ? `, attach type ${d.attachType}` : ''}${d.pattern.endsWith('+') || d.pattern.endsWith('/') ? '; takes /<target>' : ''}`,
    });
  }
  return items;
}

function fieldItems(ctx: FeatureContext, object: string, offset: number): CompletionItem[] {
  const structName = ctx.doc.analysis.structTypeOf(object, offset);
  const st = structName ? helperIndex().contextStruct(structName) : undefined;
  if (!st) return [];
  return st.fields.map((f, i) => ({
    label: f.name,
    kind: CompletionItemKind.Field,
    detail: `${f.type}${f.count ? `[${f.count}]` : ''} (offset ${f.offset})`,
    documentation: f.doc ? tr(f.doc, ctx.locale) : undefined,
    sortText: String(i).padStart(3, '0'),
  }));
}

function callArgumentItems(ctx: FeatureContext, callee: string, argIndex: number, typed: string, firstArg: string): CompletionItem[] | null {
  if ((callee === '__uint' || callee === '__ulong') && argIndex === 1 && firstArg === 'type') {
    return helperIndex()
      .constants.filter((c) => c.group === 'map-type' && !/UNSPEC|DEPRECATED/.test(c.name))
      .map((c) => ({ label: c.name, kind: CompletionItemKind.EnumMember, detail: `= ${c.value}` }));
  }
  const helper = helperIndex().helper(callee);
  if (!helper) return null;
  const param = helper.params[argIndex];
  if (!param) return null;
  if (param.flags && param.flags.constants.length) {
    const parts = typed.split('|');
    const current = parts[parts.length - 1].trim();
    if (current && !/^[A-Za-z_]\w*$/.test(current)) return null;
    return param.flags.constants.map((c, i) => ({
      label: c.name,
      kind: CompletionItemKind.Constant,
      detail: `= ${c.value}`,
      documentation: c.doc ? tr(c.doc, ctx.locale) : undefined,
      sortText: String(i).padStart(3, '0'),
    }));
  }
  if (param.kind === 'map') {
    const maps = ctx.doc.analysis.maps();
    const fits = (type: string | undefined) => !param.mapTypes || (type !== undefined && param.mapTypes.includes(type));
    const needsAddress = !/&\s*$/.test(typed) && !typed.includes('&');
    return maps
      .filter((m) => fits(m.type))
      .map((m) => ({
        label: m.name,
        kind: CompletionItemKind.Variable,
        detail: m.type ?? 'map',
        insertText: needsAddress ? `&${m.name}` : m.name,
        filterText: needsAddress ? `&${m.name}` : m.name,
      }));
  }
  return null;
}

function helperItem(h: Helper, allowed: boolean | undefined, programType: string | undefined, locale: Locale): CompletionItem {
  const params = h.params.map((p, i) => `\${${i + 1}:${p.name}}`);
  const notAllowed = allowed === false;
  const note = notAllowed
    ? locale === 'zh-CN'
      ? `（${programType} 程序不可调用）`
      : ` (not allowed in ${programType})`
    : '';
  return {
    label: h.name,
    kind: CompletionItemKind.Function,
    labelDetails: { detail: `(${h.params.map((p) => p.name).join(', ')})`, description: notAllowed ? note.trim() : undefined },
    detail: `${h.returnType} ${h.name}(${h.params.map((p) => `${p.type} ${p.name}`).join(', ')})${note}`,
    // The card is sent on completionItem/resolve: 211 cards in every list would be ~0.5 MB.
    data: { helper: h.name, locale },
    insertText: `${h.name}(${params.join(', ')})`,
    insertTextFormat: InsertTextFormat.Snippet,
    sortText: `${notAllowed ? '2' : h.deprecated ? '1' : '0'}_${h.name}`,
    ...(h.deprecated ? { tags: [CompletionItemTag.Deprecated] } : {}),
  };
}

/**
 * Helper items depend only on the bundled (immutable) helper database, the
 * enclosing program type and the locale, so they are built once per such pair
 * instead of drawing all helpers' Markdown cards on every request. The card
 * Markdown itself depends on the helper and locale only and is shared by the items
 * of every program type. Cached items are shared between responses: never modify them.
 */
const helperDocs = new Map<string, MarkupContent>();
const helperItemsCache = new Map<string, readonly CompletionItem[]>();

/** completionItem/resolve: adds the helper card to a helper item. */
export function resolveCompletion(item: CompletionItem): CompletionItem {
  const data = item.data as { helper?: string; locale?: Locale } | undefined;
  const h = data?.helper ? helperIndex().helper(data.helper) : undefined;
  return h ? { ...item, documentation: helperDoc(h, data?.locale === 'zh-CN' ? 'zh-CN' : 'en') } : item;
}

function helperDoc(h: Helper, locale: Locale): MarkupContent {
  const key = `${locale}\u0000${h.name}`;
  let doc = helperDocs.get(key);
  if (!doc) {
    doc = { kind: MarkupKind.Markdown, value: cardMarkdown(helperCard(h, locale)) };
    helperDocs.set(key, doc);
  }
  return doc;
}

function helperItems(programType: string | undefined, locale: Locale): readonly CompletionItem[] {
  const key = `${locale}\u0000${programType ?? ''}`;
  let items = helperItemsCache.get(key);
  if (!items) {
    const db = helperIndex();
    items = db.helpers.map((h) => helperItem(h, programType ? db.allowedIn(h, programType) : undefined, programType, locale));
    helperItemsCache.set(key, items);
  }
  return items;
}

function identifierItems(ctx: FeatureContext, offset: number, locale: Locale): CompletionItem[] {
  const db = helperIndex();
  const program = ctx.doc.analysis.programAt(offset);
  const programType = program?.programType;
  const items: CompletionItem[] = [...helperItems(programType, locale)];
  for (const m of ctx.doc.analysis.maps()) {
    items.push({ label: m.name, kind: CompletionItemKind.Variable, detail: m.type ?? 'map', sortText: `0_${m.name}` });
  }
  for (const f of ctx.doc.analysis.functionNames()) {
    items.push({ label: f, kind: CompletionItemKind.Function, sortText: `0_${f}` });
  }
  for (const m of ctx.doc.analysis.macroNames()) {
    items.push({ label: m, kind: CompletionItemKind.Constant, sortText: `1_${m}` });
  }
  const returnCodes = programType ? db.programType(programType)?.returnCodes : undefined;
  for (const code of returnCodes ?? []) {
    if (/^[A-Z]/.test(code)) items.push({ label: code, kind: CompletionItemKind.EnumMember, detail: `= ${db.constant(code)?.value ?? ''}`, sortText: `0_${code}` });
  }
  return items;
}
