import { setTimeout as sleep } from 'node:timers/promises';
import type { HostileCase, HostileContext, Verdict } from './hostile-phase';
import { httpRequest, rawExchange, type RawExchange, type RawRequest } from './raw-client';

const JSON_TYPE = { 'Content-Type': 'application/json' };
const DRIPS = 100;
const DRIP_EVERY_MS = 100;
// How late after its deadline a drip may be dropped and still count as "dropped in time": the
// time to open 200 sockets and the event loop's lag under load (measured: 100 to 250 ms).
const SLACK_MS = 1_000;

/** A complete request with `Connection: close`, so that the server's close ends the exchange. */
function request(method: string, path: string, headers: Readonly<Record<string, string>>, body = ''): string {
  return httpRequest(method, path, { ...headers, Connection: 'close' }, body);
}

function errorCode(exchange: RawExchange): string {
  const { body } = exchange;
  if (typeof body !== 'object' || body === null || !('error' in body)) return '';
  const { error } = body as { error: { code?: unknown } };
  return typeof error.code === 'string' ? error.code : '';
}

/** `413 BODY_TOO_LARGE`, or how the connection ended when nothing was answered. */
function describe(exchange: RawExchange, showClose: boolean | undefined = false): string {
  const ms = Math.round(exchange.elapsedMs);
  const ending = exchange.end === 'still open' ? `still open after ${ms} ms` : `connection closed by ${exchange.end.split(' ')[0] ?? ''} after ${ms} ms`;
  if (exchange.status === undefined) return `${ending} (no answer)`;
  const answer = `${exchange.status} ${errorCode(exchange)}`.trimEnd();
  return showClose ? `${answer}, ${ending}` : answer;
}

const answered = (status: number, code?: string) => (exchange: RawExchange) =>
  exchange.status === status && (code === undefined || errorCode(exchange) === code);

/** How {@link single} shows an exchange beyond its status and code. */
interface ShowOptions {
  /** Add how the connection ended (for cases where closing it is the point). */
  readonly close?: boolean;
  /** Add the error message or result, with its length (for answers core shapes). */
  readonly answer?: boolean;
}

/** One request, judged by `judge`. */
function single(
  label: string,
  build: (context: HostileContext) => RawRequest,
  judge: (exchange: RawExchange) => boolean,
  show: ShowOptions = {},
): HostileCase {
  return {
    run: async (context) => {
      const exchange = await rawExchange(context.port, build(context));
      const shown = describe(exchange, show.close) + (show.answer === true ? answerOf(exchange) : '');
      return [{ label, ok: judge(exchange), shown }];
    },
  };
}

/** `: Action 'nnn…' not found (8 025 characters)`. */
function answerOf(exchange: RawExchange): string {
  const { body } = exchange;
  const error = (body as { error?: { message?: unknown } } | null)?.error;
  const text = typeof error?.message === 'string' ? error.message : JSON.stringify(body);
  return `: ${text.length > 70 ? `${text.slice(0, 69)}… (${text.length} characters)` : text}`;
}

// Cases marked "(core)": answers the core library shapes (name policy, timeout range) and that
// a change of core may move; a client error or a correct execution are both right.
const clientErrorOrAnswer = (check: (body: unknown) => boolean) => (exchange: RawExchange) =>
  exchange.status === undefined ? false : (exchange.status >= 400 && exchange.status < 500) || (exchange.status === 200 && check(exchange.body));

/** Dripping sockets, a silent one and a normal request, all at once. */
async function drips(context: HostileContext): Promise<readonly Verdict[]> {
  const { port, limits } = context;
  const deadlineMs = limits.requestTimeoutMs + 2 * SLACK_MS;
  const headerDrips = Array.from({ length: DRIPS }, () =>
    rawExchange(port, { send: 'POST /actions/greet HTTP/1.1\r\n', drip: { text: 'X-Drip: 1\r\n', everyMs: DRIP_EVERY_MS }, deadlineMs }),
  );
  const bodyDrips = Array.from({ length: DRIPS }, () =>
    rawExchange(port, {
      send: request('POST', '/actions/greet', { ...JSON_TYPE, 'Content-Length': '1000' }),
      drip: { text: ' ', everyMs: DRIP_EVERY_MS },
      deadlineMs,
    }),
  );
  const silent = rawExchange(port, { send: '', deadlineMs });
  await sleep(DRIP_EVERY_MS * 2);
  const normal = await rawExchange(port, { send: request('POST', '/actions/greet', JSON_TYPE, '{"name":"Ada"}'), deadlineMs });
  const headerLimit = limits.headersTimeoutMs + limits.connectionsCheckingIntervalMs + SLACK_MS;
  return [
    summarise(`${DRIPS} sockets dripping headers, 1 line / ${DRIP_EVERY_MS} ms`, await Promise.all(headerDrips), headerLimit),
    summarise(`${DRIPS} sockets dripping a body, 1 byte / ${DRIP_EVERY_MS} ms`, await Promise.all(bodyDrips), limits.bodyTimeoutMs + SLACK_MS),
    summarise('a silent connection (sends nothing)', [await silent], headerLimit),
    {
      label: `POST /actions/greet while those ${2 * DRIPS + 1} sockets are open`,
      ok: normal.status === 200,
      shown: `${describe(normal)} in ${Math.round(normal.elapsedMs)} ms`,
    },
  ];
}

