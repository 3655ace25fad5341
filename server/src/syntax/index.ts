/** Public API of the syntax layer. */
export { memoryAssets, type SyntaxAssets, LANGUAGE_WASM, RUNTIME_WASM } from './assets.ts';
export { loadSyntaxRuntime, syntaxRuntimeIfLoaded, QUERY_NAMES, type QueryName, type SyntaxLoadOptions, type SyntaxRuntime } from './parser.ts';
export { SyntaxDocument } from './syntax-document.ts';
export { rewriteBpfMacros, type RewriteResult } from './rewrite.ts';
export { collectSyntaxErrors, isErrorFree, type SyntaxErrorInfo } from './syntax-errors.ts';
export { LineIndex, utf8Length, type Position, type Span } from './line-index.ts';
export type { TextChange } from './text-change.ts';
export type * from './macro-records.ts';
export * from './nodes.ts';
