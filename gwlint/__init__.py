"""gwlint: a static analyzer for Amazon API Gateway configurations."""

__version__ = "0.1.0"
