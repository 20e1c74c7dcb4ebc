import { ActionRegistry } from '@soni/core';
import { fastify } from 'fastify';
import { describe, expect, it } from 'vitest';
import { pinoLogger } from './pino-logger';

/** A Fastify app whose pino logger writes JSON lines into an array. */
function appWithLines(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
  return { lines, app: fastify({ logger: { level, stream } }) };
}

describe("pinoLogger over Fastify's logger", () => {
  it('takes app.log as it is typed (FastifyBaseLogger), and the registry logs through it at its level', async () => {
    const { lines, app } = appWithLines('info');
    const logger = pinoLogger(app.log, { bindings: { component: 'actions' } });
    const registry = new ActionRegistry({ logger });
    registry.registerLocal('greet', () => ({}));
    registry.registerLocal('greet', () => ({}));
    registry.clearLocal();
    expect(logger.isLevelEnabled('debug')).toBe(false);
    expect(logger.isLevelEnabled('warn')).toBe(true);
    expect(lines.map(({ level, msg, component }) => [level, msg, component])).toEqual([
      [40, "Overwriting existing local action 'greet'. Previous: <anonymous>, New: <anonymous>", 'actions'],
    ]);
    await app.close();
  });

  it('takes a child of app.log, and a request logger', async () => {
    const { lines, app } = appWithLines('debug');
    pinoLogger(app.log.child({ plugin: 'billing' })).debug('from a child', { action: 'pay' });
    app.get('/', (request) => {
      pinoLogger(request.log).info('from a request');
      return { ok: true };
    });
    await app.inject({ method: 'GET', url: '/' });
    expect(lines.find((line) => line.msg === 'from a child')).toMatchObject({ plugin: 'billing', action: 'pay', level: 20 });
    expect(lines.find((line) => line.msg === 'from a request')).toHaveProperty('reqId');
    await app.close();
  });

  it("takes Fastify's no-op logger (logging off) and drops everything", async () => {
    const app = fastify();
    const logger = pinoLogger(app.log);
    expect(() => {
      logger.warn('nobody hears this');
    }).not.toThrow();
    expect(logger.isLevelEnabled('error')).toBe(true);
    await app.close();
  });
});
