"""What the tests and the benchmark share: the app served on 127.0.0.1 and driven in Debian's
Chromium (harness.browser)."""
