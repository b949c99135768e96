"""Tests that read the built site in Debian's Chromium (one browser for all of them)."""
