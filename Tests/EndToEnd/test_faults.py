"""Faults no unit test can make: the server process killed while a reply streams, and PostgreSQL restarted while
a reply streams and while saves come in. In every case nothing is lost, and that is checked by reading the
database, not by trusting the app's answers."""

import html
import re
import threading
import time
import unittest

from harness import EMAIL, PASSWORD, Cluster, Visitor, app, events, simulator, wait_until

RENTAL = "망원동 원룸 월세 보증금 500/월 45 관리비 5만 3/5층 즉시입주"


class FaultTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = Cluster()
        # Two seconds per reply: long enough to do something to the server while it streams.
        cls.sim = simulator(latency_seconds=2).start()

    @classmethod
    def tearDownClass(cls):
        cls.sim.stop()

    def setUp(self):
        self.cluster.wait_until_up()
        self.database = self.cluster.create_database()
        self.app = app(self.cluster, self.database, self.sim).start()
        self.app.make_account(EMAIL, PASSWORD, admin=True)

    def tearDown(self):
        self.app.stop()
        self.cluster.wait_until_up()
        self.cluster.drop_database(self.database)

    def sql(self, query):
        return self.cluster.psql(self.database, query)

    def test_server_killed_while_the_reply_streams_loses_nothing(self):
        visitor = Visitor(self.app.base)
        response = visitor.stream("/listings/stream", [("text", RENTAL)])
        name, _ = next(events(response))
        self.assertEqual(name, "progress", "the reply was streaming when the server was killed")
        self.app.kill()
        response.close()

        self.assertEqual(self.sql("SELECT status, source_text FROM listings"), [["extracting", RENTAL]],
                         "the paste was stored before the model answered")

        self.app.start()  # the same database and port, a new process
        listing_id = self.sql("SELECT id FROM listings")[0][0]
        status = wait_until(
            lambda: (row := self.sql("SELECT status FROM listings")[0][0]) != "extracting" and row, 60,
            "a worker to read the paste again once the killed process's lease ran out")
        self.assertEqual(status, "draft")
        self.assertEqual(self.sql("SELECT count(*), max(monthly_rent), max(deposit) FROM listings"),
                         [["1", "450000", "5000000"]])
        self.assertEqual(self.sql("SELECT state, attempts FROM extraction_jobs"), [["done", "2"]])
        page = Visitor(self.app.base).request("GET", f"/listings/{listing_id}/review")
        self.assertEqual(page.status, 200)
        self.assertIn('value="450000"', page.body)

    def test_postgres_restarted_while_the_reply_streams(self):
        visitor = Visitor(self.app.base)
        response = visitor.stream("/listings/stream", [("text", RENTAL)])
        stream = events(response)
        self.assertEqual(next(stream)[0], "progress")
        self.cluster.restart()
        names = [name for name, _ in stream]
        self.assertEqual(names[-1], "done", f"the stream ended with {names[-1:]}: the draft was not stored")
        self.assertEqual(self.sql("SELECT status, monthly_rent FROM listings"), [["draft", "450000"]])
        self.assertEqual(self.sql("SELECT state, attempts FROM extraction_jobs"), [["done", "1"]])

    def test_a_save_while_postgres_is_down_keeps_what_was_typed(self):
        """The database gone before the save is reached (the session cannot even be looked up): a 503 with every
        value as typed, in a form that saves them once the database is back."""
        visitor = Visitor(self.app.base)
        created = visitor.request("POST", "/listings", [("text", RENTAL)])
        listing_id = created.headers["Location"].split("/")[2]
        wait_until(lambda: self.sql(f"SELECT status FROM listings WHERE id = {listing_id}") == [["draft"]], 30,
                   "the draft")
        typed = [("version", "1"), ("kind", "real_estate"), ("fields_sent", "1"), ("title", "typed while down"),
                 ("deal_type", "monthly_rent"), ("deposit", "5000000"), ("monthly_rent", "460000")]
        self.cluster.stop()
        try:
            answer = visitor.request("POST", f"/listings/{listing_id}", typed)
        finally:
            self.cluster.start()
        self.assertEqual(answer.status, 503)
        self.assertIn("Nothing you typed was lost", answer.body)
        self.assertIn('value="typed while down"', answer.body)
        self.assertIn(f'action="/listings/{listing_id}"', answer.body)
        # The page's own form, sent again as it is once the database is back, saves what was typed.
        fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', answer.body)
        again = [(name, html.unescape(value)) for name, value in fields if name != "csrf"]
        saved = wait_until(
            lambda: (reply := visitor.request("POST", f"/listings/{listing_id}", again)).status == 303 and reply,
            30, "the save to go through once the database is back")
        self.assertEqual(saved.status, 303)
        self.assertEqual(self.sql(f"SELECT title, monthly_rent FROM listings WHERE id = {listing_id}"),
                         [["typed while down", "460000"]])

    def test_postgres_restarted_during_saves_each_save_happened_or_said_it_did_not(self):
        visitor = Visitor(self.app.base)
        created = visitor.request("POST", "/listings", [("text", RENTAL)])
        self.assertEqual(created.status, 303)
        listing_id = created.headers["Location"].split("/")[2]
        # A plain post answers after 2 s at most, the draft perhaps still being read: saves wait for it.
        wait_until(lambda: self.sql(f"SELECT status FROM listings WHERE id = {listing_id}") == [["draft"]], 30,
                   "the draft")

        restart = threading.Thread(target=lambda: (time.sleep(0.5), self.cluster.restart()))
        restart.start()
        version, saved, refused, saved_after_restart = 1, [], [], 0
        started = time.monotonic()
        for index in range(30):
            title = f"e2e save {index}"
            answer = visitor.request("POST", f"/listings/{listing_id}", [
                ("version", str(version)), ("kind", "real_estate"), ("fields_sent", "1"), ("title", title),
                ("deal_type", "monthly_rent"), ("deposit", "5000000"), ("monthly_rent", "450000"),
            ])
            if answer.status == 303:
                version += 1
                saved.append(title)
                saved_after_restart += not restart.is_alive()
            elif answer.status == 503:
                refused.append(title)
                self.assertIn("Nothing you typed was lost", answer.body)
                self.assertIn(f'value="{title}"', answer.body, "the refused save shows the form with the typed value")
            else:
                self.fail(f"save {index} answered {answer.status}")
            time.sleep(0.1)
        restart.join()
        self.assertGreater(saved_after_restart, 0, "saves work again after the restart")

        stored = [row[0] for row in self.sql(
            f"SELECT value_after FROM listing_edits WHERE listing_id = {listing_id} AND field = 'title' ORDER BY id")]
        self.assertEqual(stored, saved, "exactly the saves that said so are stored, in order")
        self.assertEqual(self.sql(f"SELECT version, title FROM listings WHERE id = {listing_id}"),
                         [[str(version), saved[-1]]])
        print(f"\n    saves during a restart: {len(saved)} stored, {len(refused)} refused with 503 "
              f"(over {time.monotonic() - started:.1f} s)", flush=True)


if __name__ == "__main__":
    unittest.main()
