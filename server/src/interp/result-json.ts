/**
 * A run's result as the JSON object `bpfls run --format json` prints and the
 * language server's `bpfls/runProgram` answers (one shape for both).
 */
import { toHex } from './packets/index.ts';
import type { MapsJson, RedirectInfo, RunResult, SourceRange } from './run.ts';

export interface RunResultJson {
  function: string;
  section: string;
  retval: number;
  action: string;
  packetHex: string;
  redirect: RedirectInfo | null;
  maps: MapsJson;
  trace: string[];
  fault: { message: string; range: SourceRange; file?: string } | null;
  steps: number;
}

export function runResultJson(r: RunResult): RunResultJson {
  return {
    function: r.function,
    section: r.section,
    retval: r.retval,
    action: r.action,
    packetHex: toHex(r.packet),
    redirect: r.redirect ?? null,
    maps: r.maps,
    trace: r.trace,
    fault: r.fault ? { message: r.fault.message, range: r.fault.range, ...(r.fault.file ? { file: r.fault.file } : {}) } : null,
    steps: r.steps,
  };
}
