"""The exit room's use cases: every write of ``TraineeExit`` and ``Attestation``."""
