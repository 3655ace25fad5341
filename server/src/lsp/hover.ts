/** Hover: helper cards, constants, maps, SEC names, context fields, functions and macros. */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import { helperCard } from '../helpers/card.ts';
import { helperIndex } from '../helpers/database.ts';
import type { Helper, Locale } from '../helpers/schema.ts';
import { describeSymbolAt } from '../analysis/symbol-info.ts';
import { cardMarkdown, codeBlock } from './markdown.ts';
import { rangeOf } from './convert.ts';
import type { FeatureContext } from './server.ts';
import { programTypeNote, constantMarkdown, mapMarkdown, sectionMarkdown, fieldMarkdown } from './hover-parts.ts';

/** Rendered helper cards by helper, language and program-type note (a card is the same every time). */
const cards = new Map<string, string>();

function helperHoverMarkdown(helper: Helper, locale: Locale, note: string | undefined): string {
  const key = `${helper.name}\u0000${locale}\u0000${note ?? ''}`;
  let md = cards.get(key);
  if (md === undefined) {
    md = cardMarkdown(helperCard(helper, locale), note ? [note] : []);
    if (cards.size > 2000) cards.clear();
    cards.set(key, md);
  }
  return md;
}

export function provideHover(ctx: FeatureContext, position: Position): Hover | null {
  const { doc, locale } = ctx;
  const offset = doc.text.offsetAt(position);
  const info = describeSymbolAt(doc.analysis, offset);
  if (!info) return null;
  const range = rangeOf(doc.text, info.start, info.end);
  const md = (value: string): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range });
  switch (info.kind) {
    case 'helper':
      return md(helperHoverMarkdown(info.helper, locale, programTypeNote(info.helper, info.program, locale)));
    case 'constant':
      return md(constantMarkdown(info.constant, locale));
    case 'map':
      return md(mapMarkdown(info.map, locale));
    case 'section':
      return md(sectionMarkdown(info.section, info.programType, helperIndex(), locale));
    case 'context-field':
      return md(fieldMarkdown(info.struct, info.field, locale));
    case 'declaration':
      return md(codeBlock(info.signature) + (info.detail ? `\n\n${info.detail}` : ''));
  }
}
