/**
 * A fake `vscode` module, just real enough for client/out/extension.js and
 * vscode-languageclient to run in plain Node: documents, events, configuration,
 * providers, commands, output channels, diagnostics and the status bar are real
 * (recorded for the test); everything else is a harmless stub. Used by
 * test/client/extension-host.test.ts, which cannot start a real VS Code here.
 */
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Fn = (...args: unknown[]) => unknown;
type Listener<T> = (e: T) => unknown;

/** Any property, call or `new` of an unknown API gives another stub (and a no-op dispose). */
export function stub(name = 'vscode'): unknown {
  const target = function () {
    return undefined;
  };
  return new Proxy(target, {
    get(_t, prop) {
      if (prop === 'then') return undefined; // not a thenable
      if (prop === 'dispose') return () => undefined;
      if (prop === Symbol.toPrimitive) return () => name;
      if (prop === 'toString') return () => name;
      return stub(`${name}.${String(prop)}`);
    },
    apply: () => stub(`${name}()`),
    construct: () => stub(`new ${name}`) as object,
  });
}

export class Disposable {
  constructor(private readonly fn: () => void = () => undefined) {}
  static from(...items: { dispose(): unknown }[]) {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose() {
    this.fn();
  }
}

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>, thisArg?: unknown) => {
    const l: Listener<T> = thisArg ? listener.bind(thisArg) : listener;
    this.listeners.push(l);
    return new Disposable(() => {
      this.listeners = this.listeners.filter((x) => x !== l);
    });
  };
  fire(e: T) {
    for (const l of [...this.listeners]) l(e);
  }
  /** Fires and waits for listeners that return promises. */
  async fireAsync(e: T) {
    await Promise.all([...this.listeners].map((l) => l(e)));
  }
  dispose() {
    this.listeners = [];
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
    readonly query: string,
    readonly fragment: string,
  ) {}
  static file(path: string) {
    return new Uri('file', '', pathToFileURL(path).pathname, '', '');
  }
  static parse(value: string) {
    const m = /^([a-zA-Z][\w+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(value);
    if (!m) throw new Error(`bad uri ${value}`);
    return new Uri(m[1], m[2] ?? '', decodeURIComponent(m[3] ?? ''), m[4] ?? '', m[5] ?? '');
  }
  static from(c: { scheme: string; authority?: string; path?: string; query?: string; fragment?: string }) {
    return new Uri(c.scheme, c.authority ?? '', c.path ?? '', c.query ?? '', c.fragment ?? '');
  }
  static joinPath(base: Uri, ...parts: string[]) {
    return base.with({ path: [base.path, ...parts].join('/').replace(/\/+/g, '/') });
  }
  get fsPath() {
    return this.scheme === 'file' ? fileURLToPath(this.toString()) : this.path;
  }
  with(c: { scheme?: string; path?: string; query?: string }) {
    return new Uri(c.scheme ?? this.scheme, this.authority, c.path ?? this.path, c.query ?? this.query, this.fragment);
  }
  toString() {
    const path = this.scheme === 'file' ? encodeURI(this.path) : this.path;
    return `${this.scheme}:${this.scheme === 'file' || this.authority ? '//' + this.authority : ''}${path}${this.query ? '?' + this.query : ''}`;
  }
  toJSON() {
    return this.toString();
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
  isEqual(o: Position) {
    return o.line === this.line && o.character === this.character;
  }
  isBefore(o: Position) {
    return this.line < o.line || (this.line === o.line && this.character < o.character);
  }
  translate(dl = 0, dc = 0) {
    return new Position(this.line + dl, this.character + dc);
  }
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    this.start = typeof a === 'number' ? new Position(a, b as number) : a;
    this.end = typeof a === 'number' ? new Position(c!, d!) : (b as Position);
  }
  get isEmpty() {
    return this.start.isEqual(this.end);
  }
  contains(p: Position) {
    return !p.isBefore(this.start) && !this.end.isBefore(p);
  }
}

export class Selection extends Range {
  get active() {
    return this.end;
  }
  get anchor() {
    return this.start;
  }
}

export class MarkdownString {
  isTrusted?: boolean;
  supportHtml?: boolean;
  supportThemeIcons?: boolean;
  baseUri?: Uri;
  constructor(public value = '') {}
  appendMarkdown(v: string) {
    this.value += v;
    return this;
  }
  appendText(v: string) {
    this.value += v;
    return this;
  }
  appendCodeblock(code: string, lang = '') {
    this.value += '\n```' + lang + '\n' + code + '\n```\n';
    return this;
  }
}

export class Hover {
  constructor(
    public contents: MarkdownString[] | MarkdownString,
    public range?: Range,
  ) {}
}

export class Diagnostic {
  code?: unknown;
  source?: string;
  tags?: number[];
  relatedInformation?: unknown[];
  constructor(
    public range: Range,
    public message: string,
    public severity = 0,
  ) {}
}

export class Location {
  constructor(
    public uri: Uri,
    public range: Range | Position,
  ) {}
}

/** A plain class for the many value classes the protocol converters construct. */
class Bag {
  constructor(...args: unknown[]) {
    Object.assign(this, { args });
  }
}

export class CodeActionKind {
  static readonly Empty = new CodeActionKind('');
  static readonly QuickFix = new CodeActionKind('quickfix');
  static readonly Refactor = new CodeActionKind('refactor');
  static readonly RefactorExtract = new CodeActionKind('refactor.extract');
  static readonly RefactorInline = new CodeActionKind('refactor.inline');
  static readonly RefactorRewrite = new CodeActionKind('refactor.rewrite');
  static readonly Source = new CodeActionKind('source');
  static readonly SourceOrganizeImports = new CodeActionKind('source.organizeImports');
  static readonly SourceFixAll = new CodeActionKind('source.fixAll');
  constructor(readonly value: string) {}
  append(part: string) {
    return new CodeActionKind(this.value ? `${this.value}.${part}` : part);
  }
  contains(o: CodeActionKind) {
    return this.value === o.value || o.value.startsWith(this.value + '.');
  }
  intersects(o: CodeActionKind) {
    return this.contains(o) || o.contains(this);
  }
}

export class FakeTextDocument {
  version = 1;
  isClosed = false;
  isDirty = false;
  isUntitled = false;
  readonly eol = 1;
  constructor(
    readonly uri: Uri,
    readonly languageId: string,
    private text: string,
  ) {}
  get fileName() {
    return this.uri.fsPath;
  }
  get lineCount() {
    return this.text.split('\n').length;
  }
  getText(range?: Range) {
    if (!range) return this.text;
    return this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }
  offsetAt(p: Position) {
    const lines = this.text.split('\n');
    let off = 0;
    for (let i = 0; i < p.line && i < lines.length; i++) off += lines[i].length + 1;
    return off + p.character;
  }
  positionAt(offset: number) {
    const before = this.text.slice(0, offset).split('\n');
    return new Position(before.length - 1, before[before.length - 1].length);
  }
  lineAt(line: number) {
    const t = this.text.split('\n')[line] ?? '';
    return { text: t, range: new Range(line, 0, line, t.length), lineNumber: line };
  }
  getWordRangeAtPosition(p: Position, re = /\w+/) {
    const line = this.lineAt(p.line).text;
    const g = new RegExp(re.source, 'g');
    for (const m of line.matchAll(g)) {
      const s = m.index ?? 0;
      if (s <= p.character && p.character <= s + m[0].length) return new Range(p.line, s, p.line, s + m[0].length);
    }
    return undefined;
  }
  save() {
    return Promise.resolve(true);
  }
  /** Replaces the whole text (an edit), returns the change event VS Code would fire. */
  replaceAll(text: string) {
    const end = this.positionAt(this.text.length);
    const old = this.text;
    this.text = text;
    this.version++;
    return {
      document: this,
      reason: undefined,
      contentChanges: [{ range: new Range(new Position(0, 0), end), rangeOffset: 0, rangeLength: old.length, text }],
    };
  }
}

type Selector = string | { language?: string; scheme?: string; pattern?: string | { pattern: string } };

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`(^|/)${re}$`);
}

