"""Belay's helper for robot scripts: the job's Task, its ids, and the graceful-stop request.

Standard library only; Python 3.9+. Scripts written for the vendor's framework need none of it.

    import belay_robot
    task = belay_robot.task()                 # the Task as a dict ({} when the job has none)
    belay_robot.on_stop(lambda: print("bye"))  # called once when a graceful stop is requested
    while not belay_robot.stop_requested():
        ...
"""

import json
import os
import signal
import threading

__all__ = ["task", "stop_requested", "on_stop", "job_guid", "robot_guid", "process_version_guid",
           "orchestrator_url"]

_lock = threading.Lock()
_callbacks = []
_stop_seen = threading.Event()
_installed = False


def task():
    """The job's Task as received from the orchestrator, parsed; {} when there is none."""
    path = os.environ.get("ROBOT_TASK_FILE")
    if not path or not os.path.exists(path):
        return {}
    with open(path, "r", encoding="utf-8") as f:
        text = f.read()
    if not text.strip():
        return {}
    value = json.loads(text)
    return value if isinstance(value, dict) else {"value": value}


def stop_requested():
    """True once a graceful stop has been requested (the stop file exists or the signal came)."""
    if _stop_seen.is_set():
        return True
    path = os.environ.get("ROBOT_STOP_FILE")
    return bool(path) and os.path.exists(path)


def _fire():
    with _lock:
        if _stop_seen.is_set():
            return
        _stop_seen.set()
        callbacks = list(_callbacks)
    for callback in callbacks:
        callback()


def _on_signal(signum, frame):
    _fire()


def _watch_file():
    path = os.environ.get("ROBOT_STOP_FILE")
    while path and not _stop_seen.wait(0.2):
        if os.path.exists(path):
            _fire()


def on_stop(callback):
    """Calls callback() once when a graceful stop is requested, instead of a KeyboardInterrupt.

    The callback runs in the main thread when the stop signal arrives (or in a helper thread when
    only the stop file appears); it should set a flag or clean up quickly, then let the script end.
    """
    global _installed
    with _lock:
        _callbacks.append(callback)
        fire_now = _stop_seen.is_set()
        install = not _installed
        _installed = True
    if install:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, _on_signal)
            if hasattr(signal, "SIGBREAK"):
                signal.signal(signal.SIGBREAK, _on_signal)
        threading.Thread(target=_watch_file, name="belay-robot-stop", daemon=True).start()
    if fire_now:
        callback()


def job_guid():
    return os.environ.get("ROBOT_JOB_GUID", "")


def robot_guid():
    return os.environ.get("ROBOT_GUID", "")


def process_version_guid():
    return os.environ.get("ROBOT_PROCESS_VERSION_GUID", "")


def orchestrator_url():
    return os.environ.get("ROBOT_ORCHESTRATOR_URL", "")
