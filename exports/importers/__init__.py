"""Importers: read a file, validate all of it, then write it in one transaction.

A file with any problem is refused whole: `ImportInvalid.problems` lists every
one, each with where it is (`row`: a CSV line number or a path in the JSON
document) and the `field`.
"""
