# Must never run: a hostile script name points here.
open("CANARY", "w").write("executed")
