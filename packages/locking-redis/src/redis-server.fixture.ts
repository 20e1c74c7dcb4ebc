/*
 * Test support: a redis-server of the tests' own, on a free port, that a test can stop and
 * restart (nothing persisted). When `redis-server` is not on the PATH the Redis tests are
 * skipped with one line, except under CI=true, where that fails the run.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
/** Whether `redis-server` can be started here. */
export const hasRedisServer = found.status === 0;

if (!hasRedisServer) {
  if (process.env.CI === 'true') {
    throw new Error('CI=true but redis-server is not on the PATH: the Redis lock tests cannot run (install redis-server)');
  }
  // eslint-disable-next-line no-console -- the one line that says the Redis tests were skipped
  console.warn('[locking-redis] redis-server is not on the PATH: skipping the Redis lock tests');
}

/**
 * Whether this is a mutation-testing run (Stryker sets `STRYKER_MUTATOR_WORKER` in its test
 * runners). The cross-process tests run the lock in child processes, which never see the
 * mutant under test (Stryker activates it in the runner's process only): they cannot kill a
 * mutant and would add minutes to every one, so they do not run there.
 */
export const underMutationTesting = process.env.STRYKER_MUTATOR_WORKER !== undefined;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** A redis-server process started by a test. */
export class TestRedisServer {
  readonly port: number;
  readonly #password: string | undefined;
  #process: ChildProcess | undefined = undefined;

  private constructor(port: number, password: string | undefined) {
    this.port = port;
    this.#password = password;
  }

  /** Starts a server on a free port (with `requirepass` when `password` is given). */
  static async start(options: { password?: string } = {}): Promise<TestRedisServer> {
    const server = new TestRedisServer(await freePort(), options.password);
    await server.#launch();
    return server;
  }

  /** A lock URL for this server: `redis://127.0.0.1:<port>/0?<params>`. */
  url(params = '', credentials = ''): string {
    return `redis://${credentials}127.0.0.1:${String(this.port)}/0${params === '' ? '' : `?${params}`}`;
  }

  async #launch(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'];
    if (this.#password !== undefined) args.push('--requirepass', this.#password);
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#process = child;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => {
        reject(new Error(`redis-server on port ${String(this.port)} did not start: ${output}`));
      }, 10_000);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with code ${String(code)}: ${output}`));
      });
    });
    // Verbose output only until ready; later output is dropped.
    child.stdout.removeAllListeners('data');
    child.stderr.removeAllListeners('data');
    child.stdout.resume();
    child.stderr.resume();
    child.removeAllListeners('exit');
  }

  /** Stops the server at once (SIGKILL: nothing is saved, clients see the connection drop). */
  async stop(): Promise<void> {
    const child = this.#process;
    this.#process = undefined;
    if (child?.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => {
        resolve();
      });
      child.kill('SIGKILL');
    });
  }

  /** Starts it again on the same port, empty. */
  async restart(): Promise<void> {
    await this.stop();
    await this.#launch();
  }
}
