"""Says it is ready, then counts in progress.txt until release.txt exists; exits 0."""
import os
import sys
import time

with open("runs.log", "a", encoding="utf-8") as f:
    f.write(os.environ.get("ROBOT_JOB_GUID", "?") + "\n")
open("hold.ready", "w").close()
n = 0
deadline = time.time() + 60
while not os.path.exists("release.txt"):
    if time.time() > deadline:
        sys.exit(8)
    n += 1
    with open("progress.tmp", "w") as f:
        f.write(str(n))
    os.replace("progress.tmp", "progress.txt")
    time.sleep(0.05)
print("released after", n, "ticks")
sys.exit(0)
