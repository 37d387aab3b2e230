"""Output formats of diagnostics (text, JSON, GitHub annotations, SARIF).
"""
