// The child process that runs a JavaScript or TypeScript answer (bundled to
// dist/runners/node-harness.js). It starts ahead of time and waits on stdin for one job: the
// transpiled code, the function's name and each case's arguments. It loads the code under the
// user's own file name (so stacks and relative requires point there), calls the function once per
// case, and reports each result as JSON on fd 3, every line prefixed with the job's token. It never
// compares anything: the engine does that, so the code under test cannot make a case pass.
//
// Builtins that answers commonly use are loaded while the child waits, so a run does not pay for them.
import * as crypto from 'node:crypto';
import * as events from 'node:events';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { Socket } from 'node:net';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as util from 'node:util';
import { NON_JSON_KEY } from '../core/checks/format';
import { RESULT_FD, type CaseOutcome, type HarnessCase, type HarnessJob, type HarnessMessage, type ThrownInfo } from '../core/runners/protocol';

// What the harness needs, taken before any code under test can replace it.
const stringify = JSON.stringify;
const parseJson = JSON.parse;
const writeSync = fs.writeSync;
const readSync = fs.readSync;
const now = performance.now.bind(performance);
const memoryUsage = process.memoryUsage.bind(process);
const exit: (code?: number) => never = process.exit.bind(process);
const setTimer = setTimeout;
const clearTimer = clearTimeout;
const createServer = http.createServer;
const httpRequest = http.request;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Results larger than this (as JSON) are not sent. */
const MAX_RESULT_CHARS = 16 * 1024 * 1024;
/** Results nested deeper than this are cut. */
const MAX_DEPTH = 1000;

function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/** Reads one line from stdin, blocking; undefined at end of input (the engine went away). */
function readLine(): string | undefined {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buffer, 0, buffer.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        sleep(2);
        continue;
      }
      if (code === 'EOF') return undefined;
      throw error;
    }
    if (n === 0) return undefined;
    const newline = buffer.subarray(0, n).indexOf(10);
    if (newline >= 0) {
      chunks.push(Buffer.from(buffer.subarray(0, newline)));
      return Buffer.concat(chunks).toString('utf8');
    }
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
}

/** Blocks until stdin closes: the engine ends the process after reading our last message. */
function waitForEnd(): never {
  try {
    while (readLine() !== undefined) {
      // Nothing more is expected; keep reading until the end.
    }
  } catch {
    // stdin is gone: nothing to wait for.
  }
  exit(0);
}

function vmDataKb(): number | undefined {
  try {
    const match = /^VmData:\s+(\d+)/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What the first run would otherwise pay for, done while the child waits: the stdout/stderr
 * streams (made on first use, ~6 ms for pipes) and the module compiler's source-map support.
 */
function warmUp(): void {
  void process.stdout;
  void process.stderr;
  // `import * as fs from 'node:fs'` compiles to a copy of every property, which runs the lazy
  // getters (fs.promises, crypto.webcrypto, ...): run them now.
  for (const builtin of [fs, path, crypto, os, util, events, http] as unknown as Record<string, unknown>[]) {
    for (const key in builtin) {
      try {
        void builtin[key];
      } catch {
        // A getter that throws is the code under test's problem, not ours.
      }
    }
  }
  const map = Buffer.from(stringify({ version: 3, sources: ['warm.ts'], names: [], mappings: 'AAAA' })).toString('base64');
  const warm = new Module(path.join(path.sep, 'warm.js'));
  (warm as unknown as { _compile(code: string, file: string): void })._compile(
    `"use strict";exports.warm = () => 1;\n//# sourceMappingURL=data:application/json;base64,${map}\n`,
    path.join(path.sep, 'warm.js'),
  );
}

function main(): void {
  warmUp();
  const line = readLine();
  if (line === undefined) exit(0); // the engine went away while this child was waiting
  const { token, ...job } = parseJson(line as string) as HarnessJob;
  const send = messenger(token);
  send({ type: 'hello', dataKb: vmDataKb() });
  void runJob(job, send);
}

type Send = (message: HarnessMessage) => void;

/** Writes all of `data` to `fd`, waiting while the pipe is full; exits when the engine is gone. */
function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += writeSync(fd, data, offset, data.length - offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') exit(70);
      sleep(1);
    }
  }
}

/** Writes messages to fd 3. The token lives only in this closure. */
function messenger(token: string): Send {
  // The leading newline ends any partial line the code under test wrote to fd 3.
  return (message) => writeAll(RESULT_FD, Buffer.from(`\n${token}${stringify(message)}\n`, 'utf8'));
}

