"""One small module per family of checks; par_index.check.registry lists them."""
