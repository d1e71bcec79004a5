"""Syncs a mailbox until asked to stop. Written the way scripts for the vendor's framework are:
it traps Ctrl+Break (SIGBREAK) on Windows, SIGINT elsewhere. On a graceful stop (code 20) it saves
its cursor and exits by itself: the job is reported Stopped (7)."""
import signal
import time

stop_requested = False


def request_stop(signum, frame):
    global stop_requested
    stop_requested = True


signal.signal(getattr(signal, "SIGBREAK", signal.SIGINT), request_stop)

synced = 0
while not stop_requested:
    synced += 1
    print(f"synced message {synced}")
    time.sleep(0.3)
print(f"stop requested: cursor saved at message {synced}, exiting cleanly")
