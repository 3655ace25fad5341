/**
 * The VS Code extension: starts the bundled bpfls server and hands it the C
 * documents that are BPF C (see detect.ts), plus three commands and a status-bar
 * item. Everything that knows BPF lives in the server; this file is glue.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  DidOpenTextDocumentNotification,
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { BPF_FILE_PATTERNS, normaliseEnable, wantsDocument, type EnableMode } from './detect.ts';
import { DocumentGate } from './document-gate.ts';
import { formatRunResult } from './format-run.ts';
import { acceptedServerFlags, SERVER_ENV, SERVER_NODE_FLAGS } from './server-flags.ts';
import {
  BUILTIN_PACKETS,
  HELPER_DOC_METHOD,
  HELPER_LIST_METHOD,
  PACKET_CATALOGUE_METHOD,
  PROGRAM_AT_METHOD,
  RUN_PROGRAM_METHOD,
  type BuiltinPacket,
  type HelperDocParams,
  type HelperDocResponse,
  type HelperListItem,
  type HelperListParams,
  type PacketCatalogueResponse,
  type ProgramAtParams,
  type ProgramAtResponse,
  type RunProgramParams,
  type RunProgramResult,
} from './protocol.ts';

const HELPER_SCHEME = 'bpfls-helper';
/** The port "Attach to Server" (.vscode/launch.json) attaches to. */
const DEBUG_PORT = Number(process.env.BPFLS_DEBUG_PORT ?? 6009);
/** JSON-RPC "method not found". */
const METHOD_NOT_FOUND = -32601;

let client: LanguageClient | undefined;
let starting: Promise<LanguageClient | undefined> | undefined;
/** The documents the server knows: the middleware lets only BPF C through. */
const gate = new DocumentGate<vscode.TextDocument>({
  wants,
  sendOpen: async (doc) => {
    if (client) {
      await client.sendNotification(DidOpenTextDocumentNotification.type, client.code2ProtocolConverter.asOpenTextDocumentParams(doc));
    }
  },
});
let extensionContext: vscode.ExtensionContext;
let runOutput: vscode.OutputChannel | undefined;
/** One output channel for every client (a restart creates a new client). */
let serverOutput: vscode.OutputChannel | undefined;
let status: ProgramStatus | undefined;

function enableMode(uri?: vscode.Uri): EnableMode {
  return normaliseEnable(vscode.workspace.getConfiguration('bpfls', uri).get('enable', 'auto'));
}

function wants(doc: vscode.TextDocument): boolean {
  if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return false;
  return wantsDocument({ path: doc.uri.path, languageId: doc.languageId, text: () => doc.getText() }, enableMode(doc.uri));
}

/** The server bundle: inside the extension, or the repository's build when run from source. */
function serverModule(context: vscode.ExtensionContext): string {
  const packaged = context.asAbsolutePath(path.join('out', 'server', 'bpfls.cjs'));
  if (fs.existsSync(packaged)) return packaged;
  const repo = context.asAbsolutePath(path.join('..', 'server', 'out', 'bpfls.cjs'));
  return fs.existsSync(repo) ? repo : packaged;
}

/** The node flags this VS Code's runtime accepts (checked once per session). */
let serverFlags: Promise<string[]> | undefined;

function createClient(context: vscode.ExtensionContext, flags: string[]): LanguageClient {
  const module = serverModule(context);
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: flags, env: { ...process.env, ...SERVER_ENV } } },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: [...flags, '--nolazy', `--inspect=${DEBUG_PORT}`], env: { ...process.env, ...SERVER_ENV } },
    },
  };
  const clientOptions: LanguageClientOptions = {
    // File names that are BPF C by themselves, and every C document: the middleware
    // passes on only those that are BPF C by content (or all, with bpfls.enable = true).
    documentSelector: [
      ...BPF_FILE_PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
      { scheme: 'file', language: 'c' },
      { scheme: 'untitled', language: 'c' },
    ],
    synchronize: { configurationSection: 'bpfls' },
    outputChannel: (serverOutput ??= vscode.window.createOutputChannel('bpfls')),
    middleware: gate.middleware(),
    initializationFailedHandler: (error) => {
      void vscode.window.showErrorMessage(vscode.l10n.t('The bpfls language server failed to start: {0}', String(error)));
      return false;
    },
  };
  // BPFLS_DEBUG_SERVER=1 (set by "Run Extension" in .vscode/launch.json) forces the debug
  // options, so "Attach to Server" finds the server on DEBUG_PORT.
  return new LanguageClient('bpfls', 'bpfls', serverOptions, clientOptions, process.env.BPFLS_DEBUG_SERVER === '1');
}

/** Starts the client once; concurrent callers share the start. */
async function ensureClient(): Promise<LanguageClient | undefined> {
  if (client?.state === State.Running) return client;
  starting ??= (async () => {
    const flags = await (serverFlags ??= acceptedServerFlags());
    if (flags.length < SERVER_NODE_FLAGS.length) (serverOutput ??= vscode.window.createOutputChannel('bpfls')).appendLine('bpfls: this runtime refuses the server memory flags; starting the server without them');
    client ??= createClient(extensionContext, flags);
    try {
      await client.start();
      status?.schedule();
      return client;
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('The bpfls language server failed to start: {0}', String(e)));
      return undefined;
    } finally {
      starting = undefined;
    }
  })();
  return starting;
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  gate.clear();
  if (c && c.needsStop()) await c.stop();
}

