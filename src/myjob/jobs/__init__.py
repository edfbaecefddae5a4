"""Job postings: normalization, deduplication, enrichment and the scraping pipeline's steps."""
