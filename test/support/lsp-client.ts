/**
 * A real LSP client for tests: starts the built `bpfls --stdio` as a child process
 * and speaks JSON-RPC to it over its stdin/stdout. Anything on stdout that is not a
 * well-formed JSON-RPC message makes the reader fail, which `protocolErrors` records.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  CompletionList,
  CompletionItem,
  Diagnostic,
  Hover,
  InitializeResult,
  Position,
  PublishDiagnosticsParams,
  SignatureHelp,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { BPFLS_BIN, ROOT } from './paths.ts';

export interface ClientOptions {
  locale?: string;
  settings?: Record<string, unknown>;
  args?: string[];
}

export class LspTestClient {
  readonly protocolErrors: string[] = [];
  readonly stderr: string[] = [];
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: { uri: string; resolve: (d: PublishDiagnosticsParams) => void; after: number }[] = [];
  private versions = new Map<string, number>();
  private constructor(
    readonly proc: ChildProcess,
    readonly conn: MessageConnection,
    public settings: Record<string, unknown>,
  ) {}

  static async start(opts: ClientOptions = {}): Promise<LspTestClient> {
    const proc = spawn(process.execPath, [BPFLS_BIN, ...(opts.args ?? ['--stdio'])], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const reader = new StreamMessageReader(proc.stdout!);
    const conn = createMessageConnection(reader, new StreamMessageWriter(proc.stdin!));
    const client = new LspTestClient(proc, conn, opts.settings ?? {});
    reader.onError((e) => client.protocolErrors.push(String(e)));
    proc.stderr!.on('data', (d) => client.stderr.push(String(d)));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => client.onDiagnostics(p));
    conn.onRequest('workspace/configuration', (p: { items: { section?: string; scopeUri?: string }[] }) =>
      p.items.map((i) => (i.section === 'bpfls' || !i.section ? client.settings : null)),
    );
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onNotification('window/logMessage', () => undefined);
    conn.listen();
    const init = (await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(ROOT).href,
      locale: opts.locale ?? 'en',
      capabilities: {
        workspace: { configuration: true },
        textDocument: {
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } },
          signatureHelp: { signatureInformation: { parameterInformation: { labelOffsetSupport: true } } },
          publishDiagnostics: { relatedInformation: true },
        },
      },
      workspaceFolders: [{ uri: pathToFileURL(ROOT).href, name: 'bpfls' }],
    })) as InitializeResult;
    client.initializeResult = init;
    await conn.sendNotification('initialized', {});
    return client;
  }

  initializeResult!: InitializeResult;

  private onDiagnostics(p: PublishDiagnosticsParams) {
    const list = this.diagnostics.get(p.uri) ?? [];
    list.push(p);
    this.diagnostics.set(p.uri, list);
    for (const w of [...this.waiters]) {
      if (w.uri === p.uri && list.length > w.after) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  }

  /** Resolves with the next diagnostics published for `uri` after `after` earlier ones. */
  nextDiagnostics(uri: string, after = this.diagnostics.get(uri)?.length ?? 0): Promise<PublishDiagnosticsParams> {
    const list = this.diagnostics.get(uri) ?? [];
    if (list.length > after) return Promise.resolve(list[after]);
    return new Promise((resolve) => this.waiters.push({ uri, resolve, after }));
  }

  async open(uri: string, text: string, languageId = 'c'): Promise<Diagnostic[]> {
    const before = this.diagnostics.get(uri)?.length ?? 0;
    this.versions.set(uri, 1);
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return (await this.nextDiagnostics(uri, before)).diagnostics;
  }

  async openFile(path: string): Promise<{ uri: string; text: string; diagnostics: Diagnostic[] }> {
    const text = readFileSync(path, 'utf8');
    const uri = pathToFileURL(path).href;
    return { uri, text, diagnostics: await this.open(uri, text) };
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<Diagnostic[]> {
    const before = this.diagnostics.get(uri)?.length ?? 0;
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return (await this.nextDiagnostics(uri, before)).diagnostics;
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  }

  async completion(uri: string, position: Position): Promise<CompletionItem[]> {
    const r = (await this.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position })) as
      | CompletionList
      | CompletionItem[]
      | null;
    return !r ? [] : Array.isArray(r) ? r : r.items;
  }

  signatureHelp(uri: string, position: Position): Promise<SignatureHelp | null> {
    return this.conn.sendRequest('textDocument/signatureHelp', { textDocument: { uri }, position });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.conn.sendRequest(method, params) as Promise<T>;
  }

  async stop(): Promise<void> {
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      // the process may already be gone
    }
    this.conn.dispose();
    this.proc.kill();
  }
}
