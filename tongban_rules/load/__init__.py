"""Stage *load*: rule files → ``RuleSet`` with every reference resolved, or positioned diagnostics.
"""
