"""Eligibility rules in CEL: attributes, checking, compiling to SQL, interpreting with celpy."""
