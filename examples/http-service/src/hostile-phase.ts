import type { LogLevel } from '@soni/core';
import { HOSTILE_CASES } from './hostile-cases';
import type { ServiceLimits } from './service-limits';

/** A line the server logged, with its level. */
export interface LoggedLine {
  readonly level: LogLevel;
  readonly line: string;
}

/** What the hostile cases need to know about the service they attack. */
export interface HostileContext {
  readonly port: number;
  readonly limits: ServiceLimits;
  readonly adminToken: string;
  /** Everything the server logged so far, oldest first. */
  readonly serverLog: () => readonly LoggedLine[];
}

/** One judged observation: what was tried, what came back, and whether that is right. */
export interface Verdict {
  readonly label: string;
  readonly shown: string;
  readonly ok: boolean;
}

/** A hostile case: one or more requests, judged. */
export interface HostileCase {
  readonly run: (context: HostileContext) => Promise<readonly Verdict[]>;
}

/**
 * Plays every hostile case against the service on loopback, one after the other, prints one
 * line per observation, then checks that the service still answers and that nothing a client
 * did was logged as a warning or an error.
 *
 * Bounded in time: every exchange has a deadline derived from `limits` (the slowest, the
 * drips, end about `requestTimeoutMs` after they start), so with the short limits `main.ts`
 * uses the phase takes about a second and a half.
 *
 * @returns the observations that were wrong, as lines; empty when all were right.
 */
export async function runHostilePhase(context: HostileContext): Promise<string[]> {
  const logStart = context.serverLog().length;
  const failures: string[] = [];
  const record = (verdict: Verdict): void => {
    console.log(`  ${verdict.ok ? '✓' : '✗'} ${verdict.label.padEnd(58)} → ${verdict.shown}`);
    if (!verdict.ok) failures.push(`${verdict.label}: ${verdict.shown}`);
  };
  for (const hostile of HOSTILE_CASES) {
    for (const verdict of await hostile.run(context)) record(verdict);
  }
  const complaints = context.serverLog().slice(logStart).filter(({ level }) => level === 'warn' || level === 'error');
  record({
    label: 'server log during the phase',
    ok: complaints.length === 0,
    shown: complaints.length === 0 ? 'no warning, no error' : `${complaints.length} warnings/errors, first: ${complaints[0]?.line ?? ''}`,
  });
  return failures;
}
