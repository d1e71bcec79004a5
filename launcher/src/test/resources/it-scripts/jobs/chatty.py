# Writes 5,000 lines at once: more than the agent's log repeats.
for i in range(1, 5001):
    print("line %d" % i)
