"""Test helpers shared by every test folder (import as ``from helpers.workbooks import ...``)."""
