import json
import os

task_file = os.environ.get("ROBOT_TASK_FILE")
task = {}
if task_file and os.path.getsize(task_file) > 0:
    with open(task_file, encoding="utf-8") as f:
        task = json.load(f)
print("ok", task.get("n", ""))
