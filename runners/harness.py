"""Interview Drills: the child process that runs a Python answer.

It starts ahead of time and waits on stdin for one job (see src/core/runners/protocol.ts): the
answer's source, the function's name and each case's arguments. It sets the memory limit, loads
the answer under the user's own file name (so tracebacks point there), calls the function once
per case and reports each result as JSON on fd 3, every line prefixed with the job's token. It
never compares anything: the engine does that, so the code under test cannot make a case pass.
"""

import importlib.abc
import importlib.util
import json
import linecache
import os
import sys
import time
import traceback
import types

# Loaded while the child waits for its job, so a run does not pay for what answers often use.
import bisect  # noqa: F401
import collections  # noqa: F401
import functools  # noqa: F401
import hashlib  # noqa: F401
import heapq  # noqa: F401
import itertools  # noqa: F401
import math  # noqa: F401
import re  # noqa: F401

RESULT_FD = 3
NON_JSON_KEY = "$nonJson"
MAX_RESULT_CHARS = 16 * 1024 * 1024
MAX_DEPTH = 400
MODULE_NAME = "answer"

# What the harness needs, taken before any code under test can replace it.
_dumps = json.dumps
_loads = json.loads
_write = os.write
_read = os.read
_perf_counter = time.perf_counter
_exit = os._exit


def _read_line():
    chunks = []
    while True:
        data = _read(0, 65536)
        if not data:
            return None
        newline = data.find(b"\n")
        if newline >= 0:
            chunks.append(data[:newline])
            return b"".join(chunks)
        chunks.append(data)


def _wait_for_end():
    """Blocks until stdin closes: the engine ends the process after reading our last message."""
    try:
        while _read(0, 65536):
            pass
    except OSError:
        pass
    _exit(0)


def _vm_data_kb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


def _messenger(token):
    """Writes messages to fd 3. The token lives only in this closure."""
    # The leading newline ends any partial line the code under test wrote to fd 3.
    prefix = ("\n" + token).encode("ascii")

    def send(message):
        data = prefix + _dumps(message, separators=(",", ":")).encode("utf-8") + b"\n"
        while data:
            data = data[_write(RESULT_FD, data):]

    return send


class _Capture:
    """Printed output of the case running now, capped."""

    def __init__(self, cap):
        self.cap = cap
        self.parts = []
        self.size = 0
        self.dropped = 0

    def add(self, text):
        room = self.cap - self.size
        if room >= len(text):
            self.parts.append(text)
            self.size += len(text)
        else:
            if room > 0:
                self.parts.append(text[:room])
                self.size += room
            self.dropped += len(text) - max(room, 0)

    def take(self):
        text = "".join(self.parts)
        if self.dropped:
            text += "\n… (%d more characters not shown)" % self.dropped
        self.parts = []
        self.size = 0
        self.dropped = 0
        return text


