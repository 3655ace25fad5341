/**
 * File-scope functions, programs, global variables and the license, from the
 * tree plus the macro records (SEC, attributes, BPF_KPROBE-style heads).
 */
import type { Node } from 'web-tree-sitter';
import { stringLiteralValue } from '../syntax/scanner.ts';
import type { MacroRecord, ProgramHeadRecord } from '../syntax/macro-records.ts';
import { declaratorName, declaredTypeText, functionDeclarator, storageClasses, typeOfDeclarator, typeQualifiers } from '../syntax/nodes.ts';
import type { FileItem, ModelContext } from './document-model-context.ts';
import type { FunctionInfo, GlobalVariable, LicenseInfo, ParamInfo, ProgramInfo } from './document-model-types.ts';
import { isDataSection, resolveSection } from './sections.ts';

const has = (attrs: { name: string; args?: string }[], name: string, args?: string): boolean =>
  attrs.some((a) => a.name === name && (args === undefined || a.args === args));

function paramsFromTree(ctx: ModelContext, fnDecl: Node): { params: ParamInfo[]; variadic: boolean } {
  const list = fnDecl.childForFieldName('parameters');
  const params: ParamInfo[] = [];
  let variadic = false;
  if (!list) return { params, variadic };
  for (const p of list.namedChildren) {
    if (!p) continue;
    if (p.type === 'variadic_parameter') {
      variadic = true;
      continue;
    }
    if (p.type !== 'parameter_declaration') continue;
    const declarator = p.childForFieldName('declarator');
    const name = declaratorName(declarator);
    const type = typeOfDeclarator(declaredTypeText(p), declarator);
    if (type === 'void' && !name) continue;
    params.push({ type, span: ctx.span(p), ...(name ? { name: name.text, nameSpan: ctx.span(name) } : {}) });
  }
  if (list.children.some((c) => c?.type === '...')) variadic = true;
  return { params, variadic };
}

function paramsFromHead(ctx: ModelContext, head: ProgramHeadRecord): ParamInfo[] {
  return head.params.map((p) => ({
    type: p.type,
    span: ctx.rangeSpan(p.range),
    ...(p.name !== undefined && p.nameRange ? { name: p.name, nameSpan: ctx.rangeSpan(p.nameRange) } : {}),
  }));
}

/** Pointer stars wrapping a function declarator: `int *f(void)` -> "*". */
function pointerStars(declarator: Node | null): string {
  let stars = '';
  let cur = declarator;
  while (cur && cur.type === 'pointer_declarator') {
    stars += '*';
    cur = cur.childForFieldName('declarator');
  }
  return stars;
}

interface FunctionParts {
  fnDecl: Node;
  /** Type text without pointers, e.g. "static int" -> "int". */
  baseType: string;
  stars: string;
  storage: string[];
  body: Node | null;
  isDefinition: boolean;
  start: number;
  end: number;
  records: MacroRecord[];
}

function buildFunction(ctx: ModelContext, p: FunctionParts): FunctionInfo | undefined {
  const nameNode = declaratorName(p.fnDecl);
  const head = p.records.find((r): r is ProgramHeadRecord => r.kind === 'program-head');
  const name = head ? head.functionName : nameNode?.text;
  if (!name) return undefined;
  const nameSpan = head ? ctx.rangeSpan(head.functionNameRange) : ctx.span(nameNode as Node);
  const { params, variadic } = head ? { params: paramsFromHead(ctx, head), variadic: false } : paramsFromTree(ctx, p.fnDecl);
  const sum = ctx.summarize(p.records);
  const attrs = sum.attributes;
  const alwaysInline = has(attrs, 'always_inline');
  const storage = p.storage;
  return {
    name,
    nameSpan,
    span: { start: Math.min(p.start, p.records[0]?.range.start ?? p.start), end: p.end },
    ...(p.body ? { bodySpan: ctx.span(p.body) } : {}),
    returnType: `${p.baseType}${p.stars ? ` ${p.stars}` : ''}`,
    params,
    variadic,
    isDefinition: p.isDefinition,
    isStatic: storage.includes('static'),
    isExtern: storage.includes('extern'),
    isInline: storage.includes('inline') || storage.includes('__inline') || storage.includes('__inline__') || has(attrs, 'inline') || alwaysInline,
    alwaysInline,
    noinline: has(attrs, 'noinline'),
    weak: has(attrs, 'weak'),
    hidden: has(attrs, 'visibility', '"hidden"'),
    ksym: sum.section?.name === '.ksyms',
    attributes: attrs,
    ...(sum.section ? { section: sum.section.name, sectionSpan: sum.section.span } : {}),
    ...(head ? { headMacro: head.macro } : {}),
  };
}

/** A function definition or prototype (`node` is a function_definition or declaration). */
export function functionFromNode(ctx: ModelContext, node: Node, records: MacroRecord[]): FunctionInfo | undefined {
  const declarator = node.childForFieldName('declarator');
  const fnDecl = functionDeclarator(declarator);
  if (!fnDecl) return undefined;
  const body = node.type === 'function_definition' ? node.childForFieldName('body') : null;
  return buildFunction(ctx, {
    fnDecl,
    baseType: declaredTypeText(node),
    stars: pointerStars(declarator),
    storage: storageClasses(node),
    body,
    isDefinition: node.type === 'function_definition',
    start: node.startIndex,
    end: node.endIndex,
    records,
  });
}

const TYPE_NODES = new Set(['primitive_type', 'type_identifier', 'sized_type_specifier', 'struct_specifier', 'union_specifier', 'enum_specifier']);