/** Starts the server when the first BPF document shows up. */
function startIfWanted(doc: vscode.TextDocument): void {
  if (!client && !starting && wants(doc)) void ensureClient();
}

// ---------------------------------------------------------------------------
// Helper docs

function docsLocaleSetting(): 'auto' | 'en' | 'zh-CN' {
  const v = vscode.workspace.getConfiguration('bpfls').get<string>('docsLanguage', 'auto');
  return v === 'en' || v === 'zh-CN' ? v : 'auto';
}

function requestLocale(): 'en' | 'zh-CN' {
  const s = docsLocaleSetting();
  if (s !== 'auto') return s;
  return vscode.env.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

class HelperDocProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const name = uri.path.replace(/^\//, '').replace(/\.md$/, '');
    const locale = new URLSearchParams(uri.query).get('locale') === 'zh-CN' ? 'zh-CN' : 'en';
    const c = await ensureClient();
    if (!c) return vscode.l10n.t('The bpfls language server is not running.');
    const doc = await c.sendRequest<HelperDocResponse>(HELPER_DOC_METHOD, { name, locale } satisfies HelperDocParams);
    if (!doc) return vscode.l10n.t('No BPF helper is called {0}.', name);
    return `# ${doc.name}\n\n${doc.markdown}\n`;
  }
}

function wordAtCursor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const range = editor.document.getWordRangeAtPosition(editor.selection.active, /\w+/);
  const word = range ? editor.document.getText(range) : undefined;
  return word && /^bpf_\w+$/.test(word) ? word : undefined;
}

async function showHelperDocs(name?: unknown): Promise<void> {
  const c = await ensureClient();
  if (!c) return;
  let picked = typeof name === 'string' ? name : undefined;
  if (!picked) {
    const locale = requestLocale();
    const items = await c.sendRequest<HelperListItem[]>(HELPER_LIST_METHOD, { locale } satisfies HelperListParams);
    const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { name: string }>();
    pick.title = vscode.l10n.t('BPF helpers ({0})', items.length);
    pick.placeholder = vscode.l10n.t('Type a helper name, e.g. map_lookup_elem');
    pick.matchOnDetail = true;
    pick.items = items.map((h) => ({
      name: h.name,
      label: h.name,
      description: [h.since ? vscode.l10n.t('since {0}', h.since) : '', h.gplOnly ? 'GPL' : ''].filter(Boolean).join(' · '),
      detail: h.summary,
    }));
    const word = wordAtCursor();
    if (word) pick.value = word;
    picked = await new Promise<string | undefined>((resolve) => {
      pick.onDidAccept(() => {
        resolve(pick.selectedItems[0]?.name);
        pick.hide();
      });
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
    pick.dispose();
  }
  if (!picked) return;
  const uri = vscode.Uri.from({ scheme: HELPER_SCHEME, path: `/${picked}.md`, query: `locale=${requestLocale()}` });
  await vscode.commands.executeCommand('markdown.showPreview', uri);
}

// ---------------------------------------------------------------------------
// Run program on packet

function isMethodNotFound(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === METHOD_NOT_FOUND;
}

async function packetCatalogue(c: LanguageClient): Promise<readonly BuiltinPacket[]> {
  try {
    const list = await c.sendRequest<PacketCatalogueResponse>(PACKET_CATALOGUE_METHOD, {});
    return Array.isArray(list) && list.length ? list : BUILTIN_PACKETS;
  } catch {
    return BUILTIN_PACKETS;
  }
}

async function pickPacket(c: LanguageClient): Promise<string | undefined> {
  const packets = await packetCatalogue(c);
  const custom = { label: vscode.l10n.t('Custom bytes (hex)…'), spec: '' };
  const items = [
    ...packets.map((p) => ({ label: p.name, detail: p.description, spec: `builtin:${p.name}` })),
    { label: '', kind: vscode.QuickPickItemKind.Separator, spec: '' },
    custom,
  ];
  const chosen = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Pick a packet to run the program on') });
  if (!chosen) return undefined;
  if (chosen !== custom) return chosen.spec;
  const hex = await vscode.window.showInputBox({
    prompt: vscode.l10n.t('Packet bytes in hexadecimal (spaces allowed)'),
    placeHolder: 'ffffffffffff 020000000001 0800 45 00 ...',
    validateInput: (v) => {
      const clean = v.replace(/\s+/g, '');
      return /^[0-9a-fA-F]*$/.test(clean) && clean.length > 0 && clean.length % 2 === 0
        ? undefined
        : vscode.l10n.t('Enter an even number of hexadecimal digits.');
    },
  });
  return hex ? `hex:${hex.replace(/\s+/g, '')}` : undefined;
}

async function runProgram(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !wants(editor.document)) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a BPF C file and put the cursor inside a SEC("...") function.'));
    return;
  }
  const c = await ensureClient();
  if (!c) return;
  const doc = editor.document;
  const program = await c.sendRequest<ProgramAtResponse>(PROGRAM_AT_METHOD, {
    uri: doc.uri.toString(),
    position: { line: editor.selection.active.line, character: editor.selection.active.character },
  } satisfies ProgramAtParams);
  if (!program) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The cursor is not inside a BPF program (a function with SEC("...")).'));
    return;
  }
  const packet = await pickPacket(c);
  if (!packet) return;
  runOutput ??= vscode.window.createOutputChannel(vscode.l10n.t('BPF Run'));
  const out = runOutput;
  let result: RunProgramResult;
  try {
    result = await c.sendRequest<RunProgramResult>(RUN_PROGRAM_METHOD, {
      uri: doc.uri.toString(),
      function: program.name,
      section: program.section,
      packet,
    } satisfies RunProgramParams);
  } catch (e) {
    const msg = isMethodNotFound(e)
      ? vscode.l10n.t('This bpfls server cannot run programs yet (no interpreter).')
      : vscode.l10n.t('Running {0} failed: {1}', program.name, e instanceof Error ? e.message : String(e));
    void vscode.window.showErrorMessage(msg);
    return;
  }
  out.appendLine(
    formatRunResult(result, { fileName: path.basename(doc.uri.fsPath), packet }, (m, ...args) => vscode.l10n.t(m, ...args)),
  );
  out.appendLine('');
  out.show(true);
  if (result.fault?.range) {
    const goTo = vscode.l10n.t('Go to fault');
    const answer = await vscode.window.showWarningMessage(result.fault.message, goTo);
    if (answer === goTo) {
      const r = result.fault.range;
      const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
      await vscode.window.showTextDocument(doc, { selection: range });
    }
  }
}

