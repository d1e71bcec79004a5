"""Records that it ran (runs.log, one line per start), sleeps as the Task says, exits as the Task says."""
import json
import os
import sys
import time

with open("runs.log", "a", encoding="utf-8") as f:
    f.write(os.environ.get("ROBOT_JOB_GUID", "?") + "\n")
task = {}
try:
    path = os.environ.get("ROBOT_TASK_FILE")
    if path and os.path.getsize(path) < 1000000:
        with open(path, encoding="utf-8") as f:
            task = json.load(f)
except Exception:
    task = {}
if not isinstance(task, dict):
    task = {}
try:
    pause = float(task.get("sleep", 0.5))
    code = int(task.get("exit", 0))
except Exception:
    pause, code = 0.5, 0
time.sleep(pause)
print("work done")
sys.exit(code)
