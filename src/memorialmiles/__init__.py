"""Memorial Miles: one mile for every first responder killed in the line of duty."""

__version__ = "0.1.0"