/** Printed output of the case running now, capped; everything still goes to the real stdout/stderr. */
class OutputCapture {
  private text = '';
  private dropped = 0;

  constructor(private readonly cap: number) {}

  /**
   * Replaces stdout's and stderr's write with one that records the text and writes it at once,
   * synchronously: a pipe's stream would otherwise queue a flood in memory, out of the engine's
   * sight, instead of making the writer wait while the engine counts it.
   */
  install(): void {
    for (const [stream, fd] of [[process.stdout, 1], [process.stderr, 2]] as const) {
      stream.write = ((chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
        const done = typeof encoding === 'function' ? encoding : callback;
        const bytes = typeof chunk === 'string'
          ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
          : Buffer.from(chunk as Uint8Array);
        this.add(bytes.toString('utf8'));
        writeAll(fd, bytes);
        if (typeof done === 'function') process.nextTick(done as () => void);
        return true;
      }) as typeof stream.write;
    }
  }

  private add(text: string): void {
    const room = this.cap - this.text.length;
    if (room >= text.length) this.text += text;
    else {
      if (room > 0) this.text += text.slice(0, room);
      this.dropped += text.length - Math.max(room, 0);
    }
  }

  take(): string {
    const text = this.dropped > 0 ? `${this.text}\n… (${this.dropped} more characters not shown)` : this.text;
    this.text = '';
    this.dropped = 0;
    return text;
  }
}

/** The case whose call has not settled yet. */
interface Running {
  settle: (outcome: CaseOutcome) => void;
  /** Runs once the case has settled, however it did (an http case closes its server here). */
  cleanup?: () => Promise<void>;
}

async function runJob(job: Omit<HarnessJob, 'token'>, send: Send): Promise<void> {
  const output = new OutputCapture(job.outputCap);
  output.install();
  let running: Running | undefined;

  // Errors that escape the awaited call (a throw in a timer, an unhandled rejection) belong to the
  // case that is running; with none running they are only printed.
  const stray = (error: unknown): void => {
    if (running) running.settle(thrownOutcome(error));
    else process.stderr.write(`${describeThrown(error).stack ?? describeThrown(error).message}\n`);
  };
  process.on('uncaughtException', stray);
  process.on('unhandledRejection', stray);
  // Nothing left to wait for while a case's promise is pending: it can never settle.
  process.on('beforeExit', () => running?.settle({ kind: 'unsettled' }));

  let fn: (...args: unknown[]) => unknown;
  try {
    process.chdir(job.cwd);
    const exports = load(job);
    const found = findEntry(exports, job.entry);
    if (!found) {
      send({
        type: 'load-error',
        missingEntry: true,
        exports: exportNames(exports),
        error: { isError: false, message: `no function named ${job.entry} is exported` },
        output: output.take(),
      });
      return waitForEnd();
    }
    fn = found;
  } catch (error) {
    const outcome = thrownOutcome(error);
    send({
      type: 'load-error',
      error: outcome.kind === 'threw' ? outcome.error : describeThrown(error),
      memory: outcome.kind === 'memory' || undefined,
      output: output.take(),
    });
    return waitForEnd();
  }

  for (let index = 0; index < job.cases.length; index++) {
    send({ type: 'start', index });
    const started = now();
    let me: Running | undefined;
    const outcome = await new Promise<CaseOutcome>((resolve) => {
      const mine: Running = {
        settle: (result) => {
          if (running !== mine) return;
          running = undefined;
          resolve(result);
        },
      };
      me = mine;
      running = mine;
      const c = job.cases[index];
      if (c.http) serveEntry(fn, c.http, mine);
      else callEntry(fn, c.args, mine);
    });
    const ms = now() - started;
    await me?.cleanup?.();
    send({ type: 'result', index, ms, output: output.take(), outcome: overMemory(job.memoryMb) ?? outcome });
  }
  send({ type: 'done' });
  waitForEnd();
}

function callEntry(fn: (...args: unknown[]) => unknown, args: unknown[], me: Running): void {
  let result: unknown;
  try {
    result = fn(...args);
  } catch (error) {
    me.settle(thrownOutcome(error));
    return;
  }
  let then: unknown;
  try {
    then = (result as { then?: unknown } | null | undefined)?.then;
  } catch (error) {
    me.settle(thrownOutcome(error));
    return;
  }
  if (typeof then !== 'function') {
    me.settle(valueOutcome(result));
    return;
  }
  try {
    (then as (ok: (v: unknown) => void, fail: (e: unknown) => void) => void).call(
      result,
      (value) => me.settle(valueOutcome(value)),
      (error) => me.settle(thrownOutcome(error)),
    );
  } catch (error) {
    me.settle(thrownOutcome(error));
  }
}

