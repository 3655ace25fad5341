/**
 * Draws a `bpfls/runProgram` result as plain text for the "BPF Run" output
 * channel. Pure (no `vscode` import): the caller passes its translation function.
 */
import type { RunProgramResult } from './protocol.ts';

/** A translation function with `{0}`-style placeholders, like `vscode.l10n.t`. */
export type Translate = (message: string, ...args: (string | number)[]) => string;

export const plainTranslate: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));

/** Hex bytes as a hexdump: offset, 16 bytes per line in groups of 8. */
export function hexdump(hex: string): string[] {
  const clean = hex.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
  const bytes = clean.match(/../g) ?? [];
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const row = bytes.slice(i, i + 16);
    const left = row.slice(0, 8).join(' ');
    const right = row.slice(8).join(' ');
    lines.push(`${i.toString(16).padStart(4, '0')}  ${left}${right ? '  ' + right : ''}`);
  }
  return lines;
}

export interface RunHeader {
  fileName: string;
  packet: string;
}

export function formatRunResult(r: RunProgramResult, header: RunHeader, t: Translate = plainTranslate): string {
  const out: string[] = [];
  out.push(t('Run {0} (SEC "{1}") from {2} on {3}', r.function, r.section, header.fileName, header.packet));
  const ret = r.retval === null || r.retval === undefined ? '-' : String(r.retval);
  out.push(`  ${t('Return value')}: ${ret}${r.action ? ` (${r.action})` : ''}`);
  out.push(`  ${t('Steps')}: ${r.steps}`);
  if (r.redirect) {
    const flags = r.redirect.flags ? `, flags ${r.redirect.flags}` : '';
    const target = r.redirect.kind === 'map' ? `${r.redirect.map}[${r.redirect.key}]` : `ifindex ${r.redirect.ifindex}`;
    out.push(`  ${t('Redirect')}: ${target}${flags}`);
  }
  if (r.fault) {
    const where = r.fault.range ? ` [${r.fault.range.start.line + 1}:${r.fault.range.start.character + 1}]` : '';
    out.push(`  ${t('Fault')}${where}: ${r.fault.message}`);
  }
  const bytes = Math.floor(r.packetHex.replace(/[^0-9a-fA-F]/g, '').length / 2);
  out.push(`  ${t('Packet after the run ({0} bytes)', bytes)}:`);
  for (const line of hexdump(r.packetHex)) out.push(`    ${line}`);
  const maps = Object.entries(r.maps ?? {});
  if (maps.length) {
    out.push(`  ${t('Maps')}:`);
    for (const [name, m] of maps) {
      out.push(`    ${name}${m.type ? ` (${m.type})` : ''}: ${m.entries.length ? '' : t('empty')}`);
      for (const e of m.entries) out.push(`      ${e.key} => ${e.value ?? e.prog ?? (e.values ?? []).join(' | ')}`);
    }
  }
  if (r.trace.length) {
    out.push(`  ${t('Trace output')}:`);
    for (const line of r.trace) out.push(`    ${line}`);
  }
  return out.join('\n');
}
