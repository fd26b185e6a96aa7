"""Fail when a pytest run executed no test (all skipped or none collected)."""

import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()  # noqa: S314 - our own pytest report, not untrusted input
suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
total = sum(int(s.get("tests", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
ran = total - skipped
print(f"junit: {total} tests, {skipped} skipped, {ran} executed")
sys.exit(0 if ran > 0 else "no test was executed")
