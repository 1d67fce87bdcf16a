// HTTP cases: the answer is a request handler (node:http in TypeScript and JavaScript, WSGI in
// Python) that the harness serves on an ephemeral loopback port and sends real requests to.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeCase, Language } from '../../src/core/bank/question';
import { loadBank } from '../../src/core/bank/loader';
import { formatPath, validateQuestion } from '../../src/core/bank/validation';
import { parse as parseYaml } from 'yaml';
import { builtinQuestion, codeQuestion, REPO_ROOT, Sandbox, statuses } from './fixtures/engine/helpers';

const LANGUAGES: Language[] = ['typescript', 'javascript', 'python'];

const PING: CodeCase[] = [
  {
    name: 'ping',
    http: { requests: [{ method: 'GET', path: '/ping' }, { method: 'POST', path: '/echo', body: { a: 1 } }] },
    expect: [{ status: 200, body: { pong: true } }, { status: 201, body: { a: 1 } }],
  },
  { name: 'after', http: { requests: [{ method: 'GET', path: '/ping' }] }, expect: [{ status: 200, body: { pong: true } }] },
];

const NODE_PING = `
module.exports.handler = (req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/ping') { res.statusCode = 200; res.end(JSON.stringify({ pong: true })); }
    else { res.statusCode = 201; res.end(body); }
  });
};
`;

