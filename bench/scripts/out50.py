# bench: writes 50 MB (512,000 lines of 100 bytes) to stdout
import sys

chunk = ('x' * 99 + '\n') * 1000
out = sys.stdout
for _ in range(512):
    out.write(chunk)
out.flush()
