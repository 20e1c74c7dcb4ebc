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
