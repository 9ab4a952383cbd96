"""The referent's workspace: caseload, notes, assessment, the gap, bilans, internships."""
