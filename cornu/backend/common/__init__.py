"""Engine-free pieces shared by every backend."""
