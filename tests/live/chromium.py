"""Chromium for the live board's browser tests.

Playwright's sync API allows one instance per thread, and the browser suite's
session-wide `browser` fixture may already run one in the test thread. So a live
browser test runs in a thread of its own (`in_own_thread`), where `Chromium`
starts its own browser on first use and closes it at the end of the test.
"""

import functools
import os
import threading

from django.db import connections

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]


class Chromium:
    """Logged-in browser contexts on the ASGI live server, started in the calling thread."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self._playwright = self._browser = None

    def fresh_page(self, viewport=None):
        """A page in a fresh context: no log-in, no cookie, nothing stored."""
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
        context = self._browser.new_context(
            base_url=self.base_url, viewport=viewport or {"width": 1600, "height": 1000}
        )
        context.set_default_timeout(10_000)
        return context.new_page()

    def log_in(self, username: str, password: str):
        """A fresh context logged in as `username`; returns its page."""
        page = self.fresh_page()
        page.goto("/accounts/login/")
        page.get_by_label("Username or e-mail address").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_url(f"{self.base_url}/")
        return page

    def close(self):
        if self._browser is not None:
            self._browser.close()
            self._playwright.stop()
            self._browser = self._playwright = None


def in_own_thread(test):
    """Run a test that uses `chromium` in a thread of its own (see above)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        outcome = {}

        def body():
            try:
                test(*args, **kwargs)
            except BaseException as error:  # re-raised in the test's thread
                outcome["error"] = error
            finally:
                kwargs["chromium"].close()
                connections.close_all()

        thread = threading.Thread(target=body, name=f"live-browser-{test.__name__}")
        thread.start()
        thread.join()
        if "error" in outcome:
            raise outcome["error"]

    return run
