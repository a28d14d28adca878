"""Runs the Python tools tests (unittest) and writes pass/fail counts as JSON for the suite summary."""
import json
import sys
import unittest

out_path = sys.argv[1]
suite = unittest.defaultTestLoader.discover("tests/tools", top_level_dir=".")
result = unittest.TextTestRunner(verbosity=2).run(suite)
failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
skipped = len(result.skipped)
passed = result.testsRun - failed - skipped
with open(out_path, "w") as f:
    json.dump({"numPassedTests": passed, "numFailedTests": failed, "numPendingTests": skipped}, f)
sys.exit(0 if failed == 0 and result.testsRun > 0 else 1)
