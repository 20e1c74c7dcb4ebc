import type { StandardJSONSchemaV1, StandardSchemaV1 } from '@standard-schema/spec';

export type { StandardJSONSchemaV1, StandardSchemaV1 };

/** The inputs an action receives: a plain object of named values. */
export type ActionInputs = Record<string, unknown>;

/** What an action returns: a plain object of named values. */
export type ActionResult = Record<string, unknown>;

/** Passed to every action as its second argument. */
export interface ActionContext {
  /** The name the action was executed under. */
  readonly action: string;
  /**
   * Aborts when the caller's signal aborts, the execution's deadline passes, or the lock hold
   * the execution runs under is lost (a distributed lock's lease), with the reason.
   */
  readonly signal: AbortSignal;
  /**
   * The fencing token of the lock hold the execution runs under, when the scope's lock issues
   * them (`@soni/locking-redis`): a number that increases with every grant, for a protected
   * resource to refuse a holder whose lease ran out. `undefined` (or absent, in a context you
   * build yourself) for in-process locks.
   */
  readonly fencingToken?: number | undefined;
  /**
   * Whether anything can abort `signal`: a deadline, a caller's signal, or a lock hold that can
   * be lost. `false` when nothing can, so an action may skip subscribing to a signal that never
   * aborts (a worker pool then skips its cancellation path). Absent in a context you build
   * yourself: treat it as `true`.
   */
  readonly abortable?: boolean;
}

/**
 * An action handler: takes inputs and a context, returns (or resolves to) a result object.
 * Without type arguments it is the untyped form (`ActionInputs` in, `ActionResult` out);
 * `ActionFunc<I, R>` is an action whose inputs are `I` and whose result is `R`.
 */
export type ActionFunc<I = ActionInputs, R extends ActionResult = ActionResult> = (inputs: I, context: ActionContext) => R | Promise<R>;

/**
 * Options of a registration. The type parameters record what was given, so that
 * registration can type the action's inputs: `S` is the schema's type, `K` the required
 * input names.
 */
export interface ActionOptions<S extends StandardSchemaV1 = StandardSchemaV1, K extends readonly string[] = readonly string[]> {
  /** Names of inputs that must be present (not `undefined`) when the action is executed. */
  inputs?: K;
  /**
   * A Standard Schema validator (zod, valibot, arktype, ...) for the inputs; the action
   * receives the validated (and possibly transformed) value.
   */
  schema?: S;
  /** A human description, shown by tooling (see `registry.describeActions()`). */
  description?: string;
  /**
   * Called once after the action has been replaced or removed, when no execution of it is
   * in flight any more. Errors are logged, never thrown to callers.
   */
  dispose?: () => void | Promise<void>;
}

/** The duplicate policy: what registering a taken name does. */
export type DuplicatePolicy = 'warn' | 'error' | 'ignore';
