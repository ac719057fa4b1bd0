"""A minimal Language Server Protocol client for the tests and the benchmark: starts `vaultlint lsp`,
frames JSON-RPC messages with Content-Length, and reads the server's messages on a thread."""
import json
import queue
import subprocess
import threading
import time


class Client:
    def __init__(self, vaultlint, cwd=None, args=()):
        self.proc = subprocess.Popen([vaultlint, "lsp", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=cwd)
        self.messages = queue.Queue()
        self.next_id = 1
        self.diagnostics = {}    # uri -> the last diagnostics published
        self.published = []      # (time, uri, diagnostics) of every publication, in order
        self.logs = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    # Writing.
    def send_bytes(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send_body(self, body):
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.send_bytes(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def send(self, message):
        self.send_body(json.dumps(message))

    def request(self, method, params=None):
        i = self.next_id
        self.next_id += 1
        m = {"jsonrpc": "2.0", "id": i, "method": method}
        if params is not None:
            m["params"] = params
        self.send(m)
        return i

    def notify(self, method, params=None):
        m = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            m["params"] = params
        self.send(m)

    # Reading.
    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                k, v = line.decode().split(":", 1)
                headers[k.strip().lower()] = v.strip()
            body = out.read(int(headers["content-length"]))
            message = json.loads(body)
            if isinstance(message, dict) and message.get("method") == "textDocument/publishDiagnostics":
                p = message["params"]
                self.diagnostics[p["uri"]] = p["diagnostics"]
                self.published.append((time.monotonic(), p["uri"], p["diagnostics"]))
            if isinstance(message, dict) and message.get("method") in ("window/logMessage", "window/showMessage"):
                self.logs.append(message["params"]["message"])
            self.messages.put(message)

    def next_message(self, timeout=30):
        return self.messages.get(timeout=timeout)

    def response(self, request_id, timeout=60):
        """The response to a request (other messages are kept in .diagnostics / .logs)."""
        deadline = time.monotonic() + timeout
        while True:
            m = self.messages.get(timeout=max(0.01, deadline - time.monotonic()))
            if m is None:
                raise EOFError("the server ended")
            if isinstance(m, dict) and m.get("id") == request_id and "method" not in m:
                return m

    def error_response(self, timeout=30):
        """The next message that is an error response (id null, for malformed input)."""
        deadline = time.monotonic() + timeout
        while True:
            m = self.messages.get(timeout=max(0.01, deadline - time.monotonic()))
            if m is None:
                raise EOFError("the server ended")
            if isinstance(m, (dict, list)) and (isinstance(m, list) or "error" in m):
                return m

    def wait_published(self, uri, count_before, timeout=60, until=None):
        """Waits for a publication for `uri` after the first `count_before` publications (one for which
        `until(diagnostics)` holds, when given); returns it, or the last one for `uri` at the timeout."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            for t, u, d in self.published[count_before:]:
                if u == uri:
                    last = d
                    if until is None or until(d):
                        return d
            time.sleep(0.005)
        if last is not None:
            return last
        raise TimeoutError(f"no diagnostics for {uri}")

    def initialize(self, root_uri, capabilities=None):
        i = self.request("initialize", {"processId": None, "rootUri": root_uri, "capabilities": capabilities or {}})
        r = self.response(i)
        self.notify("initialized", {})
        return r

    def open(self, uri, text, version=1, language="bicep"):
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language, "version": version,
                                                              "text": text}})

    def change(self, uri, text, version):
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [{"text": text}]})

    def close(self):
        try:
            i = self.request("shutdown")
            self.response(i, timeout=30)
            self.notify("exit")
        except Exception:
            pass
        try:
            return self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return -1
