"""Constructs, one per concern, and the stacks that compose them per environment."""
