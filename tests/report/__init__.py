"""Tests of the leaders' reports (HTML, Excel, browser, CLI)."""
