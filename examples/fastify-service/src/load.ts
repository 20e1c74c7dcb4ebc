import { z } from 'zod';
import { requestJson } from './http-client';
import type { Service } from './service';

/** What the clients saw while the actions were reloaded under them. */
export interface LoadReport {
  readonly served: number;
  readonly failed: string[];
  /** Quotes that read catalog rows of another version than their own (a half-migrated catalog). */
  readonly mixed: number;
  /** Quotes served by a version older than one committed before they were sent. */
  readonly stale: number;
  /** Responses per version. */
  readonly versions: Map<number, number>;
  readonly reloads: number;
  readonly elapsedMs: number;
}

/** Options of {@link runLoad}. */
export interface LoadOptions {
  readonly baseUrl: string;
  readonly service: Service;
  readonly clients: number;
  readonly reloads: number;
  readonly reloadEveryMs: number;
}

const quoted = z.object({ result: z.object({ version: z.number(), totalCents: z.number(), rowVersions: z.array(z.number()) }) });
const basket = { items: [{ sku: 'apple', qty: 2 }, { sku: 'pear', qty: 1 }, { sku: 'fig', qty: 5 }] };

/**
 * `clients` loopback clients send `quote` requests back to back while the service reloads its
 * actions `reloads` times, one transaction each; every answer is checked against the versions
 * committed when its request was sent.
 */
export async function runLoad({ baseUrl, service, clients, reloads, reloadEveryMs }: LoadOptions): Promise<LoadReport> {
  const report = { served: 0, failed: new Array<string>(), mixed: 0, stale: 0, versions: new Map<number, number>(), reloads: 0 };
  const started = performance.now();
  let committed = service.reloads.committed.at(-1) ?? 0;
  let reloading = true;

  const client = async (): Promise<void> => {
    while (reloading) {
      const floor = committed;
      const answer = await requestJson('POST', `${baseUrl}/actions/quote`, basket);
      const parsed = quoted.safeParse(answer.body);
      if (answer.status !== 200 || !parsed.success) {
        report.failed.push(`${answer.status} ${JSON.stringify(answer.body)}`);
        continue;
      }
      const { version, rowVersions } = parsed.data.result;
      report.served += 1;
      report.versions.set(version, (report.versions.get(version) ?? 0) + 1);
      if (rowVersions.some((row) => row !== version)) report.mixed += 1;
      if (version < floor) report.stale += 1;
    }
  };

  const reloader = async (): Promise<void> => {
    for (let i = 0; i < reloads; i++) {
      await new Promise((resolve) => setTimeout(resolve, reloadEveryMs));
      committed = await service.reload();
      report.reloads += 1;
    }
    reloading = false;
  };

  await Promise.all([reloader(), ...Array.from({ length: clients }, client)]);
  return { ...report, elapsedMs: performance.now() - started };
}
