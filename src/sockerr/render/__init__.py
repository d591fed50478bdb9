"""Renderers: the same models as terminal text or JSON."""
