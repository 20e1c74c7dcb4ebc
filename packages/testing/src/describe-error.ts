import { describeValue } from '@soni/core';

/** A one-line description of a thrown value for reports: `Name: message`, or the value itself. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return describeValue(error);
}
