"""The synthetic PQRS e-mail channel (threads, defects, ground truth)."""
