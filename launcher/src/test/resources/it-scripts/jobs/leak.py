"""Prints the robot's GUID in the forms a careless script might: capitals, bare hex, braces."""
import os

guid = os.environ["ROBOT_GUID"]
print("upper", guid.upper(), flush=True)
print("hex", guid.replace("-", ""), flush=True)
print("braces {" + guid.upper() + "}", flush=True)