type HttpSpec = NonNullable<HarnessCase['http']>;
type HttpRequestSpec = HttpSpec['requests'][number];
type HttpResponse = { status: number; body: unknown; headers?: Record<string, string | null> };
type HttpExchange = { response: HttpResponse } | { error: string };

/**
 * An `http` case: serves `fn` as a node:http request handler on an ephemeral port on 127.0.0.1,
 * sends the case's requests one after another over real TCP, and settles with the responses as
 * `{ status, body }` (plus `headers` when the case names some to record). A handler that throws (also later, in a callback: see `stray`) or rejects
 * settles the case with that error; one that does not answer in time, with a message saying so.
 * The server and its connections are closed in `cleanup`, however the case ended.
 */
function serveEntry(fn: (...args: unknown[]) => unknown, spec: HttpSpec, me: Running): void {
  const sockets = new Set<Socket>();
  const requests = new Set<http.ClientRequest>();
  let closed = false;
  let handling = '';
  const failed = (error: unknown): void => {
    const outcome = thrownOutcome(error);
    if (outcome.kind === 'threw' && handling !== '') {
      outcome.error.message = `${outcome.error.message} (while handling ${handling})`;
    }
    me.settle(outcome);
  };
  let server: http.Server;
  try {
    server = createServer((req, res) => {
      let result: unknown;
      try {
        result = fn(req, res);
      } catch (error) {
        failed(error);
        return;
      }
      // An async handler: its rejection is the case's error.
      try {
        const then = (result as { then?: unknown } | null | undefined)?.then;
        if (typeof then === 'function') {
          (then as (ok: (v: unknown) => void, fail: (e: unknown) => void) => void).call(result, () => undefined, failed);
        }
      } catch (error) {
        failed(error);
      }
    });
  } catch (error) {
    me.settle({ kind: 'http-error', message: `the test server could not be created: ${describeThrown(error).message}` });
    return;
  }
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('error', (error) => {
    me.settle({ kind: 'http-error', message: `the test server could not listen on 127.0.0.1: ${error.message}` });
  });
  me.cleanup = () => new Promise<void>((resolve) => {
    closed = true;
    const timer = setTimer(resolve, 1000);
    for (const request of requests) request.destroy();
    server.close(() => {
      clearTimer(timer);
      resolve();
    });
    for (const socket of sockets) socket.destroy();
  });
  server.listen(0, '127.0.0.1', () => {
    void (async () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      const responses: HttpResponse[] = [];
      for (const request of spec.requests) {
        if (closed) return;
        handling = `${request.method} ${request.path}`;
        const exchange = await sendRequest(port, request, spec.timeoutMs, requests, spec.headers);
        if (closed) return;
        if ('error' in exchange) {
          me.settle({ kind: 'http-error', message: exchange.error });
          return;
        }
        responses.push(exchange.response);
      }
      handling = '';
      me.settle(valueOutcome(responses));
    })();
  });
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/**
 * The named response headers, keyed by lower-cased name: every value of the header in the order
 * received, joined with ", " (the raw list, so set-cookie and headers Node would drop or join
 * differently come out the same as Python's getheader), or null when the response has none.
 */
function pickHeaders(rawHeaders: string[], names: string[]): Record<string, string | null> {
  const picked: Record<string, string | null> = {};
  for (const name of names) {
    const wanted = name.toLowerCase();
    const values: string[] = [];
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      if (rawHeaders[i].toLowerCase() === wanted) values.push(rawHeaders[i + 1]);
    }
    picked[wanted] = values.length > 0 ? values.join(', ') : null;
  }
  return picked;
}

