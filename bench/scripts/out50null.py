# bench: the same 50 MB as out50.py, written to /dev/null instead of stdout
import os

chunk = ('x' * 99 + '\n') * 1000
with open(os.devnull, 'w') as out:
    for _ in range(512):
        out.write(chunk)
