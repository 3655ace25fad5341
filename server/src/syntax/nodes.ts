/**
 * Typed helpers over tree-sitter-c nodes: spans, declarator unwrapping,
 * specifiers, scope tests. Nothing here knows about LSP.
 */
import type { Node, Point } from 'web-tree-sitter';
import type { Position, Span } from './line-index.ts';

export function toPosition(p: Point): Position {
  return { line: p.row, character: p.column };
}

export function spanOf(n: Node): Span {
  return { start: n.startIndex, end: n.endIndex };
}

/** Span from the start of `a` to the end of `b`. */
export function spanBetween(a: Node, b: Node): Span {
  return { start: a.startIndex, end: b.endIndex };
}

/** Named children of a given type. */
export function childrenOfType(n: Node, type: string): Node[] {
  return n.namedChildren.filter((c): c is Node => c !== null && c.type === type);
}

const WRAPPERS = new Set([
  'init_declarator',
  'pointer_declarator',
  'array_declarator',
  'function_declarator',
  'parenthesized_declarator',
  'attributed_declarator',
]);

/**
 * The identifier a declarator declares: unwraps pointer, array, function,
 * parenthesised and init declarators. `int (*fp)(void)` -> `fp`.
 */
export function declaratorName(declarator: Node | null): Node | null {
  let cur = declarator;
  while (cur) {
    if (cur.type === 'identifier' || cur.type === 'field_identifier' || cur.type === 'type_identifier') return cur;
    if (!WRAPPERS.has(cur.type)) return null;
    cur = cur.childForFieldName('declarator') ?? cur.namedChildren.find((c) => c !== null && c.type !== 'attribute_specifier') ?? null;
  }
  return null;
}

/**
 * The function_declarator that makes a declarator a function (not a function
 * pointer): `f(int)`, `*f(int)`; null for `(*fp)(int)`.
 */
export function functionDeclarator(declarator: Node | null): Node | null {
  let cur = declarator;
  while (cur) {
    if (cur.type === 'function_declarator') {
      const inner = cur.childForFieldName('declarator');
      return inner && inner.type === 'parenthesized_declarator' ? null : cur;
    }
    if (cur.type !== 'pointer_declarator' && cur.type !== 'attributed_declarator') return null;
    cur = cur.childForFieldName('declarator');
  }
  return null;
}

/** Storage classes (`static`, `extern`, ...) and `inline` written on a declaration. */
export function storageClasses(n: Node): string[] {
  return childrenOfType(n, 'storage_class_specifier').map((c) => c.text);
}

/** Type qualifiers (`const`, `volatile`, ...) written on a declaration. */
export function typeQualifiers(n: Node): string[] {
  return childrenOfType(n, 'type_qualifier').map((c) => c.text);
}

const FILE_SCOPE_PARENTS = new Set([
  'translation_unit',
  'preproc_if',
  'preproc_ifdef',
  'preproc_else',
  'preproc_elif',
  'preproc_elifdef',
  'linkage_specification',
  'declaration_list',
]);

/** True when `n` sits at file scope (possibly inside #if blocks). */
export function isFileScope(n: Node): boolean {
  const p = n.parent;
  if (!p) return false;
  if (p.type === 'translation_unit') return true;
  return FILE_SCOPE_PARENTS.has(p.type) && isFileScope(p);
}

/** The function_definition containing `n`, if any. */
export function enclosingFunction(n: Node): Node | null {
  let cur = n.parent;
  while (cur) {
    if (cur.type === 'function_definition') return cur;
    cur = cur.parent;
  }
  return null;
}

/** Text of the declaration's type with qualifiers, e.g. "const volatile __u32". */
export function declaredTypeText(decl: Node): string {
  const type = decl.childForFieldName('type');
  const parts = [...typeQualifiers(decl), type ? typeSpecifierText(type) : ''];
  return parts.filter((p) => p).join(' ');
}

const TAGGED = new Set(['struct_specifier', 'union_specifier', 'enum_specifier']);

/**
 * A type specifier as short text: `struct foo` for a definition with a body,
 * `struct { ... }` for an anonymous one; whitespace collapsed.
 */
export function typeSpecifierText(type: Node): string {
  if (TAGGED.has(type.type) && type.childForFieldName('body')) {
    const keyword = type.type.replace('_specifier', '');
    const name = type.childForFieldName('name');
    return name ? `${keyword} ${name.text}` : `${keyword} { ... }`;
  }
  return type.text.replace(/\s+/g, ' ').trim();
}

/**
 * The full type of one declarator, e.g. for `struct foo *p[4]` -> "struct foo *[4]".
 * `base` is the declaration's type text.
 */
export function typeOfDeclarator(base: string, declarator: Node | null): string {
  let prefix = '';
  let suffix = '';
  let cur = declarator;
  while (cur) {
    if (cur.type === 'init_declarator' || cur.type === 'attributed_declarator') cur = cur.childForFieldName('declarator');
    else if (cur.type === 'pointer_declarator') {
      const quals = childrenOfType(cur, 'type_qualifier').map((q) => ` ${q.text}`).join('');
      prefix += `*${quals}`;
      cur = cur.childForFieldName('declarator');
    } else if (cur.type === 'array_declarator') {
      const size = cur.childForFieldName('size');
      suffix = `[${size ? size.text : ''}]` + suffix;
      cur = cur.childForFieldName('declarator');
    } else if (cur.type === 'function_declarator') {
      const params = cur.childForFieldName('parameters');
      suffix = (params ? params.text : '()') + suffix;
      cur = cur.childForFieldName('declarator');
    } else if (cur.type === 'parenthesized_declarator') {
      const inner = cur.namedChildren.find((c) => c !== null) ?? null;
      const innerType = typeOfDeclarator('', inner).trim();
      return `${base} (${innerType})${suffix}`.replace(/\s+/g, ' ').trim();
    } else break;
  }
  const pointer = prefix ? ` ${prefix}` : '';
  return `${base}${pointer}${suffix}`.replace(/\s+/g, ' ').trim();
}
