import time

for i in range(40):
    print("step", i)
    time.sleep(0.1)
