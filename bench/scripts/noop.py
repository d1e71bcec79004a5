# bench: a job that does nothing