/** Sends one request and reads the whole response; an error message when there is none in time. */
function sendRequest(
  port: number,
  spec: HttpRequestSpec,
  timeoutMs: number,
  open: Set<http.ClientRequest>,
  record: string[] | undefined,
): Promise<HttpExchange> {
  return new Promise((resolve) => {
    const label = `${spec.method} ${spec.path}`;
    const headers: Record<string, string> = { ...(spec.headers ?? {}) };
    let body: Buffer | undefined;
    if (spec.body !== undefined) {
      const text = typeof spec.body === 'string' ? spec.body : stringify(spec.body);
      body = Buffer.from(text, 'utf8');
      if (typeof spec.body !== 'string' && !hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
      if (!hasHeader(headers, 'content-length')) headers['content-length'] = String(body.length);
    }
    let answered = false;
    let done = false;
    const request = httpRequest({ host: '127.0.0.1', port, method: spec.method, path: spec.path, headers, agent: false });
    open.add(request);
    const finish = (exchange: HttpExchange): void => {
      if (done) return;
      done = true;
      clearTimer(timer);
      open.delete(request);
      resolve(exchange);
    };
    const seconds = `${Math.round(timeoutMs / 100) / 10} s`;
    const timer = setTimer(() => {
      finish({
        error: answered
          ? `the handler started answering ${label} but did not finish the response within ${seconds} (is res.end() never called?)`
          : `the handler did not respond to ${label} within ${seconds} (is res.end() never called?)`,
      });
      request.destroy();
    }, timeoutMs);
    request.on('error', (error) => {
      finish({ error: `the request ${label} failed: ${error.message} (did the handler close the connection without answering?)` });
    });
    request.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => finish({ error: `reading the response to ${label} failed: ${error.message}` }));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        if (/\bjson\b/i.test(String(response.headers['content-type'] ?? ''))) {
          try {
            parsed = parseJson(text);
          } catch {
            parsed = text;
          }
        }
        const status = response.statusCode ?? 0;
        finish({ response: record ? { status, body: parsed, headers: pickHeaders(response.rawHeaders, record) } : { status, body: parsed } });
      });
    });
    request.end(body);
  });
}

/** Compiles the code under the user's file name and returns its exports. */
function load(job: Omit<HarnessJob, 'token'>): unknown {
  const code = fs.readFileSync(job.codeFile, 'utf8');
  const mod = new Module(job.userFile);
  mod.filename = job.userFile;
  const internals = Module as unknown as { _nodeModulePaths(dir: string): string[] };
  mod.paths = internals._nodeModulePaths(path.dirname(job.userFile));
  (mod as unknown as { _compile(code: string, file: string): void })._compile(code, job.userFile);
  mod.loaded = true;
  return mod.exports;
}

function findEntry(exports: unknown, entry: string): ((...args: unknown[]) => unknown) | undefined {
  if (exports === null || exports === undefined) return undefined;
  const named = (exports as Record<string, unknown>)[entry];
  if (typeof named === 'function') return named as (...args: unknown[]) => unknown;
  // module.exports = findDuplicates, or export default function.
  if (typeof exports === 'function') return exports as (...args: unknown[]) => unknown;
  const fallback = (exports as Record<string, unknown>).default;
  if (typeof fallback === 'function') return fallback as (...args: unknown[]) => unknown;
  return undefined;
}

function exportNames(exports: unknown): string[] {
  if (exports === null || (typeof exports !== 'object' && typeof exports !== 'function')) return [];
  return Object.keys(exports as object)
    .filter((key) => key !== '__esModule')
    .map((key) => {
      const value = (exports as Record<string, unknown>)[key];
      return typeof value === 'function' ? `${key} (function)` : `${key} (${value === null ? 'null' : typeof value})`;
    });
}

/** A case that returned, but pushed the process over the memory limit on the way. */
function overMemory(memoryMb: number): CaseOutcome | undefined {
  const usage = memoryUsage();
  const used = usage.heapUsed + usage.arrayBuffers;
  if (used <= memoryMb * 1024 * 1024) return undefined;
  return { kind: 'memory', detail: `${Math.round(used / (1024 * 1024))} MB in use after the case` };
}

function thrownOutcome(error: unknown): CaseOutcome {
  const info = describeThrown(error);
  if (info.isError && info.name === 'RangeError' && /allocation failed|out of memory/i.test(info.message)) {
    return { kind: 'memory', detail: info.message };
  }
  return { kind: 'threw', error: info };
}

function describeThrown(error: unknown): ThrownInfo {
  try {
    if (error instanceof Error || (typeof error === 'object' && error !== null && typeof (error as Error).stack === 'string')) {
      const e = error as Error;
      let stack: string | undefined;
      try {
        stack = typeof e.stack === 'string' ? e.stack : undefined;
      } catch {
        stack = undefined;
      }
      return { isError: true, name: String(e.name ?? 'Error'), message: String(e.message ?? ''), stack };
    }
    return { isError: false, message: util.inspect(error, { depth: 3, breakLength: Infinity }).slice(0, 2000) };
  } catch {
    return { isError: false, message: '(a thrown value that could not be shown)' };
  }
}

