"""pqrlab — the small library behind the PQR Lakehouse course notebooks."""
__version__ = "0.1.0"