export function matchSelector(selector: Selector | Selector[], doc: FakeTextDocument): number {
  const list = Array.isArray(selector) ? selector : [selector];
  let best = 0;
  for (const s of list) {
    if (typeof s === 'string') {
      if (s === doc.languageId) best = Math.max(best, 10);
      continue;
    }
    if (s.language && s.language !== doc.languageId && s.language !== '*') continue;
    if (s.scheme && s.scheme !== doc.uri.scheme && s.scheme !== '*') continue;
    if (s.pattern) {
      const p = typeof s.pattern === 'string' ? s.pattern : s.pattern.pattern;
      if (!globToRegExp(p).test(doc.uri.path)) continue;
    }
    best = Math.max(best, s.pattern ? 10 : 5);
  }
  return best;
}

export interface Recorded {
  commands: Map<string, Fn>;
  executed: { command: string; args: unknown[] }[];
  providers: { kind: string; selector: Selector[]; provider: Record<string, Fn> }[];
  contentProviders: Map<string, { provideTextDocumentContent: Fn }>;
  diagnostics: Map<string, Diagnostic[]>;
  output: Map<string, string[]>;
  messages: { level: string; text: string }[];
  statusItems: { text: string; tooltip: unknown; visible: boolean; command?: unknown; name?: string }[];
  quickPickAnswers: unknown[];
}

