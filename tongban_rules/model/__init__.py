"""The rule-file format as frozen pydantic models, and the JSON Schema written from them.
"""
