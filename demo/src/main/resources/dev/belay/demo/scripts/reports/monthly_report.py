"""Fails half way: an uncaught exception makes Python exit 1, and the job is reported Failed (5)."""
import sys
import time

print("collecting the month's figures")
time.sleep(0.5)
print("rendering the report", flush=True)
print("template 'monthly.xlsx' not found", file=sys.stderr)
raise SystemExit(1)
