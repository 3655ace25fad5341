/**
 * Which documents reach the server. The client's document selector covers every C
 * file; this gate (a vscode-languageclient middleware) passes on only those that are
 * BPF C (detect.ts), opens a document later when an edit makes it BPF C, and answers
 * feature requests for other documents with nothing, so that the C/C++ extension or
 * clangd own them alone. No runtime `vscode` import: unit-tested in
 * test/client/document-gate.test.ts with plain objects.
 */
import type { Middleware } from 'vscode-languageclient/node';

/** What the gate needs to know of a document. */
export interface GateDocument {
  readonly uri: { toString(): string };
}

export interface GateHooks<D extends GateDocument> {
  /** Whether bpfls should handle the document (bpfls.enable + detection). */
  wants(doc: D): boolean;
  /** Sends textDocument/didOpen with the document's current text and version. */
  sendOpen(doc: D): Promise<void>;
}

export class DocumentGate<D extends GateDocument> {
  /** URIs of the documents the server knows (opened through the gate). */
  private readonly open = new Set<string>();

  constructor(private readonly hooks: GateHooks<D>) {}

  has(doc: GateDocument): boolean {
    return this.open.has(doc.uri.toString());
  }

  /** Forgets every document (the client stopped; a new one reopens what it wants). */
  clear(): void {
    this.open.clear();
  }

  get size(): number {
    return this.open.size;
  }

  async didOpen(doc: D, next: (doc: D) => Promise<void>): Promise<void> {
    if (!this.hooks.wants(doc)) return;
    this.open.add(doc.uri.toString());
    await next(doc);
  }

  async didChange<E extends { document: D }>(event: E, next: (event: E) => Promise<void>): Promise<void> {
    const doc = event.document;
    if (this.has(doc)) return next(event);
    // A C file that became BPF C by this edit (an #include or SEC( typed in): the
    // server has never seen it, so it gets the whole current text as a didOpen.
    if (this.hooks.wants(doc)) {
      this.open.add(doc.uri.toString());
      await this.hooks.sendOpen(doc);
    }
  }

  async didClose(doc: D, next: (doc: D) => Promise<void>): Promise<void> {
    if (!this.open.delete(doc.uri.toString())) return;
    await next(doc);
  }

  /** `next(...)` for documents the server knows, nothing for the others. */
  gate<A extends unknown[], R>(doc: GateDocument, next: (...args: A) => R, ...args: A): R | undefined {
    return this.has(doc) ? next(...args) : undefined;
  }

  /** The middleware for vscode-languageclient (which hands vscode.TextDocument objects: D). */
  middleware(): Middleware {
    const asD = (doc: unknown) => doc as D;
    return {
      didOpen: (doc, next) => this.didOpen(asD(doc), (d) => next(d as unknown as typeof doc)),
      didChange: (event, next) => this.didChange({ ...event, document: asD(event.document) }, () => next(event)),
      didClose: (doc, next) => this.didClose(asD(doc), (d) => next(d as unknown as typeof doc)),
      didSave: (doc, next) => (this.has(doc) ? next(doc) : Promise.resolve()),
      willSave: (event, next) => (this.has(event.document) ? next(event) : Promise.resolve()),
      provideHover: (doc, pos, token, next) => this.gate(doc, next, doc, pos, token),
      provideCompletionItem: (doc, pos, ctx, token, next) => this.gate(doc, next, doc, pos, ctx, token),
      provideSignatureHelp: (doc, pos, ctx, token, next) => this.gate(doc, next, doc, pos, ctx, token),
      provideDefinition: (doc, pos, token, next) => this.gate(doc, next, doc, pos, token),
      provideReferences: (doc, pos, opts, token, next) => this.gate(doc, next, doc, pos, opts, token),
      provideDocumentSymbols: (doc, token, next) => this.gate(doc, next, doc, token),
      provideCodeActions: (doc, range, ctx, token, next) => this.gate(doc, next, doc, range, ctx, token),
    };
  }
}
