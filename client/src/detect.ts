/**
 * Which C documents are BPF C. Pure functions (no `vscode` import) so the rules
 * are unit-tested in `test/client/detect.test.ts`.
 */

/** The `bpfls.enable` setting: true = every C file, false = none, "auto" = detection. */
export type EnableMode = boolean | 'auto';

/** Glob patterns (document selector) for files that are BPF C by name alone. */
export const BPF_FILE_PATTERNS = ['**/*.bpf.c', '**/*_kern.c', '**/*.bpf.h'] as const;

/** How many lines from the top are looked at for BPF markers. */
export const DETECT_LINES = 200;

const NAME_RE = /(?:\.bpf\.[ch]|_kern\.c)$/i;

/**
 * Markers that only BPF C has: the libbpf helper header, the kernel's BPF UAPI
 * header, a BTF dump (`vmlinux.h`), or a `SEC("...")` annotation.
 */
const CONTENT_RES: readonly RegExp[] = [
  /^[ \t]*#[ \t]*include[ \t]*[<"](?:bpf\/bpf_helpers\.h|bpf_helpers\.h|linux\/bpf\.h|vmlinux\.h|bpf\/bpf_tracing\.h|bpf\/bpf_core_read\.h)[>"]/m,
  /(?:^|[^\w])SEC[ \t]*\([ \t]*"/m,
];

export function normaliseEnable(value: unknown): EnableMode {
  if (value === true || value === 'true' || value === 'on') return true;
  if (value === false || value === 'false' || value === 'off') return false;
  return 'auto';
}

/** True when the file name alone says BPF C (`x.bpf.c`, `x_kern.c`, `x.bpf.h`). */
export function isBpfFileName(path: string): boolean {
  return NAME_RE.test(path);
}

/** The first `lines` lines of a text (cheap: no split of the whole document). */
export function head(text: string, lines = DETECT_LINES): string {
  let at = 0;
  for (let i = 0; i < lines; i++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return text;
    at = nl + 1;
  }
  return text.slice(0, at);
}

/** True when the first DETECT_LINES lines include a BPF header or use `SEC(`. */
export function looksLikeBpf(text: string): boolean {
  const top = head(text);
  return CONTENT_RES.some((re) => re.test(top));
}

export interface DocumentFacts {
  /** The file path or URI path. */
  path: string;
  /** VS Code's language id ("c", "cpp", ...). */
  languageId: string;
  /** Gives the text; called only when the name does not decide. */
  text: () => string;
}

/** Whether bpfls should handle a document under the given mode. */
export function wantsDocument(doc: DocumentFacts, mode: EnableMode): boolean {
  if (mode === false) return false;
  const byName = isBpfFileName(doc.path);
  if (doc.languageId !== 'c' && !byName) return false;
  if (mode === true || byName) return true;
  return looksLikeBpf(doc.text());
}
