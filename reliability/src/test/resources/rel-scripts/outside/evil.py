# Must never run: hostile script names point here. Leaves a canary next to itself and in its working dir.
import os
open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "CANARY"), "w").write("executed")
open("CANARY", "w").write("executed")
