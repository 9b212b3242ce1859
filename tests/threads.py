"""Run a call in a thread of its own.

Playwright's sync API, and ``asyncio.run``, refuse to start where an event loop is already
running. Under pytest-xdist one worker can run a browser test (its session-scoped Playwright keeps
a loop marked running in the worker's main thread) and later a test that starts its own
Playwright or loop: a fresh thread has no running loop, so the second one works wherever it runs.
"""

import threading


def in_own_thread(fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` in a new thread; its result, or its exception re-raised here."""
    out: dict = {}

    def run():
        try:
            out["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            out["error"] = exc

    t = threading.Thread(target=run, name=getattr(fn, "__name__", "call"))
    t.start()
    t.join()
    if "error" in out:
        raise out["error"]
    return out.get("value")
