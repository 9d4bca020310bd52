"""sitegen: a static site generator for news readers."""

__version__ = "0.1.0"
