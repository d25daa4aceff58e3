"""AI enrichment at Silver: versioned enrichers, PII masking."""