describe('engine: HTTP cases', function () {
  this.timeout(30_000);
  let box: Sandbox;
  before(() => {
    box = new Sandbox();
  });
  after(() => box.cleanup());

  const question = builtinQuestion('http-status-codes');
  const exercise = question.exercise!;

  it('http-status-codes.yaml loads through the bank loader and uses http cases', async () => {
    const bank = await loadBank([{ dir: path.join(REPO_ROOT, 'questions'), origin: 'builtin' }]);
    assert.deepEqual(bank.problems.filter((p) => JSON.stringify(p).includes('http-status-codes')), []);
    assert.ok(bank.questions.some((q) => q.id === 'http-status-codes'));
    assert.equal(question.seed, 's1-15');
    assert.ok(exercise.cases.length >= 6);
    assert.ok(exercise.cases.every((c) => c.http && c.args === undefined));
  });

  for (const language of LANGUAGES) {
    it(`http-status-codes: the ${language} reference solution passes every case`, async () => {
      const report = await box.engine.run({ question, language, file: box.answer(language, exercise.solution[language]!) });
      assert.deepEqual(report.cases.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.status} ${c.message}`), []);
      assert.equal(report.passed, true);
      assert.equal(report.cases.length, exercise.cases.length);
    });

    it(`http-status-codes: the ${language} starter fails with expected and actual`, async () => {
      const report = await box.engine.run({ question, language, file: box.answer(language, exercise.starter[language]!) });
      assert.equal(report.passed, false);
      assert.ok(report.cases.every((c) => c.status === 'failed'), statuses(report).join(' '));
      const first = report.cases[0];
      assert.deepEqual(first.expected, exercise.cases[0].expect);
      assert.ok(Array.isArray(first.actual));
      const status = (first.actual as { status: number }[])[0].status;
      assert.ok(status === 200 || status === 501, `status ${status}`);
    });
  }

  it('request bodies and JSON responses travel both ways (JS, TS with an async handler, Python WSGI)', async () => {
    const q = codeQuestion('ping', 'handler', PING);
    assert.deepEqual(statuses(await box.run(q, 'javascript', NODE_PING)), ['passed', 'passed']);
    const ts = `export async function handler(req: any, res: any): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c);
  await new Promise((r) => setTimeout(r, 5));
  res.writeHead(req.url === '/ping' ? 200 : 201, { 'content-type': 'application/json; charset=utf-8' });
  res.end(req.url === '/ping' ? JSON.stringify({ pong: true }) : Buffer.concat(chunks));
}
`;
    assert.deepEqual(statuses(await box.run(q, 'typescript', ts)), ['passed', 'passed']);
    const py = `import json

def handler(environ, start_response):
    size = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(size) if size else b""
    if environ["PATH_INFO"] == "/ping":
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps({"pong": True}).encode()]
    start_response("201 Created", [("Content-Type", "application/json")])
    return [body]
`;
    assert.deepEqual(statuses(await box.run(q, 'python', py)), ['passed', 'passed']);
  });

  it('a text response is compared as text', async () => {
    const q = codeQuestion('text', 'handler', [
      { name: 'text', http: { requests: [{ method: 'GET', path: '/' }] }, expect: [{ status: 200, body: 'hello' }] },
    ]);
    const report = await box.run(q, 'javascript', "module.exports.handler = (req, res) => { res.setHeader('content-type', 'text/plain'); res.end('hello!'); };");
    assert.deepEqual(statuses(report), ['failed']);
    assert.deepEqual(report.cases[0].actual, [{ status: 200, body: 'hello!' }]);
  });

  it('the server listens on 127.0.0.1', async () => {
    const q = codeQuestion('where', 'handler', [
      { name: 'where', http: { requests: [{ method: 'GET', path: '/' }] }, expect: [{ status: 200, body: { local: '127.0.0.1', remote: '127.0.0.1' } }] },
    ]);
    const js = `module.exports.handler = (req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ local: req.socket.localAddress, remote: req.socket.remoteAddress }));
};`;
    const report = await box.run(q, 'javascript', js);
    assert.deepEqual(report.cases.map((c) => `${c.status} ${c.message ?? ''}`), ['passed ']);
    // WSGI does not tell the app its local address; the client's is loopback too.
    const remote = codeQuestion('remote', 'handler', [
      { name: 'remote', http: { requests: [{ method: 'GET', path: '/' }] }, expect: [{ status: 200, body: '127.0.0.1' }] },
    ]);
    const py = `def handler(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [environ["REMOTE_ADDR"].encode()]
`;
    assert.deepEqual(statuses(await box.run(remote, 'python', py)), ['passed']);
  });

  for (const language of ['javascript', 'python'] as const) {
    it(`${language}: a handler that never responds is a clear error, and the run ends`, async () => {
      const q = codeQuestion('silent', 'handler', [
        { name: 'silent', http: { requests: [{ method: 'GET', path: '/ping' }, { method: 'GET', path: '/items/1' }] }, expect: [] },
        { name: 'next', http: { requests: [{ method: 'GET', path: '/ping' }] }, expect: [{ status: 200, body: { pong: true } }] },
      ]);
      const js = `module.exports.handler = (req, res) => {
  if (req.url === '/ping') { res.setHeader('content-type', 'application/json'); res.end('{"pong":true}'); }
  // /items/1: never answered
};`;
      const py = `import time

def handler(environ, start_response):
    if environ["PATH_INFO"] == "/ping":
        start_response("200 OK", [("Content-Type", "application/json")])
        return [b'{"pong":true}']
    time.sleep(1000)
`;
      const started = performance.now();
      const report = await box.run(q, language, language === 'python' ? py : js, { limits: { timeMs: 6000 } });
      assert.ok(performance.now() - started < 5000, `took ${performance.now() - started} ms`);
      assert.deepEqual(statuses(report), ['error', 'passed']);
      assert.match(report.cases[0].message!, /^the handler did not respond to GET \/items\/1 within 2 s/);
    });
  }

  it('a short run limit shortens the wait for a response, so the error still says why', async () => {
    const q = codeQuestion('silent', 'handler', [
      { name: 'silent', http: { requests: [{ method: 'GET', path: '/x' }] }, expect: [] },
    ]);
    const report = await box.run(q, 'typescript', 'export function handler(req: unknown, res: unknown): void {}\n');
    assert.deepEqual(statuses(report), ['error']);
    assert.match(report.cases[0].message!, /^the handler did not respond to GET \/x within 0\.5 s/);
  });

  const THROWS: CodeCase[] = [
    { name: 'throws', http: { requests: [{ method: 'GET', path: '/boom' }] }, expect: [{ status: 200, body: {} }] },
    { name: 'next', http: { requests: [{ method: 'GET', path: '/ok' }] }, expect: [{ status: 200, body: 'ok' }] },
  ];

  it('javascript: a handler that throws (at once, later in a callback, or async) is an error verdict on that case only', async () => {
    const q = codeQuestion('throws', 'handler', THROWS);
    const sync = `module.exports.handler = (req, res) => {
  if (req.url === '/boom') throw new TypeError('kaput');
  res.end('ok');
};`;
    let report = await box.run(q, 'javascript', sync);
    assert.deepEqual(statuses(report), ['error', 'passed']);
    assert.equal(report.cases[0].message, 'TypeError: kaput (while handling GET /boom)');
    assert.equal(report.cases[0].location?.line, 2);

    const later = `module.exports.handler = (req, res) => {
  if (req.url === '/boom') { setTimeout(() => { throw new Error('later'); }, 5); return; }
  res.end('ok');
};`;
    report = await box.run(q, 'javascript', later);
    assert.deepEqual(statuses(report), ['error', 'passed']);
    assert.match(report.cases[0].message!, /^Error: later/);

    const rejects = `module.exports.handler = async (req, res) => {
  await null;
  if (req.url === '/boom') throw new RangeError('async kaput');
  res.end('ok');
};`;
    report = await box.run(q, 'javascript', rejects);
    assert.deepEqual(statuses(report), ['error', 'passed']);
    assert.equal(report.cases[0].message, 'RangeError: async kaput (while handling GET /boom)');
  });

  it('python: an app that raises is an error verdict with its traceback, and the next case runs', async () => {
    const q = codeQuestion('throws', 'handler', THROWS);
    const py = `def handler(environ, start_response):
    if environ["PATH_INFO"] == "/boom":
        raise KeyError("kaput")
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
`;
    const report = await box.run(q, 'python', py);
    assert.deepEqual(statuses(report), ['error', 'passed']);
    assert.equal(report.cases[0].message, "KeyError: 'kaput' (while handling GET /boom)");
    assert.equal(report.cases[0].location?.line, 3);
  });

  describe('recorded response headers (http.headers)', () => {
    const CREATE: CodeCase[] = [
      {
        name: 'create',
        http: { headers: ['Location', 'allow', 'X-Tag'], requests: [{ method: 'POST', path: '/items' }, { method: 'DELETE', path: '/items' }] },
        expect: [
          { status: 201, body: { id: 7 }, headers: { location: '/items/7', allow: null, 'x-tag': 'a, b' } },
          { status: 405, body: 'no', headers: { location: null, allow: 'GET, POST', 'x-tag': null } },
        ],
      },
    ];
    const node = (exportLine: string): string => `${exportLine} {
  if (req.method === 'POST') {
    res.setHeader('Location', '/items/7');
    res.setHeader('X-Tag', ['a', 'b']);
    res.setHeader('Content-Type', 'application/json');
    res.statusCode = 201;
    res.end('{"id":7}');
  } else {
    res.writeHead(405, { Allow: 'GET, POST', 'Content-Type': 'text/plain' });
    res.end('no');
  }
}`;
    const sources: Record<Language, string> = {
      javascript: node('module.exports.handler = function (req, res)'),
      typescript: node('export function handler(req: any, res: any): void'),
      python: `def handler(environ, start_response):
    if environ["REQUEST_METHOD"] == "POST":
        start_response("201 Created", [("Location", "/items/7"), ("X-Tag", "a"), ("Content-Type", "application/json"), ("x-tag", "b")])
        return [b'{"id":7}']
    start_response("405 Method Not Allowed", [("Allow", "GET, POST"), ("Content-Type", "text/plain")])
    return [b"no"]
`,
    };

    for (const language of LANGUAGES) {
      it(`${language}: named headers are recorded lower-cased, repeats joined with ", ", a missing one as null`, async () => {
        const report = await box.run(codeQuestion('create', 'handler', CREATE), language, sources[language]);
        assert.deepEqual(report.cases.map((c) => `${c.status} ${c.message ?? ''}`), ['passed ']);
        assert.deepEqual(report.cases[0].actual, CREATE[0].expect);
      });
    }

    it('a wrong header value fails the case and shows the recorded headers', async () => {
      const q = codeQuestion('create', 'handler', [{ ...CREATE[0], expect: [{ status: 201, body: { id: 7 }, headers: { location: '/items/8', allow: null, 'x-tag': 'a, b' } }, (CREATE[0].expect as unknown[])[1]] }]);
      const report = await box.run(q, 'javascript', sources.javascript);
      assert.deepEqual(statuses(report), ['failed']);
      assert.deepEqual((report.cases[0].actual as { headers: unknown }[])[0].headers, { location: '/items/7', allow: null, 'x-tag': 'a, b' });
    });

    it('without the option the responses keep the old {status, body} shape', async () => {
      const plain: CodeCase[] = [{ name: 'plain', http: { requests: CREATE[0].http!.requests }, expect: [] }];
      for (const language of ['javascript', 'python'] as const) {
        const report = await box.run(codeQuestion('plain', 'handler', plain), language, sources[language]);
        assert.deepEqual(report.cases[0].actual, [{ status: 201, body: { id: 7 } }, { status: 405, body: 'no' }], language);
      }
    });

    const rest = builtinQuestion('rest-items-resource');
    const restExercise = rest.exercise!;
    const headerCases = restExercise.cases.filter((c) => c.http?.headers).map((c) => c.name);

    it('rest-items-resource checks Location and Allow, and its references pass in every language while the starters fail', async () => {
      assert.equal(rest.seed, 's1-10');
      assert.ok(headerCases.length >= 2, headerCases.join(', '));
      const expected = JSON.stringify(restExercise.cases.map((c) => c.expect));
      assert.ok(expected.includes('"location":"/items/1"') && expected.includes('"allow":"GET, PUT, PATCH, DELETE"'));
      for (const language of LANGUAGES) {
        const good = await box.engine.run({ question: rest, language, file: box.answer(language, restExercise.solution[language]!) });
        assert.deepEqual(good.cases.filter((c) => c.status !== 'passed').map((c) => `${language} ${c.name}: ${c.status} ${c.message}`), []);
        const starter = await box.engine.run({ question: rest, language, file: box.answer(language, restExercise.starter[language]!) });
        assert.equal(starter.passed, false, language);
      }
    });

    it('rest-items-resource: an answer that leaves out Allow fails exactly the 405 case', async () => {
      const solution = restExercise.solution.javascript!;
      assert.ok(solution.includes("res.setHeader('Allow', allow);"));
      const report = await box.engine.run({
        question: rest,
        language: 'javascript',
        file: box.answer('javascript', solution.replace("res.setHeader('Allow', allow);", '')),
      });
      const failed = report.cases.filter((c) => c.status !== 'passed');
      assert.deepEqual(failed.map((c) => `${c.name}: ${c.status}`), [`${headerCases.find((name) => name.includes('405'))}: failed`]);
      const actual = failed[0].actual as { status: number; headers: { allow: string | null } }[];
      assert.deepEqual(actual.filter((r) => r.status === 405).map((r) => r.headers), [
        { location: null, allow: null }, { location: null, allow: null }, { location: null, allow: null },
      ]);
    });

    it('the schema takes a non-empty list of header names', () => {
      const data = parseYaml(fs.readFileSync(path.join(REPO_ROOT, 'questions', 'coding', 'http-status-codes.yaml'), 'utf8')) as {
        exercise: { cases: { http: { headers?: unknown } }[] };
      };
      const issuesWith = (headers: unknown): string[] => {
        data.exercise.cases[0].http.headers = headers;
        return validateQuestion(data).map((i) => `${formatPath(i.path)}: ${i.message}`);
      };
      assert.deepEqual(issuesWith(['Location', 'allow', 'x-request-id']), []);
      for (const bad of [[], ['Location: /x'], ['allow', 'allow'], 'location', [7]]) {
        const issues = issuesWith(bad);
        assert.ok(issues.length > 0 && issues.every((i) => i.startsWith('exercise.cases[0].http.headers')), `${JSON.stringify(bad)}: ${issues.join('; ')}`);
      }
    });
  });

  it('no server is left behind: the port is closed after the run', async () => {
    const q = codeQuestion('port', 'handler', [
      { name: 'port', http: { requests: [{ method: 'GET', path: '/' }] }, expect: [] },
    ]);
    const report = await box.run(q, 'javascript', "module.exports.handler = (req, res) => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify(req.socket.localPort)); };");
    const port = (report.cases[0].actual as { body: number }[])[0].body;
    assert.ok(Number.isInteger(port) && port > 0);
    const net = await import('node:net');
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.on('error', () => resolve(true));
    });
    assert.equal(refused, true);
  });
});
