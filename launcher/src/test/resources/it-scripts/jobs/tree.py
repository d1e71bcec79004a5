"""Starts a child that starts a grandchild; records every pid; then works forever."""
import os
import subprocess
import sys
import time

os.makedirs("pids", exist_ok=True)
with open(os.path.join("pids", "script.pid"), "w") as f:
    f.write(str(os.getpid()))
child = subprocess.Popen([sys.executable, "-c", """
import os, subprocess, sys, time
with open(os.path.join('pids', 'child.pid'), 'w') as f: f.write(str(os.getpid()))
subprocess.Popen([sys.executable, '-c', "import os, time\\nwith open(os.path.join('pids', 'grandchild.pid'), 'w') as f: f.write(str(os.getpid()))\\nwhile True: time.sleep(1)"])
while True: time.sleep(1)
"""])
while True:
    print("working")
    time.sleep(0.2)
