/**
 * Runs the kernel goldens (test/interp-goldens/goldens.json) through the
 * interpreter and lists every difference in retval, output bytes or maps.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createState, prepareProgram, runPacket, type MapsJson, type RunnableType } from '../../server/src/interp/run.ts';
import { fromHex, toHex } from '../../server/src/interp/packets/index.ts';
import { ROOT } from '../support/paths.ts';

export const GOLDENS_DIR = join(ROOT, 'test', 'interp-goldens');
export const GOLDENS_FILE = join(GOLDENS_DIR, 'goldens.json');

interface MapDump {
  type: string;
  entries?: { key: string; value?: string; values?: string[]; prog?: string }[];
  skipped?: string;
}

interface GoldenRun {
  packet: string;
  round?: number;
  retval?: number;
  error?: string;
  packetHex?: string;
  ctxOutHex?: string;
  maps: Record<string, MapDump>;
}

interface GoldenProgram {
  file: string;
  progType: string;
  entry: string;
  packets: string[];
  repeat: number;
  mapsInit: string | null;
  runs: GoldenRun[];
}

export interface Goldens {
  possibleCpus: number;
  runCpu: number;
  packets: Record<string, string>;
  programs: Record<string, GoldenProgram>;
}

export function loadGoldens(): Goldens | undefined {
  if (!existsSync(GOLDENS_FILE)) return undefined;
  return JSON.parse(readFileSync(GOLDENS_FILE, 'utf8')) as Goldens;
}

export interface Mismatch {
  program: string;
  run: number;
  packet: string;
  what: string;
  expected: string;
  actual: string;
}

function normMaps(maps: Record<string, MapDump> | MapsJson): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, m] of Object.entries(maps)) {
    const d = m as MapDump;
    out[name] = d.skipped ? `${d.type} skipped` : JSON.stringify({ type: d.type, entries: (d.entries ?? []).map((e) => ({ key: e.key, value: e.value, values: e.values, prog: e.prog })) });
  }
  return out;
}

export interface ProgramOutcome {
  runs: number;
  mismatches: Mismatch[];
}

/** Runs one golden program; returns the differences found. */
export async function checkProgram(g: Goldens, name: string): Promise<ProgramOutcome> {
  const p = g.programs[name];
  const path = join(GOLDENS_DIR, p.file);
  const source = readFileSync(path, 'utf8');
  const prepared = await prepareProgram(source, { path });
  const mismatches: Mismatch[] = [];
  if (!prepared.ok) {
    const e = prepared.diagnostics.find((d) => d.severity === 'error');
    return { runs: p.runs.length, mismatches: p.runs.map((r, i) => ({ program: name, run: i, packet: r.packet, what: 'prepare', expected: 'ok', actual: `${e?.message} at ${e?.file}:${(e?.range.start.line ?? 0) + 1}` })) };
  }
  let init: MapsJson | undefined;
  if (p.mapsInit) init = JSON.parse(readFileSync(join(GOLDENS_DIR, 'programs', p.mapsInit), 'utf8')) as MapsJson;
  const state = createState(prepared, { maps: init, cpus: g.possibleCpus });
  p.runs.forEach((r, i) => {
    const res = runPacket(prepared, {
      function: p.entry,
      programType: p.progType as RunnableType,
      packet: fromHex(g.packets[r.packet]),
      state,
      cpu: g.runCpu,
      lineValues: false,
    });
    const add = (what: string, expected: unknown, actual: unknown): void => {
      mismatches.push({ program: name, run: i, packet: r.packet, what, expected: String(expected), actual: String(actual) });
    };
    if (r.error !== undefined) {
      if (res.fault?.kind !== 'test-run') add('error', r.error, res.fault ? `${res.fault.kind}: ${res.fault.message}` : `retval ${res.retval}`);
    } else if (res.fault) add('fault', `retval ${r.retval}`, `${res.fault.kind}: ${res.fault.message} (line ${res.fault.range.start.line + 1})`);
    else {
      if (res.retval !== r.retval) add('retval', r.retval, res.retval);
      if (toHex(res.packet) !== r.packetHex) add('packet', r.packetHex, toHex(res.packet));
    }
    const want = normMaps(r.maps);
    const got = normMaps(res.maps);
    for (const k of new Set([...Object.keys(want), ...Object.keys(got)])) {
      if (want[k] !== got[k]) add(`map ${k}`, want[k], got[k]);
    }
  });
  return { runs: p.runs.length, mismatches };
}
