/**
 * The compile-time side of actions: what registration infers from its options, and how a
 * declared map of actions types `ActionHandler.execute` by name. Nothing here exists at run
 * time.
 *
 * @packageDocumentation
 */
import type { ActionContext, ActionFunc, ActionInputs, ActionResult, StandardSchemaV1 } from './action-types';
import type { LockOptions } from './lock-strategy';

/**
 * What an action registered with options `O` receives as `inputs`: the schema's output type
 * when `O` has a `schema`; otherwise, when `O` names required `inputs` (`['a', 'b'] as const`,
 * or a literal array), `ActionInputs` with those keys present (typed `unknown`); otherwise
 * `ActionInputs`.
 */
export type InputsFromOptions<O> = O extends { readonly schema: infer S extends StandardSchemaV1 }
  ? StandardSchemaV1.InferOutput<S>
  : O extends { readonly inputs: infer K extends readonly string[] }
    ? ActionInputs & Record<K[number], unknown>
    : ActionInputs;

/**
 * What `register` returns: registers the function it is given and returns it unchanged,
 * with its own type. `I` is what the registration's options say the action receives; a
 * function whose `inputs` parameter cannot take `I` does not compile.
 */
export type ActionDecorator<I = ActionInputs> = <F extends ActionFunc<I>>(fn: F, context?: unknown) => F;

/**
 * One declared action written out: what `execute` takes (`inputs`) and resolves to
 * (`result`). Use it when the inputs `execute` accepts differ from what the action receives,
 * as with a schema that transforms (`ActionSignature<z.input<typeof schema>, Result>`).
 */
export interface ActionSignature<I = ActionInputs, R = ActionResult> {
  readonly inputs: I;
  readonly result: R;
}

/**
 * One entry of a declared map of actions: the action's function type (`typeof greet`, as
 * returned by the decorator), whose `inputs` parameter and awaited return type are taken,
 * or an {@link ActionSignature}.
 */
export type ActionDeclaration = ActionSignature<unknown, unknown> | ((inputs: never, context: ActionContext) => unknown);

/** The constraint on a declared map of actions: every property is an {@link ActionDeclaration}. */
export type ActionMap<A> = { readonly [N in keyof A]: ActionDeclaration };

/** The untyped form: any name, `ActionInputs` in, `ActionResult` out. */
export type UntypedActions = Record<string, ActionFunc>;

/** The names a declared map of actions allows (any string for {@link UntypedActions}). */
export type ActionName<A> = Extract<keyof A, string>;

/** What `execute` accepts as the inputs of the declared action `D`. */
export type ActionInputsOf<D> =
  D extends ActionSignature<infer I, unknown>
    ? I
    : D extends (inputs: infer I, context: ActionContext) => unknown
      ? unknown extends I
        ? ActionInputs
        : I
      : ActionInputs;

/** What `execute` resolves to for the declared action `D`. */
export type ActionResultOf<D> = D extends ActionSignature<unknown, infer R> ? R : D extends (...args: never[]) => infer R ? Awaited<R> : ActionResult;

/**
 * The arguments of `execute` after the name: the inputs are optional only when every
 * input is (an action without required inputs).
 */
export type ExecuteArgs<I> = Partial<I> extends I ? [inputs?: I, options?: LockOptions] : [inputs: I, options?: LockOptions];
