"""Crawls a portal forever with a helper process. The orchestrator aborts it (code 10): the agent
kills the script and its helper at once, and the job is reported Aborted (3)."""
import subprocess
import sys
import time

helper = subprocess.Popen([sys.executable, "-c", "import time\nwhile True: time.sleep(1)"])
print(f"started a download helper, pid {helper.pid}")
page = 0
while True:
    page += 1
    print(f"crawled page {page}")
    time.sleep(0.5)
