/**
 * The type environments of one dataflow run. The file's declarations (outside
 * function bodies) are laid out once and reused by later runs while the
 * declarations key holds; each root adds the types defined in the bodies it
 * reaches, so a root's results do not depend on which other roots run with it.
 */
import type { Node } from 'web-tree-sitter';
import type { DocumentAnalysis } from '../document-analysis.ts';
import type { DocumentModel } from '../document-model-types.ts';
import { declarationsKey } from '../function-results.ts';
import { type AttributeLookup, type ConstEval, standardTypes, TypeEnv } from './type-env.ts';

/** The resolved declaration types of each document's latest run, by declarations key. */
const resolvedByDocument = new WeakMap<DocumentAnalysis, { key: string; env: TypeEnv }>();

export class RunTypes {
  /** Types of the file's declarations. */
  readonly file: TypeEnv;
  private readonly key: string;
  private unresolved = false;

  constructor(
    private readonly analysis: DocumentAnalysis,
    model: DocumentModel,
    private readonly attrsIn: AttributeLookup,
    /** Evaluates constants (array sizes) in nodes of this run's tree. */
    private readonly constEval: ConstEval,
  ) {
    this.key = declarationsKey(analysis.text, model);
    const cached = resolvedByDocument.get(analysis);
    if (cached?.key === this.key) this.file = this.bind(cached.env);
    else {
      const declarations = analysis.syntax.tree.rootNode.namedChildren.filter((c): c is Node => c !== null && c.type !== 'function_definition');
      this.file = this.bind(new TypeEnv(declarations, attrsIn, standardTypes()));
      this.unresolved = true;
    }
  }

  private bind(env: TypeEnv): TypeEnv {
    env.constEval = this.constEval;
    return env;
  }

  /** The types a root sees: the file's, and those defined in the function bodies it reaches. */
  forRoot(bodies: readonly Node[]): TypeEnv {
    this.resolveFile();
    return this.bind(new TypeEnv([...bodies].sort((a, b) => a.startIndex - b.startIndex), this.attrsIn, this.file));
  }

  /**
   * Ends the run: the reused declaration types stop pointing at this run's constant
   * evaluator, which holds the run's analyzer and its tree nodes.
   */
  release(): void {
    this.file.constEval = () => undefined;
  }

  /** Lays the file's types out for reuse (at the first root: constants evaluate by then). */
  private resolveFile(): void {
    if (!this.unresolved) return;
    this.unresolved = false;
    try {
      this.file.resolveAll();
      resolvedByDocument.set(this.analysis, { key: this.key, env: this.file });
    } catch {
      resolvedByDocument.delete(this.analysis); // stays lazy, bound to this tree
    }
  }
}
