"""Engine-free training: compile, fit, evaluate, predict."""
