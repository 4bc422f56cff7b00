"""`make bench`: page speed at provincial and Tehran scale (a benchmark, never a test)."""
