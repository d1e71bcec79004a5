# Belay bootstrap: runs one robot script as __main__ and turns the agent's stop request into the
# signal the script expects. Standard library only; Python 3.9+.
#
# Usage (by the agent, never by hand):  python -u belay_bootstrap.py <script.py> <vendor-argument>
#                                   or:  python -u belay_bootstrap.py --standby
#
# Why a bootstrap at all: the JDK cannot start a child in its own session, and on Windows it
# cannot send Ctrl+Break. Raising the signal from inside the script's own process works the same
# everywhere, and starting a session here, before any user code runs, closes the race in which the
# script forks before it has been grouped.
#
# Control channel: the agent writes lines to our stdin: "go" (the agent has grouped us, the script
# may run) and "stop" (a graceful stop). EOF on stdin means the agent is gone.
#
# Standby: started ahead of a job (between back-to-back jobs), the interpreter does its own start-up
# and waits; the job comes as one line "job <json>" instead of "go": {"script": path, "argument":
# the vendor argument, "env": the job's variables}. From there on the script sees what it would see
# when started with the first usage line.

import os
import sys

if hasattr(os, "setsid"):
    try:
        os.setsid()  # first thing: every process the script starts belongs to our session
    except OSError:
        pass  # already a session leader

import runpy
import signal
import threading
import time

_STANDBY = len(sys.argv) == 2 and sys.argv[1] == "--standby"
if _STANDBY:
    import json  # before the job comes: decoding it must not wait for an import

_STOP_SIGNAL = signal.SIGBREAK if hasattr(signal, "SIGBREAK") else signal.SIGINT
_go = threading.Event()
_stopped = threading.Event()
_stop_lock = threading.Lock()
_agent_lost = threading.Event()
_job = []  # standby: the job's line, decoded (set before _go)


def _orphan_grace():
    try:
        return float(os.environ.get("BELAY_ORPHAN_GRACE_SECONDS", "30"))
    except ValueError:
        return 30.0


def _touch_stop_file():
    path = os.environ.get("ROBOT_STOP_FILE")
    if path and not os.path.exists(path):
        try:
            open(path, "ab").close()
        except OSError:
            pass


def _raise_stop():
    """Delivers the stop signal to the script's main thread, once."""
    with _stop_lock:
        if _stopped.is_set():
            return
        _stopped.set()
    if hasattr(signal, "pthread_kill"):
        # Aimed at the main thread so that a blocking call there (time.sleep, a read) is
        # interrupted at once; Python runs the handler in the main thread either way.
        signal.pthread_kill(threading.main_thread().ident, _STOP_SIGNAL)
    else:
        signal.raise_signal(_STOP_SIGNAL)


def _agent_gone():
    """The agent died: ask the script to stop, then make sure nothing of ours outlives the grace."""
    _agent_lost.set()
    _touch_stop_file()
    if not _go.is_set():
        os._exit(0)  # the script never ran
    _raise_stop()
    time.sleep(_orphan_grace())
    _kill_own_group()
    os._exit(1)


def _kill_marked_processes():
    """Linux: kill every other process carrying this run's marker (a daemon that left our session)."""
    marker = os.environ.get("BELAY_RUN_ID")
    if not marker or not os.path.isdir("/proc"):
        return
    wanted = ("BELAY_RUN_ID=" + marker).encode()
    me = os.getpid()
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == me:
            continue
        try:
            with open("/proc/%s/environ" % name, "rb") as f:
                if wanted in f.read().split(b"\0"):
                    os.kill(int(name), signal.SIGKILL)
        except OSError:
            pass


def _kill_own_group():
    """Nobody is left to clean up after us: take the script's processes down, ourselves last."""
    _kill_marked_processes()
    if hasattr(os, "killpg"):
        try:
            os.killpg(os.getpgid(0), signal.SIGKILL)
        except OSError:
            pass


def _read_control(fd):
    pending = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            chunk = b""
        if not chunk:
            _agent_gone()
            return
        pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            command = line.strip()
            if command == b"go":
                _go.set()
            elif _STANDBY and command.startswith(b"job ") and not _go.is_set():
                try:
                    job = json.loads(command[4:].decode("utf-8"))
                    env = job["env"]
                    if not (isinstance(job["script"], str) and isinstance(job["argument"], str)
                            and isinstance(env, dict)
                            and all(isinstance(k, str) and isinstance(v, str) for k, v in env.items())):
                        raise ValueError("script, argument and every variable must be strings")
                    # Through putenv, before "go": what the script starts inherits it too.
                    os.environ.update(env)
                    _job.append(job)
                except (ValueError, KeyError, TypeError) as e:
                    sys.stderr.write("belay_bootstrap: unreadable job line: %s\n" % e)
                    sys.stderr.flush()
                    os._exit(2)
                _go.set()
            elif command == b"stop":
                _touch_stop_file()
                _raise_stop()


def _watch_stop_file():
    path = os.environ.get("ROBOT_STOP_FILE")
    if not path:
        return
    while not _stopped.is_set():
        if os.path.exists(path):
            _raise_stop()
            return
        time.sleep(0.2)


def _install_excepthook(script):
    original = sys.excepthook

    def script_frames_only(exc_type, exc, tb):
        first = tb
        while first is not None and first.tb_frame.f_code.co_filename != script:
            first = first.tb_next
        if first is not None and exc is not None:
            exc.__traceback__ = first  # the default hook prints the exception's own traceback
            tb = first
        original(exc_type, exc, tb)

    sys.excepthook = script_frames_only


def main():
    if not _STANDBY and len(sys.argv) < 3:
        sys.stderr.write("belay_bootstrap: usage: belay_bootstrap.py <script> <argument> | --standby\n")
        return 2

    # A child of a background shell may inherit SIGINT as ignored, and then Python installs no
    # KeyboardInterrupt handler: install it explicitly. SIGBREAK (Windows) gets the same handler so
    # that an untrapped stop unwinds the script (finally blocks run) instead of killing it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if hasattr(signal, "SIGBREAK"):
        signal.signal(signal.SIGBREAK, signal.default_int_handler)

    # Keep the control pipe to ourselves: the script and its children get an empty stdin, so a
    # child can neither steal a "stop" line nor keep the pipe alive. os.dup's copy is not inherited.
    control_fd = os.dup(0)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    sys.stdin = open(0, "r", closefd=False)

    threading.Thread(target=_read_control, args=(control_fd,), name="belay-control", daemon=True).start()
    _go.wait()
    if _job:
        job = _job[0]
        script = os.path.abspath(job["script"])
        vendor_argument = job["argument"]
    elif _STANDBY:
        return 2  # "go" without a job: nothing to run
    else:
        script = os.path.abspath(sys.argv[1])
        vendor_argument = sys.argv[2]
    threading.Thread(target=_watch_stop_file, name="belay-stop-file", daemon=True).start()

    # Look like "python script.py <argument>": argv, sys.path[0] and __main__ as the script expects,
    # and tracebacks that start at the script, not in this bootstrap or runpy.
    _install_excepthook(script)
    sys.argv = [script, vendor_argument]
    sys.path[0] = os.path.dirname(script)
    try:
        runpy.run_path(script, run_name="__main__")
    finally:
        if _agent_lost.is_set():
            # The script ended after its agent vanished: what it started must not outlive it.
            _kill_own_group()
    return 0


if __name__ == "__main__":
    sys.exit(main())
