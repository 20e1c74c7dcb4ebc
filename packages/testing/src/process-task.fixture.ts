/*
 * Process module for process-harness.test.ts: reports its pid, counts in steps so the
 * parent can watch it, fails on demand, or hangs (to be killed).
 */
import type { ProcessTaskContext } from './process-harness';

export interface ProcessResult {
  readonly index: number;
  readonly pid: number;
  readonly startedAt: number;
}

export async function run({ index, data, send }: ProcessTaskContext<{ steps: number }>): Promise<ProcessResult> {
  const startedAt = Date.now();
  for (let step = 0; step < data.steps; step++) {
    send({ index, step });
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { index, pid: process.pid, startedAt };
}

export function fail({ index }: ProcessTaskContext): never {
  throw Object.assign(new Error(`process ${index} failed on purpose`), { code: 'ON_PURPOSE' });
}

export async function hang({ index, send }: ProcessTaskContext): Promise<never> {
  send({ index, hanging: true });
  return new Promise<never>(() => {
    setInterval(() => undefined, 1000);
  });
}

export function exitEarly(): never {
  process.exit(3);
}