function valueOutcome(value: unknown): CaseOutcome {
  try {
    return { kind: 'value', ...toJson(value) };
  } catch (error) {
    return { kind: 'threw', error: { ...describeThrown(error), message: `reading the result failed: ${describeThrown(error).message}` } };
  }
}

class TooLarge extends Error {}

/**
 * The result as JSON text. What JSON cannot say becomes a `{"$nonJson": ...}` marker rather
 * than silently turning into null (NaN) or disappearing (undefined in a list), with a note why.
 */
function toJson(value: unknown): { json: string; note?: string } {
  const parts: string[] = [];
  let size = 0;
  let note: string | undefined;
  const ancestors = new Set<object>();
  const push = (text: string): void => {
    size += text.length;
    if (size > MAX_RESULT_CHARS) throw new TooLarge();
    parts.push(text);
  };
  const marker = (text: string, why?: string): void => {
    push(`{${stringify(NON_JSON_KEY)}:${stringify(text)}}`);
    if (why !== undefined && note === undefined) note = why;
  };

  const write = (v: unknown, depth: number, where: string): void => {
    switch (typeof v) {
      case 'string':
        push(stringify(v));
        return;
      case 'number':
        if (Number.isFinite(v)) push(stringify(v));
        else marker(String(v), `the result has ${String(v)}${at(where)}, which is not a JSON number`);
        return;
      case 'boolean':
        push(v ? 'true' : 'false');
        return;
      case 'undefined':
        marker('undefined', where === '' ? 'the function returned undefined: did it forget to return the result?' : `the result has undefined${at(where)} (use null)`);
        return;
      case 'bigint':
        marker(`${v}n`, `the result has a BigInt${at(where)}: return a Number`);
        return;
      case 'function':
        marker(`[Function${v.name ? ` ${v.name}` : ''}]`, `the result has a function${at(where)}`);
        return;
      case 'symbol':
        marker(v.toString(), `the result has a symbol${at(where)}`);
        return;
      case 'object':
        break;
    }
    if (v === null) {
      push('null');
      return;
    }
    const object = v as object;
    if (ancestors.has(object)) {
      marker('[Circular]', `the result has a cycle${at(where)}: an object that contains itself`);
      return;
    }
    if (depth >= MAX_DEPTH) {
      marker('[nested too deeply]', `the result is nested more than ${MAX_DEPTH} levels deep`);
      return;
    }
    ancestors.add(object);
    try {
      if (Array.isArray(object) || (ArrayBuffer.isView(object) && !(object instanceof DataView))) {
        const list = object as ArrayLike<unknown>;
        push('[');
        for (let i = 0; i < list.length; i++) {
          if (i > 0) push(',');
          write(list[i], depth + 1, `${where}[${i}]`);
        }
        push(']');
      } else if (object instanceof Map) {
        marker(`Map(${object.size})`, `the result has a Map${at(where)}: return a plain object or a list of pairs`);
      } else if (object instanceof Set) {
        marker(`Set(${object.size})`, `the result has a Set${at(where)}: return a list, e.g. [...set]`);
      } else if (typeof (object as { toJSON?: unknown }).toJSON === 'function') {
        write((object as { toJSON(): unknown }).toJSON(), depth + 1, where);
      } else {
        push('{');
        let first = true;
        for (const key of Object.keys(object)) {
          const item = (object as Record<string, unknown>)[key];
          // As JSON does: properties that are undefined or functions are left out.
          if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
          if (!first) push(',');
          first = false;
          push(`${stringify(key)}:`);
          write(item, depth + 1, `${where}.${key}`);
        }
        push('}');
      }
    } finally {
      ancestors.delete(object);
    }
  };

  try {
    write(value, 0, '');
  } catch (error) {
    if (!(error instanceof TooLarge)) throw error;
    return {
      json: `{${stringify(NON_JSON_KEY)}:"[result too large]"}`,
      note: `the result is larger than ${MAX_RESULT_CHARS / (1024 * 1024)} MB as JSON`,
    };
  }
  return { json: parts.join(''), note };
}

function at(where: string): string {
  return where === '' ? '' : ` at ${where.startsWith('.') ? where.slice(1) : where}`;
}

main();
