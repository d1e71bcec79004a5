"""Starts a child that starts a grandchild, records every pid, says when all are up, then works forever."""
import os
import subprocess
import sys
import time

with open("runs.log", "a", encoding="utf-8") as f:
    f.write(os.environ.get("ROBOT_JOB_GUID", "?") + "\n")
os.makedirs("pids", exist_ok=True)
with open(os.path.join("pids", "script.pid"), "w") as f:
    f.write(str(os.getpid()))
subprocess.Popen([sys.executable, "-c", """
import os, subprocess, sys, time
with open(os.path.join('pids', 'child.pid'), 'w') as f: f.write(str(os.getpid()))
subprocess.Popen([sys.executable, '-c', "import os, time\\nwith open(os.path.join('pids', 'grandchild.pid'), 'w') as f: f.write(str(os.getpid()))\\nwhile True: time.sleep(1)"])
while True: time.sleep(1)
"""])
deadline = time.time() + 30
while not all(os.path.exists(os.path.join("pids", n + ".pid")) for n in ("child", "grandchild")):
    if time.time() > deadline:
        sys.exit(9)
    time.sleep(0.02)
open("tree.ready", "w").close()
while True:
    print("working")
    time.sleep(0.2)
