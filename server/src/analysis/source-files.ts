/**
 * File access for the analysis (include resolution), behind an interface so the
 * core runs without Node's file system (a browser build supplies its own).
 */
export interface SourceFiles {
  /** The file's text, or undefined when it cannot be read. */
  read(path: string): string | undefined;
}

/** No file access at all (includes stay unresolved). */
export const NO_FILES: SourceFiles = { read: () => undefined };
