"""The ``tongban`` program: one module per command; the only place that prints, writes files
and chooses exit codes.
"""
