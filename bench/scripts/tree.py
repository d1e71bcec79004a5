# bench: a job with a process tree (script -> child -> grandchild), all idling; the harness aborts it.
# The child and grandchild carry a marker in their command line so that orphans can be found in /proc.
import os
import subprocess
import sys
import time

marker = 'belay-bench-tree-' + os.environ.get('BENCH_RUN', 'x')
grandchild = "import time; time.sleep(120)"
child = ("import subprocess, sys, time; "
         "subprocess.Popen([sys.executable, '-c', %r, %r]); time.sleep(120)" % (grandchild, marker))
p = subprocess.Popen([sys.executable, '-c', child, marker])
with open(os.environ['BENCH_PIDFILE'], 'a') as f:
    f.write('%d %d\n' % (os.getpid(), p.pid))
time.sleep(120)