class _Tee:
    """A text stream that also records what is written; everything still reaches the real stream."""

    def __init__(self, stream, capture):
        self._stream = stream
        self._capture = capture

    def write(self, text):
        if isinstance(text, str):
            self._capture.add(text)
        return self._stream.write(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        return self._stream.flush()

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _set_memory_limit(memory_mb):
    try:
        import resource

        limit = int(memory_mb) * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY and hard < limit:
            limit = hard
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass  # not on this platform: the engine's own watch still applies


class _AnswerLoader(importlib.abc.Loader):
    """Loads the answer's source (possibly unsaved editor text) under the user's file name."""

    def __init__(self, source, path):
        self.source = source
        self.path = path

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        code = compile(self.source, self.path, "exec", dont_inherit=True)
        exec(code, module.__dict__)


def _load(job):
    user_file = job["userFile"]
    with open(job["codeFile"], "rb") as f:
        source = importlib.util.decode_source(f.read())
    # Tracebacks show lines of this source, also when the editor's text is not saved.
    linecache.cache[user_file] = (len(source), None, source.splitlines(True), user_file)
    loader = _AnswerLoader(source, user_file)
    spec = importlib.util.spec_from_loader(MODULE_NAME, loader, origin=user_file)
    module = importlib.util.module_from_spec(spec)
    module.__file__ = user_file
    sys.modules[MODULE_NAME] = module
    loader.exec_module(module)
    return module


def _defined_names(module):
    names = []
    for key, value in vars(module).items():
        if key.startswith("__") or isinstance(value, types.ModuleType):
            continue
        kind = "function" if callable(value) else type(value).__name__
        names.append("%s (%s)" % (key, kind))
    return names


def _safe_str(value):
    try:
        return str(value)
    except BaseException:  # noqa: B036 - a broken __str__ must not break the harness
        return "(could not be shown)"


def _describe(error):
    info = {"isError": True, "name": type(error).__name__, "message": _safe_str(error)}
    try:
        info["frames"] = [
            {"file": f.filename, "line": f.lineno or 0, "name": f.name, "code": f.line or ""}
            for f in traceback.extract_tb(error.__traceback__)
        ]
    except BaseException:  # noqa: B036
        info["frames"] = []
    if isinstance(error, SyntaxError):
        info["message"] = _safe_str(error.msg)
        info["file"] = error.filename
        info["line"] = error.lineno
        info["col"] = error.offset
    return info


def _marker(text):
    return {NON_JSON_KEY: text}


def _where(path):
    return " at %s" % path if path else ""


def _mark(value, ancestors, notes, path, depth):
    """The result as JSON values, with markers for what JSON cannot say (NaN, sets, objects)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            text = "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")
            notes.append("the result has %s%s, which is not a JSON number" % (text, _where(path)))
            return _marker(text)
        return value
    if id(value) in ancestors:
        notes.append("the result has a cycle%s: a list or dict that contains itself" % _where(path))
        return _marker("[Circular]")
    if depth >= MAX_DEPTH:
        notes.append("the result is nested more than %d levels deep" % MAX_DEPTH)
        return _marker("[nested too deeply]")
    if isinstance(value, (list, tuple)):
        ancestors.add(id(value))
        try:
            return [_mark(item, ancestors, notes, "%s[%d]" % (path, i), depth + 1) for i, item in enumerate(value)]
        finally:
            ancestors.discard(id(value))
    if isinstance(value, dict):
        ancestors.add(id(value))
        try:
            out = {}
            for key, item in value.items():
                name = key if isinstance(key, str) else _dumps(key) if isinstance(key, (int, float, bool)) or key is None else repr(key)
                out[name] = _mark(item, ancestors, notes, "%s[%r]" % (path, key), depth + 1)
            return out
        finally:
            ancestors.discard(id(value))
    if isinstance(value, (set, frozenset)):
        notes.append("the result has a %s%s: return a list, e.g. sorted(...)" % (type(value).__name__, _where(path)))
        return _marker("%s(%d items)" % (type(value).__name__, len(value)))
    text = _safe_str(repr(value))[:200]
    notes.append("the result has a %s%s, which is not a JSON value" % (type(value).__name__, _where(path)))
    return _marker(text)


def _value_outcome(value):
    note = None
    try:
        text = _dumps(value, allow_nan=False, separators=(",", ":"))
    except (ValueError, TypeError, RecursionError):
        notes = []
        text = _dumps(_mark(value, set(), notes, "", 0), separators=(",", ":"))
        note = notes[0] if notes else None
    if len(text) > MAX_RESULT_CHARS:
        text = _dumps(_marker("[result too large]"))
        note = "the result is larger than %d MB as JSON" % (MAX_RESULT_CHARS // (1024 * 1024))
    if value is None:
        note = "the function returned None: did it forget to return the result?"
    outcome = {"kind": "value", "json": text}
    if note:
        outcome["note"] = note
    return outcome


def _call(fn, args):
    try:
        result = fn(*args)
        if isinstance(result, types.CoroutineType):
            import asyncio

            result = asyncio.run(result)
    except MemoryError:
        return {"kind": "memory", "detail": "MemoryError"}
    except SystemExit as stop:
        return {"kind": "exit", "code": _safe_str(stop.code if stop.code is not None else 0)}
    except BaseException as error:  # noqa: B036 - every failure is the case's verdict
        return {"kind": "threw", "error": _describe(error)}
    try:
        return _value_outcome(result)
    except MemoryError:
        return {"kind": "memory", "detail": "MemoryError while reading the result"}
    except BaseException as error:  # noqa: B036
        info = _describe(error)
        info["message"] = "reading the result failed: " + info["message"]
        return {"kind": "threw", "error": info}


class _HandlerTimeout(Exception):
    pass


def _http_server(app, errors, where):
    """A WSGI server on an ephemeral port on 127.0.0.1 serving `app`; quiet, one request at a time."""
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    class QuietServer(WSGIServer):
        def handle_error(self, request, client_address):
            pass

    def guarded(environ, start_response):
        # The app's own failures are the case's verdict: recorded here (body included, since the
        # body is read here too), and answered with a 500 so the client is not left waiting.
        try:
            result = app(environ, start_response)
            try:
                body = [bytes(chunk) for chunk in result]
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
            return body
        except BaseException as error:  # noqa: B036 - every failure is the case's verdict
            errors.append((error, where[0]))
            try:
                start_response("500 Internal Server Error", [("Content-Type", "text/plain")], sys.exc_info())
            except BaseException:  # noqa: B036 - headers already sent: the connection just ends
                pass
            return [b"the handler raised an exception"]

    return make_server("127.0.0.1", 0, guarded, server_class=QuietServer, handler_class=QuietHandler)


def _pick_headers(response, names):
    """The named response headers keyed by lower-cased name: every value in the order received,
    joined with ", " (as http.client's getheader does), or None when the response has none."""
    picked = {}
    for name in names:
        values = response.msg.get_all(name) or []
        picked[name.lower()] = ", ".join(value.strip() for value in values) if values else None
    return picked


def _http_exchange(port, request, timeout, record=None):
    import http.client
    import socket

    label = "%s %s" % (request["method"], request["path"])
    headers = dict(request.get("headers") or {})
    lower = {key.lower() for key in headers}
    body = None
    if "body" in request:
        value = request["body"]
        if isinstance(value, str):
            body = value.encode("utf-8")
        else:
            body = _dumps(value, separators=(",", ":")).encode("utf-8")
            if "content-type" not in lower:
                headers["Content-Type"] = "application/json"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    answered = False
    try:
        connection.request(request["method"], request["path"], body=body, headers=headers)
        response = connection.getresponse()
        answered = True
        data = response.read()
    except (socket.timeout, TimeoutError):
        seconds = "%g s" % round(timeout, 1)
        if answered:
            raise _HandlerTimeout("the handler started answering %s but did not finish the response within %s" % (label, seconds))
        raise _HandlerTimeout("the handler did not respond to %s within %s (does it call start_response and return the body?)" % (label, seconds))
    except (OSError, http.client.HTTPException) as error:
        raise _HandlerTimeout("the request %s failed: %s" % (label, _safe_str(error) or type(error).__name__))
    finally:
        connection.close()
    text = data.decode("utf-8", errors="replace")
    body = text
    if re.search(r"\bjson\b", response.getheader("Content-Type") or "", re.IGNORECASE):
        try:
            body = _loads(text)
        except ValueError:
            body = text
    if record is not None:
        return {"status": response.status, "body": body, "headers": _pick_headers(response, record)}
    return {"status": response.status, "body": body}


def _call_http(fn, spec):
    """An http case: serves the WSGI app `fn`, sends the requests in order, returns the responses."""
    import threading

    errors = []
    where = [""]
    try:
        server = _http_server(fn, errors, where)
    except BaseException as error:  # noqa: B036
        return {"kind": "http-error", "message": "the test server could not be started on 127.0.0.1: %s" % _safe_str(error)}
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    port = server.server_address[1]
    timeout = spec["timeoutMs"] / 1000.0
    stuck = False
    try:
        responses = []
        for request in spec["requests"]:
            where[0] = "%s %s" % (request["method"], request["path"])
            try:
                responses.append(_http_exchange(port, request, timeout, spec.get("headers")))
            except _HandlerTimeout as error:
                stuck = not errors
                if errors:
                    break
                return {"kind": "http-error", "message": str(error)}
            if errors:
                break
        if errors:
            error, label = errors[0]
            if isinstance(error, MemoryError):
                return {"kind": "memory", "detail": "MemoryError"}
            if isinstance(error, SystemExit):
                return {"kind": "exit", "code": _safe_str(error.code if error.code is not None else 0)}
            info = _describe(error)
            info["message"] = "%s (while handling %s)" % (info["message"], label) if info["message"] else "while handling %s" % label
            return {"kind": "threw", "error": info}
        return _value_outcome(responses)
    finally:
        if stuck:
            # The handler is still running in the server's thread and cannot be stopped: close the
            # listening socket and leave the thread (a daemon) behind.
            server._BaseServer__shutdown_request = True
        else:
            server.shutdown()
            thread.join(2)
        server.server_close()


def _run(job, send):
    capture = _Capture(job["outputCap"])
    sys.stdout = _Tee(sys.stdout, capture)
    sys.stderr = _Tee(sys.stderr, capture)
    try:
        os.chdir(job["cwd"])
        _set_memory_limit(job["memoryMb"])
        module = _load(job)
        fn = getattr(module, job["entry"], None)
        if not callable(fn):
            send({
                "type": "load-error",
                "missingEntry": True,
                "exports": _defined_names(module),
                "error": {"isError": False, "message": "no function named %s" % job["entry"]},
                "output": capture.take(),
            })
            _wait_for_end()
    except MemoryError:
        send({"type": "load-error", "memory": True, "error": {"isError": True, "name": "MemoryError", "message": ""}, "output": capture.take()})
        _wait_for_end()
    except SystemExit as stop:
        code = _safe_str(stop.code if stop.code is not None else 0)
        send({"type": "load-error", "exitCode": code, "error": {"isError": True, "name": "SystemExit", "message": code}, "output": capture.take()})
        _wait_for_end()
    except BaseException as error:  # noqa: B036
        send({"type": "load-error", "error": _describe(error), "output": capture.take()})
        _wait_for_end()

    for index, case in enumerate(job["cases"]):
        send({"type": "start", "index": index})
        started = _perf_counter()
        outcome = _call_http(fn, case["http"]) if case.get("http") else _call(fn, case["args"])
        ms = (_perf_counter() - started) * 1000
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:  # noqa: B036
                pass
        send({"type": "result", "index": index, "ms": ms, "output": capture.take(), "outcome": outcome})
    send({"type": "done"})
    _wait_for_end()


def _main():
    line = _read_line()
    if line is None:
        _exit(0)  # the engine went away while this child was waiting
    job = _loads(line)
    send = _messenger(job.pop("token"))
    del line
    send({"type": "hello", "dataKb": _vm_data_kb()})
    _run(job, send)


if __name__ == "__main__":
    _main()
