"""Stage *decide*: compiled plans of item versions, ``decide`` → ``Decision``, and the decision
cases that run beside the rules.
"""
