/** A minimal `describe`/`it` pair: vitest's, jest's, mocha's or `node:test`'s all fit. */
export interface TestApi {
  describe: (name: string, body: () => void) => unknown;
  it: (name: string, body: () => Promise<void>) => unknown;
}

/** What running a conformance suite without a test runner returns. */
export interface ConformanceReport {
  /** Names of the scenarios that passed. */
  readonly passed: readonly string[];
  /** The scenarios that failed, with the capability they check (`'basic'` for the core contract). */
  readonly failed: readonly { readonly name: string; readonly claim: string; readonly error: unknown }[];
}
