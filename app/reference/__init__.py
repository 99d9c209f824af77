"""Reference data shipped with the program: the standard service catalogue, federal parameters."""
