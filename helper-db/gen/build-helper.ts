/** Assembles one database entry from the reference facts, knowledge and docs. */
import type { ArgKind, FlagSpec, Helper, Param, Returns, Text } from '../../server/src/helpers/schema.ts';
import { kindFromArgType, kindFromCType } from './arg-kinds.ts';
import type { DocFile, ReferenceHelper } from './doc-files.ts';
import type { Knowledge } from './knowledge.ts';

export interface Matrix {
  programTypes: Record<string, string[]>;
  gplOnly: string[];
  knownButUncallable: string[];
  gplUndetermined: string[];
  availableWithRestriction: Record<string, Record<string, string[]>>;
  variants: Record<string, { addedVsPrimary: string[]; removedVsPrimary: string[] }>;
}

const EMPTY: Text = { en: '', zh: '' };

/** Program types not loadable by the probe; for these the docs.ebpf.io lists are used. */
const DOCS_ONLY_TYPES = ['lsm', 'lirc_mode2', 'ext'];

function programTypesOf(ref: ReferenceHelper, matrix: Matrix): { types: string[]; sources: Record<string, 'kernel-6.18' | 'docs'> } {
  const restricted = new Set<string>();
  for (const byType of Object.values(matrix.availableWithRestriction)) {
    for (const [type, names] of Object.entries(byType)) if (names.includes(ref.name)) restricted.add(type);
  }
  const sources: Record<string, 'kernel-6.18' | 'docs'> = {};
  for (const [type, names] of Object.entries(matrix.programTypes)) {
    if (names.includes(ref.name) && !restricted.has(type)) sources[type] = 'kernel-6.18';
  }
  for (const [variant, diff] of Object.entries(matrix.variants)) {
    const primary = variant.split('/')[0];
    if (diff.addedVsPrimary.includes(ref.name) && !sources[primary]) sources[variant] = 'kernel-6.18';
  }
  for (const t of ref.programTypesDocs ?? []) {
    const name = t.replace(/^BPF_PROG_TYPE_/, '').toLowerCase();
    if (DOCS_ONLY_TYPES.includes(name) && !sources[name]) sources[name] = 'docs';
  }
  return { types: Object.keys(sources), sources };
}

/** Values of every named constant we know (flags.json, UAPI enums), for flag lists that name a constant without its value. */
export type ConstantValues = Map<string, number | string>;

function flagSpecFor(
  ref: ReferenceHelper,
  param: string,
  knowledge: Knowledge,
  doc: DocFile | null,
  values: ConstantValues,
): FlagSpec | undefined {
  const fromRef = ref.flags?.[param];
  const extra = knowledge.flagRules[ref.name]?.[param];
  if (!fromRef && !extra) return undefined;
  const names = extra?.constants?.length ? extra.constants : (fromRef ?? []).map((c) => c.name);
  const constants = names.map((n) => {
    const c = (fromRef ?? []).find((x) => x.name === n);
    return { name: n, value: c ? c.value : (values.get(n) ?? '?'), ...(doc?.flags?.[n] ? { doc: doc.flags[n] } : {}) };
  });
  return {
    constants,
    combinable: extra?.combinable ?? constants.length > 1,
    ...(extra?.allowedMask ? { allowedMask: extra.allowedMask } : {}),
    ...(extra?.fields ? { fields: extra.fields } : {}),
    rules: extra?.rules ?? (constants.length === 0 ? [mustBeZeroRule()] : []),
  };
}

function mustBeZeroRule() {
  return {
    kind: 'must-be-zero' as const,
    enforcedBy: 'runtime' as const,
    runtimeResult: '-EINVAL',
    message: {
      en: 'No flags are defined for this parameter yet; pass 0.',
      zh: '该参数目前没有定义任何标志，请传 0。',
    },
  };
}

