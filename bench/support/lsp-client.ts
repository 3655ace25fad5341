/**
 * A small LSP client for benchmarks: starts a language server as a child process
 * (bpfls, clangd, ...), speaks JSON-RPC over its stdin/stdout, and times nothing
 * itself; the benchmark does. Every wait is bounded by a timeout, so a server that
 * hangs or never answers makes the caller fail instead of the benchmark hanging.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  InitializeResult,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';

export interface ServerCommand {
  /** Short name used in reports ("bpfls", "clangd"). */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export interface StartOptions {
  rootUri: string;
  locale?: string;
  /** Answer for workspace/configuration (per item). */
  settings?: Record<string, unknown>;
  timeoutMs?: number;
  /** Runs once the connection listens, before initialize is sent (e.g. to sample memory). */
  beforeInitialize?: (client: BenchLspClient) => Promise<void>;
}

export class TimeoutError extends Error {}

/** Rejects with TimeoutError when `p` does not settle within `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

interface DiagWaiter {
  uri: string;
  accept: (p: PublishDiagnosticsParams, index: number) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
}

export class BenchLspClient {
  readonly stderrTail: string[] = [];
  readonly protocolErrors: string[] = [];
  private readonly published = new Map<string, PublishDiagnosticsParams[]>();
  private waiters: DiagWaiter[] = [];
  private readonly versions = new Map<string, number>();
  private exited = false;
  initializeResult!: InitializeResult;

  private constructor(
    readonly name: string,
    readonly proc: ChildProcess,
    readonly conn: MessageConnection,
  ) {
    proc.on('exit', () => {
      this.exited = true;
    });
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Spawns the server and runs initialize/initialized. */
  static async start(server: ServerCommand, opts: StartOptions): Promise<BenchLspClient> {
    const proc = spawn(server.command, server.args, { cwd: server.cwd, env: server.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const reader = new StreamMessageReader(proc.stdout!);
    const conn = createMessageConnection(reader, new StreamMessageWriter(proc.stdin!));
    const client = new BenchLspClient(server.name, proc, conn);
    proc.on('error', (e) => client.protocolErrors.push(`spawn: ${String(e)}`));
    proc.stdin!.on('error', () => undefined); // EPIPE when the server died; surfaced by timeouts
    reader.onError((e) => client.protocolErrors.push(String(e)));
    proc.stderr!.on('data', (d) => {
      client.stderrTail.push(String(d));
      if (client.stderrTail.length > 50) client.stderrTail.shift();
    });
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => client.onDiagnostics(p));
    conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((i) => (i.section === 'bpfls' || !i.section ? (opts.settings ?? {}) : null)),
    );
    // Anything else the server asks (registerCapability, workDoneProgress/create, refreshes): accept.
    conn.onRequest(() => null);
    conn.onNotification(() => undefined);
    conn.listen();
    if (opts.beforeInitialize) {
      try {
        await opts.beforeInitialize(client);
      } catch (e) {
        client.kill();
        throw e;
      }
    }
    const init = conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: opts.rootUri,
      locale: opts.locale ?? 'en',
      capabilities: {
        workspace: { configuration: true },
        textDocument: {
          synchronization: { didSave: false, dynamicRegistration: false },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          signatureHelp: { signatureInformation: { parameterInformation: { labelOffsetSupport: true } } },
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
        },
      },
      workspaceFolders: [{ uri: opts.rootUri, name: 'bench' }],
    }) as Promise<InitializeResult>;
    try {
      client.initializeResult = await withTimeout(init, opts.timeoutMs ?? 60_000, `${server.name} initialize`);
    } catch (e) {
      client.kill();
      throw e;
    }
    await conn.sendNotification('initialized', {});
    return client;
  }

  private onDiagnostics(p: PublishDiagnosticsParams): void {
    const list = this.published.get(p.uri) ?? [];
    list.push(p);
    this.published.set(p.uri, list);
    const index = list.length - 1;
    const still: DiagWaiter[] = [];
    for (const w of this.waiters) {
      if (w.uri === p.uri && w.accept(p, index)) w.resolve(p);
      else still.push(w);
    }
    this.waiters = still;
  }

  /** How many diagnostics notifications arrived for `uri` so far. */
  diagnosticsCount(uri: string): number {
    return this.published.get(uri)?.length ?? 0;
  }

  private waitDiagnostics(uri: string, accept: DiagWaiter['accept'], timeoutMs: number, what: string): Promise<PublishDiagnosticsParams> {
    const list = this.published.get(uri) ?? [];
    for (let i = 0; i < list.length; i++) if (accept(list[i], i)) return Promise.resolve(list[i]);
    let waiter: DiagWaiter | undefined;
    const p = new Promise<PublishDiagnosticsParams>((resolve) => {
      waiter = { uri, accept, resolve };
      this.waiters.push(waiter);
    });
    return withTimeout(p, timeoutMs, `${this.name} ${what}`).catch((e) => {
      this.waiters = this.waiters.filter((w) => w !== waiter);
      throw e;
    });
  }

  /** Sends didOpen; resolves with the first diagnostics published for it afterwards. */
  async open(uri: string, text: string, timeoutMs: number): Promise<PublishDiagnosticsParams> {
    const before = this.diagnosticsCount(uri);
    this.versions.set(uri, 1);
    const wait = this.waitDiagnostics(uri, (p, i) => i >= before && (p.version === undefined || p.version === 1), timeoutMs, 'first diagnostics after didOpen');
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'c', version: 1, text } });
    return wait;
  }

  /** Sends didChange; resolves with the diagnostics published for the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[], timeoutMs: number): Promise<PublishDiagnosticsParams> {
    const before = this.diagnosticsCount(uri);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const wait = this.waitDiagnostics(
      uri,
      (p, i) => i >= before && (p.version === undefined ? true : p.version >= version),
      timeoutMs,
      `diagnostics for version ${version}`,
    );
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return wait;
  }

  request<T>(method: string, params: unknown, timeoutMs: number): Promise<T> {
    return withTimeout(this.conn.sendRequest(method, params) as Promise<T>, timeoutMs, `${this.name} ${method}`);
  }

  /** /proc/<pid>/status fields (kB), e.g. VmHWM (peak RSS) and VmRSS. */
  memoryKb(): { hwm?: number; rss?: number } {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const field = (k: string) => {
        const m = new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status);
        return m ? Number(m[1]) : undefined;
      };
      return { hwm: field('VmHWM'), rss: field('VmRSS') };
    } catch {
      return {};
    }
  }

  /** shutdown + exit, then waits for the process (bounded) and kills it if needed. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.alive) {
      try {
        await withTimeout(this.conn.sendRequest('shutdown'), graceMs, `${this.name} shutdown`);
        await this.conn.sendNotification('exit');
      } catch {
        // the server is gone or stuck; killed below
      }
    }
    const exited = this.alive ? new Promise<void>((resolve) => this.proc.once('exit', () => resolve())) : Promise.resolve();
    await withTimeout(exited, graceMs, `${this.name} exit`).catch(() => undefined);
    this.conn.dispose();
    this.kill();
  }

  /** Kills the process (SIGKILL) if it is still running. */
  kill(): void {
    if (this.alive && this.proc.pid !== undefined) {
      try {
        this.proc.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}
