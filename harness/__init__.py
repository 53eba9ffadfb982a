"""The archive run as a real server, for the tests and the benchmarks alike.

Neither the app nor its image needs it (the Dockerfile copies app/, templates/, static/ and
corpus/ alone): it lives beside them so that bench/ does not import the test suite.
"""
