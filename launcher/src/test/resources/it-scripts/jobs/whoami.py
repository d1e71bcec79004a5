"""Says which job it runs for, and whether its interpreter was started ahead of the job (Linux: its command line)."""
import os

try:
    with open("/proc/self/cmdline", "rb") as f:
        how = "ahead" if b"--standby" in f.read() else "fresh"
except OSError:
    how = "unknown"
print("whoami", os.environ.get("ROBOT_JOB_GUID"), how, flush=True)
