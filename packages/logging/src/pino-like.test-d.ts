import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { expectTypeOf, test } from 'vitest';
import type { PinoLike } from './pino-logger';
import { pinoLogger } from './pino-logger';

test('a real pino logger and its children fit PinoLike', () => {
  const instance = pino();
  expectTypeOf(instance).toExtend<PinoLike>();
  expectTypeOf(instance.child({ a: 1 }, { level: 'debug' })).toExtend<PinoLike>();
});

test("Fastify's logger type (FastifyBaseLogger, fastify 5) and its children fit PinoLike, without a cast", () => {
  expectTypeOf<FastifyBaseLogger>().toExtend<PinoLike>();
  expectTypeOf<ReturnType<FastifyBaseLogger['child']>>().toExtend<PinoLike>();
  expectTypeOf(pinoLogger).toBeCallableWith(pino().child({ a: 1 }));
});
