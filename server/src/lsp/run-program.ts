/**
 * `bpfls/runProgram`: runs one program of an open document on a packet with the
 * interpreter and answers the same JSON object `bpfls run --format json` prints;
 * `bpfls/packetCatalogue`: the interpreter's built-in packets.
 */
import { ResponseError, type Connection } from 'vscode-languageserver/node';
import {
  PACKET_CATALOGUE_METHOD,
  RUN_PROGRAM_METHOD,
  type PacketCatalogueResponse,
  type RunProgramParams,
  type RunProgramResult,
} from '../../../client/src/protocol.ts';
import { createState, prepareProgram, runPacket } from '../interp/run.ts';
import { describe, resolvePacketSpec } from '../interp/packets/index.ts';
import { runResultJson } from '../interp/result-json.ts';
import type { SourceFiles } from '../analysis/source-files.ts';
import type { FeatureContext } from './server.ts';
import { guard, type Logger } from './guard.ts';
import { uriToPath } from './uri.ts';

/** Error codes of this request (in the range LSP leaves to servers). */
const BAD_REQUEST = -32602;

export async function runProgram(ctx: FeatureContext, params: RunProgramParams, files: SourceFiles): Promise<RunProgramResult> {
  const spec = params.packet.replace(/^builtin:/, '');
  const packet = resolvePacketSpec(spec);
  if (!packet || !packet.ok || packet.packets.length === 0) {
    throw new ResponseError(BAD_REQUEST, packet && !packet.ok ? packet.error : `unknown packet "${params.packet}"`);
  }
  const path = uriToPath(params.uri) ?? '/untitled.bpf.c';
  const prepared = await prepareProgram(ctx.doc.analysis.text, { path, files });
  if (!prepared.ok) {
    const first = prepared.diagnostics.find((d) => d.severity === 'error');
    throw new ResponseError(BAD_REQUEST, first ? `${first.range.start.line + 1}:${first.range.start.character + 1}: ${first.message}` : 'the program cannot be prepared');
  }
  const state = createState(prepared, {});
  if (state.error) throw new ResponseError(BAD_REQUEST, state.error);
  const r = runPacket(prepared, { function: params.function, section: params.function ? undefined : params.section, packet: packet.packets[0].bytes, state });
  return runResultJson(r);
}

export function packetCatalogue(locale: 'en' | 'zh-CN'): PacketCatalogueResponse {
  return describe().map((p) => ({ name: p.name, description: locale === 'zh-CN' ? p.description.zh : p.description.en }));
}

export function registerRunRequests(
  connection: Connection,
  deps: { log: Logger; context: (uri: string) => Promise<FeatureContext | null>; files: SourceFiles; locale: () => 'en' | 'zh-CN' },
): void {
  connection.onRequest(RUN_PROGRAM_METHOD, async (p: RunProgramParams) => {
    const ctx = await deps.context(p.uri);
    if (!ctx) throw new ResponseError(BAD_REQUEST, `${p.uri} is not open`);
    try {
      return await runProgram(ctx, p, deps.files);
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      deps.log(`bpfls: ${RUN_PROGRAM_METHOD} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      throw new ResponseError(-32603, `the interpreter failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  connection.onRequest(PACKET_CATALOGUE_METHOD, guard(deps.log, PACKET_CATALOGUE_METHOD, [], () => packetCatalogue(deps.locale())));
}
