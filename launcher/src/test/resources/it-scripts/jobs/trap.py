"""Vendor style: traps the soft-stop signal and exits cleanly by itself."""
import signal
import sys
import time

stop = False


def on_stop(signum, frame):
    global stop
    stop = True


signal.signal(getattr(signal, "SIGBREAK", signal.SIGINT), on_stop)
open("trap.ready", "w").close()
while not stop:
    time.sleep(0.05)
print("stopping cleanly")
sys.exit(0)
