"""tracker's bundled themes, one TOML file each; installed as the package ``tracker.themes``."""
