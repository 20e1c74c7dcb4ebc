/**
 * Descriptions of actions for tool listings (a model's tool list, a UI, an API index): name,
 * scope, description, required inputs and, when it can be had, the input JSON Schema.
 *
 * @packageDocumentation
 */
import type { ActionEntry } from './action-entry';
import { errorMessage, type ActionScope, type ScopeKind } from './action-scope';
import type { StandardJSONSchemaV1, StandardSchemaV1 } from './action-types';
import { InvalidArgumentError, describeValue } from './errors';
import { assertOptionsObject, isPlainRecord } from './option-checks';
import { resolveEntry } from './scope-resolution';
import { userText } from './user-text';

/** A JSON Schema document, frozen. */
export type JsonSchemaObject = Readonly<Record<string, unknown>>;

/** One action as `registry.describeActions()` lists it. Frozen, like everything in it. */
export interface ActionDescription {
  /** The name it is executed under. */
  readonly name: string;
  /** Where it is found from this registry (a local action hides a global one of the same name). */
  readonly scope: ScopeKind;
  /** The `description` option of its registration, if any. */
  readonly description: string | undefined;
  /**
   * The inputs it requires: the `inputs` option, then the top-level `required` names of its
   * input JSON Schema not already listed.
   */
  readonly requiredInputs: readonly string[];
  /**
   * The JSON Schema of its inputs (what `execute` accepts), when its schema offers one: through
   * the Standard JSON Schema extension (`~standard.jsonSchema`, zod 4.2+ and others), else
   * through the `toJsonSchema` converter given to `describeActions`. `undefined` without a
   * schema, or when neither applies or the conversion failed (then see `jsonSchemaError`).
   */
  readonly jsonSchema: JsonSchemaObject | undefined;
  /** Why the schema could not be converted (the converter's or the extension's message). */
  readonly jsonSchemaError: string | undefined;
}

/** Options of `registry.describeActions()`. */
export interface DescribeActionsOptions<S = StandardSchemaV1> {
  /**
   * Converts a schema that lacks the Standard JSON Schema extension to a JSON Schema object:
   * valibot's `toJsonSchema` (from `@valibot/to-json-schema`), or any function of yours. It
   * receives the registered schema as it is and must be synchronous; a schema it cannot
   * convert may make it throw (that action then gets a `jsonSchemaError`, the others are
   * unaffected). Pass the same function each time: the listing is cached per converter.
   * @default none: only schemas with the extension get a JSON Schema
   */
  toJsonSchema?: (schema: S) => unknown;
  /**
   * The JSON Schema dialect asked of the Standard JSON Schema extension.
   * @default 'draft-2020-12'
   */
  target?: StandardJSONSchemaV1.Target;
}

/** The converter and target a listing was built with; part of every cache key. */
export interface DescribeKey {
  readonly convert: ((schema: never) => unknown) | undefined;
  readonly target: string;
}

const DESCRIBE_OPTION_KEYS = ['toJsonSchema', 'target'] as const;
const DEFAULT_DESCRIBE_KEY: DescribeKey = Object.freeze({ convert: undefined, target: 'draft-2020-12' });

/** Validates the options of `describeActions` into the cache key of the listing. */
export function describeKey(options: unknown): DescribeKey {
  if (options === undefined) return DEFAULT_DESCRIBE_KEY;
  assertOptionsObject(options, 'registry.describeActions()', DESCRIBE_OPTION_KEYS);
  const convert: unknown = options.toJsonSchema;
  const target: unknown = options.target ?? DEFAULT_DESCRIBE_KEY.target;
  if (convert !== undefined && typeof convert !== 'function') {
    throw new InvalidArgumentError(`registry.describeActions(): 'toJsonSchema' must be a function, got ${describeValue(convert)}`);
  }
  if (typeof target !== 'string' || target.length === 0) {
    throw new InvalidArgumentError(`registry.describeActions(): 'target' must be a non-empty string, got ${describeValue(target)}`);
  }
  return { convert: convert as DescribeKey['convert'], target };
}

/**
 * The descriptions of `names` as seen from the registry whose local scope is `local`, frozen.
 * Every entry is resolved before any converter (user code) runs, so the listing is one state.
 */
export function describeVisible(local: ActionScope, names: readonly string[], key: DescribeKey): readonly ActionDescription[] {
  const entries: ActionEntry[] = [];
  for (const name of names) {
    const entry = resolveEntry(local, name);
    if (entry !== undefined) entries.push(entry);
  }
  return Object.freeze(entries.map((entry) => describeEntry(entry, key)));
}

/** Stands for "no converter" as a `WeakMap` key. */
const NO_CONVERTER = {};

/**
 * Descriptions already built, by entry, converter and target. An entry never changes, so its
 * description is built once per converter and target; weak keys let a removed entry, or a
 * converter the caller dropped, go with what was built for it.
 */
const built = new WeakMap<ActionEntry, WeakMap<object, Map<string, ActionDescription>>>();

/** The description of one entry for `key`, built on first use. */
export function describeEntry(entry: ActionEntry, key: DescribeKey): ActionDescription {
  let byConverter = built.get(entry);
  if (byConverter === undefined) built.set(entry, (byConverter = new WeakMap()));
  const converter = key.convert ?? NO_CONVERTER;
  let byTarget = byConverter.get(converter);
  if (byTarget === undefined) byConverter.set(converter, (byTarget = new Map<string, ActionDescription>()));
  let description = byTarget.get(key.target);
  if (description === undefined) byTarget.set(key.target, (description = buildDescription(entry, key)));
  return description;
}

function buildDescription(entry: ActionEntry, key: DescribeKey): ActionDescription {
  const { schema, inputs = [], description } = entry.options;
  let jsonSchema: JsonSchemaObject | undefined;
  let jsonSchemaError: string | undefined;
  if (schema !== undefined) {
    try {
      jsonSchema = jsonSchemaOf(schema, key);
    } catch (error) {
      jsonSchemaError = userText(errorMessage(error), 300);
    }
  }
  const required = [...inputs];
  const schemaRequired: unknown = jsonSchema?.required;
  if (Array.isArray(schemaRequired)) {
    for (const name of schemaRequired) if (typeof name === 'string' && !required.includes(name)) required.push(name);
  }
  return Object.freeze({
    name: entry.name,
    scope: entry.scope.kind,
    description,
    requiredInputs: Object.freeze(required),
    jsonSchema,
    jsonSchemaError,
  });
}

/** The input JSON Schema of `schema`, frozen; `undefined` when nothing can produce one. Throws why it failed. */
function jsonSchemaOf(schema: StandardSchemaV1, key: DescribeKey): JsonSchemaObject | undefined {
  const standard: unknown = schema['~standard'];
  const extension: unknown = isPlainRecord(standard) ? standard.jsonSchema : undefined;
  let produced: unknown;
  if (isPlainRecord(extension) && typeof extension.input === 'function') {
    const options: StandardJSONSchemaV1.Options = { target: key.target };
    produced = Reflect.apply(extension.input, extension, [options]);
  } else if (key.convert !== undefined) {
    // The converter's declared parameter is the caller's claim about the schemas registered.
    produced = (key.convert as (schema: StandardSchemaV1) => unknown)(schema);
  } else {
    return undefined;
  }
  if (!isPlainRecord(produced) || typeof (produced as { then?: unknown }).then === 'function') {
    throw new TypeError(`the JSON Schema conversion returned ${describeValue(produced)}, not a JSON Schema object`);
  }
  // A private, frozen copy: neither the converter's caches nor a reader can change it later.
  return deepFreeze(structuredClone(produced));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
