"""The one trade picker: its form fields, its template macro and its suggestions endpoint."""
