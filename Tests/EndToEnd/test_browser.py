"""A real browser (Debian's Chromium, driven by chromium-driver through Selenium) doing what a person does: paste a
Korean monthly rental and an English second-hand post, wait for the form, correct a field, save, publish, and
download the CSV, once with JavaScript on (the streamed form) and once with it off (plain form posts). Each step is
a screenshot in .e2e/screenshots/<js-on|js-off>/."""

import csv
import io
import shutil
import time
import unittest
import urllib.request

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

from harness import EMAIL, OUT, PASSWORD, Cluster, app, replaced, simulator, wait_until

RENTAL = "망원동 원룸 월세 보증금 500/월 45\n관리비 5만, 3/5층, 즉시입주\n풀옵션 (에어컨, 냉장고, 세탁기)"
GOODS = ("Selling my Nintendo Switch OLED (white), like new, barely used. $250, price is firm. "
         "Local pickup in Brooklyn or I can ship.")


class BrowserTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = Cluster()
        cls.sim = simulator(latency_seconds=1).start()
        cls.database = cls.cluster.create_database()
        cls.app = app(cls.cluster, cls.database, cls.sim, name="app-browser").start()
        cls.app.make_account(EMAIL, PASSWORD, admin=True)

    @classmethod
    def tearDownClass(cls):
        cls.app.stop()
        cls.sim.stop()
        cls.cluster.drop_database(cls.database)

    def browser(self, javascript, phone_width=None, language="en-US,en", folder_name=None, signed_in=True,
                base=None):
        """Chromium, headless, asking for pages in `language` (its Accept-Language), signed in to the app."""
        folder = OUT / "screenshots" / (folder_name or (
            f"phone-{phone_width}" if phone_width else "js-on" if javascript else "js-off"))
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        downloads = OUT / "downloads" / folder.name
        shutil.rmtree(downloads, ignore_errors=True)
        downloads.mkdir(parents=True)
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                         "--lang=" + language.split(",")[0]]:
            options.add_argument(argument)
        if phone_width:
            options.add_experimental_option(
                "mobileEmulation", {"deviceMetrics": {"width": phone_width, "height": 800, "pixelRatio": 2}})
        options.add_experimental_option("prefs", {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "profile.managed_default_content_settings.javascript": 1 if javascript else 2,
            "intl.accept_languages": language,
        })
        driver = webdriver.Chrome(options=options, service=webdriver.ChromeService("/usr/bin/chromedriver"))
        self.addCleanup(driver.quit)
        if signed_in:
            self.sign_in(driver, base or self.app.base)
        return driver, folder, downloads

    @staticmethod
    def sign_in(driver, base, email=EMAIL, password=PASSWORD, navigate=True):
        if navigate:
            driver.get(base + "/sign-in")
        driver.find_element(By.ID, "email").send_keys(email)
        driver.find_element(By.ID, "password").send_keys(password)
        driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        WebDriverWait(driver, 30).until(lambda d: "/sign-in" not in d.current_url)

    def test_the_first_visit_makes_the_admin_and_signs_in(self):
        """A fresh install: the first page asks for the admin account; then sign out and in again."""
        database = self.cluster.create_database()
        fresh = app(self.cluster, database, self.sim, name="app-fresh").start()
        self.addCleanup(self.cluster.drop_database, database)
        self.addCleanup(fresh.stop)
        driver, folder, _ = self.browser(javascript=True, folder_name="first-visit", signed_in=False)
        driver.get(fresh.base + "/")
        WebDriverWait(driver, 30).until(expected_conditions.url_contains("/setup"))
        self.shoot(driver, folder, "1-setup")
        driver.find_element(By.ID, "email").send_keys("owner@example.com")
        driver.find_element(By.ID, "password").send_keys("a long enough password")
        driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "text"))
        self.assertIn("owner@example.com", driver.find_element(By.CSS_SELECTOR, "header .account").text)
        self.shoot(driver, folder, "2-signed-in")
        self.assertEqual(self.cluster.psql(database, "SELECT email, role FROM accounts"),
                         [["owner@example.com", "admin"]])
        driver.find_element(By.CSS_SELECTOR, "header .account button").click()
        WebDriverWait(driver, 30).until(expected_conditions.url_contains("/sign-in"))
        driver.get(fresh.base + "/listings")
        self.assertIn("/sign-in", driver.current_url, "signed out: the list asks to sign in")
        self.shoot(driver, folder, "3-signed-out")
        self.sign_in(driver, fresh.base, "owner@example.com", "a long enough password", navigate=False)
        self.assertTrue(driver.current_url.endswith("/listings"), "and comes back to the list after")
        token = fresh.make_token("owner@example.com")
        self.assertTrue(token.startswith("ld_"))
        request = urllib.request.Request(fresh.base + "/api/v1/listings",
                                         headers={"Authorization": "Bearer " + token})
        with urllib.request.urlopen(request, timeout=30) as answer:
            self.assertEqual(answer.status, 200, "the printed token works with the API")

    @staticmethod
    def until_read(driver, timeout=60):
        """Waits for the review page to show the draft: a plain post answers after 2 s at most, and the page of a
        paste still being read reloads itself until the draft is there."""
        # The tests of this class share a database: a text pasted before is asked about, and kept as a new one.
        WebDriverWait(driver, timeout).until(
            lambda d: "/review" in d.current_url or d.find_elements(By.CSS_SELECTOR, ".duplicate button"))
        if "/review" not in driver.current_url:
            driver.find_element(By.CSS_SELECTOR, ".duplicate button").click()
            WebDriverWait(driver, timeout).until(expected_conditions.url_contains("/review"))
        WebDriverWait(driver, timeout).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "form[novalidate], section.not-listing"))

    def shoot(self, driver, folder, name):
        driver.save_screenshot(str(folder / f"{name}.png"))

    def paste_correct_publish(self, driver, folder, tag, text, expected, correction, javascript):
        """Paste → review → correct → save → publish; the id of the published listing."""
        base = self.app.base
        wait = WebDriverWait(driver, 60)
        driver.get(base + "/")
        driver.find_element(By.ID, "text").send_keys(text)
        self.shoot(driver, folder, f"{tag}-1-pasted")
        driver.find_element(By.CSS_SELECTOR, "section.paste button[type=submit]").click()
        if javascript:
            # The streamed form: the page says what it has read while the model answers (about a second).
            progress = WebDriverWait(driver, 10, poll_frequency=0.02,
                                     ignored_exceptions=(StaleElementReferenceException,)).until(
                lambda d: d.find_element(By.ID, "progress").text or "/review" in d.current_url)
            self.assertIsInstance(progress, str, "the paste page showed the reading progress")
            self.shoot(driver, folder, f"{tag}-1b-reading")
        self.until_read(driver)
        listing_id = driver.current_url.split("/")[-2]
        self.shoot(driver, folder, f"{tag}-2-review")
        for field, value in expected.items():
            shown = driver.find_element(By.ID, f"input-{field}").get_attribute("value")
            self.assertEqual(shown, value, f"{field} as read from the paste")

        field, value = correction
        box = driver.find_element(By.ID, f"input-{field}")
        box.clear()
        box.send_keys(value)
        self.shoot(driver, folder, f"{tag}-3-corrected")
        driver.find_element(By.CSS_SELECTOR, ".actions button.secondary").click()
        wait.until(replaced(box))
        self.assertIn("/review", driver.current_url)
        self.assertEqual(driver.find_element(By.ID, f"input-{field}").get_attribute("value"), value,
                         "the correction was saved")
        self.shoot(driver, folder, f"{tag}-4-saved")

        driver.find_element(By.CSS_SELECTOR, ".actions button.primary").click()
        # Values the text does not plainly state make Publish ask once; the person goes ahead.
        wait.until(lambda d: d.current_url.endswith(f"/listings/{listing_id}") or "Publish anyway" in d.page_source)
        if "Publish anyway" in driver.page_source:
            self.shoot(driver, folder, f"{tag}-4b-asked")
            driver.find_element(By.CSS_SELECTOR, ".actions button.primary").click()
        wait.until(expected_conditions.url_matches(rf"/listings/{listing_id}$"))
        self.assertIn(value, driver.find_element(By.TAG_NAME, "main").text)
        self.shoot(driver, folder, f"{tag}-5-published")
        stored = self.cluster.psql(self.database, f"SELECT status, {field} FROM listings WHERE id = {listing_id}")
        self.assertEqual(stored, [["published", value]])
        return listing_id

    def download_csv(self, driver, folder, downloads):
        driver.get(self.app.base + "/listings")
        self.shoot(driver, folder, "6-list")
        driver.find_element(By.CSS_SELECTOR, "a.csv").click()
        # Named for the day: listings-2026-12-04.csv.
        def downloaded():
            return [path for path in downloads.glob("listings-*.csv") if path.stat().st_size > 0]
        wait_until(lambda: downloaded(), 30, "the CSV download")
        time.sleep(0.3)
        return list(csv.DictReader(io.StringIO(downloaded()[0].read_text(encoding="utf-8-sig"))))

    def run_flow(self, javascript):
        driver, folder, downloads = self.browser(javascript)
        # Each flow pastes texts of its own (the class shares a database, where a text pasted before is asked about).
        rental = self.paste_correct_publish(
            driver, folder, "rental", RENTAL + ("\n문의 주세요" if javascript else "\n연락 주세요"),
            expected={"monthly_rent": "450000", "deposit": "5000000", "maintenance_fee": "50000"},
            correction=("title", "망원동 풀옵션 원룸"), javascript=javascript)
        goods = self.paste_correct_publish(
            driver, folder, "goods", GOODS + (" Message me." if javascript else " Text me."),
            expected={"price": "250", "currency": "USD"},
            correction=("title", "Nintendo Switch OLED, white"), javascript=javascript)
        rows = {row["id"]: row for row in self.download_csv(driver, folder, downloads)}
        self.assertEqual(rows[rental]["title"], "망원동 풀옵션 원룸")
        self.assertEqual(rows[rental]["monthly_rent"], "450000")
        self.assertEqual(rows[goods]["title"], "Nintendo Switch OLED, white")
        self.assertEqual(rows[goods]["status"], "published")

    def test_every_page_fits_a_phone_screen(self):
        """At 360 and 390 px wide (a phone, as Chromium emulates it), no page is wider than the screen."""
        for width in (360, 390):
            driver, folder, _ = self.browser(javascript=True, phone_width=width)
            base = self.app.base
            driver.get(base + "/")
            driver.find_element(By.ID, "text").send_keys(RENTAL)
            driver.find_element(By.CSS_SELECTOR, "section.paste button[type=submit]").click()
            self.until_read(driver)
            listing_id = driver.current_url.split("/")[-2]
            pages = {"paste": "/", "review": f"/listings/{listing_id}/review", "list": "/listings",
                     "listing": f"/listings/{listing_id}", "stats": "/stats", "usage": "/usage", "evals": "/evals",
                     "import": "/batches", "settings": "/settings", "accounts": "/accounts",
                     "delete": f"/listings/{listing_id}/delete"}
            for name, path in pages.items():
                driver.get(base + path)
                scroll, client = driver.execute_script(
                    "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
                self.shoot(driver, folder, f"{width}-{name}")
                self.assertLessEqual(scroll, client, f"{path} is {scroll} px wide on a {client} px screen")
            driver.get(base + f"/listings/{listing_id}/review")
            source = driver.find_element(By.CSS_SELECTOR, "details.source")
            self.assertIsNone(source.get_attribute("open"), "on a phone the source text starts folded")
            self.assertTrue(driver.find_element(By.ID, "input-monthly_rent").is_displayed())

    def test_pages_pass_the_automated_accessibility_check(self):
        """axe-core's WCAG 2 A and AA rules on every page a person uses, a not-a-listing page included."""
        driver, folder, _ = self.browser(javascript=True)
        driver.set_script_timeout(120)
        base = self.app.base
        paths = {}
        for name, text in (("rental", RENTAL), ("chat", "hey, are we still on for dinner tonight? lol")):
            driver.get(base + "/")
            driver.find_element(By.ID, "text").send_keys(text)
            driver.find_element(By.CSS_SELECTOR, "section.paste button[type=submit]").click()
            self.until_read(driver)
            paths[name] = driver.current_url[len(base):]
        listing_id = paths["rental"].split("/")[2]
        pages = [("paste", "/"), ("review", paths["rental"]), ("not a listing", paths["chat"]), ("list", "/listings"),
                 ("listing", f"/listings/{listing_id}"), ("stats", "/stats"), ("usage", "/usage"), ("evals", "/evals"),
                 ("import", "/batches"), ("settings", "/settings"), ("accounts", "/accounts"),
                 ("delete", f"/listings/{listing_id}/delete")]
        # The pages of someone signed out too: the sign-in page (in a second browser, not signed in).
        signed_out, _, _ = self.browser(javascript=True, folder_name="a11y-signed-out", signed_in=False)
        signed_out.set_script_timeout(120)
        for name, path, browser in [(n, p, driver) for n, p in pages] + [("sign in", "/sign-in", signed_out)]:
            driver = browser
            driver.get(base + path)
            Axe(driver).inject()
            found = driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})"
                ".then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.length + ' nodes')))"
                ".catch(e => done(['axe failed: ' + e]));")
            self.assertEqual(found, [], f"{name} ({path})")

    def test_hinted_fields_a_kind_change_and_the_not_a_listing_buttons(self):
        """What a person meets when the draft is not simply right, clicked through in the browser."""
        driver, folder, _ = self.browser(javascript=True)
        folder = folder.parent / "doubtful-and-kinds"
        folder.mkdir(exist_ok=True)
        base = self.app.base
        wait = WebDriverWait(driver, 60)

        def paste(text):
            driver.get(base + "/")
            driver.find_element(By.ID, "text").send_keys(text)
            driver.find_element(By.CSS_SELECTOR, "section.paste button[type=submit]").click()
            self.until_read(driver)
            return driver.current_url.split("/")[-2]

        # Fields the draft left empty but the text speaks of stay open, hinted with the text's words; one click
        # leaves one empty (recorded as a mark confirmed), and publishing with a hint left asks once, naming it.
        item = paste("신림동 원룸 월세\n보증금 300만 / 월 38\n2층, 관리비 없음\n12/20 입주 가능\n주차 문의\n반려동물 협의")
        pets = driver.find_element(By.ID, "field-pets_allowed")
        self.assertIn("the text may say it", pets.text)
        self.assertIn("반려동물 협의", pets.text)
        self.shoot(driver, folder, "1-hinted-fields")
        leave_empty = pets.find_element(By.CSS_SELECTOR, 'button[name="look"][value="pets_allowed"]')
        # Above the sticky action bar, as a person scrolls to it.
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", leave_empty)
        leave_empty.click()
        wait.until(expected_conditions.url_contains("saved=1"))
        self.assertFalse(driver.find_elements(By.CSS_SELECTOR, 'button[name="look"][value="pets_allowed"]'))
        self.assertEqual(
            self.cluster.psql(self.database, f"SELECT field, outcome FROM mark_outcomes WHERE listing_id = {item}"),
            [["pets_allowed", "confirmed"]])
        driver.find_element(By.CSS_SELECTOR, 'button.primary[formaction$="/publish"]').click()
        wait.until(lambda d: "Publish anyway" in d.page_source)
        self.assertIn("Parking", driver.find_element(By.CSS_SELECTOR, ".error-summary").text)
        self.shoot(driver, folder, "2-publish-asks")
        driver.find_element(By.CSS_SELECTOR, 'button.primary[formaction$="/publish"]').click()
        wait.until(expected_conditions.url_matches(rf"/listings/{item}$"))
        self.assertEqual(self.cluster.psql(self.database, f"SELECT status FROM listings WHERE id = {item}"),
                         [["published"]])

        # A kind change asks before dropping values, then reads the text again.
        rental = paste(RENTAL)
        Select(driver.find_element(By.ID, "kind")).select_by_value("second_hand")
        driver.find_element(By.CSS_SELECTOR, "form.kind-form button[type=submit]").click()
        wait.until(lambda d: "would be dropped" in d.page_source)
        self.shoot(driver, folder, "3-kind-change-asked")
        driver.find_element(By.CSS_SELECTOR, "form.actions button.primary").click()
        wait.until(expected_conditions.url_contains(f"/listings/{rental}/review"))
        self.assertEqual(self.cluster.psql(self.database, f"SELECT kind FROM listings WHERE id = {rental}"),
                         [["second_hand"]])
        self.shoot(driver, folder, "4-kind-changed")

        # Not a listing: the page offers the kinds; choosing one reads the text as that kind.
        chat = paste("혹시 이 원룸 보증금 1000/월 70이면 괜찮은 가격일까요? 궁금해요")
        self.shoot(driver, folder, "5-not-a-listing")
        driver.find_element(By.CSS_SELECTOR, 'button[name="kind"][value="real_estate"]').click()
        wait.until(lambda d: d.find_elements(By.ID, "input-monthly_rent"))
        self.assertEqual(driver.find_element(By.ID, "input-monthly_rent").get_attribute("value"), "700000")
        self.shoot(driver, folder, "6-read-as-real-estate")
        self.assertEqual(
            self.cluster.psql(self.database, f"SELECT kind, status FROM listings WHERE id = {chat}"),
            [["real_estate", "draft"]])

    def test_a_korean_rental_on_a_phone_in_korean(self):
        """A browser that asks for Korean gets the interface in Korean; paste to publish is counted in taps; the
        switch to English is remembered."""
        driver, folder, _ = self.browser(
            javascript=True, phone_width=390, language="ko-KR,ko", folder_name="korean-phone")
        base = self.app.base
        wait = WebDriverWait(driver, 60)
        driver.get(base + "/")
        self.assertEqual(driver.find_element(By.TAG_NAME, "html").get_attribute("lang"), "ko")
        button = driver.find_element(By.CSS_SELECTOR, "section.paste button[type=submit]")
        self.assertEqual(button.text, "양식 채우기")
        driver.find_element(By.ID, "text").send_keys(RENTAL)
        self.shoot(driver, folder, "1-pasted")
        taps = 0
        button.click()
        taps += 1
        self.until_read(driver)
        listing_id = driver.current_url.split("/")[-2]
        self.shoot(driver, folder, "2-review")
        legends = [legend.text for legend in driver.find_elements(By.CSS_SELECTOR, "fieldset.group legend")]
        self.assertEqual(legends[0], "거래와 가격", "fields grouped, the deal and its prices first")
        self.assertEqual(driver.find_element(By.ID, "input-monthly_rent").get_attribute("value"), "450000")
        self.assertIn("월세", driver.find_element(By.ID, "label-monthly_rent").text)
        publish = driver.find_element(By.CSS_SELECTOR, ".actions button.primary")
        self.assertEqual(publish.text, "게시")
        self.assertTrue(publish.is_displayed(), "the sticky bar keeps Publish in view on a phone")
        publish.click()
        taps += 1
        wait.until(lambda d: d.current_url.endswith(f"/listings/{listing_id}") or "그래도 게시" in d.page_source)
        if "그래도 게시" in driver.page_source:
            self.shoot(driver, folder, "3-asked")
            driver.find_element(By.CSS_SELECTOR, ".actions button.primary").click()
            taps += 1
        wait.until(expected_conditions.url_matches(rf"/listings/{listing_id}$"))
        self.shoot(driver, folder, "4-published")
        self.assertIn("게시됨", driver.find_element(By.TAG_NAME, "main").text)
        print(f"\n    paste to publish, Korean rental on a 390 px phone: {taps} taps after pasting")
        self.assertLessEqual(taps, 3)
        self.assertEqual(self.cluster.psql(self.database, f"SELECT status FROM listings WHERE id = {listing_id}"),
                         [["published"]])

        driver.find_element(By.CSS_SELECTOR, "a.language").click()
        wait.until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
        self.assertTrue(driver.current_url.endswith(f"/listings/{listing_id}"), "back on the same page")
        driver.get(base + "/listings")
        self.assertEqual(driver.find_element(By.TAG_NAME, "html").get_attribute("lang"), "en", "remembered")
        self.shoot(driver, folder, "5-switched-to-english")

    def import_and_read(self, driver, texts):
        """Pastes `texts` on /batches as one import and waits until the server has read them all: the batch's id."""
        driver.get(self.app.base + "/batches")
        driver.find_element(By.ID, "import-text").send_keys("\n---\n".join(texts))
        driver.find_element(By.CSS_SELECTOR, "form.import button.primary").click()
        wait = WebDriverWait(driver, 90)
        wait.until(expected_conditions.url_matches(r"/batches/\d+$"))
        batch = driver.current_url.rsplit("/", 1)[1]
        # The page reloads itself once the batch is read: its source, not an element that goes stale.
        wait.until(lambda d: f"{len(texts)} of {len(texts)} read" in d.page_source)
        return batch

    def assert_no_mark_published_unlooked(self, batch):
        self.assertEqual(
            self.cluster.psql(self.database, "SELECT count(*) FROM mark_outcomes m JOIN listings l ON l.id = "
                                             f"m.listing_id WHERE l.batch_id = {batch} AND outcome = 'published_anyway'"),
            [["0"]], "no listing went out with a mark no one looked at")

    def test_reviewing_through_the_queue_with_the_keyboard(self):
        """The review queue on a desktop with the keyboard only (issue 24): m to the marked field, Tab to its
        "Looks right" and Enter, then Ctrl+Enter to publish and go on to the next. Key presses are counted."""
        driver, folder, _ = self.browser(javascript=True, folder_name="review-keys")
        base = self.app.base
        wait = WebDriverWait(driver, 90)
        texts = [f"Selling a Giant Escape {i} city bike, ${200 + 10 * i} (keys {i})" for i in range(5)]
        batch = self.import_and_read(driver, texts)
        queued = len(self.cluster.psql(self.database, f"SELECT id FROM listings WHERE batch_id = {batch} AND status = 'draft'"))
        driver.get(base + f"/batches/{batch}/review")
        keys = 0
        reviewed = 0
        actions = ActionChains(driver)
        while "queue=" in driver.current_url and reviewed < queued:
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "nav.queue"))
            self.shoot(driver, folder, f"{reviewed + 1}-queue")
            if driver.find_elements(By.CSS_SELECTOR, "button.look-right"):
                driver.find_element(By.TAG_NAME, "body").send_keys("m")
                keys += 1
                # From the marked field's input, Tab reaches its "Looks right" (past any one-click choices).
                for _ in range(6):
                    active = driver.switch_to.active_element
                    if "look-right" in (active.get_attribute("class") or ""):
                        break
                    active.send_keys(Keys.TAB)
                    keys += 1
                current = driver.current_url
                driver.switch_to.active_element.send_keys(Keys.ENTER)
                keys += 1
                wait.until(lambda d: d.current_url != current)
                continue
            current = driver.current_url
            actions.key_down(Keys.CONTROL).send_keys(Keys.ENTER).key_up(Keys.CONTROL).perform()
            keys += 1
            wait.until(lambda d: d.current_url != current)
            reviewed += 1
        self.shoot(driver, folder, "done")
        published = self.cluster.psql(self.database, f"SELECT count(*) FROM listings WHERE batch_id = {batch} "
                                                      "AND status = 'published'")[0][0]
        print(f"\n    review queue with the keyboard: {reviewed} drafts in {keys} key presses "
              f"({keys / max(reviewed, 1):.1f} a listing); {published} published")
        self.assertGreater(reviewed, 0)
        self.assertEqual(int(published), reviewed)
        self.assert_no_mark_published_unlooked(batch)

    def test_tapping_a_field_on_a_phone_keeps_it_in_view(self):
        """With the source text open on a phone, tapping a field lights its words in the source without moving the
        page away from the field (it jumped from 1,357 to 346 px, the input far below the screen)."""
        driver, folder, _ = self.browser(javascript=True, phone_width=390, folder_name="phone-tap")
        driver.get(self.app.base + "/")
        driver.find_element(By.ID, "text").send_keys(RENTAL)
        driver.find_element(By.CSS_SELECTOR, "section.paste button[type=submit]").click()
        self.until_read(driver)
        summary = driver.find_element(By.CSS_SELECTOR, "details.source summary")
        if not driver.find_element(By.CSS_SELECTOR, "details.source").get_attribute("open"):
            summary.click()
        field = driver.find_element(By.ID, "input-monthly_rent")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
        before = driver.execute_script("return window.scrollY")
        field.click()
        time.sleep(0.3)
        after = driver.execute_script("return window.scrollY")
        top, bottom, height = driver.execute_script(
            "const r = arguments[0].getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight]", field)
        marks = driver.execute_script("return document.querySelectorAll('mark[data-fields]').length")
        print(f"\n    tap on a phone: page {before} → {after} px, field {top:.0f}–{bottom:.0f} of {height}, {marks} marks")
        self.shoot(driver, folder, "1-tapped")
        self.assertLess(abs(after - before), 50, f"the page does not jump ({before} → {after} px)")
        self.assertGreaterEqual(top, 0, f"the field stays on the screen (page {before} → {after} px)")
        self.assertLessEqual(bottom, height, f"the field stays on the screen (page {before} → {after} px)")

    def test_an_import_followed_live(self):
        """Listings pasted at once on /batches become a batch that the server's workers read; the batch page follows
        it by server-sent events and shows each listing's state, linking to its review."""
        driver, folder, _ = self.browser(javascript=True, folder_name="import")
        base = self.app.base
        driver.get(base + "/batches")
        texts = ["성수동 원룸 월세 보증금 300/월 38 2/4층 (import)", "Selling a Dyson V8 vacuum, $150 (import)",
                 "합정역 투룸 전세 1억 8천 (import)"]
        driver.find_element(By.ID, "import-text").send_keys("\n---\n".join(texts))
        self.shoot(driver, folder, "1-pasted")
        driver.find_element(By.CSS_SELECTOR, "form.import button.primary").click()
        WebDriverWait(driver, 60).until(expected_conditions.url_matches(r"/batches/\d+$"))
        self.shoot(driver, folder, "2-progress")
        # The events write the progress; once the batch is read the page reloads itself, and an element looked up
        # just before the reload goes stale: look it up again rather than fail.
        WebDriverWait(driver, 90, ignored_exceptions=(StaleElementReferenceException,)).until(
            lambda d: "3 of 3 read" in d.find_element(By.ID, "batch-progress").text)
        self.shoot(driver, folder, "3-read")
        links = driver.find_elements(By.CSS_SELECTOR, "section.batch tbody a")
        self.assertEqual(len(links), 3)
        batch_id = driver.current_url.rsplit("/", 1)[1]
        self.assertEqual(self.cluster.psql(self.database, f"SELECT count(*) FROM listings WHERE batch_id = {batch_id} "
                                                          "AND status IN ('draft', 'rejected')"), [["3"]])

    def test_reviewing_an_import_through_the_queue_on_a_phone(self):
        """A day's import reviewed as a person would (issue 24): the clean drafts published at once after one confirm,
        then the drafts that need a look one after the other through the review queue on a 390 px phone, each mark
        looked at before publishing. Taps and page loads are counted (README, "Reviewing an import")."""
        driver, folder, _ = self.browser(javascript=True, phone_width=390, folder_name="review-queue")
        base = self.app.base
        wait = WebDriverWait(driver, 90)
        texts = [f"망원동 원룸 월세 보증금 {300 + 50 * i}/월 {35 + i} {i % 4 + 1}/5층 (queue {i})" for i in range(12)]
        texts += [f"Selling a Trek FX {i} hybrid bike, ${300 + 10 * i} (queue {i})" for i in range(5)]
        texts += [f"연남동 원룸 {i + 2}/4층 깨끗해요 (queue {i})" for i in range(3)]
        batch = self.import_and_read(driver, texts)
        driver.get(base + f"/batches/{batch}")
        needs = int(self.cluster.psql(self.database, f"SELECT count(*) FROM listings WHERE batch_id = {batch} "
                                                      "AND status = 'draft'")[0][0])
        self.shoot(driver, folder, "1-read")

        # The clean drafts: two taps for all of them.
        taps = 0
        driver.find_element(By.CSS_SELECTOR, f'a[href="/batches/{batch}/publish-clean"]').click()
        taps += 1
        self.shoot(driver, folder, "2-confirm")
        clean = len(driver.find_elements(By.CSS_SELECTOR, "ul.clean li"))
        driver.find_element(By.CSS_SELECTOR, "section.publish-clean form button.primary").click()
        taps += 1
        wait.until(expected_conditions.url_contains("published="))
        published = int(self.cluster.psql(self.database, f"SELECT count(*) FROM listings WHERE batch_id = {batch} "
                                                          "AND status = 'published'")[0][0])
        self.assertEqual(published, clean)
        self.assertGreater(clean, 0)
        bulk_taps = taps
        self.shoot(driver, folder, "3-published-clean")

        # The rest through the queue: each mark looked at with one tap, then Publish, or the missing deal chosen.
        left = needs - clean
        self.assertGreaterEqual(left, 5, "at least five need a look")
        driver.find_element(By.CSS_SELECTOR, f'a[href="/batches/{batch}/review"]').click()
        taps = 1
        loads = 1
        reviewed = 0
        while "/review" in driver.current_url and reviewed < left:
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "nav.queue"))
            self.shoot(driver, folder, f"4-queue-{reviewed + 1}")
            looks = driver.find_elements(By.CSS_SELECTOR, "button.look-right, section.kind-doubt button[name=look]")
            if looks:
                button = looks[0]
                driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
                button.click()
                taps += 1
                loads += 1
                wait.until(expected_conditions.url_contains("saved=1"))
                continue
            if driver.find_elements(By.ID, "input-deal_type"):
                deal = driver.find_element(By.ID, "input-deal_type")
                if not Select(deal).first_selected_option.get_attribute("value"):
                    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", deal)
                    Select(deal).select_by_value("monthly_rent")
                    taps += 2
                    rent = driver.find_element(By.ID, "input-monthly_rent")
                    if not rent.is_displayed():
                        # Fields the text did not fill fold away under "not in the text": one tap opens them.
                        summary = driver.find_element(By.CSS_SELECTOR, "details.more-fields summary")
                        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
                        summary.click()
                        taps += 1
                    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", rent)
                    rent.click()
                    rent.send_keys("400000")
                    taps += 1
            current = driver.current_url
            driver.find_element(By.CSS_SELECTOR, 'button.primary[formaction$="/publish"]').click()
            taps += 1
            loads += 1
            wait.until(lambda d: d.current_url != current)
            reviewed += 1
        self.shoot(driver, folder, "5-done")
        self.assertEqual(reviewed, left, "every draft that needed a look came through the queue")
        self.assertEqual(self.cluster.psql(self.database, f"SELECT count(*) FROM listings WHERE batch_id = {batch} "
                                                          "AND status = 'draft'"), [["0"]])
        self.assert_no_mark_published_unlooked(batch)
        per_listing = taps / left
        print(f"\nreview queue: {len(texts)} imported, {clean} clean published in {bulk_taps} taps; {left} needing a "
              f"look reviewed in {taps} taps and {loads} page loads ({per_listing:.1f} taps a listing)")
        self.assertLessEqual(bulk_taps, 3)
        self.assertLessEqual(per_listing, 4)

    def test_with_javascript(self):
        self.run_flow(javascript=True)

    def test_without_javascript(self):
        self.run_flow(javascript=False)


if __name__ == "__main__":
    unittest.main()