export function createFakeVscode(settings: Record<string, unknown>) {
  const rec: Recorded = {
    commands: new Map(),
    executed: [],
    providers: [],
    contentProviders: new Map(),
    diagnostics: new Map(),
    output: new Map(),
    messages: [],
    statusItems: [],
    quickPickAnswers: [],
  };
  const docs: FakeTextDocument[] = [];
  const onOpen = new EventEmitter<FakeTextDocument>();
  const onClose = new EventEmitter<FakeTextDocument>();
  const onChange = new EventEmitter<unknown>();
  const onConfig = new EventEmitter<{ affectsConfiguration(s: string): boolean }>();
  const onActiveEditor = new EventEmitter<unknown>();
  const onSelection = new EventEmitter<unknown>();
  let activeTextEditor: { document: FakeTextDocument; selection: Selection } | undefined;

  const getPath = (path: string | undefined): unknown => {
    if (!path) return settings;
    let cur: unknown = settings;
    for (const part of path.split('.')) {
      if (cur && typeof cur === 'object' && part in (cur as object)) cur = (cur as Record<string, unknown>)[part];
      else return undefined;
    }
    return cur;
  };
  const getConfiguration = (section?: string) => ({
    get: (key: string, def?: unknown) => {
      const v = getPath(section ? `${section}.${key}` : key);
      return v === undefined ? def : v;
    },
    has: (key: string) => getPath(section ? `${section}.${key}` : key) !== undefined,
    inspect: () => undefined,
    update: () => Promise.resolve(),
  });

  const register =
    (kind: string) =>
    (selector: Selector | Selector[], provider: Record<string, Fn>) => {
      const entry = { kind, selector: Array.isArray(selector) ? selector : [selector], provider };
      rec.providers.push(entry);
      return new Disposable(() => rec.providers.splice(rec.providers.indexOf(entry), 1));
    };

  const outputChannel = (name: string) => {
    const lines: string[] = [];
    rec.output.set(name, lines);
    const log = (...a: unknown[]) => lines.push(a.map(String).join(' '));
    return {
      name,
      append: (v: string) => lines.push(v),
      appendLine: (v: string) => lines.push(v),
      replace: (v: string) => lines.splice(0, lines.length, v),
      clear: () => lines.splice(0, lines.length),
      show: () => undefined,
      hide: () => undefined,
      dispose: () => undefined,
      trace: log,
      debug: log,
      info: log,
      warn: log,
      error: log,
      logLevel: 2,
      onDidChangeLogLevel: new EventEmitter<number>().event,
    };
  };

  const message = (level: string) => (text: string) => {
    rec.messages.push({ level, text });
    return Promise.resolve(undefined);
  };

  const known: Record<string, unknown> = {
    version: '1.85.0',
    Uri,
    Position,
    Range,
    Selection,
    Location,
    MarkdownString,
    Hover,
    Diagnostic,
    Disposable,
    EventEmitter,
    CodeActionKind,
    CancellationTokenSource: class {
      token = { isCancellationRequested: false, onCancellationRequested: new EventEmitter<void>().event };
      cancel() {
        this.token.isCancellationRequested = true;
      }
      dispose() {}
    },
    CancellationError: class extends Error {},
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    DiagnosticTag: { Unnecessary: 1, Deprecated: 2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    QuickPickItemKind: { Separator: -1, Default: 0 },
    CompletionItemKind: new Proxy({}, { get: (_t, p) => (typeof p === 'string' ? p.length : 0) }),
    SymbolKind: new Proxy({}, { get: (_t, p) => (typeof p === 'string' ? p.length : 0) }),
    CompletionItem: Bag,
    CompletionList: Bag,
    SignatureHelp: Bag,
    SignatureInformation: Bag,
    ParameterInformation: Bag,
    DocumentSymbol: Bag,
    SymbolInformation: Bag,
    CodeAction: Bag,
    TextEdit: Bag,
    WorkspaceEdit: Bag,
    SnippetString: Bag,
    l10n: {
      t: (message: string, ...args: unknown[]) =>
        message.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m)),
      bundle: undefined,
      uri: undefined,
    },
    env: { language: 'en', appName: 'Fake Code', machineId: 'test', openExternal: () => Promise.resolve(true) },
    commands: {
      registerCommand: (id: string, fn: Fn) => {
        rec.commands.set(id, fn);
        return new Disposable(() => rec.commands.delete(id));
      },
      executeCommand: async (command: string, ...args: unknown[]) => {
        rec.executed.push({ command, args });
        const fn = rec.commands.get(command);
        return fn ? fn(...args) : undefined;
      },
    },
    languages: new Proxy(
      {
        match: (selector: Selector | Selector[], doc: FakeTextDocument) => matchSelector(selector, doc),
        createDiagnosticCollection: (name?: string) => ({
          name,
          set: (uri: Uri | [Uri, Diagnostic[]][], diags?: Diagnostic[]) => {
            if (Array.isArray(uri)) for (const [u, d] of uri) rec.diagnostics.set(u.toString(), d);
            else rec.diagnostics.set(uri.toString(), diags ?? []);
          },
          delete: (uri: Uri) => rec.diagnostics.delete(uri.toString()),
          clear: () => rec.diagnostics.clear(),
          get: (uri: Uri) => rec.diagnostics.get(uri.toString()),
          forEach: () => undefined,
          has: (uri: Uri) => rec.diagnostics.has(uri.toString()),
          dispose: () => undefined,
        }),
      } as Record<string, unknown>,
      {
        get: (t, p: string) => (p in t ? t[p] : p.startsWith('register') ? register(p.slice('register'.length)) : stub(`languages.${p}`)),
      },
    ),
    workspace: new Proxy(
      {
        get textDocuments() {
          return docs.filter((d) => !d.isClosed);
        },
        workspaceFolders: undefined,
        notebookDocuments: [],
        getConfiguration,
        getWorkspaceFolder: () => undefined,
        onDidOpenTextDocument: onOpen.event,
        onDidCloseTextDocument: onClose.event,
        onDidChangeTextDocument: onChange.event,
        onDidChangeConfiguration: onConfig.event,
        registerTextDocumentContentProvider: (scheme: string, p: { provideTextDocumentContent: Fn }) => {
          rec.contentProviders.set(scheme, p);
          return new Disposable(() => rec.contentProviders.delete(scheme));
        },
        createFileSystemWatcher: () => stub('watcher'),
      } as Record<string, unknown>,
      { get: (t, p: string) => (p in t ? t[p] : p.startsWith('on') ? new EventEmitter<unknown>().event : stub(`workspace.${p}`)) },
    ),
    window: new Proxy(
      {
        get activeTextEditor() {
          return activeTextEditor;
        },
        visibleTextEditors: [],
        createOutputChannel: outputChannel,
        showErrorMessage: message('error'),
        showWarningMessage: message('warning'),
        showInformationMessage: message('info'),
        showQuickPick: () => Promise.resolve(rec.quickPickAnswers.shift()),
        showInputBox: () => Promise.resolve(rec.quickPickAnswers.shift()),
        onDidChangeActiveTextEditor: onActiveEditor.event,
        onDidChangeTextEditorSelection: onSelection.event,
        showTextDocument: () => Promise.resolve(undefined),
        createStatusBarItem: () => {
          const item = { text: '', tooltip: undefined as unknown, visible: false, command: undefined as unknown, name: undefined as string | undefined };
          rec.statusItems.push(item);
          return Object.assign(item, {
            show: () => {
              item.visible = true;
            },
            hide: () => {
              item.visible = false;
            },
            dispose: () => undefined,
          });
        },
        createQuickPick: () => {
          const accept = new EventEmitter<void>();
          const hide = new EventEmitter<void>();
          const pick = {
            items: [] as { label: string }[],
            selectedItems: [] as { label: string }[],
            value: '',
            title: '',
            placeholder: '',
            matchOnDetail: false,
            onDidAccept: accept.event,
            onDidHide: hide.event,
            show: () => {
              const want = rec.quickPickAnswers.shift();
              setTimeout(() => {
                const item = pick.items.find((i) => i.label === want);
                if (item) {
                  pick.selectedItems = [item];
                  accept.fire();
                } else hide.fire();
              }, 0);
            },
            hide: () => hide.fire(),
            dispose: () => undefined,
          };
          return pick;
        },
      } as Record<string, unknown>,
      { get: (t, p: string) => (p in t ? t[p] : p.startsWith('onDid') ? new EventEmitter<unknown>().event : stub(`window.${p}`)) },
    ),
  };

  const api = new Proxy(known, { get: (t, p: string) => (p in t ? t[p] : stub(`vscode.${p}`)) });

  const control = {
    rec,
    /** Opens a document as VS Code does when a file is opened in an editor. */
    async open(path: string, languageId = 'c', text = readFileSync(path, 'utf8')) {
      const doc = new FakeTextDocument(Uri.file(path), languageId, text);
      docs.push(doc);
      await onOpen.fireAsync(doc);
      return doc;
    },
    async edit(doc: FakeTextDocument, text: string) {
      await onChange.fireAsync(doc.replaceAll(text));
    },
    async close(doc: FakeTextDocument) {
      doc.isClosed = true;
      await onClose.fireAsync(doc);
    },
    setActive(doc: FakeTextDocument | undefined, line = 0, character = 0) {
      activeTextEditor = doc ? { document: doc, selection: new Selection(line, character, line, character) } : undefined;
      onActiveEditor.fire(activeTextEditor);
      onSelection.fire({ textEditor: activeTextEditor });
    },
    changeSetting(path: string, value: unknown) {
      const parts = path.split('.');
      let cur = settings as Record<string, unknown>;
      for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>;
      cur[parts[parts.length - 1]] = value;
      onConfig.fire({ affectsConfiguration: (s: string) => path === s || path.startsWith(s + '.') });
    },
    /** The providers of a kind ("HoverProvider", ...) that match a document. */
    providersFor(kind: string, doc: FakeTextDocument) {
      return rec.providers.filter((p) => p.kind === kind && matchSelector(p.selector, doc) > 0).map((p) => p.provider);
    },
    docName: (doc: FakeTextDocument) => basename(doc.uri.path),
  };
  return { api, control };
}

/** Makes `require('vscode')` return `api` in this process (for a CommonJS bundle). */
export function installFakeVscode(api: unknown): () => void {
  const M = Module as unknown as {
    _resolveFilename: (request: string, ...rest: unknown[]) => string;
    _cache: Record<string, unknown>;
  };
  const fakePath = '/__fake__/vscode.js';
  const original = M._resolveFilename;
  M._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? fakePath : original.call(this, request, ...rest);
  };
  M._cache[fakePath] = { id: fakePath, filename: fakePath, loaded: true, exports: api, children: [], paths: [] };
  return () => {
    M._resolveFilename = original;
    delete M._cache[fakePath];
  };
}
