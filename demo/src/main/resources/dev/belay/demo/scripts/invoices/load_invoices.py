"""Loads the invoices the Task names, then exits 0: the job is reported Success (4)."""
import json
import os
import time

task = {}
task_file = os.environ.get("ROBOT_TASK_FILE")
if task_file and os.path.getsize(task_file) > 0:
    with open(task_file, encoding="utf-8") as f:
        task = json.load(f)

invoices = task.get("invoices", [])
print(f"{len(invoices)} invoice(s) to load for {task.get('customer', 'nobody')}")
for i, number in enumerate(invoices, 1):
    time.sleep(0.4)
    print(f"loaded invoice {number} ({i}/{len(invoices)})")
print("all invoices loaded")