// ---------------------------------------------------------------------------
// Status bar: the program type and context of the function under the cursor

class ProgramStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('bpfls.program', vscode.StatusBarAlignment.Right, 100);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;

  constructor() {
    this.item.name = vscode.l10n.t('BPF program');
    this.item.command = 'bpfls.runProgram';
  }

  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), 150);
  }

  private async update(): Promise<void> {
    const seq = ++this.seq;
    const editor = vscode.window.activeTextEditor;
    if (!editor || !gate.has(editor.document) || client?.state !== State.Running) {
      this.item.hide();
      return;
    }
    let p: ProgramAtResponse = null;
    try {
      p = await client.sendRequest<ProgramAtResponse>(PROGRAM_AT_METHOD, {
        uri: editor.document.uri.toString(),
        position: { line: editor.selection.active.line, character: editor.selection.active.character },
      } satisfies ProgramAtParams);
    } catch {
      p = null;
    }
    if (seq !== this.seq) return; // a newer update is on its way
    if (!p) {
      this.item.hide();
      return;
    }
    const kind = p.programType ?? p.section;
    this.item.text = `$(symbol-event) ${kind}${p.context ? ` · ${p.context}` : ''}`;
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown(`**${p.name}** \`SEC("${p.section}")\`\n\n`);
    tip.appendMarkdown(`${vscode.l10n.t('Program type')}: \`${p.programType ?? vscode.l10n.t('unknown to libbpf')}\`\n\n`);
    tip.appendMarkdown(`${vscode.l10n.t('Context')}: \`${p.context ?? '?'}\`\n\n`);
    tip.appendMarkdown(vscode.l10n.t('Click to run this program on a packet.'));
    this.item.tooltip = tip;
    this.item.show();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.item.dispose();
  }
}

// ---------------------------------------------------------------------------

export function activate(context: vscode.ExtensionContext): void {
  extensionContext = context;
  status = new ProgramStatus();
  context.subscriptions.push(
    status,
    vscode.workspace.registerTextDocumentContentProvider(HELPER_SCHEME, new HelperDocProvider()),
    vscode.commands.registerCommand('bpfls.showHelperDocs', showHelperDocs),
    vscode.commands.registerCommand('bpfls.runProgram', runProgram),
    vscode.commands.registerCommand('bpfls.restartServer', async () => {
      await stopClient();
      await ensureClient();
      status?.schedule();
    }),
    vscode.workspace.onDidOpenTextDocument(startIfWanted),
    vscode.workspace.onDidChangeTextDocument((e) => {
      startIfWanted(e.document);
      if (e.document === vscode.window.activeTextEditor?.document) status?.schedule();
    }),
    vscode.window.onDidChangeActiveTextEditor(() => status?.schedule()),
    vscode.window.onDidChangeTextEditorSelection(() => status?.schedule()),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('bpfls.enable')) return;
      // Which documents bpfls owns changed: start over with a clean set.
      await stopClient();
      if (vscode.workspace.textDocuments.some(wants)) await ensureClient();
      status?.schedule();
    }),
    { dispose: () => void stopClient() },
    { dispose: () => serverOutput?.dispose() },
    { dispose: () => runOutput?.dispose() },
  );
  for (const doc of vscode.workspace.textDocuments) startIfWanted(doc);
  status.schedule();
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
