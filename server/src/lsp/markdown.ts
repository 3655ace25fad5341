/** Markdown renderings of helper cards, constants, maps and sections for hover and completion docs. */
import type { HelperCard } from '../helpers/card.ts';

export function escapeMd(text: string): string {
  return text.replace(/([\\`*_{}[\]<>|])/g, '\\$1');
}

export function codeBlock(code: string): string {
  return '```c\n' + code + '\n```';
}

/** A helper card as Markdown: signature, summary, warnings, then each section. */
export function cardMarkdown(card: HelperCard, extraWarnings: string[] = []): string {
  const parts = [codeBlock(card.signature), card.summary];
  for (const w of [...extraWarnings, ...card.warnings]) parts.push(`> ⚠️ **${escapeMd(w)}**`);
  if (card.description) parts.push(card.description);
  for (const s of card.sections) {
    const code = s.kind === 'params' || s.kind === 'flags';
    parts.push(`**${escapeMd(s.title)}**\n\n` + s.lines.map((l) => `- ${code ? inlineCode(l) : l}`).join('\n'));
  }
  return parts.filter(Boolean).join('\n\n');
}

/** Puts the leading identifier of a "name (...): text" line into code style. */
function inlineCode(line: string): string {
  const m = /^([A-Za-z_][\w]*)(.*)$/s.exec(line);
  return m ? `\`${m[1]}\`${m[2]}` : line;
}
