import { Writable } from 'node:stream';
import { ActionRegistry } from '@soni/core';
import { pinoLogger, silentLogger } from '@soni/logging';
import { pino } from 'pino';
import type { Scenario } from '../scenario';
import { actionFor, names } from './fixtures';

const COUNT = 10_000;

/** A stream that accepts and drops everything, so pino's cost is measured and not the disk's. */
export function nullStream(): Writable {
  return new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
}

/**
 * 10,000 registrations of new names (no overwrite) in a registry logging to a real pino
 * instance at `info` (writing to a null stream), against the same with `silentLogger()`.
 * Registrations log at `debug`, which is off at `info`: this measures what a disabled level
 * costs. The registry is cleared before each iteration, outside the timed part.
 */
export function loggingScenario(): Scenario {
  const entries = names(COUNT).map((name) => [name, actionFor(name)] as const);
  const withPino = new ActionRegistry({ logger: pinoLogger(pino({ level: 'info' }, nullStream())) });
  const withSilent = new ActionRegistry({ logger: silentLogger() });
  return {
    id: 'logging',
    title: `logging, ${COUNT.toLocaleString('en')} registrations`,
    subjects: [
      {
        id: 'silent',
        label: 'silentLogger()',
        ops: COUNT,
        async: false,
        beforeEach: () => {
          withSilent.clearLocal();
        },
        run: () => {
          for (const [name, fn] of entries) withSilent.registerLocal(name, fn);
        },
      },
      {
        id: 'pino-info',
        label: 'pino at info',
        ops: COUNT,
        async: false,
        beforeEach: () => {
          withPino.clearLocal();
        },
        run: () => {
          for (const [name, fn] of entries) withPino.registerLocal(name, fn);
        },
      },
    ],
    comparisons: [
      {
        id: 'pino-vs-silent',
        label: 'register ×10,000, pino@info vs silent',
        ours: 'pino-info',
        baseline: 'silent',
        goal: { max: 1.2, source: '#4 logging' },
      },
    ],
  };
}
