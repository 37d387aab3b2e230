"""What changes when a rule changes: the rule sets compared (``sources``: which rule set each side
names; ``diff``: what changed, item by item and version by version, in legal terms), and whom it
affects (``tongban impact``).

For the impact, the applications (``table``) are decided under an OLD and a NEW rule set by one
engine (``engines``: DuckDB over the SQL of ``query``/``sqlgen``, the same SQL on Spark, or the
Python reference of ``reference``); ``report`` counts what flips, ``present`` shows it as text
or HTML and ``rows`` writes each decision.  ``run.impact`` does it all; ``generate`` makes
synthetic applications.
"""
