/**
 * Open documents: the text (kept with incremental sync) and its analysis, updated
 * edit by edit so the syntax tree is re-parsed incrementally.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { DocumentAnalysis, type TextEdit } from '../analysis/document-analysis.ts';
import type { SourceFiles } from '../analysis/source-files.ts';

export interface OpenDocument {
  text: TextDocument;
  analysis: DocumentAnalysis;
}

export class DocumentStore {
  private readonly docs = new Map<string, OpenDocument>();

  constructor(private readonly files: SourceFiles) {}

  open(uri: string, languageId: string, version: number, content: string): OpenDocument {
    this.close(uri);
    const text = TextDocument.create(uri, languageId, version, content);
    const doc = { text, analysis: new DocumentAnalysis(uri, content, this.files) };
    this.docs.set(uri, doc);
    return doc;
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    const edits: TextEdit[] = [];
    let current = doc.text;
    for (const change of changes) {
      if ('range' in change) {
        const start = current.offsetAt(change.range.start);
        const end = current.offsetAt(change.range.end);
        edits.push({ start, end, newText: change.text });
        current = TextDocument.update(current, [change], version);
      } else {
        edits.push({ start: 0, end: current.getText().length, newText: change.text });
        current = TextDocument.update(current, [change], version);
      }
    }
    doc.text = current;
    doc.analysis.applyEdits(edits, current.getText());
    return doc;
  }

  get(uri: string): OpenDocument | undefined {
    return this.docs.get(uri);
  }

  all(): OpenDocument[] {
    return [...this.docs.values()];
  }

  close(uri: string): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    doc.analysis.dispose();
    this.docs.delete(uri);
  }
}
