"""Reading rule files: bytes → values with source positions (libyaml plus a strict walker).
"""
