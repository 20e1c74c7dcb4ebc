import type { StandardSchemaV1 } from '@standard-schema/spec';

export type { StandardSchemaV1 };

/** The inputs an action receives: a plain object of named values. */
export type ActionInputs = Record<string, unknown>;

/** What an action returns: a plain object of named values. */
export type ActionResult = Record<string, unknown>;

/** Passed to every action as its second argument. */
export interface ActionContext {
  /** The name the action was executed under. */
  readonly action: string;
  /** Aborts when the caller's signal aborts or the execution's timeout elapses. */
  readonly signal: AbortSignal;
}

/** An action handler: takes inputs and a context, returns (or resolves to) a result object. */
export type ActionFunc = (inputs: ActionInputs, context: ActionContext) => ActionResult | Promise<ActionResult>;

/** Options of a registration. */
export interface ActionOptions {
  /** Names of inputs that must be present (not `undefined`) when the action is executed. */
  inputs?: readonly string[];
  /**
   * A Standard Schema validator (zod, valibot, arktype, ...) for the inputs; the action
   * receives the validated (and possibly transformed) value.
   */
  schema?: StandardSchemaV1;
  /** A human description, shown by tooling. */
  description?: string;
  /**
   * Called once after the action has been replaced or removed, when no execution of it is
   * in flight any more. Errors are logged, never thrown to callers.
   */
  dispose?: () => void | Promise<void>;
}

/** The duplicate policy: what registering a taken name does. */
export type DuplicatePolicy = 'warn' | 'error' | 'ignore';
