# bench: a job that idles for BENCH_SLEEP seconds (default 30)
import os
import time

time.sleep(float(os.environ.get('BENCH_SLEEP', '30')))