function paramsOf(ref: ReferenceHelper, knowledge: Knowledge, doc: DocFile | null, values: ConstantValues, problems: string[]): Param[] {
  const proto = knowledge.protos[ref.name];
  const params: Param[] = [];
  ref.params
    .filter((p) => p.name !== '...')
    .forEach((p, i) => {
      const hasFlags = ref.flags?.[p.name] !== undefined || knowledge.flagRules[ref.name]?.[p.name] !== undefined;
      const argType = proto?.args?.[i];
      const guess = argType
        ? kindFromArgType(argType, p.name, hasFlags)
        : kindFromCType(p.type, p.name, i, params[i - 1], hasFlags);
      const param: Param = { name: p.name, type: p.type, kind: guess.kind, doc: doc?.params[p.name] ?? EMPTY };
      if (argType) param.argType = argType;
      if (guess.nullable) param.nullable = true;
      if (guess.kind === 'size') {
        param.zeroAllowed = guess.zeroAllowed ?? false;
        const mem = params[i - 1];
        if (mem && (['mem-read', 'mem-write', 'ringbuf-mem'] as ArgKind[]).includes(mem.kind)) mem.sizeParam = p.name;
      }
      const flags = hasFlags ? flagSpecFor(ref, p.name, knowledge, doc, values) : undefined;
      if (flags) param.flags = flags;
      const mapTypes = knowledge.mapTypes[ref.name]?.[p.name];
      if (mapTypes) {
        if (guess.kind !== 'map') problems.push(`${ref.name}.${p.name}: map-types.yaml lists map types for a ${guess.kind} argument`);
        param.mapTypes = mapTypes;
      }
      params.push(param);
    });
  for (const name of Object.keys(knowledge.mapTypes[ref.name] ?? {})) {
    if (!params.some((p) => p.name === name)) problems.push(`${ref.name}: map-types.yaml names a parameter "${name}" that does not exist`);
  }
  if (proto?.args && proto.args.length !== params.length) {
    problems.push(`${ref.name}: proto has ${proto.args.length} args, libbpf declares ${params.length}`);
  }
  return params;
}

function returnsOf(ref: ReferenceHelper, knowledge: Knowledge, doc: DocFile | null): Returns {
  const facts = knowledge.returns[ref.name];
  const retType = knowledge.protos[ref.name]?.ret;
  let kind = facts?.kind;
  if (!kind) {
    if (retType === 'RET_VOID' || ref.returnType === 'void') kind = 'void';
    else if (retType?.includes('OR_NULL') || ref.returnType.endsWith('*')) kind = 'ptr-or-null';
    else kind = ref.returnType === 'long' ? 'errno' : 'value';
  }
  return {
    type: ref.returnType,
    kind,
    ...(retType ? { retType } : {}),
    ...(facts?.actions ? { actions: facts.actions } : {}),
    ...(facts?.errors ? { errors: facts.errors } : {}),
    doc: doc?.returns ?? EMPTY,
  };
}

export function buildHelper(
  ref: ReferenceHelper,
  doc: DocFile | null,
  knowledge: Knowledge,
  matrix: Matrix,
  inSeed: boolean,
  values: ConstantValues,
  problems: string[],
): Helper {
  const { types, sources } = programTypesOf(ref, matrix);
  const kernelDecided = !matrix.knownButUncallable.includes(ref.name) && !matrix.gplUndetermined.includes(ref.name);
  const gplOnly = kernelDecided ? matrix.gplOnly.includes(ref.name) : ref.gplOnly;
  const helper: Helper = {
    id: ref.id,
    name: ref.name,
    returnType: ref.returnType,
    params: paramsOf(ref, knowledge, doc, values, problems),
    returns: returnsOf(ref, knowledge, doc),
    changesPktData: ref.changesPktData,
    programTypes: types,
    programTypeSources: sources,
    sinceKernel: ref.sinceKernel,
    gplOnly,
    inSeed,
    docs: {
      summary: doc?.summary ?? EMPTY,
      description: doc?.description ?? EMPTY,
      pitfalls: doc?.pitfalls ?? [],
      ...(doc?.seedNote ? { seedNote: doc.seedNote } : {}),
    },
  };
  if (ref.params.some((p) => p.name === '...')) helper.variadic = true;
  const dep = knowledge.deprecated[ref.name];
  if (dep) helper.deprecated = dep;
  return helper;
}
