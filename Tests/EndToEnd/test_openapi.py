"""The OpenAPI document (Public/openapi.json) held to the server's real answers: every operation of /api/v1 is
called on a running server, for each status the document names (both listing kinds, the errors too), and every
answer is validated against the document's schema for that operation and status. A status the document names
that no request here produced fails the test, as does an answer the document does not describe. Then the client
that swift-openapi-generator made from the same document (Examples/ListingDeskClient) walks the API."""

import http.client
import json
import subprocess
import threading
import unittest
import urllib.request

from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate as validate_document

from harness import BINARY, EMAIL, PASSWORD, ROOT, Cluster, app, simulator, wait_until

DOCUMENT = json.loads((ROOT / "Public" / "openapi.json").read_text())
RENTAL = "망원동 원룸 월세 보증금 500/월 45 관리비 5만 3/5층 즉시입주"
DESK = "Selling my IKEA desk, barely used, $40 obo, pickup in Brooklyn"
QUESTION = "Does anyone know a good plumber near Mapo? My sink is leaking."
MEMBER = "member@example.com"
CLIENT_PACKAGE = ROOT / "Examples" / "ListingDeskClient"


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body)


class OpenAPITests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = Cluster()
        # A second a reply: long enough to catch a paste while it is read (409, 429).
        cls.sim = simulator(latency_seconds=1).start()
        cls.database = cls.cluster.create_database()
        cls.app = app(cls.cluster, cls.database, cls.sim, name="app-openapi",
                      environment={"LISTINGDESK_READINGS_PER_ACCOUNT": "1"}).start()
        cls.app.make_account(EMAIL, PASSWORD, admin=True)
        cls.app.make_account(MEMBER, PASSWORD)
        cls.admin = cls.app.make_token(EMAIL)
        cls.member = cls.app.make_token(MEMBER)

    @classmethod
    def tearDownClass(cls):
        cls.app.stop()
        cls.sim.stop()
        cls.cluster.drop_database(cls.database)

    def setUp(self):
        self.seen = set()

    # Calling and checking

    def call(self, method, path, body=None, token="admin", headers=None, raw=None):
        """One request on a connection of its own; `body` is sent as JSON, `raw` as it is."""
        connection = http.client.HTTPConnection("127.0.0.1", self.app.port, timeout=60)
        sent = {"Host": f"127.0.0.1:{self.app.port}"}
        if token:
            sent["Authorization"] = "Bearer " + {"admin": self.admin, "member": self.member}.get(token, token)
        data = raw
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            sent["Content-Type"] = "application/json"
        sent.update(headers or {})
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        answer = Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        connection.close()
        return answer

    def operation(self, template, method):
        item = DOCUMENT["paths"][template]
        return item[method.lower()]

    def resolve(self, node):
        while "$ref" in node:
            name = node["$ref"].split("/")
            node = DOCUMENT
            for part in name[1:]:
                node = node[part]
        return node

    def expect(self, template, method, status, answer, code=None):
        """The answer has `status`, and the document describes it: its headers, its body's schema."""
        self.assertEqual(answer.status, status, f"{method} {template}: {answer.body[:300]!r}")
        operation = self.operation(template, method)
        documented = operation["responses"].get(str(status))
        self.assertIsNotNone(documented, f"{method} {template} answered {status}, which the document does not name")
        described = self.resolve(documented)
        for header in described.get("headers", {}):
            # The ETag of a 409 is the stale version's (a paste still being read has none).
            if header != "ETag" or code == "stale_version":
                self.assertIn(header.lower(), answer.headers, f"{method} {template} {status}: the {header} header")
        content = described.get("content")
        if content is None:
            self.assertEqual(answer.body, b"", f"{method} {template} {status}: no body")
        else:
            self.assertTrue(answer.headers.get("content-type", "").startswith("application/json"),
                            f"{method} {template} {status}: {answer.headers.get('content-type')}")
            schema = dict(content["application/json"]["schema"], components=DOCUMENT["components"])
            errors = sorted(OAS31Validator(schema).iter_errors(answer.json()), key=str)
            self.assertEqual([], [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors][:5],
                             f"{method} {template} {status}: the answer is not as documented")
            if code:
                self.assertEqual(answer.json()["error"]["code"], code)
        self.seen.add((template, method.lower(), str(status)))
        return answer

    def sql(self, query):
        return self.cluster.psql(self.database, query)

    def paste(self, text):
        answer = self.call("POST", "/api/v1/listings", {"text": text})
        return self.expect("/api/v1/listings", "POST", 201, answer).json()

    def model_requests(self):
        with urllib.request.urlopen(self.sim.base + "/stats", timeout=10) as response:
            return json.load(response)["requests"]

    def concurrently(self, first, second):
        """`second` sent once the model has `first`'s request (it answers after a second); both answers."""
        answers, before = {}, self.model_requests()
        thread = threading.Thread(target=lambda: answers.__setitem__("first", first()))
        thread.start()
        wait_until(lambda: self.model_requests() > before, 30, "the model to have the first request")
        answers["second"] = second()
        thread.join(timeout=60)
        return answers["first"], answers["second"]

    # The tests

    def test_the_document_is_valid_openapi_and_served(self):
        validate_document(DOCUMENT)
        answer = self.call("GET", "/api/v1/openapi.json", token=None)
        self.expect("/api/v1/openapi.json", "GET", 200, answer)
        self.assertEqual(answer.json(), DOCUMENT, "the served document is the repository's")

    def test_every_documented_answer(self):
        listings, one, publish, unpublish = ("/api/v1/listings", "/api/v1/listings/{id}",
                                             "/api/v1/listings/{id}/publish", "/api/v1/listings/{id}/unpublish")
        extract, clean, usage = "/api/v1/extract", "/api/v1/batches/{id}/publish-clean", "/api/v1/usage"
        evil = {"Origin": "http://evil.example"}
        too_long = {"text": "가" * 20_001}
        big = {"version": 1, "fields": {"title": "x" * 70_000}}

        # Both kinds, and a text that is no listing.
        rental = self.paste(RENTAL)
        self.assertEqual((rental["kind"], rental["fields"]["monthly_rent"]), ("real_estate", 450_000))
        desk = self.paste(DESK)
        self.assertEqual((desk["kind"], desk["fields"]["price"]), ("second_hand", 40))
        question = self.paste(QUESTION)
        self.assertEqual((question["kind"], question["status"]), ("not_listing", "rejected"))
        for text in (RENTAL, DESK, QUESTION):
            self.expect(extract, "POST", 200, self.call("POST", extract, {"text": text}))

        # Pasting: the errors.
        for path, ok in ((extract, 200), (listings, 201)):
            self.expect(path, "POST", 400, self.call("POST", path, {"txt": RENTAL}), "bad_request")
            self.expect(path, "POST", 401, self.call("POST", path, {"text": RENTAL}, token=None), "sign_in_required")
            self.expect(path, "POST", 401, self.call("POST", path, {"text": RENTAL}, token="ld_unknown"),
                        "invalid_token")
            self.expect(path, "POST", 403, self.call("POST", path, {"text": RENTAL}, headers=evil), "cross_origin")
            self.expect(path, "POST", 413, self.call("POST", path, too_long), "text_too_long")
            self.expect(path, "POST", 415, self.call("POST", path, raw=RENTAL.encode(),
                                                      headers={"Content-Type": "text/plain"}), "not_json")
            self.expect(path, "POST", 422, self.call("POST", path, {"text": "   "}), "empty_text")
            # One reading at a time for an account here (LISTINGDESK_READINGS_PER_ACCOUNT=1).
            first, second = self.concurrently(lambda: self.call("POST", path, {"text": RENTAL}),
                                              lambda: self.call("POST", path, {"text": DESK}))
            self.expect(path, "POST", ok, first)
            self.expect(path, "POST", 429, second, "too_many_readings")

        # Listing and reading.
        self.expect(listings, "GET", 200, self.call("GET", listings + "?limit=2"))
        page = self.expect(listings, "GET", 200, self.call("GET", listings + "?kind=second_hand")).json()
        self.assertTrue(page["items"] and all(item["kind"] == "second_hand" for item in page["items"]))
        self.expect(listings, "GET", 400, self.call("GET", listings + "?cursor=abc"), "bad_request")
        self.expect(listings, "GET", 401, self.call("GET", listings, token=None), "sign_in_required")
        rental_path = f"/api/v1/listings/{rental['id']}"
        self.expect(one, "GET", 200, self.call("GET", rental_path))
        self.expect(one, "GET", 401, self.call("GET", rental_path, token=None), "sign_in_required")
        self.expect(one, "GET", 404, self.call("GET", rental_path, token="member"), "not_found")
        self.expect(one, "GET", 404, self.call("GET", "/api/v1/listings/999999999"), "not_found")

        # Correcting.
        desk_path = f"/api/v1/listings/{desk['id']}"
        version = desk["version"]
        corrected = self.expect(one, "PATCH", 200, self.call(
            "PATCH", desk_path, {"version": version, "fields": {"price": "35", "condition": "like_new"}})).json()
        self.assertEqual((corrected["fields"]["price"], corrected["fields"]["condition"]), (35, "like_new"))
        stale = self.call("PATCH", desk_path, {"version": version, "fields": {}})
        self.expect(one, "PATCH", 409, stale, "stale_version")
        self.expect(one, "PATCH", 400, self.call("PATCH", desk_path, {"fields": {}}), "bad_request")
        self.expect(one, "PATCH", 401, self.call("PATCH", desk_path, {"version": 2}, token=None))
        self.expect(one, "PATCH", 403, self.call("PATCH", desk_path, {"version": 2}, headers=evil), "cross_origin")
        self.expect(one, "PATCH", 404, self.call("PATCH", desk_path, {"version": 2}, token="member"), "not_found")
        self.expect(one, "PATCH", 413, self.call("PATCH", desk_path, big), "body_too_large")
        self.expect(one, "PATCH", 415, self.call("PATCH", desk_path, raw=b'{"version": 2}',
                                                  headers={"Content-Type": "text/plain"}), "not_json")
        invalid = self.expect(one, "PATCH", 422, self.call(
            "PATCH", desk_path, {"version": 2, "fields": {"quantity": -3}}), "invalid").json()
        self.assertEqual(invalid["errors"][0]["field"], "quantity")
        # A paste still being read cannot be corrected yet.
        def correct_the_one_being_read():
            reading = self.sql("SELECT id FROM listings WHERE status = 'extracting'")[0][0]
            return self.call("PATCH", f"/api/v1/listings/{reading}", {"version": 1})
        pasted, busy = self.concurrently(lambda: self.call("POST", listings, {"text": RENTAL + " 역세권"}),
                                         correct_the_one_being_read)
        self.expect(one, "PATCH", 409, busy, "still_extracting")
        self.expect(listings, "POST", 201, pasted)

        # Publishing and taking down.
        desk_publish, desk_unpublish = desk_path + "/publish", desk_path + "/unpublish"
        self.expect(publish, "POST", 400, self.call("POST", desk_publish, raw=b"{", headers={
            "Content-Type": "application/json"}), "bad_request")
        self.expect(publish, "POST", 401, self.call("POST", desk_publish, token=None))
        self.expect(publish, "POST", 403, self.call("POST", desk_publish, headers=evil), "cross_origin")
        self.expect(publish, "POST", 404, self.call("POST", desk_publish, token="member"), "not_found")
        self.expect(publish, "POST", 409, self.call("POST", desk_publish, {"version": 1, "confirm": True}),
                    "stale_version")
        self.expect(publish, "POST", 413, self.call("POST", desk_publish, big), "body_too_large")
        self.expect(publish, "POST", 415, self.call("POST", desk_publish, raw=b"{}", headers={
            "Content-Type": "text/plain"}), "not_json")
        cleared = self.call("POST", desk_publish, {"version": 2, "fields": {"title": None}, "confirm": True})
        self.expect(publish, "POST", 422, cleared, "not_publishable")
        published = self.expect(publish, "POST", 200, self.call("POST", desk_publish, {"confirm": True})).json()
        self.assertEqual(published["status"], "published")
        self.expect(one, "GET", 200, self.call("GET", desk_path, token="member"))
        self.expect(unpublish, "POST", 400, self.call("POST", desk_unpublish, raw=b"[", headers={
            "Content-Type": "application/json"}), "bad_request")
        self.expect(unpublish, "POST", 401, self.call("POST", desk_unpublish, token=None))
        self.expect(unpublish, "POST", 403, self.call("POST", desk_unpublish, headers=evil), "cross_origin")
        self.expect(unpublish, "POST", 404, self.call("POST", desk_unpublish, token="member"), "not_found")
        self.expect(unpublish, "POST", 409, self.call("POST", desk_unpublish, {"version": 1}), "stale_version")
        self.expect(unpublish, "POST", 413, self.call("POST", desk_unpublish, big), "body_too_large")
        self.expect(unpublish, "POST", 415, self.call("POST", desk_unpublish, raw=b"{}", headers={
            "Content-Type": "text/plain"}), "not_json")
        self.assertEqual(self.expect(unpublish, "POST", 200, self.call("POST", desk_unpublish)).json()["status"],
                         "draft")

        # A batch's clean drafts, imported by its owner.
        batch_file = ROOT / ".e2e" / "openapi-batch.jsonl"
        batch_file.write_text("\n".join(json.dumps({"text": text}, ensure_ascii=False) for text in (
            "신림동 투룸 전세 1억5000 2/4층 남향 주차가능", "Nintendo Switch OLED, like new, $250, local pickup")))
        done = subprocess.run([str(BINARY), "import", str(batch_file), "--owner", EMAIL, "--no-wait"], cwd=ROOT,
                              env=self.app.environment, capture_output=True, text=True, timeout=120)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        batch = self.sql("SELECT id FROM batches ORDER BY id DESC LIMIT 1")[0][0]
        wait_until(lambda: self.sql(f"SELECT count(*) FROM listings WHERE batch_id = {batch} AND status = 'draft'")
                   == [["2"]], 60, "the batch read")
        clean_path = f"/api/v1/batches/{batch}/publish-clean"
        self.expect(clean, "POST", 401, self.call("POST", clean_path, token=None))
        self.expect(clean, "POST", 403, self.call("POST", clean_path, headers=evil), "cross_origin")
        self.expect(clean, "POST", 404, self.call("POST", clean_path, token="member"), "not_found")
        result = self.expect(clean, "POST", 200, self.call("POST", clean_path)).json()
        self.assertEqual(len(result["published"]) + len(result["left"]), 2)

        # Usage: the admins'.
        days = self.expect(usage, "GET", 200, self.call("GET", usage)).json()["days"]
        self.assertTrue(any(day["model"] == "sim-model" and day["calls"] > 0 for day in days))
        self.expect(usage, "GET", 401, self.call("GET", usage, token=None))
        self.expect(usage, "GET", 403, self.call("GET", usage, token="member"), "admins_only")

        # Deleting.
        rental_delete = self.call("DELETE", rental_path, token="member")
        self.expect(one, "DELETE", 404, rental_delete, "not_found")
        self.expect(one, "DELETE", 401, self.call("DELETE", rental_path, token=None))
        self.expect(one, "DELETE", 403, self.call("DELETE", rental_path, headers=evil), "cross_origin")
        self.expect(one, "DELETE", 204, self.call("DELETE", rental_path))
        self.expect(one, "GET", 404, self.call("GET", rental_path))

        # Every status the document names was produced and checked here.
        documented = {(path, method, status) for path, item in DOCUMENT["paths"].items()
                      for method, operation in item.items() if method != "parameters"
                      for status in operation["responses"] if status != "default"}
        documented.discard(("/api/v1/openapi.json", "get", "200"))  # the test above
        self.assertEqual(sorted(documented - self.seen), [], "documented answers no request here produced")

    def test_metrics_time_each_route_by_status(self):
        self.paste(DESK)
        self.call("GET", "/api/v1/listings/999999999")
        metrics = self.call("GET", "/metrics", token=None).body.decode()
        durations = [line for line in metrics.splitlines() if line.startswith("http_server_request_duration")]
        for route, status in (("/api/v1/listings", "201"), ("/api/v1/listings/{id}", "404")):
            self.assertTrue([line for line in durations if f'"{route}"' in line and f'"{status}"' in line],
                            f"{route} {status} timed in {durations[:6]}")

    def test_the_generated_client_walks_the_api(self):
        """Examples/ListingDeskClient, generated from the document by swift-openapi-generator (built by
        scripts/e2e), against the running server."""
        binary = CLIENT_PACKAGE / ".build" / "debug" / "ListingDeskClient"
        self.assertTrue(binary.exists(), "scripts/e2e builds Examples/ListingDeskClient first")
        done = subprocess.run([str(binary), self.app.base, self.admin], capture_output=True, text=True, timeout=300)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertIn("the generated client walked the API", done.stdout)


if __name__ == "__main__":
    unittest.main()
