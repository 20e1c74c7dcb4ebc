/**
 * What both conformance suites (locks, registries) share: the scenario shape, the runner API
 * they register with, and the two ways of running them (with a test runner, or without).
 *
 * @packageDocumentation
 */

/** A minimal `describe`/`it` pair: vitest's, jest's, mocha's or `node:test`'s all fit. */
export interface TestApi {
  /** Registers a group of tests; the suites call it once, with every scenario inside. */
  describe: (name: string, body: () => void) => unknown;
  /** Registers one test; the suites pass async bodies that throw when the scenario fails. */
  it: (name: string, body: () => Promise<void>) => unknown;
}

/** What running a conformance suite without a test runner returns. */
export interface ConformanceReport {
  /** Names of the scenarios that passed. */
  readonly passed: readonly string[];
  /** The scenarios that failed, with the capability they check (`'basic'` for the core contract). */
  readonly failed: readonly { readonly name: string; readonly claim: string; readonly error: unknown }[];
}

/** One conformance test: what it checks (`claim`), its name, and its body. */
export interface ConformanceScenario<Claim extends string = string> {
  /** `'basic'` or the capability the test checks. */
  readonly claim: Claim;
  /** What the test checks, in words. */
  readonly name: string;
  /** Runs the test; rejects (with an `AssertionError`) when the subject fails it. */
  run(): Promise<void>;
}

/**
 * Registers `scenarios` under one `describe` named `title`: one `it` each, prefixed with
 * `[claim]` unless the claim is `'basic'`.
 */
export function registerScenarios(test: TestApi, title: string, scenarios: readonly ConformanceScenario[]): void {
  test.describe(title, () => {
    for (const scenario of scenarios) {
      test.it(scenario.claim === 'basic' ? scenario.name : `[${scenario.claim}] ${scenario.name}`, () => scenario.run());
    }
  });
}

/** Runs every scenario one after another, without a test runner, and reports which failed. */
export async function runScenarios(scenarios: readonly ConformanceScenario[]): Promise<ConformanceReport> {
  const passed: string[] = [];
  const failed: { name: string; claim: string; error: unknown }[] = [];
  for (const scenario of scenarios) {
    try {
      await scenario.run();
      passed.push(scenario.name);
    } catch (error) {
      failed.push({ name: scenario.name, claim: scenario.claim, error });
    }
  }
  return { passed, failed };
}
