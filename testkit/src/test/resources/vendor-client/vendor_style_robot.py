#!/usr/bin/env python3
"""A robot written the way the vendor's Python example is written: standard library only
(urllib.request, json, base64), form bodies, the inner Job/ProcessVersion/Task parsed with a
second json.loads, PUT job/update with lowercase guid/status.

Usage: vendor_style_robot.py BASE_URL ROBOT_GUID HEARTBEAT_INTERVAL_SECONDS
Runs one job (heartbeat -> consumeNextJob -> update 8 -> run nothing -> update 4 -> heartbeat)
and prints one JSON line with what it saw. Exits non-zero on anything unexpected.
"""
import base64
import json
import socket
import sys
import time
import urllib.parse
import urllib.request
import uuid

BASE_URL, ROBOT_GUID, INTERVAL = sys.argv[1].rstrip('/'), sys.argv[2], float(sys.argv[3])

HEADERS = {
    'Authorization': 'Basic ' + base64.b64encode(ROBOT_GUID.encode('utf-8')).decode('ascii'),
    'Content-Type': 'application/x-www-form-urlencoded',
}


def call(method, path, data):
    body = urllib.parse.urlencode(data).encode('utf-8')
    req = urllib.request.Request(BASE_URL + path, data=body, headers=HEADERS, method=method)
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.status, resp.read().decode('utf-8')


def mac():
    node = uuid.getnode()
    return '-'.join('%02X' % ((node >> shift) & 0xFF) for shift in range(40, -1, -8))


def heartbeat(status, job_guid='', job_name=''):
    data = {
        'RobotGUID': ROBOT_GUID,
        'Machine': socket.gethostname(),
        'IP': '127.0.0.1',
        'MAC': mac(),
        'Status': status,
        'JobGUID': job_guid,
        'JobName': job_name,
        'JobType': 1,
    }
    _, text = call('POST', '/api/robot/heartbeat', data)
    return json.loads(text)


def main():
    hb = heartbeat(2)
    if hb['HeartbeatErrorCode'] != 0 or hb['HasNewJob'] != 1:
        sys.exit('unexpected first heartbeat: %r' % hb)

    _, text = call('POST', '/api/robot/consumeNextJob', {'RobotGUID': ROBOT_GUID, 'Status': 2})
    reply = json.loads(text)
    if reply['ConsumeJobErrorCode'] != 0:
        sys.exit('unexpected consume reply: %r' % reply)
    job = json.loads(reply['Job'])
    process_version = json.loads(reply['ProcessVersion'])
    task = json.loads(reply['Task']) if reply.get('Task') else None

    status, body = call('PUT', '/api/job/update', {'guid': job['GUID'], 'status': 8})
    if status // 100 != 2:
        sys.exit('update 8 failed: %s %s' % (status, body))

    # The script would run here; this client runs nothing.

    status, body = call('PUT', '/api/job/update', {'guid': job['GUID'], 'status': 4})
    if status // 100 != 2:
        sys.exit('update 4 failed: %s %s' % (status, body))

    time.sleep(INTERVAL)  # never more than one heartbeat per interval
    hb = heartbeat(2)
    if hb['HeartbeatErrorCode'] != 0 or hb['HasNewJob'] != 0:
        sys.exit('unexpected last heartbeat: %r' % hb)

    print(json.dumps({'job': job['GUID'], 'script': process_version['Name'], 'task': task}))


if __name__ == '__main__':
    main()
