"""The condition language of rule files: parse, type-check against declared facts, compile.
"""
