"""The path's use cases: ranking (read only) and requests (every write of ``PathRequest``)."""
