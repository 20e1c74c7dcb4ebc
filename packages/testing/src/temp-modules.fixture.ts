/*
 * Plain JavaScript modules written to a temporary folder for the harness tests: they load
 * without tsx, so worker threads and child processes running them start in milliseconds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/**
 * Writes `modules` (file name → source) to a fresh folder before the enclosing tests and
 * removes it after them; returns the absolute path of one of the files by name.
 */
export function useTempModules(modules: Record<string, string>): (name: string) => string {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'soni-modules-'));
    for (const [name, source] of Object.entries(modules)) writeFileSync(join(dir, name), source);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return (name) => join(dir, name);
}
