/** Picking the right language out of bilingual texts. */
import type { Locale, Text } from './schema.ts';

/** Maps a client locale ("zh-cn", "zh-TW", "en-US", ...) to a docs language. */
export function docsLocale(clientLocale: string | undefined, override?: string): Locale {
  const pick = override && override !== 'auto' ? override : clientLocale;
  return pick && pick.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function tr(text: Text | undefined, locale: Locale): string {
  if (!text) return '';
  return (locale === 'zh-CN' ? text.zh : text.en) || text.en;
}
