import { pino } from 'pino';
import { expectTypeOf, test } from 'vitest';
import type { PinoLike } from './pino-logger';

test('a real pino logger and its children fit PinoLike', () => {
  const instance = pino();
  expectTypeOf(instance).toExtend<PinoLike>();
  expectTypeOf(instance.child({ a: 1 }, { level: 'debug' })).toExtend<PinoLike>();
});
