"""What changes when a rule changes: the rule sets compared (``sources``: which rule set each side
names; ``diff``: what changed, item by item and version by version, in legal terms)."""
