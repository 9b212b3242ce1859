"""Says, in one line of pytest's summary, why the browser tests are skipped on this machine."""

import harness
import pytest


def test_browser_tests_can_run():
    reason = harness.why_no_browser()
    if reason:
        pytest.skip(reason)
