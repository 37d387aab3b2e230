"""Working days and time limits: the published holiday calendar, due dates, and the comparison
of limits (legal vs promised) used by checks, audit and decisions alike.
"""
