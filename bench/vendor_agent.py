#!/usr/bin/env python3
"""The yardstick: a robot agent written the way the vendor's Python example is written.

requests + subprocess + a heartbeat loop that polls the script. Straightforward, not tuned: a new
connection per call, the script's output captured with PIPE and read at the end, abort = kill the
script's own process. Do not "fix" it: it is what our users would otherwise run.

Usage: vendor_agent.py BASE_URL ROBOT_GUID HEARTBEAT_INTERVAL_SECONDS SCRIPTS_DIR
Runs jobs until the orchestrator says HasNewJob = 0, then exits 0.

When `requests` is not installed, a tiny urllib stand-in with the same calls is used (same structure,
one connection per call); the benchmark table says which one ran.
"""
import base64
import json
import os
import socket
import subprocess
import sys
import time
import uuid

try:
    import requests
    HTTP = 'requests ' + requests.__version__
except ImportError:  # pragma: no cover - only where requests is missing
    import urllib.parse
    import urllib.request

    class _Reply:
        def __init__(self, status, text):
            self.status_code = status
            self.text = text

        def json(self):
            return json.loads(self.text)

    class requests:  # noqa: N801 - stands in for the module
        @staticmethod
        def request(method, url, data=None, headers=None, timeout=None):
            body = urllib.parse.urlencode(data or {}).encode('utf-8')
            req = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return _Reply(resp.status, resp.read().decode('utf-8'))

        @staticmethod
        def post(url, data=None, headers=None, timeout=None):
            return requests.request('POST', url, data, headers, timeout)

        @staticmethod
        def put(url, data=None, headers=None, timeout=None):
            return requests.request('PUT', url, data, headers, timeout)

    HTTP = 'urllib (requests missing)'

BASE_URL = sys.argv[1].rstrip('/')
ROBOT_GUID = sys.argv[2]
INTERVAL = float(sys.argv[3])
SCRIPTS_DIR = sys.argv[4]
POLL = 0.05  # how often the loop looks at the script

HEADERS = {'Authorization': 'Basic ' + base64.b64encode(ROBOT_GUID.encode('utf-8')).decode('ascii')}
MACHINE = socket.gethostname()
NODE = uuid.getnode()
MAC = '-'.join('%02X' % ((NODE >> shift) & 0xFF) for shift in range(40, -1, -8))

last_heartbeat = 0.0


def heartbeat(status, job_guid='', job_name=''):
    global last_heartbeat
    wait = last_heartbeat + INTERVAL - time.time()
    if wait > 0:
        time.sleep(wait)
    last_heartbeat = time.time()
    r = requests.post(BASE_URL + '/api/robot/heartbeat', data={
        'RobotGUID': ROBOT_GUID, 'Machine': MACHINE, 'IP': '127.0.0.1', 'MAC': MAC,
        'Status': status, 'JobGUID': job_guid, 'JobName': job_name, 'JobType': 1,
    }, headers=HEADERS, timeout=30)
    return r.json()


def update(job_guid, status):
    r = requests.put(BASE_URL + '/api/job/update', data={'guid': job_guid, 'status': status},
                     headers=HEADERS, timeout=30)
    if r.status_code // 100 != 2:
        print('update %s -> %s failed: %s' % (job_guid, status, r.status_code))


def run_job(job, process_version):
    name = process_version['Name']
    script = os.path.join(SCRIPTS_DIR, *name.split('\\')) + '.py'
    update(job['GUID'], 8)
    proc = subprocess.Popen([sys.executable, script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    status = None
    while proc.poll() is None:
        if time.time() - last_heartbeat >= INTERVAL:
            hb = heartbeat(3, job['GUID'], name)
            code = hb.get('HeartbeatErrorCode')
            if code == 10:  # abort
                proc.kill()
                status = 3
                break
            if code == 20:  # stop
                proc.terminate()
                status = 7
        time.sleep(POLL)
    out, err = proc.communicate()
    sys.stdout.write(out.decode('utf-8', 'replace'))
    sys.stderr.write(err.decode('utf-8', 'replace'))
    if status is None:
        status = 4 if proc.returncode == 0 else 5
    update(job['GUID'], status)


def main():
    print('vendor agent (%s) for %s' % (HTTP, BASE_URL), flush=True)
    while True:
        hb = heartbeat(2)
        if hb.get('HeartbeatErrorCode') != 0 or hb.get('HasNewJob') != 1:
            return 0
        r = requests.post(BASE_URL + '/api/robot/consumeNextJob', data={'RobotGUID': ROBOT_GUID, 'Status': 2},
                          headers=HEADERS, timeout=30).json()
        if r.get('ConsumeJobErrorCode') != 0:
            continue
        run_job(json.loads(r['Job']), json.loads(r['ProcessVersion']))


if __name__ == '__main__':
    sys.exit(main())
