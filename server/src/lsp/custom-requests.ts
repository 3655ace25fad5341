/**
 * bpfls's custom requests (types and method names in `client/src/protocol.ts`):
 * `bpfls/helperDoc`, `bpfls/helperList` and `bpfls/programAt`. `bpfls/runProgram`
 * and `bpfls/packetCatalogue` live in run-program.ts.
 */
import type { Connection } from 'vscode-languageserver/node';
import {
  HELPER_DOC_METHOD,
  HELPER_LIST_METHOD,
  PROGRAM_AT_METHOD,
  type HelperDocParams,
  type HelperDocResponse,
  type HelperListItem,
  type HelperListParams,
  type ProgramAtParams,
  type ProgramAtResponse,
} from '../../../client/src/protocol.ts';
import { helperCard } from '../helpers/card.ts';
import { helperIndex } from '../helpers/database.ts';
import { docsLocale, tr } from '../helpers/locale.ts';
import type { Helper } from '../helpers/schema.ts';
import { guard, type Logger } from './guard.ts';
import { cardMarkdown } from './markdown.ts';
import type { FeatureContext } from './server.ts';
import { rangeOf } from './convert.ts';

export interface CustomRequestDeps {
  log: Logger;
  /** The open document's context, or null when the document is not open. */
  context: (uri: string) => Promise<FeatureContext | null>;
  /** The locale the client announced in `initialize`. */
  clientLocale: () => string | undefined;
}

/** A helper by name ("bpf_map_lookup_elem", "map_lookup_elem") or id ("1"). */
export function findHelper(name: string): Helper | undefined {
  const db = helperIndex();
  const n = name.trim();
  if (/^\d+$/.test(n)) return db.helperById(Number(n));
  return db.helper(n) ?? db.helper(`bpf_${n}`);
}

export function helperDoc(params: HelperDocParams, clientLocale: string | undefined): HelperDocResponse {
  const h = findHelper(params.name ?? '');
  if (!h) return null;
  const locale = docsLocale(clientLocale, params.locale);
  return { name: h.name, id: h.id, locale, markdown: cardMarkdown(helperCard(h, locale)) };
}

export function helperList(params: HelperListParams | undefined, clientLocale: string | undefined): HelperListItem[] {
  const locale = docsLocale(clientLocale, params?.locale);
  return helperIndex().helpers.map((h) => ({
    name: h.name,
    id: h.id,
    summary: tr(h.docs.summary, locale),
    since: h.sinceKernel || undefined,
    gplOnly: h.gplOnly,
  }));
}

export function programAt(ctx: FeatureContext, params: ProgramAtParams): ProgramAtResponse {
  const offset = ctx.doc.text.offsetAt(params.position);
  const p = ctx.doc.analysis.programAt(offset);
  if (!p) return null;
  return {
    name: p.name,
    section: p.section,
    programType: p.programType ?? null,
    context: p.context ?? null,
    range: rangeOf(ctx.doc.text, p.nameSpan.start, p.nameSpan.end),
  };
}

export function registerCustomRequests(connection: Connection, deps: CustomRequestDeps): void {
  connection.onRequest(
    HELPER_DOC_METHOD,
    guard(deps.log, HELPER_DOC_METHOD, null, (p: HelperDocParams) => helperDoc(p, deps.clientLocale())),
  );
  connection.onRequest(
    HELPER_LIST_METHOD,
    guard(deps.log, HELPER_LIST_METHOD, [], (p: HelperListParams | undefined) => helperList(p, deps.clientLocale())),
  );
  connection.onRequest(
    PROGRAM_AT_METHOD,
    guard(deps.log, PROGRAM_AT_METHOD, null, async (p: ProgramAtParams) => {
      const ctx = await deps.context(p.uri);
      return ctx ? programAt(ctx, p) : null;
    }),
  );
}
