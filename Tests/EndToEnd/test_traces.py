"""Traces, as a collector receives them: the app sends OTLP over HTTP (JSON) to a receiver this test starts on
loopback, and the spans are read back from what arrived. A paste is one trace (the request, storing the paste,
each model call with the GenAI conventions, parsing, reading the values, validating, the marks, storing the draft),
so is each request of an import read from the queue; a retry is an event on its call's span. No span carries the
paste, the prompt, a key or a token."""

import base64
import json
import os
import re
import subprocess
import threading
import unittest
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from harness import BINARY, EMAIL, PASSWORD, ROOT, Cluster, Server, app, free_port, wait_until

MARKER = "얼룩말4417"
RENTAL = f"망원동 원룸 월세 보증금 500/월 45 관리비 5만 3/5층 즉시입주 {MARKER}"
API_KEY = "e2e-key"


class Receiver:
    """An OTLP/HTTP receiver (JSON encoding) on a loopback port: keeps every body posted to /v1/traces."""

    def __init__(self):
        self.bodies, self.lock = [], threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status = 404
                if self.path == "/v1/traces":
                    with receiver.lock:
                        receiver.bodies.append(body)
                    status = 200
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *arguments):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def raw(self):
        with self.lock:
            return b"".join(self.bodies)

    def spans(self):
        """Every span received, its attributes as a plain dict."""
        with self.lock:
            bodies = list(self.bodies)
        spans = []
        for body in bodies:
            for resource in json.loads(body).get("resourceSpans", []):
                for scope in resource.get("scopeSpans", []):
                    for span in scope.get("spans", []):
                        span["attrs"] = {a["key"]: value(a["value"]) for a in span.get("attributes", [])}
                        spans.append(span)
        return spans

    def stop(self):
        self.server.shutdown()


def value(any_value):
    """An OTLP AnyValue as Python."""
    if "arrayValue" in any_value:
        return [value(v) for v in any_value["arrayValue"].get("values", [])]
    for key in ("stringValue", "boolValue", "doubleValue"):
        if key in any_value:
            return any_value[key]
    if "intValue" in any_value:
        return int(any_value["intValue"])
    return None


class TraceTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = Cluster()
        cls.receiver = Receiver()
        # Every fourth call fails with a server error (a fixed seed): some pastes' calls are retried.
        port = free_port()
        cls.sim = Server("sim-traces", ["sim", "--port", str(port), "--latency", "0.2", "--fault",
                                        "server_error=0.25", "--seed", "7"], port, ready_path="/stats").start()
        cls.database = cls.cluster.create_database()
        cls.app = app(cls.cluster, cls.database, cls.sim, name="app-traces", environment={
            "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{cls.receiver.port}",
            "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json",
            "OTEL_BSP_SCHEDULE_DELAY": "100",
        }).start()
        cls.app.make_account(EMAIL, PASSWORD, admin=True)
        cls.token = cls.app.make_token(EMAIL)

    @classmethod
    def tearDownClass(cls):
        cls.app.stop()
        cls.sim.stop()
        cls.receiver.stop()
        cls.cluster.drop_database(cls.database)

    def paste(self, text):
        request = urllib.request.Request(
            self.app.base + "/api/v1/listings", data=json.dumps({"text": text}).encode(), method="POST",
            headers={"Content-Type": "application/json", "Authorization": "Bearer " + self.token})
        with urllib.request.urlopen(request, timeout=60) as response:
            self.assertEqual(response.status, 201)
            return json.load(response)

    def assert_parent(self, spans, child, parent):
        """The trace has `child` spans, all of them `parent`'s children."""
        by_id = {s["spanId"]: s for s in spans}
        parents = [by_id.get(s.get("parentSpanId"), {}).get("name") for s in spans if s["name"] == child]
        self.assertTrue(parents, f"a {child} span in {sorted(s['name'] for s in spans)}")
        self.assertEqual(set(parents), {parent}, f"{child}'s parent")

    def assert_reading_steps(self, spans, kind):
        """Each reading of a reply has its four steps as events, in order, within the span, with their counts."""
        for reading in [s for s in spans if s["name"] == "read reply"]:
            events = reading.get("events", [])
            self.assertEqual([e["name"] for e in events], ["parsed", "values read", "validated", "marked for review"])
            times = [int(reading["startTimeUnixNano"])] + [int(e["timeUnixNano"]) for e in events]
            times.append(int(reading["endTimeUnixNano"]))
            self.assertEqual(times, sorted(times), "the steps in order, within the reading")
            found = {e["name"]: {a["key"]: value(a["value"]) for a in e.get("attributes", [])} for e in events}
            self.assertGreater(found["parsed"]["listingdesk.reply_fields"], 0)
            self.assertTrue(found["parsed"]["listingdesk.has_envelope"])
            self.assertEqual(found["values read"]["listingdesk.kind"], kind)
            self.assertGreater(found["values read"]["listingdesk.fields"], 0)
            self.assertIn("listingdesk.issues", found["validated"])
            self.assertIn("listingdesk.marks", found["marked for review"])

    def test_a_paste_is_one_trace_with_each_step_and_no_text(self):
        listing = self.paste(RENTAL)

        def trace():
            # The trace of this paste (its store span names the listing), once its root has arrived too.
            spans = self.receiver.spans()
            stores = [s for s in spans if s["name"] == "store paste"
                      and s["attrs"].get("listingdesk.listing_id") == listing["id"]]
            if len(stores) != 1:
                return None
            spans = [s for s in spans if s["traceId"] == stores[0]["traceId"]]
            return spans if any(not s.get("parentSpanId") for s in spans) else None
        spans = wait_until(trace, 30, "the paste's trace")
        root = [s for s in spans if not s.get("parentSpanId")]
        self.assertEqual([s["name"] for s in root], ["/api/v1/listings"])
        self.assertEqual(root[0]["attrs"]["http.response.status_code"], 201)
        self.assertEqual(root[0]["attrs"]["http.request.method"], "POST")
        self.assert_parent(spans, "store paste", "/api/v1/listings")
        self.assert_parent(spans, "extract", "/api/v1/listings")
        self.assert_parent(spans, "chat sim-model", "extract")
        self.assert_parent(spans, "read reply", "extract")
        self.assert_reading_steps(spans, "real_estate")
        self.assert_parent(spans, "store draft", "/api/v1/listings")
        answered = [s for s in spans if s["name"] == "chat sim-model" and "error.type" not in s["attrs"]][-1]
        self.assertEqual(answered["kind"], 3, "a client span")
        attributes = answered["attrs"]
        self.assertEqual(attributes["gen_ai.operation.name"], "chat")
        self.assertEqual(attributes["gen_ai.request.model"], "sim-model")
        self.assertGreater(attributes["gen_ai.usage.input_tokens"], 0)
        self.assertGreater(attributes["gen_ai.usage.output_tokens"], 0)
        self.assertEqual(attributes["gen_ai.response.finish_reasons"], ["stop"])
        extract = [s for s in spans if s["name"] == "extract"][0]
        self.assertEqual(extract["attrs"]["listingdesk.kind"], "real_estate")
        self.assertEqual(extract["attrs"]["listingdesk.answered_by"], "sim-model")
        # Nothing of the paste, the prompt, the key or the token left the process.
        raw = self.receiver.raw().decode()
        for secret in (MARKER, "망원동", "보증금", API_KEY, self.token, "<listing"):
            self.assertNotIn(secret, raw)

    def test_a_retry_is_an_event_of_its_call(self):
        def retried():
            self.paste(RENTAL)
            return [s for s in self.receiver.spans() if s["name"] == "chat sim-model"
                    and any(e["name"] == "gen_ai.retry" for e in s.get("events", []))]
        calls = wait_until(retried, 60, "a model call retried after the simulator's server error")
        event = [e for e in calls[0]["events"] if e["name"] == "gen_ai.retry"][0]
        attributes = {a["key"]: value(a["value"]) for a in event.get("attributes", [])}
        self.assertEqual(attributes["error.type"], "server")
        self.assertGreaterEqual(attributes["listingdesk.attempt"], 2)

    def test_an_imported_listing_read_from_the_queue_is_a_trace(self):
        batch_file = ROOT / ".e2e" / "traces-batch.jsonl"
        batch_file.write_text(json.dumps({"text": "Nintendo Switch OLED, like new, $250, local pickup"}) + "\n")
        done = subprocess.run([str(BINARY), "import", str(batch_file), "--owner", EMAIL, "--no-wait"], cwd=ROOT,
                              env=self.app.environment, capture_output=True, text=True, timeout=120)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        listing = int(self.cluster.psql(self.database, "SELECT max(id) FROM listings")[0][0])

        def trace():
            roots = [s for s in self.receiver.spans() if s["name"] == "read queued paste"
                     and s["attrs"].get("listingdesk.listing_id") == listing
                     and s["attrs"].get("listingdesk.listing_ids") == [str(listing)]]
            if not roots:
                return None
            spans = [s for s in self.receiver.spans() if s["traceId"] == roots[0]["traceId"]]
            return spans if any(s["name"] == "store draft" for s in spans) else None
        try:
            spans = wait_until(trace, 60, "the queued listing's trace")
        except AssertionError:
            state = self.cluster.psql(self.database, f"SELECT status, model FROM listings WHERE id = {listing}")
            roots = [s["attrs"] for s in self.receiver.spans() if s["name"] == "read queued paste"]
            raise AssertionError(f"no trace of listing {listing} ({state}) among "
                                 f"{sorted({s['name'] for s in self.receiver.spans()})}; roots {roots}") from None
        self.assertEqual(sorted({s["name"] for s in spans if not s.get("parentSpanId")}), ["read queued paste"])
        self.assert_parent(spans, "extract", "read queued paste")
        self.assert_parent(spans, "store draft", "read queued paste")
        self.assertTrue(any(s["name"] == "chat sim-model" for s in spans))

    def test_a_batch_api_answer_is_a_trace(self):
        # The import reads its batch itself (without --no-wait), tracing as `serve` does. The app is stopped
        # meanwhile, so that its worker does not take the listings before they are sent to the Batch API.
        batch_file = ROOT / ".e2e" / "traces-batch-api.jsonl"
        batch_file.write_text(json.dumps({"text": "Sony WH-1000XM4 headphones, good condition, $120, shipping ok"}))
        self.app.stop()
        try:
            done = subprocess.run([str(BINARY), "import", str(batch_file), "--batch-api", "--owner", EMAIL],
                                  cwd=ROOT, env=self.app.environment, capture_output=True, text=True, timeout=180)
        finally:
            self.app.start()
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertIn("sent to the Batch API", done.stdout)
        listing = int(self.cluster.psql(self.database, "SELECT max(id) FROM listings")[0][0])

        def trace():
            roots = [s for s in self.receiver.spans() if s["name"] == "read Batch API answer"
                     and s["attrs"].get("listingdesk.listing_id") == listing]
            spans = roots and [s for s in self.receiver.spans() if s["traceId"] == roots[0]["traceId"]]
            return spans if spans and any(s["name"] == "store draft" for s in spans) else None
        spans = wait_until(trace, 30, "the Batch API answer's trace")
        self.assertEqual([s["name"] for s in spans if not s.get("parentSpanId")], ["read Batch API answer"])
        root = [s for s in spans if not s.get("parentSpanId")][0]
        self.assertEqual(root["attrs"]["listingdesk.outcome"], "answered")
        self.assert_parent(spans, "read reply", "read Batch API answer")
        self.assert_reading_steps(spans, "second_hand")
        self.assert_parent(spans, "store draft", "read Batch API answer")

    def test_a_server_fault_names_its_trace_beside_the_error_id(self):
        listing = self.paste(RENTAL)
        # A fault no request can cause: a table the save writes to is gone.
        self.cluster.psql(self.database, "ALTER TABLE listing_edits RENAME TO listing_edits_gone")
        try:
            request = urllib.request.Request(
                self.app.base + f"/api/v1/listings/{listing['id']}", method="PATCH",
                data=json.dumps({"version": listing["version"], "fields": {"monthly_rent": 460000}}).encode(),
                headers={"Content-Type": "application/json", "Authorization": "Bearer " + self.token})
            with self.assertRaises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=60)
            self.assertEqual(refused.exception.code, 500)
            message = json.load(refused.exception)["error"]["message"]
        finally:
            self.cluster.psql(self.database, "ALTER TABLE listing_edits_gone RENAME TO listing_edits")
        found = re.search(r"error ([0-9a-f]{8}), trace ([0-9a-f]{32})", message)
        self.assertIsNotNone(found, message)
        error_id, trace_id = found.groups()
        # The same trace at the collector: the request's span, ended with the 500.
        root = wait_until(lambda: [s for s in self.receiver.spans() if hex_id(s["traceId"]) == trace_id
                                   and not s.get("parentSpanId")], 30, "the failed request's trace")
        self.assertEqual(root[0]["attrs"]["http.response.status_code"], 500)
        # And in the log, on the line that says what failed.
        log = (ROOT / ".e2e" / "logs" / "app-traces.log").read_text()
        lines = [line for line in log.splitlines() if f"error_id={error_id}" in line]
        self.assertEqual(len(lines), 1, "the fault logged once")
        self.assertIn(f"trace_id={trace_id}", lines[0])