/** All dropped with `408` within `limitMs`: `100 × 408 REQUEST_TIMEOUT, connection closed by server after 1003–1099 ms`. */
function summarise(label: string, exchanges: readonly RawExchange[], limitMs: number): Verdict {
  const times = exchanges.map((exchange) => Math.round(exchange.elapsedMs));
  const late = exchanges.filter((exchange) => exchange.status !== 408 || exchange.end !== 'server closed' || exchange.elapsedMs > limitMs);
  const [first, last] = [Math.min(...times), Math.max(...times)];
  const range = first === last ? `${first} ms` : `${first}–${last} ms`;
  const shown =
    late[0] === undefined
      ? `${exchanges.length === 1 ? '' : `${exchanges.length} × `}408 REQUEST_TIMEOUT, connection closed by server after ${range}`
      : `${late.length} of ${exchanges.length} not dropped with 408 within ${limitMs} ms; e.g. ${describe(late[0], true)}`;
  return { label, ok: late.length === 0, shown };
}

/** A client that leaves mid-body is a `debug` line, not an error. */
async function disconnectMidBody(context: HostileContext): Promise<readonly Verdict[]> {
  const before = context.serverLog().length;
  const exchange = await rawExchange(context.port, {
    send: request('POST', '/actions/greet', { ...JSON_TYPE, 'Content-Length': '1000' }, '{"name":'),
    hangUpAfterMs: 50,
    deadlineMs: 1_000,
  });
  await sleep(50); // the server notices the close on its next turn
  const logged = context.serverLog().slice(before);
  const line = logged.find(({ line: text }) => text.includes('closed the connection before the body was complete'));
  const complaints = logged.filter(({ level }) => level === 'warn' || level === 'error');
  return [
    {
      label: 'client disconnects mid-body',
      ok: exchange.end === 'client closed' && line?.level === 'debug' && complaints.length === 0,
      shown:
        line === undefined
          ? `${describe(exchange)}; the server logged nothing about it`
          : `server logged at ${line.level.toUpperCase()}: "The client closed the connection before the body was complete"${complaints.length === 0 ? '' : ` and ${complaints.length} warnings/errors`}`,
    },
  ];
}

const bigBody = '"' + 'x'.repeat(2 << 20) + '"';
const chunked = `200000\r\n${'x'.repeat(0x200000)}\r\n0\r\n\r\n`;

/** Every hostile case, in the order `pnpm start` plays them. */
export const HOSTILE_CASES: readonly HostileCase[] = [
  single(
    'Content-Type: text/plain, body {"name":"Ada"}',
    () => ({ send: request('POST', '/actions/greet', { 'Content-Type': 'text/plain' }, '{"name":"Ada"}'), deadlineMs: 1_000 }),
    answered(415, 'UNSUPPORTED_MEDIA_TYPE'),
  ),
  single(
    'no Content-Type, body {"name":"Ada"}',
    () => ({ send: request('POST', '/actions/greet', {}, '{"name":"Ada"}'), deadlineMs: 1_000 }),
    answered(415, 'UNSUPPORTED_MEDIA_TYPE'),
  ),
  { run: drips },
  { run: disconnectMidBody },
  single('POST /admin/reload without a token', () => ({ send: request('POST', '/admin/reload', {}), deadlineMs: 1_000 }), answered(401, 'UNAUTHORIZED')),
  single(
    'POST /admin/reload with a wrong token',
    (context) => ({ send: request('POST', '/admin/reload', { Authorization: `Bearer x${context.adminToken}` }), deadlineMs: 1_000 }),
    answered(403, 'FORBIDDEN'),
  ),
  single(
    'body of 2 MiB (Content-Length)',
    () => ({ send: request('POST', '/actions/greet', JSON_TYPE, bigBody), deadlineMs: 2_000 }),
    (exchange) => answered(413, 'BODY_TOO_LARGE')(exchange) && exchange.end === 'server closed',
    { close: true },
  ),
  single(
    'body of 2 MiB (chunked, no Content-Length)',
    () => ({ send: request('POST', '/actions/greet', { ...JSON_TYPE, 'Transfer-Encoding': 'chunked' }) + chunked, deadlineMs: 2_000 }),
    (exchange) => answered(413, 'BODY_TOO_LARGE')(exchange) && exchange.end === 'server closed',
    { close: true },
  ),
  single('malformed JSON {"name":', () => ({ send: request('POST', '/actions/greet', JSON_TYPE, '{"name":'), deadlineMs: 1_000 }), answered(400, 'BAD_JSON')),
  single('JSON body [] (not an object)', () => ({ send: request('POST', '/actions/greet', JSON_TYPE, '[]'), deadlineMs: 1_000 }), answered(400)),
  single('JSON body "x" (not an object)', () => ({ send: request('POST', '/actions/greet', JSON_TYPE, '"x"'), deadlineMs: 1_000 }), answered(400)),
  single(
    'action name of 1 MB in the URL (core)',
    () => ({ send: request('POST', `/actions/${'n'.repeat(1 << 20)}`, JSON_TYPE), deadlineMs: 2_000 }),
    clientErrorOrAnswer(() => false),
    { answer: true },
  ),
  single(
    'action name of 8 000 characters (core refuses it: over the 256-character name policy)',
    () => ({ send: request('POST', `/actions/${'n'.repeat(8_000)}`, JSON_TYPE), deadlineMs: 2_000 }),
    (exchange) => answered(400, 'BAD_REQUEST')(exchange) && JSON.stringify(exchange.body).length < 600,
    { answer: true },
  ),
  single(
    'slow {"ms":20} ?timeoutMs=3000000000 (core)',
    () => ({ send: request('POST', '/actions/slow?timeoutMs=3000000000', JSON_TYPE, '{"ms":20}'), deadlineMs: 2_000 }),
    clientErrorOrAnswer((body) => (body as { result?: { sleptMs?: unknown } }).result?.sleptMs === 20),
    { answer: true },
  ),
];
