"""Leaves a daemon behind: double fork, setsid, stdio closed, SIGTERM/SIGINT/SIGHUP ignored; then works forever."""
import os
import signal
import sys
import time

with open("runs.log", "a", encoding="utf-8") as f:
    f.write(os.environ.get("ROBOT_JOB_GUID", "?") + "\n")
os.makedirs("pids", exist_ok=True)
with open(os.path.join("pids", "script.pid"), "w") as f:
    f.write(str(os.getpid()))
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(s, signal.SIG_IGN)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        with open(os.path.join("pids", "daemon.pid"), "w") as f:
            f.write(str(os.getpid()))
        while True:
            time.sleep(1)
    os._exit(0)
deadline = time.time() + 30
while not os.path.exists(os.path.join("pids", "daemon.pid")):
    if time.time() > deadline:
        sys.exit(9)
    time.sleep(0.02)
open("daemon.ready", "w").close()
while True:
    print("working")
    time.sleep(0.2)