class TraceSettingTests(unittest.TestCase):
    """Settings swift-otel stops the process on (a `fatalError`, signal 4) are refused at start with their name."""

    def test_a_trace_setting_this_build_cannot_serve_is_refused_by_name_not_a_crash(self):
        refused = [
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"),
            ("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "GRPC"),
            ("OTEL_PROPAGATORS", "tracecontext,xray"),
            ("OTEL_PROPAGATORS", "b3multi"),
            ("OTEL_TRACES_SAMPLER", "jaeger_remote"),
            ("OTEL_TRACES_SAMPLER", "xray"),
            ("OTEL_TRACES_EXPORTER", "zipkin"),
        ]
        for name, setting in refused:
            for command in (["serve", "--port", "0"], ["worker"]):
                environment = {key: value for key, value in os.environ.items() if not key.startswith("OTEL_")}
                environment.update({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:9", name: setting,
                                    "DATABASE_URL": "postgres://postgres@127.0.0.1:9/none"})
                done = subprocess.run([str(BINARY), *command], cwd=ROOT, env=environment, capture_output=True,
                                      text=True, timeout=60, stdin=subprocess.DEVNULL)
                self.assertEqual(done.returncode, 1, f"{name}={setting} {command[0]}: {done.stderr[-400:]}")
                self.assertIn(name, done.stderr, f"{name}={setting} named")
                self.assertNotIn("Fatal error", done.stderr)


def hex_id(encoded):
    """A trace id as OTLP/JSON carries it (hex, or base64 as protobuf's JSON writes bytes) in hex."""
    if re.fullmatch(r"[0-9a-f]{32}", encoded):
        return encoded
    return base64.b64decode(encoded).hex()


if __name__ == "__main__":
    unittest.main()
