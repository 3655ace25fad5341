/** `#define` lines into macros: object-like, function-like, variadic (also GNU `args...`). */
import type { PPToken } from './lexer.ts';
import type { Macro } from './macros.ts';

export function parseDefine(rest: PPToken[], hash: PPToken): Macro | { error: string; at: PPToken } {
  const nameTok = rest[0];
  if (!nameTok || nameTok.kind !== 'id') return { error: 'macro name missing in #define', at: hash };
  const m: Macro = { name: nameTok.text, variadic: false, body: [], file: nameTok.file, start: nameTok.start };
  let i = 1;
  // function-like only when '(' follows the name directly
  if (rest[1]?.text === '(' && !rest[1].space) {
    const params: string[] = [];
    let gnuName: string | undefined;
    i = 2;
    for (; i < rest.length; i++) {
      const t = rest[i];
      if (t.text === ')') break;
      if (t.text === ',') continue;
      if (t.text === '...') {
        m.variadic = true;
        continue;
      }
      if (t.kind === 'id') {
        if (rest[i + 1]?.text === '...') {
          // GNU named variadic parameter: `args...` is __VA_ARGS__ under another name
          m.variadic = true;
          gnuName = t.text;
          i++;
          continue;
        }
        params.push(t.text);
        continue;
      }
      return { error: `invalid token "${t.text}" in macro parameter list`, at: t };
    }
    if (i >= rest.length) return { error: 'missing ")" in macro parameter list', at: nameTok };
    i++;
    m.params = params;
    m.body = rest.slice(i);
    if (gnuName) m.body = m.body.map((t) => (t.kind === 'id' && t.text === gnuName ? { ...t, text: '__VA_ARGS__' } : t));
  } else {
    m.body = rest.slice(1);
  }
  if (m.body.length) m.body = [{ ...m.body[0], space: false }, ...m.body.slice(1)];
  return m;
}
