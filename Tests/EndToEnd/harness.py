"""What the end-to-end tests run against: the built `listingdesk` binary serving on a loopback port, the simulated
OpenAI-compatible model (`listingdesk sim`), and the PostgreSQL cluster that scripts/test started. Each test gets a
database of its own; the cluster itself is restarted by the fault tests, as `pg_ctl` restarts it in production.
Nothing here is a mock: the processes are the real ones, talking over real sockets."""

import glob
import os
import re
import shlex
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / ".e2e"
BINARY = Path(os.environ.get("LISTINGDESK_BINARY", ROOT / ".build" / "debug" / "listingdesk"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def replaced(element):
    """A wait condition: true once `element`'s page has been replaced by another.

    Selenium's `staleness_of` knows only the stale-element error; Chromium sometimes answers a node of the page
    just left with "does not belong to the document" instead, which means the same."""
    def check(driver):
        try:
            element.is_enabled()
            return False
        except WebDriverException as error:
            if isinstance(error, StaleElementReferenceException) or "does not belong to the document" in str(error):
                return True
            raise
    return check


def wait_until(condition, timeout, what):
    """Polls `condition` until it returns something true, or fails naming `what`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"gave up after {timeout} s waiting for {what}")


class Cluster:
    """The PostgreSQL cluster of this test run (scripts/test exports where it is)."""

    def __init__(self):
        try:
            self.admin_url = os.environ["LISTINGDESK_TEST_DATABASE_URL"]
            self.data = os.environ["LISTINGDESK_TEST_PG_DATA"]
        except KeyError as missing:
            raise SystemExit(f"{missing} is not set: run the end-to-end tests through scripts/test") from None
        versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
        if not versions:
            raise SystemExit("no PostgreSQL server under /usr/lib/postgresql")
        self.bin = versions[-1]

    def url(self, database):
        parts = urllib.parse.urlsplit(self.admin_url)
        return urllib.parse.urlunsplit(parts._replace(path="/" + database))

    def psql(self, database, sql):
        """Rows of a query, each a list of strings (NULL as '')."""
        result = subprocess.run(
            ["psql", self.url(database), "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
            capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise AssertionError(f"psql failed: {result.stderr.strip()}")
        return [line.split("\t") for line in result.stdout.splitlines()]

    def create_database(self):
        name = "e2e_" + uuid.uuid4().hex[:12]
        self.psql("postgres", f"CREATE DATABASE {name}")
        return name

    def drop_database(self, name):
        self.psql("postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def pg_ctl(self, *arguments):
        command = [f"{self.bin}/pg_ctl", "-D", self.data, *arguments]
        if os.getuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        # No pipes: the server that pg_ctl starts keeps its output, and a pipe left open would never end.
        subprocess.run(command, check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=90)

    def restart(self):
        """A fast restart, as an operator or a crash-restart does: every connection is closed."""
        self.pg_ctl("restart", "-m", "fast", "-w", "-t", "60", "-l", f"{self.data}/server.log")

    def stop(self):
        """Down, as a database that has gone away is: connections are refused until `start`."""
        # The options it was started with (port, socket folder, settings), for `start` to use again, as
        # `pg_ctl restart` does by itself.
        with open(f"{self.data}/postmaster.opts") as opts:
            arguments = shlex.split(opts.read())[1:]
        if "-D" in arguments:
            at = arguments.index("-D")
            del arguments[at:at + 2]
        self.options = shlex.join(arguments)
        self.pg_ctl("stop", "-m", "fast", "-w", "-t", "60")

    def start(self):
        self.pg_ctl("start", "-w", "-t", "60", "-l", f"{self.data}/server.log", "-o", self.options)

    def wait_until_up(self, seconds=60):
        """After a test that failed while the cluster was down or restarting: wait until it answers again."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                self.psql("postgres", "SELECT 1")
                return
            except AssertionError:
                time.sleep(0.5)
        raise AssertionError("the PostgreSQL cluster did not come back")


class Server:
    """One `listingdesk` process (`serve` or `sim`) on a loopback port, its output in .e2e/logs."""

    def __init__(self, name, arguments, port, environment=None, ready_path="/healthz"):
        self.name, self.arguments, self.port = name, arguments, port
        self.environment = {**os.environ, **(environment or {})}
        self.ready_path = ready_path
        self.process = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        (OUT / "logs").mkdir(parents=True, exist_ok=True)
        log = open(OUT / "logs" / f"{self.name}.log", "ab")
        self.process = subprocess.Popen([str(BINARY), *self.arguments], cwd=ROOT, env=self.environment,
                                        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        log.close()

        def ready():
            if self.process.poll() is not None:
                raise AssertionError(f"{self.name} exited with {self.process.returncode}: see .e2e/logs/{self.name}.log")
            try:
                with urllib.request.urlopen(self.base + self.ready_path, timeout=2) as response:
                    return response.status < 500
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                return False
            except urllib.error.HTTPError as error:
                return error.code < 500

        wait_until(ready, 120, f"{self.name} to answer on port {self.port}")
        return self

    def make_account(self, email, password, admin=False):
        """`listingdesk accounts create` on this server's database, the password on standard input, as an operator
        scripts it."""
        command = [str(BINARY), "accounts", "create", email] + (["--admin"] if admin else [])
        done = subprocess.run(command, cwd=ROOT, env=self.environment, input=password + "\n", capture_output=True,
                              text=True, timeout=120)
        if done.returncode != 0:
            raise AssertionError(f"accounts create failed: {done.stdout} {done.stderr}")
        return done.stdout

    def make_token(self, email, name="e2e"):
        """`listingdesk tokens create`: the token it prints, once."""
        done = subprocess.run([str(BINARY), "tokens", "create", email, "--name", name], cwd=ROOT,
                              env=self.environment, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=120)
        if done.returncode != 0:
            raise AssertionError(f"tokens create failed: {done.stdout} {done.stderr}")
        return done.stdout.strip()

    def kill(self):
        """SIGKILL: no graceful shutdown, nothing flushed, as when a machine loses power or the OOM killer comes."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def simulator(latency_seconds):
    port = free_port()
    return Server("sim", ["sim", "--port", str(port), "--latency", str(latency_seconds)], port,
                  ready_path="/stats")


def app(cluster, database, sim, name="app", port=None, environment=None):
    """The app on a database of its own, extracting with the simulated model (the offline extractor behind it);
    `environment` adds settings."""
    port = port or free_port()
    return Server(name, ["serve", "--port", str(port)], port, {
        "DATABASE_URL": cluster.url(database),
        "OPENAI_BASE_URL": sim.base + "/v1",
        "OPENAI_API_KEY": "e2e-key",
        "LISTINGDESK_MODEL": "sim-model",
        # Short, so that a job whose process was killed is taken again within seconds.
        "LISTINGDESK_LEASE": "3",
        # The same key after a restart, so that a browser's form token stays valid.
        "LISTINGDESK_SECRET": "e2e-secret-e2e-secret-e2e-secret",
        "LOG_LEVEL": "info",
        **(environment or {}),
    })


# The account the tests sign in as: the install's admin, made with `listingdesk accounts create`.
EMAIL = "e2e@example.com"
PASSWORD = "e2e password, long enough"


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body


class Visitor:
    """A client that keeps its cookies and posts with the form token, as the pages do; signed in as `email`
    unless that is None."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *arguments):
            return None

    def __init__(self, base, email=EMAIL, password=PASSWORD):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), self._NoRedirect)
        page = self.request("GET", "/sign-in")
        match = re.search(r'name="csrf" value="([^"]+)"', page.body)
        if not match:
            raise AssertionError(f"the sign-in page carries no form token ({page.status})")
        self.token = match.group(1)
        if email:
            signed = self.request("POST", "/sign-in", [("email", email), ("password", password)])
            if signed.status != 303:
                raise AssertionError(f"signing in as {email} answered {signed.status}")

    def _open(self, method, path, form, timeout):
        data = None if form is None else urllib.parse.urlencode([("csrf", self.token), *form]).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        return self.opener.open(request, timeout=timeout)

    def request(self, method, path, form=None, timeout=60):
        try:
            with self._open(method, path, form, timeout) as response:
                return Response(response.status, response.headers, response.read().decode())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read().decode())

    def stream(self, path, form, timeout=60):
        """The open response of a streamed post, to read event by event."""
        return self._open("POST", path, form, timeout)


def events(response):
    """The server-sent events of a response as (name, data) pairs, as they arrive."""
    name = None
    for raw in response:
        line = raw.decode().rstrip("\n")
        if line.startswith("event: "):
            name = line[len("event: "):]
        elif line.startswith("data: ") and name:
            yield name, line[len("data: "):]
            name = None
