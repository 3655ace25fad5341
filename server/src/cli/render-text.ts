/** Draws a helper card for a terminal: wrapped to a width, sections indented. */
import type { HelperCard } from '../helpers/card.ts';

/** Wraps text to `width` columns; CJK text may break between any two characters. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    const tokens = para.match(/[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+|\s+/g) ?? [];
    for (const tok of tokens) {
      if (/^\s+$/.test(tok)) {
        if (line) line += ' ';
        continue;
      }
      // Closing punctuation never starts a line (it may overhang the width by one).
      const closing = /^[\uff0c\u3002\u3001\uff1b\uff1a\uff1f\uff01\uff09\u300d\u300f\u3011\u300b,.;:!?)]$/.test(tok); // CJK closing punctuation, escaped: one non-ASCII character in the bundle makes V8 keep its whole source as UTF-16
      if (displayWidth(indent + line + tok) > width && line.trim() && !closing) {
        out.push(indent + line.trimEnd());
        line = '';
      }
      line += tok;
    }
    out.push(indent + line.trimEnd());
  }
  return out;
}

function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

export function renderCardText(card: HelperCard, width = 88): string {
  const lines: string[] = [card.signature, ''];
  lines.push(...wrap(card.summary, width));
  if (card.description) lines.push('', ...wrap(card.description, width));
  for (const w of card.warnings) lines.push('', ...wrap(`! ${w}`, width));
  for (const s of card.sections) {
    lines.push('', `${s.title}:`);
    for (const l of s.lines) lines.push(...wrap(l, width, '  ').map((x, i) => (i === 0 ? `  - ${x.trimStart()}` : `  ${x}`)));
  }
  return lines.join('\n') + '\n';
}
