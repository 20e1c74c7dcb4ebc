import type { Redis } from 'ioredis';

/**
 * Quits `client` gracefully (pending commands, such as a release, are answered first), but
 * within `timeoutMs`: a server that stopped answering cannot make `close()` hang; the
 * connection is then dropped.
 */
export async function quitWithin(client: Redis, timeoutMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  try {
    await Promise.race([client.quit().catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
