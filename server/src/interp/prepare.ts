/**
 * Preparing a program once: preprocess (with our built-in headers), parse the
 * result with tree-sitter, compile every declaration and function into
 * closures. Problems are returned as diagnostics with ranges in the user's
 * files; nothing here throws on bad input.
 */
import type { SyntaxRuntime } from '../syntax/parser.ts';
import { loadSyntaxRuntime } from '../syntax/parser.ts';
import { builtinHeader } from './builtin-headers/index.ts';
import { syntaxErrors, toAst } from './evaluator/ast.ts';
import { Compiler, type DataSection, type GlobalDef, type ProgramInfo } from './evaluator/compiler.ts';
import { UnitCompiler } from './evaluator/unit.ts';
import { preludeScope } from './evaluator/prelude.ts';
import type { MapDef } from './maps/map-base.ts';
import { LineStarts, type PositionMap, type SourceFile } from './preprocessor/position-map.ts';
import { preprocess, type FileReader } from './preprocessor/preprocess.ts';
import { programTypeOfSection } from './program-types.ts';
import { typeName } from './types/ctypes.ts';

export interface PrepareOptions {
  /** Path of the program (relative #include "..." resolves from its directory). */
  path?: string;
  /** Local headers: a reader or a path -> text record. */
  files?: FileReader | Record<string, string>;
  /** -D definitions. */
  defines?: Record<string, string>;
  includeDirs?: string[];
}

export interface Position {
  line: number;
  character: number;
}

export interface SourceRange {
  start: Position;
  end: Position;
}

export interface InterpDiagnostic {
  severity: 'error' | 'warning';
  message: string;
  /** The file the range is in (the program's path for the program itself). */
  file: string;
  range: SourceRange;
}

export interface ProgramSummary {
  function: string;
  section: string;
  /** libbpf program type from the section, when known. */
  type: string | undefined;
}

export interface GlobalSummary {
  name: string;
  section: string;
  offset: number;
  type: string;
  size: number;
}

export interface Prepared {
  path: string;
  /** False when there are errors: runs then return the first error as a fault. */
  ok: boolean;
  diagnostics: InterpDiagnostic[];
  programs: ProgramSummary[];
  maps: MapDef[];
  globals: GlobalSummary[];
  /** Compiled form; used by runPacket. */
  readonly unit: PreparedUnit;
}

export interface PreparedUnit {
  compiler: Compiler | undefined;
  globals: GlobalDef[];
  sections: DataSection[];
  programs: ProgramInfo[];
  map: PositionMap | undefined;
  files: SourceFile[];
  lines: Map<number, LineStarts>;
}

/** Maps a range of the preprocessed text to the user's file and line/character. */
export function userRange(unit: PreparedUnit, start: number, end: number): { file: string; range: SourceRange } | undefined {
  if (!unit.map || start < 0) return undefined;
  const span = unit.map.span(start, Math.max(start, end));
  if (!span) return undefined;
  const f = unit.files[span.file];
  if (!f) return undefined;
  let ls = unit.lines.get(span.file);
  if (!ls) {
    ls = new LineStarts(f.text);
    unit.lines.set(span.file, ls);
  }
  return { file: f.path, range: { start: ls.position(span.start), end: ls.position(span.end) } };
}

const ZERO_RANGE: SourceRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export async function prepareProgram(source: string, opts: PrepareOptions = {}): Promise<Prepared> {
  let rt: SyntaxRuntime;
  try {
    rt = await loadSyntaxRuntime();
  } catch (e) {
    return failed(opts.path ?? 'program.bpf.c', `cannot load the C parser: ${e instanceof Error ? e.message : String(e)}`);
  }
  return prepareProgramSync(rt, source, opts);
}

function failed(path: string, message: string): Prepared {
  return {
    path,
    ok: false,
    diagnostics: [{ severity: 'error', message, file: path, range: ZERO_RANGE }],
    programs: [],
    maps: [],
    globals: [],
    unit: { compiler: undefined, globals: [], sections: [], programs: [], map: undefined, files: [], lines: new Map() },
  };
}

export function prepareProgramSync(rt: SyntaxRuntime, source: string, opts: PrepareOptions = {}): Prepared {
  const path = opts.path ?? 'program.bpf.c';
  try {
    return prepareInner(rt, source, { ...opts, path });
  } catch (e) {
    return failed(path, `internal error while preparing: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function prepareInner(rt: SyntaxRuntime, source: string, opts: PrepareOptions & { path: string }): Prepared {
  const pp = preprocess(source, { path: opts.path, files: opts.files, defines: opts.defines, includeDirs: opts.includeDirs, builtinHeader, declarations: 'user' });
  const mainFile = pp.files.findIndex((f) => !f.builtin && !f.path.startsWith('<'));
  const builtinFiles = new Set(pp.files.map((f, i) => (f.builtin ? i : -1)).filter((i) => i >= 0));
  const mainLines = new LineStarts(source);
  const lines = new Map<number, LineStarts>([[mainFile, mainLines]]);
  const unit: PreparedUnit = { compiler: undefined, globals: [], sections: [], programs: [], map: pp.map, files: pp.files, lines };
  const diagnostics: InterpDiagnostic[] = [];
  const place = (start: number, end: number): { file: string; range: SourceRange } => {
    const r = userRange(unit, start, end);
    return r ?? { file: opts.path, range: ZERO_RANGE };
  };
  for (const d of pp.diagnostics) {
    const f = pp.files[d.file];
    let ls = lines.get(d.file);
    if (!ls && f) {
      ls = new LineStarts(f.text);
      lines.set(d.file, ls);
    }
    diagnostics.push({
      severity: d.severity,
      message: d.message,
      file: f?.path ?? opts.path,
      range: ls ? { start: ls.position(d.start), end: ls.position(d.end) } : ZERO_RANGE,
    });
  }
  const tree = rt.parse(pp.text);
  let ast;
  try {
    ast = toAst(tree);
  } finally {
    tree.delete();
  }
  for (const e of syntaxErrors(ast).slice(0, 20)) {
    const near = pp.text.slice(e.start, Math.min(e.end, e.start + 40)).replace(/\s+/g, ' ');
    diagnostics.push({ severity: 'error', message: e.missing ? `syntax error: missing "${e.type}"` : `syntax error near "${near}"`, ...place(e.start, e.end) });
  }
  const c = new Compiler(pp.text, pp.attributes, pp.packs, pp.map, mainFile, builtinFiles, (off) => mainLines.position(off).line, preludeScope(rt, pp.builtinIncludes));
  new UnitCompiler(c).compile(ast);
  for (const d of c.diagnostics) diagnostics.push({ severity: d.severity, message: d.message, ...place(d.start, d.end) });
  unit.compiler = c;
  unit.globals = c.globals;
  unit.sections = c.sections;
  unit.programs = c.programs;
  return {
    path: opts.path,
    ok: !diagnostics.some((d) => d.severity === 'error'),
    diagnostics,
    programs: c.programs.map((p) => ({ function: p.function, section: p.section, type: programTypeOfSection(p.section) })),
    maps: c.maps,
    globals: c.globals.map((g) => ({ name: g.name, section: g.section, offset: g.offset, type: typeName(g.type), size: g.init.length })),
    unit,
  };
}
