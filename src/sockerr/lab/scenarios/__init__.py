"""One module per scenario; each registers itself with `sockerr.lab.registry.scenario`."""
