/**
 * The language server: capabilities, document sync, and one handler per feature
 * (each in its own file), every handler guarded so a failure cannot take the
 * server down. Diagnostics are published after each change, coalesced per document.
 */
import {
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { docsLocale } from '../helpers/locale.ts';
import type { Locale } from '../helpers/schema.ts';
import type { SourceFiles } from '../analysis/source-files.ts';
import { loadSyntaxRuntime } from '../syntax/parser.ts';
import { DocumentStore, type OpenDocument } from './documents.ts';
import { connectionLogger, guard } from './guard.ts';
import { SettingsStore, type BpflsSettings } from './settings.ts';
import { provideHover } from './hover.ts';
import { provideCompletion, resolveCompletion, COMPLETION_TRIGGERS } from './completion.ts';
import { provideSignatureHelp } from './signature-help.ts';
import { provideDefinition, provideReferences } from './navigation.ts';
import { provideDocumentSymbols } from './document-symbols.ts';
import { computeDiagnostics } from './diagnostics.ts';
import { provideCodeActions } from './code-actions.ts';
import { pathToUri, uriToPath } from './uri.ts';
import { registerCustomRequests } from './custom-requests.ts';
import { registerRunRequests } from './run-program.ts';

export interface FeatureContext {
  doc: OpenDocument;
  settings: BpflsSettings;
  locale: Locale;
}

/**
 * Runs `f` once the messages already received are handled: setImmediate under Node (a
 * zero timeout waits at least 1 ms, on every edit), a zero timeout in a web worker.
 */
function afterPendingMessages(f: () => void): { cancel(): void } {
  if (typeof setImmediate === 'function') {
    const h = setImmediate(f);
    return { cancel: () => clearImmediate(h) };
  }
  const h = setTimeout(f, 0);
  return { cancel: () => clearTimeout(h) };
}

export function startLanguageServer(connection: Connection, files: SourceFiles): void {
  const log = connectionLogger(connection);
  const store = new DocumentStore(files);
  let clientLocale: string | undefined;
  let rootPath: string | undefined;
  let configurationSupported = false;
  let dynamicConfigurationRegistration = false;
  const settings = new SettingsStore(connection, () => configurationSupported);
  const pending = new Map<string, { cancel(): void }>();

  async function context(uri: string): Promise<FeatureContext | null> {
    const doc = store.get(uri);
    if (!doc) return null;
    const s = await settings.get(uri);
    doc.analysis.includePaths = s.includePaths.map((p) => (p.startsWith('/') || !rootPath ? p : `${rootPath}/${p}`));
    return { doc, settings: s, locale: docsLocale(clientLocale, s.docsLanguage) };
  }

  const publish = guard(log, 'diagnostics', undefined, async (uri: string) => {
    const ctx = await context(uri);
    if (!ctx) return;
    const version = ctx.doc.text.version;
    const diagnostics = computeDiagnostics(ctx);
    if (store.get(uri)?.text.version !== version) return; // a newer change will publish
    await connection.sendDiagnostics({ uri, version, diagnostics });
  });

  /** Publishes after the messages already received are handled, so a burst of changes is analysed once. */
  function schedule(uri: string) {
    pending.get(uri)?.cancel();
    pending.set(
      uri,
      afterPendingMessages(() => {
        pending.delete(uri);
        void publish(uri);
      }),
    );
  }

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    await loadSyntaxRuntime();
    clientLocale = params.locale;
    const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    rootPath = root ? uriToPath(root) : undefined;
    configurationSupported = params.capabilities.workspace?.configuration === true;
    dynamicConfigurationRegistration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: true },
        signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
      },
      serverInfo: { name: 'bpfls', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (configurationSupported && dynamicConfigurationRegistration) {
      connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
    }
  });

  connection.onDidChangeConfiguration(() => {
    settings.clear();
    for (const d of store.all()) schedule(d.text.uri);
  });

  connection.onDidOpenTextDocument(
    guard(log, 'didOpen', undefined, (p) => {
      store.open(p.textDocument.uri, p.textDocument.languageId, p.textDocument.version, p.textDocument.text);
      schedule(p.textDocument.uri);
    }),
  );
  connection.onDidChangeTextDocument(
    guard(log, 'didChange', undefined, (p) => {
      if (store.change(p.textDocument.uri, p.textDocument.version, p.contentChanges)) schedule(p.textDocument.uri);
    }),
  );
  connection.onDidCloseTextDocument(
    guard(log, 'didClose', undefined, (p) => {
      store.close(p.textDocument.uri);
      settings.forget(p.textDocument.uri);
      void connection.sendDiagnostics({ uri: p.textDocument.uri, diagnostics: [] });
    }),
  );

  const withContext =
    <P extends { textDocument: { uri: string } }, R>(feature: string, fallback: R, fn: (ctx: FeatureContext, p: P) => R) =>
    guard(log, feature, fallback, async (p: P) => {
      const ctx = await context(p.textDocument.uri);
      return ctx ? fn(ctx, p) : fallback;
    });

  connection.onHover(withContext('hover', null, (ctx, p) => provideHover(ctx, p.position)));
  connection.onCompletion(withContext('completion', [], (ctx, p) => provideCompletion(ctx, p.position)));
  connection.onCompletionResolve((item) => {
    try {
      return resolveCompletion(item);
    } catch (e) {
      log(`bpfls: completionResolve failed: ${e instanceof Error ? e.message : String(e)}`);
      return item;
    }
  });
  connection.onSignatureHelp(withContext('signatureHelp', null, (ctx, p) => provideSignatureHelp(ctx, p.position)));
  connection.onDefinition(withContext('definition', null, (ctx, p) => provideDefinition(ctx, p.position, uriToPath, pathToUri)));
  connection.onReferences(withContext('references', [], (ctx, p) => provideReferences(ctx, p.position, p.context.includeDeclaration)));
  connection.onDocumentSymbol(withContext('documentSymbol', [], (ctx) => provideDocumentSymbols(ctx)));
  connection.onCodeAction(withContext('codeAction', [], (ctx, p) => provideCodeActions(ctx, p)));
  registerCustomRequests(connection, { log, context, clientLocale: () => clientLocale });
  registerRunRequests(connection, { log, context, files, locale: () => docsLocale(clientLocale) });

  connection.listen();
}

