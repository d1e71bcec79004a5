# bench: a job that idles until the file BENCH_RELEASE exists (at most 180 s)
import os
import time

release = os.environ.get('BENCH_RELEASE', '')
deadline = time.time() + 180
while time.time() < deadline and not (release and os.path.exists(release)):
    time.sleep(0.2)
