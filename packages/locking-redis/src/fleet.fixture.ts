/*
 * Runs a task of fleet-tasks.fixture.ts in N child processes against a test server.
 */
import { fileURLToPath } from 'node:url';
import { runInProcesses, type ProcessHandle, type ProcessReport } from '@soni/testing';
import type { FleetData } from './fleet-tasks.fixture';

const tasks = new URL('./fleet-tasks.fixture.ts', import.meta.url);
const typescript = { tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) };

let keys = 0;
/** A key no other test uses. */
export function freshKey(name: string): string {
  return `fleet:${name}:${String(process.pid)}:${String(++keys)}`;
}

/** Runs the task named by each entry of `roles` in a process of its own, released together. */
export function runFleet<T>(
  roles: readonly string[],
  data: FleetData,
  whileRunning?: (processes: readonly ProcessHandle[]) => void | Promise<void>,
): Promise<ProcessReport<T>> {
  return runInProcesses<T, FleetData & { roles: readonly string[] }>({
    module: tasks,
    count: roles.length,
    exportName: 'byRole',
    typescript,
    data: { ...data, roles },
    timeoutMs: 60_000,
    ...(whileRunning === undefined ? {} : { whileRunning }),
  });
}
