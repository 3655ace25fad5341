/**
 * The per-file document model (programs, maps, license, globals, functions,
 * macros, types, includes, calls, syntax errors) of a parsed SyntaxDocument.
 */
import type { SyntaxDocument } from '../syntax/syntax-document.ts';
import { DocumentModelBuilder, type DocumentModelOptions } from './document-model-builder.ts';
import type { DocumentModel } from './document-model-types.ts';

export type * from './document-model-types.ts';
export type { DocumentModelOptions };
export { DocumentModelBuilder };

/** The document model of one file, built from scratch (DocumentModelBuilder reuses work across edits). */
export function buildDocumentModel(doc: SyntaxDocument, options: DocumentModelOptions = {}): DocumentModel {
  return new DocumentModelBuilder().build(doc, options);
}
