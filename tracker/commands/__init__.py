"""Command-line command groups beyond capture, each owning its argparse definitions.

Modules here must stay light at import time (argparse only at the top, the
rest imported inside the handlers): ``tracker add`` builds the whole parser.
"""
