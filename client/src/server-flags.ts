/**
 * Node flags and environment for the server process, the same as on the shebang line
 * of server/bin/bpfls.js (a test keeps the two equal, and that file says why each): a
 * small young generation, a slowly growing old generation marked early, one V8 worker
 * thread, V8's memory-saving mode, baseline-only wasm code, and a malloc that gives
 * freed memory back keep the server's peak memory low (bench/memory-profile.ts
 * measures it).
 */
import { spawn } from 'node:child_process';

export const SERVER_NODE_FLAGS = [
  '--max-semi-space-size=4',
  '--heap-growing-percent=20',
  '--v8-pool-size=1',
  '--optimize-for-size',
  '--liftoff-only',
  '--incremental-marking-soft-trigger=30',
  '--incremental-marking-hard-trigger=50',
];

/** Environment variables the server process is started with (added to the client's own). */
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_TRIM_THRESHOLD_: '131072' };

/**
 * The flags to start the server with under this runtime: all of them, or none when the
 * runtime refuses them. Node stops at an unknown V8 flag before the server runs, and the
 * V8 inside a later VS Code (Electron) might not know one; the server then runs without
 * them rather than not at all. Checked by starting the runtime once with the flags and
 * an empty script, the way the language client starts the server (ELECTRON_RUN_AS_NODE).
 */
export function acceptedServerFlags(execPath: string = process.execPath, flags: readonly string[] = SERVER_NODE_FLAGS): Promise<string[]> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: string[]): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(result);
    };
    const child = spawn(execPath, [...flags, '-e', ''], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: 'ignore' });
    // a slow start is not a refusal: keep the flags
    const timer = setTimeout(() => {
      child.kill();
      finish([...flags]);
    }, 10_000);
    child.on('error', () => finish([]));
    child.on('exit', (code) => finish(code === 0 ? [...flags] : []));
  });
}
