/** Runs the built `bpfls` binary as a user would, capturing output and exit code. */
import { spawnSync } from 'node:child_process';
import { BPFLS_BIN, ROOT } from './paths.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [BPFLS_BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