/**
 * Functions inside a file-scope ERROR node: an unfinished definition (say, at
 * the end of the file while typing) still shows its name, parameters and SEC.
 */
export function functionsFromError(ctx: ModelContext, item: FileItem): FunctionInfo[] {
  const out: FunctionInfo[] = [];
  const kids = item.node.children.filter((c): c is Node => c !== null);
  let regionStart = item.headStart;
  kids.forEach((c, i) => {
    if (c.type !== 'function_declarator') return;
    const typeNode = i > 0 && TYPE_NODES.has(kids[i - 1].type) ? kids[i - 1] : undefined;
    const storage = kids
      .slice(0, i)
      .filter((k) => k.type === 'storage_class_specifier' && k.startIndex >= regionStart)
      .map((k) => k.text);
    const opened = kids.slice(i + 1).some((k) => k.type === '{');
    const start = typeNode ? typeNode.startIndex : c.startIndex;
    const records = ctx.doc.recordsIn(regionStart, c.endIndex).filter((r) => r.range.start >= regionStart && r.range.start < c.endIndex);
    const fn = buildFunction(ctx, {
      fnDecl: c,
      baseType: typeNode ? typeNode.text : 'int',
      stars: '',
      storage,
      body: null,
      isDefinition: opened,
      start,
      end: item.node.endIndex,
      records,
    });
    if (fn) out.push(fn);
    regionStart = c.endIndex;
  });
  return out;
}

export function programFromFunction(fn: FunctionInfo): ProgramInfo | undefined {
  if (!fn.isDefinition || fn.section === undefined || !fn.sectionSpan || isDataSection(fn.section)) return undefined;
  const resolved = resolveSection(fn.section);
  const contextParam = fn.headMacro ? undefined : fn.params[0];
  return {
    name: fn.name,
    nameSpan: fn.nameSpan,
    span: fn.span,
    section: fn.section,
    sectionSpan: fn.sectionSpan,
    ...(resolved
      ? {
          programType: resolved.programType,
          programTypeConstant: resolved.def.programTypeConstant,
          ...(resolved.def.attachType ? { attachType: resolved.def.attachType } : {}),
          context: resolved.context,
          ...(resolved.target !== undefined ? { target: resolved.target } : {}),
        }
      : {}),
    sleepable: resolved?.def.sleepable === true,
    ...(contextParam ? { contextParam } : {}),
    ...(fn.headMacro ? { headMacro: fn.headMacro } : {}),
  };
}

const ZERO_INIT = /^(0+[uUlL]*|0x0+[uUlL]*|false|NULL|\(void\s*\*\)\s*0|\{\s*\}|\{\s*0\s*,?\s*\})$/;

function isConstObject(decl: Node, declarator: Node | null): boolean {
  let cur = declarator?.type === 'init_declarator' ? declarator.childForFieldName('declarator') : declarator;
  if (cur && cur.type === 'pointer_declarator') return cur.namedChildren.some((c) => c?.type === 'type_qualifier' && c.text === 'const');
  while (cur && cur.type === 'array_declarator') cur = cur.childForFieldName('declarator');
  return typeQualifiers(decl).includes('const') || (decl.childForFieldName('type')?.text ?? '').startsWith('const ');
}

/** A file-scope variable (not a map, not the license). */
export function globalFromDeclarator(ctx: ModelContext, decl: Node, declarator: Node, records: MacroRecord[]): GlobalVariable | undefined {
  const nameNode = declaratorName(declarator);
  if (!nameNode) return undefined;
  const sum = ctx.summarize(records);
  const storage = storageClasses(decl);
  const quals = typeQualifiers(decl);
  const value = declarator.type === 'init_declarator' ? declarator.childForFieldName('value') : null;
  const isExtern = storage.includes('extern');
  const isConst = isConstObject(decl, declarator);
  let placement: string;
  if (sum.section) placement = sum.section.name;
  else if (isExtern) placement = 'extern';
  else if (isConst) placement = '.rodata';
  else if (value && !ZERO_INIT.test(value.text.trim())) placement = '.data';
  else placement = '.bss';
  const inner = declarator.type === 'init_declarator' ? declarator.childForFieldName('declarator') : declarator;
  return {
    name: nameNode.text,
    nameSpan: ctx.span(nameNode),
    span: ctx.span(decl),
    type: typeOfDeclarator(declaredTypeText(decl), inner),
    isConst,
    isVolatile: quals.includes('volatile'),
    isStatic: storage.includes('static'),
    isExtern,
    ...(sum.section ? { section: sum.section.name } : {}),
    placement,
    ...(value ? { initializer: { text: value.text, span: ctx.span(value) } } : {}),
    attributes: sum.attributes,
  };
}

/** `char LICENSE[] SEC("license") = "GPL";` */
export function licenseFromDeclarator(ctx: ModelContext, decl: Node, declarator: Node): LicenseInfo | undefined {
  const nameNode = declaratorName(declarator);
  if (!nameNode) return undefined;
  const value = declarator.type === 'init_declarator' ? declarator.childForFieldName('value') : null;
  let text: string | undefined;
  if (value && (value.type === 'string_literal' || value.type === 'concatenated_string')) {
    const parts = value.type === 'string_literal' ? [value] : value.namedChildren.filter((c): c is Node => c?.type === 'string_literal');
    text = parts.map((p) => stringLiteralValue(p.text)).join('');
  }
  return {
    name: nameNode.text,
    span: ctx.span(decl),
    ...(text !== undefined ? { value: text } : {}),
    ...(value ? { valueSpan: ctx.span(value) } : {}),
  };
}
