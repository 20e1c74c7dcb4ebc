/**
 * A rejected promise carrying `reason` exactly as it was thrown. Registry code passes on
 * what user code threw (or its own `ActionError`) unchanged, whatever its type.
 */
export function rejectWith(reason: unknown): Promise<never> {
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on what was thrown, unchanged
  return Promise.reject(reason);
}
